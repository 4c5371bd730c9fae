// The cloud backends going away under the real API (registered with BI_TEST_STORAGE=cloud
// only): with dynalite or s3rver stopped, requests answer 503 with a clear message and
// Retry-After, a failed import leaves no dataset record and no objects, and once the peer is
// back the same API instance works again without a restart.

#include <gtest/gtest.h>

#include "api/api_test_server.h"
#include "api/test_storage.h"
#include "common/log.h"
#include "support/protocol_peer.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "outage-password-123";
const std::string kCsv = "region,qty\neast,1\nwest,2\n";

class StorageOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CloudStorageRequested()) << "run with BI_TEST_STORAGE=cloud";
    log::SetSinkForTesting([](std::string_view) {});
    api_ = std::make_unique<ApiTestServer>(ApiTestOptions{dir_.path()});
    api_->CreateUser("owner@example.com", kPassword, true);
    token_ = api_->Login("owner@example.com", kPassword);
    dynamodb_ = TestDynamoDbPeer(dir_.path());
    s3_ = TestS3Peer(dir_.path());
    ASSERT_NE(dynamodb_, nullptr);
    ASSERT_NE(s3_, nullptr);
  }
  void TearDown() override {
    api_.reset();
    log::SetSinkForTesting(nullptr);
  }

  HttpReply Import(const std::string& name) {
    return api_->Upload("POST", "/api/datasets", token_, {{"name", name}}, kCsv);
  }
  // Dataset records, as the API lists them.
  size_t Datasets() {
    HttpReply r = api_->Call("GET", "/api/datasets", token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["items"].size();
  }
  // Objects under datasets/ in the bucket.
  size_t DatasetObjects() {
    auto page = api_->ctx().blobs->List("datasets/");
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->blobs.size() : 0;
  }
  static void Expect503(const HttpReply& r) {
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_FALSE(r.header("retry-after").empty());
    auto body = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body["error"]["code"], "unavailable");
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  }

  TempDir dir_;
  std::unique_ptr<ApiTestServer> api_;
  std::string token_;
  ProtocolPeer* dynamodb_ = nullptr;
  ProtocolPeer* s3_ = nullptr;
};

TEST_F(StorageOutageTest, MetadataStoreDownIs503AndRecoversWithoutARestart) {
  ASSERT_EQ(Import("before").status, 201);
  const size_t objects = DatasetObjects();

  dynamodb_->Stop();
  Expect503(api_->Call("GET", "/api/datasets", token_));
  Expect503(Import("during"));
  // The import's objects were cleaned up: the metadata record is the commit point.
  EXPECT_EQ(DatasetObjects(), objects);

  dynamodb_->Start();
  EXPECT_EQ(Datasets(), 1u);
  EXPECT_EQ(Import("after").status, 201);
  EXPECT_EQ(Datasets(), 2u);
}

TEST_F(StorageOutageTest, BlobStoreDownIs503AndRecoversWithoutARestart) {
  HttpReply first = Import("before");
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string id = json::parse(first.body)["datasetId"];

  s3_->Stop();
  Expect503(api_->Call("GET", "/api/datasets/" + id + "/preview", token_));
  Expect503(Import("during"));

  s3_->Start();
  EXPECT_EQ(Datasets(), 1u);  // the failed import left no record
  HttpReply preview = api_->Call("GET", "/api/datasets/" + id + "/preview", token_);
  EXPECT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(Import("after").status, 201);
  EXPECT_EQ(Datasets(), 2u);
}

}  // namespace
}  // namespace bi::testing
