// `bi serve`, `bi api` and `bi executor` as a user runs them: real processes on free
// 127.0.0.1 ports, checked over HTTP, stopped with signals.

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> ServeArgs(const TempDir& dir) {
  return {"serve",           "--host", "127.0.0.1",  "--port",  "0",
          "--executor-port", "0",      "--data-dir", dir.path()};
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bi_ = std::make_unique<BiProcess>(ServeArgs(dir_));
    api_ = bi_->WaitForPort("api");
    executor_ = bi_->WaitForPort("executor");
    ASSERT_GT(api_, 0) << bi_->Output();
    ASSERT_GT(executor_, 0) << bi_->Output();
  }
  TempDir dir_;
  std::unique_ptr<BiProcess> bi_;
  int api_ = -1, executor_ = -1;
};

TEST_F(ServeTest, HealthOnTheApiAndTheExecutor) {
  HttpReply api = Request(api_, "GET", "/api/health");
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(nlohmann::json::parse(api.body), nlohmann::json({{"status", "ok"}}));
  HttpReply exec = Request(executor_, "GET", "/health");
  EXPECT_EQ(exec.status, 200);
  EXPECT_EQ(nlohmann::json::parse(exec.body), nlohmann::json({{"status", "ok"}}));
}

TEST_F(ServeTest, ErrorsUseOneFormat) {
  HttpReply missing = Request(api_, "GET", "/api/no-such-thing", "", {{"X-Request-Id", "abc"}});
  EXPECT_EQ(missing.status, 404);
  auto j = nlohmann::json::parse(missing.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["requestId"], "abc");
  EXPECT_EQ(missing.header("x-request-id"), "abc");

  HttpReply wrong = Request(api_, "DELETE", "/api/health");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET");

  TestConnection conn(api_);
  conn.Write("POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n\r\n");
  HttpReply big = conn.Read();
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(nlohmann::json::parse(big.body)["error"]["code"], "payload_too_large");
}

TEST_F(ServeTest, MalformedJsonIs400WithItsPosition) {
  HttpReply r = Request(api_, "POST", "/api/auth/login", "{\"email\": \"a@example.com\",}",
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["details"]["line"], 1);
  EXPECT_EQ(Request(api_, "POST", "/api/auth/login", "{}", {{"Content-Type", "text/plain"}}).status,
            415);
}

TEST_F(ServeTest, AccessLogIsJsonWithTheRunbookFields) {
  Request(api_, "GET", "/api/health", "", {{"X-Request-Id", "log-check-1"}});
  bi_->Signal(SIGTERM);
  ASSERT_EQ(bi_->Wait().value_or(-1), 0);
  bool found = false;
  std::istringstream lines(bi_->Output());
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);  // every line is JSON
    if (j.value("request_id", "") != "log-check-1") continue;
    found = true;
    EXPECT_EQ(j["event"], "request");
    EXPECT_EQ(j["method"], "GET");
    EXPECT_EQ(j["endpoint"], "/api/health");
    EXPECT_EQ(j["status"], 200);
    EXPECT_TRUE(j["duration_ms"].is_number());
  }
  EXPECT_TRUE(found);
}

TEST_F(ServeTest, LocalModeGeneratesAPrivateJwtSecretAndNeverLogsIt) {
  std::filesystem::path secret_path = std::filesystem::path(dir_.path()) / "jwt_secret";
  struct stat st {};
  ASSERT_EQ(::stat(secret_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string secret;
  std::ifstream(secret_path) >> secret;
  EXPECT_GE(secret.size(), 32u);
  bi_->Signal(SIGTERM);
  bi_->Wait();
  std::string out = bi_->Output();
  EXPECT_EQ(out.find(secret), std::string::npos);
  EXPECT_NE(out.find("jwt_secret_generated"), std::string::npos);
}

TEST_F(ServeTest, SigtermFinishesTheRequestInFlightThenExits) {
  // A request whose header is half sent when the signal arrives still gets its answer.
  TestConnection conn(api_);
  ASSERT_TRUE(conn.Write("GET /api/health HTTP/1.1\r\nHost: x\r\n"));
  std::this_thread::sleep_for(100ms);
  bi_->Signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  ASSERT_TRUE(conn.Write("X-Request-Id: in-flight\r\n\r\n"));
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(bi_->Wait().value_or(-1), 0);
  EXPECT_NE(bi_->Output().find("\"event\":\"stopped\""), std::string::npos);
  EXPECT_EQ(Request(api_, "GET", "/api/health").status, 0);  // no longer listening
}

TEST_F(ServeTest, SigintStopsToo) {
  bi_->Signal(SIGINT);
  EXPECT_EQ(bi_->Wait().value_or(-1), 0);
}

TEST(ServeConfigTest, ProductionWithoutJwtSecretRefusesToStart) {
  TempDir dir;
  BiProcess p({"api", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.path()},
              {{"ENV", "production"}});
  EXPECT_EQ(p.Wait().value_or(-1), 1);
  EXPECT_NE(p.Output().find("JWT_SECRET_KEY is required"), std::string::npos);
}

TEST(ServeConfigTest, ShortJwtSecretRefusesToStart) {
  TempDir dir;
  BiProcess p(ServeArgs(dir), {{"JWT_SECRET_KEY", "short-secret-1"}});
  EXPECT_EQ(p.Wait().value_or(-1), 1);
  EXPECT_NE(p.Output().find("at least 32 characters"), std::string::npos);
  EXPECT_EQ(p.Output().find("short-secret-1"), std::string::npos);
}

TEST(ServeConfigTest, ExecutorAloneNeedsNoJwtSecret) {
  TempDir dir;
  BiProcess p({"executor", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.path()},
              {{"ENV", "production"}});
  int port = p.WaitForPort("executor");
  ASSERT_GT(port, 0) << p.Output();
  EXPECT_EQ(Request(port, "GET", "/health").status, 200);
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait().value_or(-1), 0);
}

TEST(ServeConfigTest, PortInUseFailsWithAClearMessage) {
  TempDir dir;
  BiProcess first(ServeArgs(dir));
  int port = first.WaitForPort("api");
  ASSERT_GT(port, 0);
  TempDir dir2;
  BiProcess second(
      {"api", "--host", "127.0.0.1", "--port", std::to_string(port), "--data-dir", dir2.path()});
  EXPECT_EQ(second.Wait().value_or(-1), 1);
  EXPECT_NE(second.Output().find("cannot listen"), std::string::npos);
}

}  // namespace
}  // namespace bi::testing

namespace bi::testing {
namespace {

// What `make run` starts: `bi serve --demo` has an admin whose credentials the log states.
TEST(ServeDemoTest, DemoAdminCanLogIn) {
  TempDir dir;
  std::vector<std::string> args = ServeArgs(dir);
  args.push_back("--demo");
  BiProcess p(args);
  int port = p.WaitForPort("api");
  ASSERT_GT(port, 0) << p.Output();
  EXPECT_NE(p.Output().find(R"("event":"demo_account","email":"admin@example.com")"),
            std::string::npos);
  // Once listening, the log says where to sign in (the port it really got).
  const std::string login_line =
      R"("event":"demo_login","url":"http://localhost:)" + std::to_string(port) +
      R"(/login","email":"admin@example.com","password":"bi-demo-password")";
  for (int i = 0; i < 600 && p.Output().find(login_line) == std::string::npos; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_NE(p.Output().find(login_line), std::string::npos) << p.Output();
  HttpReply r = Request(port, "POST", "/api/auth/login",
                        R"({"email":"admin@example.com","password":"bi-demo-password"})",
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["user"]["role"], "admin");
}

// `bi api` (and `bi serve`) serve the built web app of BI_WEB_DIR at / (docs/http.md).
TEST(ServeWebAppTest, BuiltWebAppIsServedBesideTheApi) {
  TempDir dir, web;
  std::ofstream(web.path() + "/index.html") << "<!doctype html><title>bi</title>";
  std::filesystem::create_directories(web.path() + "/assets");
  std::ofstream(web.path() + "/assets/index-abc123.js") << "export{}";
  BiProcess p({"api", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.path()},
              {{"BI_WEB_DIR", web.path()}});
  int port = p.WaitForPort("api");
  ASSERT_GT(port, 0) << p.Output();
  EXPECT_NE(p.Output().find(R"("event":"web_app","dir":")"), std::string::npos) << p.Output();

  HttpReply index = Request(port, "GET", "/datasets/abc");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>bi</title>");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  HttpReply asset = Request(port, "GET", "/assets/index-abc123.js");
  EXPECT_EQ(asset.body, "export{}");
  EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
  HttpReply api = Request(port, "GET", "/api/no-such-thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["message"], "no such endpoint");
}

TEST(ServeWebAppTest, WithoutTheWebAppTheApiRunsAlone) {
  TempDir dir, empty;
  BiProcess p({"api", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.path()},
              {{"BI_WEB_DIR", empty.path()}});
  int port = p.WaitForPort("api");
  ASSERT_GT(port, 0) << p.Output();
  EXPECT_NE(p.Output().find(R"("event":"web_app_missing")"), std::string::npos) << p.Output();
  EXPECT_EQ(Request(port, "GET", "/").status, 404);
  EXPECT_EQ(Request(port, "GET", "/api/health").status, 200);
}

TEST(ServeDemoTest, DemoIsRefusedOutsideLocalMode) {
  TempDir dir;
  std::vector<std::string> args = ServeArgs(dir);
  args.push_back("--demo");
  BiProcess p(args,
              {{"ENV", "staging"}, {"JWT_SECRET_KEY", "staging-secret-0123456789-abcdefghij"}});
  EXPECT_EQ(p.Wait().value_or(-1), 1);
  EXPECT_NE(p.Output().find("local mode only"), std::string::npos);
}

}  // namespace
}  // namespace bi::testing
