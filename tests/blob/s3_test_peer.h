#pragma once
// The S3 tests' peer: one s3rver per test process (started on first use, in a temporary
// directory of its own), and stores on fresh buckets of it, so every test starts empty.

#include <memory>
#include <string>

#include "blob/s3_blob_store.h"
#include "support/protocol_peer.h"

namespace bi::blob::testing {

// s3rver's built-in account: it accepts only this access key (and does not check signatures).
inline constexpr char kS3rverKey[] = "S3RVER";

bi::testing::ProtocolPeer& S3Peer();
// Creates a bucket with a name not used before in this process (CreateBucket over the wire).
std::string NewS3Bucket();
// Options for a store on `bucket` at `endpoint` (default: the peer's).
S3BlobOptions S3TestOptions(const std::string& bucket, const std::string& endpoint = "");
// A store on a fresh bucket.
Result<std::unique_ptr<S3BlobStore>> OpenFreshS3Store();

}  // namespace bi::blob::testing
