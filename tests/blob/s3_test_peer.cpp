#include "tests/blob/s3_test_peer.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "aws/aws_client.h"
#include "aws/credentials.h"

namespace bi::blob::testing {
namespace {

// The peer's data directory, removed at exit after the peer is gone.
struct PeerHolder {
  std::filesystem::path dir;
  std::unique_ptr<bi::testing::ProtocolPeer> peer;
  PeerHolder() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bi-s3rver-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("no temp dir for s3rver");
    dir = tmpl;
    peer = bi::testing::ProtocolPeer::S3rver(dir.string(), {"bi-test"});
  }
  ~PeerHolder() {
    peer.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

bi::testing::ProtocolPeer& S3Peer() {
  static PeerHolder holder;
  return *holder.peer;
}

S3BlobOptions S3TestOptions(const std::string& bucket, const std::string& endpoint) {
  S3BlobOptions options;
  options.endpoint = endpoint.empty() ? S3Peer().endpoint() : endpoint;
  options.bucket = bucket;
  options.region = "us-east-1";
  aws::CredentialsChainOptions keys;
  keys.access_key_id = kS3rverKey;
  keys.secret_access_key = kS3rverKey;
  options.credentials = aws::MakeCredentialsChain(keys);
  return options;
}

std::string NewS3Bucket() {
  static std::atomic<int> counter{0};
  std::string bucket = "bucket-" + std::to_string(++counter);
  aws::CredentialsChainOptions keys;
  keys.access_key_id = kS3rverKey;
  keys.secret_access_key = kS3rverKey;
  aws::AwsClient client({S3Peer().endpoint(), {"us-east-1", "s3"}},
                        aws::MakeCredentialsChain(keys));
  auto answer = client.Send({"PUT", "/" + bucket, {}, {}, {}});
  if (!answer.ok() || answer->status != 200) {
    throw std::runtime_error("CreateBucket " + bucket + " failed: " +
                             (answer.ok() ? answer->body : answer.status().ToString()));
  }
  return bucket;
}

Result<std::unique_ptr<S3BlobStore>> OpenFreshS3Store() {
  return S3BlobStore::Open(S3TestOptions(NewS3Bucket()));
}

}  // namespace bi::blob::testing
