#include "api/test_storage.h"

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "store/store_factory.h"
#include "support/protocol_peer.h"

namespace bi::testing {
namespace {

// s3rver checks signatures against its built-in account; dynalite accepts any.
constexpr char kS3AccessKey[] = "S3RVER";
constexpr char kS3SecretKey[] = "S3RVER";
constexpr char kBucket[] = "bi-datasets";

struct CloudPeers {
  std::unique_ptr<ProtocolPeer> dynamodb;
  std::unique_ptr<ProtocolPeer> s3;
};

std::mutex registry_mu;
std::map<std::string, std::unique_ptr<CloudPeers>>& Registry() {
  static auto* peers = new std::map<std::string, std::unique_ptr<CloudPeers>>();
  return *peers;
}

void PointAt(const CloudPeers& peers, Config& config) {
  config.dynamodb_endpoint = peers.dynamodb->endpoint();
  config.s3_endpoint = peers.s3->endpoint();
  config.s3_access_key = kS3AccessKey;
  config.s3_secret_key = kS3SecretKey;
  config.s3_bucket_datasets = kBucket;
}

const CloudPeers& Acquire(const std::string& data_dir) {
  std::lock_guard lock(registry_mu);
  auto& slot = Registry()[data_dir];
  if (slot) return *slot;
  auto peers = std::make_unique<CloudPeers>();
  peers->dynamodb = ProtocolPeer::Dynalite(data_dir + "/dynalite");
  peers->s3 = ProtocolPeer::S3rver(data_dir + "/s3rver", {kBucket});
  Config config;
  config.data_dir = data_dir;
  PointAt(*peers, config);
  auto store = store::OpenMetadataStore(config);
  Status created = store.ok() ? store::CreateAllTables(**store) : store.status();
  if (!created.ok()) throw std::runtime_error("cloud test storage: " + created.ToString());
  slot = std::move(peers);
  return *slot;
}

}  // namespace

bool CloudStorageRequested() {
  const char* value = std::getenv("BI_TEST_STORAGE");
  return value != nullptr && std::string(value) == "cloud";
}

void UseTestStorage(const std::string& data_dir, Config& config) {
  config.data_dir = data_dir;
  if (CloudStorageRequested()) PointAt(Acquire(data_dir), config);
}

std::map<std::string, std::string> TestStorageEnv(const std::string& data_dir) {
  std::map<std::string, std::string> env = {{"BI_DATA_DIR", data_dir}};
  if (!CloudStorageRequested()) return env;
  Config config;
  UseTestStorage(data_dir, config);
  env["DYNAMODB_ENDPOINT"] = config.dynamodb_endpoint;
  env["S3_ENDPOINT"] = config.s3_endpoint;
  env["S3_ACCESS_KEY"] = config.s3_access_key;
  env["S3_SECRET_KEY"] = config.s3_secret_key;
  env["S3_BUCKET_DATASETS"] = config.s3_bucket_datasets;
  return env;
}

void ReleaseTestStorage(const std::string& data_dir) {
  std::lock_guard lock(registry_mu);
  Registry().erase(data_dir);
}

ProtocolPeer* TestDynamoDbPeer(const std::string& data_dir) {
  std::lock_guard lock(registry_mu);
  auto it = Registry().find(data_dir);
  return it == Registry().end() ? nullptr : it->second->dynamodb.get();
}

ProtocolPeer* TestS3Peer(const std::string& data_dir) {
  std::lock_guard lock(registry_mu);
  auto it = Registry().find(data_dir);
  return it == Registry().end() ? nullptr : it->second->s3.get();
}

}  // namespace bi::testing
