#pragma once
// The real API (ApiContext + BuildApiRouter + http::Server) in-process on a free 127.0.0.1 port,
// over a fresh data directory (and the storage test_storage.h selects for it), with a manual
// clock, plus helpers to call it as a client would.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "common/clock.h"
#include "http/server.h"
#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::testing {

inline constexpr char kUploadBoundary[] = "----bi-test-boundary-7MA4YWxkTrZu0gW";
inline constexpr char kTestJwtSecret[] = "api-test-secret-0123456789-abcdefghijklmnop";

struct ApiTestOptions {
  std::string data_dir;           // empty: a fresh temp dir of the server's own
  std::string executor_endpoint;  // where card runs go (empty: none, runs answer 503)
  std::string executor_secret;    // EXECUTOR_SHARED_SECRET as the API sends it
  int card_timeout_seconds = 10;
};

// Options for an API that sends card runs to the executor at `endpoint`.
inline ApiTestOptions WithExecutor(std::string data_dir, std::string endpoint,
                                   std::string secret = "") {
  ApiTestOptions o;
  o.data_dir = std::move(data_dir);
  o.executor_endpoint = std::move(endpoint);
  o.executor_secret = std::move(secret);
  return o;
}

class ApiTestServer {
 public:
  explicit ApiTestServer(ApiTestOptions options = {});
  ~ApiTestServer();

  int port() const { return server_->port(); }
  api::ApiContext& ctx() { return *ctx_; }
  ManualClock& clock() { return clock_; }
  http::Router& router() { return router_copy_; }

  // Creates a user directly through the service (fast set-up for tests).
  repo::User CreateUser(const std::string& email, const std::string& password, bool admin);
  // Logs in over HTTP and returns the access token ("" on failure).
  std::string Login(const std::string& email, const std::string& password);

  HttpReply Call(const std::string& method, const std::string& target, const std::string& token,
                 const nlohmann::json& body = nullptr);
  // A multipart/form-data request with `fields` and the CSV text as the `file` part (imports).
  HttpReply Upload(const std::string& method, const std::string& target, const std::string& token,
                   const std::map<std::string, std::string>& fields, const std::string& csv);

 private:
  TempDir dir_;
  std::string data_dir_;
  ManualClock clock_{SystemClock::Instance().NowMillis()};
  std::unique_ptr<api::ApiContext> ctx_;
  http::Router router_copy_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace bi::testing
