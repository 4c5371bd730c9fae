#pragma once
// Which storage the API suites run on. By default the embedded backends in the data directory
// (SQLite, local blobs). With BI_TEST_STORAGE=cloud (CTest registers every API suite a second
// time that way) the production backends instead: DynamoDB over dynalite and S3 over s3rver,
// one pair of peers per data directory, started on first use with all tables created, as
// `bi admin init-tables` would. The API in-process and `bi executor` processes started with
// TestStorageEnv() for the same data directory then share the same peers.

#include <map>
#include <string>

#include "common/config.h"

namespace bi::testing {

class ProtocolPeer;

bool CloudStorageRequested();

// Points `config` at the storage for `data_dir` (starting the peers when cloud is requested).
void UseTestStorage(const std::string& data_dir, Config& config);
// The environment variables that select the same storage in a child `bi` process.
std::map<std::string, std::string> TestStorageEnv(const std::string& data_dir);
// Stops the peers of `data_dir` (the API test server calls this when it goes away).
void ReleaseTestStorage(const std::string& data_dir);

// The running peers of `data_dir` (nullptr unless cloud storage is in use for it), for tests of
// a store that goes away and comes back.
ProtocolPeer* TestDynamoDbPeer(const std::string& data_dir);
ProtocolPeer* TestS3Peer(const std::string& data_dir);

}  // namespace bi::testing
