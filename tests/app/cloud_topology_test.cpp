// The production topology as processes, the way `make run-cloud-local` and the ECS services run
// it: DynamoDB and S3 as protocol peers (dynalite, s3rver), `bi admin init-tables`, then
// `bi executor` and `bi api --demo`, each its own process with its own data directory, sharing
// nothing but the two stores and the executor's shared secret.

#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/bi_process.h"
#include "support/protocol_peer.h"
#include "support/test_http_client.h"

namespace bi::testing {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "topology-executor-secret-0123456789";
constexpr char kBoundary[] = "----topology-boundary-0123456789";

class CloudTopologyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dynamodb_ = ProtocolPeer::Dynalite(dir_.path() + "/dynalite");
    s3_ = ProtocolPeer::S3rver(dir_.path() + "/s3rver", {"bi-datasets"});
    BiProcess init({"admin", "init-tables"}, Env("admin"));
    ASSERT_EQ(init.Wait(), 0) << init.Output();

    executor_ = std::make_unique<BiProcess>(
        std::vector<std::string>{"executor", "--host", "127.0.0.1", "--port", "0"},
        Env("executor"));
    const int executor_port = executor_->WaitForPort("executor");
    ASSERT_GT(executor_port, 0) << executor_->Output();
    auto api_env = Env("api");
    api_env["EXECUTOR_ENDPOINT"] = "http://127.0.0.1:" + std::to_string(executor_port);
    api_ = std::make_unique<BiProcess>(
        std::vector<std::string>{"api", "--host", "127.0.0.1", "--port", "0", "--demo"}, api_env);
    port_ = api_->WaitForPort("api");
    ASSERT_GT(port_, 0) << api_->Output();

    HttpReply login =
        Request(port_, "POST", "/api/auth/login",
                json{{"email", "admin@example.com"}, {"password", "bi-demo-password"}}.dump(),
                {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200) << login.body;
    token_ = json::parse(login.body)["accessToken"];
  }

  // Each process sees the stores and the secret, and a data directory of its own.
  std::map<std::string, std::string> Env(const std::string& process) {
    return {{"BI_DATA_DIR", dir_.path() + "/" + process},
            {"DYNAMODB_ENDPOINT", dynamodb_->endpoint()},
            {"S3_ENDPOINT", s3_->endpoint()},
            {"S3_ACCESS_KEY", "S3RVER"},
            {"S3_SECRET_KEY", "S3RVER"},
            {"S3_BUCKET_DATASETS", "bi-datasets"},
            {"EXECUTOR_SHARED_SECRET", kSecret}};
  }

  HttpReply Call(const std::string& method, const std::string& target, const json& body = nullptr) {
    std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token_}};
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return Request(port_, method, target, body.is_null() ? "" : body.dump(), headers);
  }

  TempDir dir_;
  std::unique_ptr<ProtocolPeer> dynamodb_, s3_;
  std::unique_ptr<BiProcess> executor_, api_;
  int port_ = -1;
  std::string token_;
};

TEST_F(CloudTopologyTest, UploadRunAndCacheAcrossSeparateProcesses) {
  // The demo data lives in DynamoDB and S3 and the executor reads it from there.
  HttpReply cards = Call("GET", "/api/cards");
  ASSERT_EQ(cards.status, 200) << cards.body;
  const json card_list = json::parse(cards.body)["items"];
  ASSERT_FALSE(card_list.empty());
  const std::string demo_card = card_list[0]["cardId"];
  HttpReply first = Call("POST", "/api/cards/" + demo_card + "/run", json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["cached"], false);
  HttpReply again = Call("POST", "/api/cards/" + demo_card + "/run", json::object());
  EXPECT_EQ(json::parse(again.body)["cached"], true);

  // A new dataset through the API, computed on by the executor.
  const std::string csv = "地域,数量\n東京,3\n大阪,4\n";
  std::string body = std::string("--") + kBoundary +
                     "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n売上\r\n--" +
                     kBoundary +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                     "Content-Type: text/csv\r\n\r\n" +
                     csv + "\r\n--" + kBoundary + "--\r\n";
  HttpReply upload =
      Request(port_, "POST", "/api/datasets", body,
              {{"Authorization", "Bearer " + token_},
               {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
  ASSERT_EQ(upload.status, 201) << upload.body;
  const std::string dataset = json::parse(upload.body)["datasetId"];
  HttpReply preview = Call("POST", "/api/cards/preview",
                           {{"datasetId", dataset}, {"code", "int(df['数量'].sum())"}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(json::parse(preview.body)["result"]["value"], 7);

  // The executor goes away: 503 with Retry-After, not a hang.
  executor_->Signal(SIGKILL);
  executor_->Wait();
  HttpReply down = Call("POST", "/api/cards/" + demo_card + "/run", {{"noCache", true}});
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_FALSE(down.header("retry-after").empty());
}

}  // namespace
}  // namespace bi::testing
