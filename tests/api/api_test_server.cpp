#include "api/api_test_server.h"

#include <gtest/gtest.h>

#include "api/api_router.h"
#include "api/test_storage.h"

namespace bi::testing {

ApiTestServer::ApiTestServer(ApiTestOptions options) {
  Config config;
  data_dir_ = options.data_dir.empty() ? dir_.path() : options.data_dir;
  UseTestStorage(data_dir_, config);
  config.executor_endpoint = options.executor_endpoint;
  config.executor_shared_secret = options.executor_secret;
  config.card_timeout_seconds = options.card_timeout_seconds;
  config.jwt_secret = kTestJwtSecret;
  auto ctx = api::ApiContext::Open(config, clock_);
  if (!ctx.ok()) throw std::runtime_error(ctx.status().ToString());
  ctx_ = std::move(ctx).value();
  router_copy_ = api::BuildApiRouter(*ctx_);
  http::ServerOptions server_options;
  server_options.name = "api";
  server_options.io_threads = 2;
  server_ = std::make_unique<http::Server>(server_options, api::BuildApiRouter(*ctx_));
  Status started = server_->Start();
  if (!started.ok()) throw std::runtime_error(started.ToString());
}

ApiTestServer::~ApiTestServer() {
  server_->Stop(std::chrono::seconds(5));
  server_.reset();
  ctx_.reset();
  ReleaseTestStorage(data_dir_);
}

repo::User ApiTestServer::CreateUser(const std::string& email, const std::string& password,
                                     bool admin) {
  auth::NewUser u{email, "Test " + email, password,
                  admin ? repo::Role::kAdmin : repo::Role::kMember};
  auto created = ctx_->user_admin.Create(u);
  if (!created.ok()) throw std::runtime_error(created.status().ToString());
  return *created;
}

std::string ApiTestServer::Login(const std::string& email, const std::string& password) {
  HttpReply r = Call("POST", "/api/auth/login", "", {{"email", email}, {"password", password}});
  if (r.status != 200) return "";
  return nlohmann::json::parse(r.body)["accessToken"];
}

HttpReply ApiTestServer::Call(const std::string& method, const std::string& target,
                              const std::string& token, const nlohmann::json& body) {
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  std::string raw;
  if (!body.is_null()) {
    headers["Content-Type"] = "application/json";
    raw = body.dump();
  }
  return Request(port(), method, target, raw, headers);
}

}  // namespace bi::testing

namespace bi::testing {

HttpReply ApiTestServer::Upload(const std::string& method, const std::string& target,
                                const std::string& token,
                                const std::map<std::string, std::string>& fields,
                                const std::string& csv) {
  const std::string kBoundary = kUploadBoundary;
  std::string body;
  for (const auto& [k, v] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
            v + "\r\n";
  }
  body += "--" + kBoundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n"
          "Content-Type: text/csv\r\n\r\n" +
          csv + "\r\n--" + kBoundary + "--\r\n";
  return Request(port(), method, target, body,
                 {{"Authorization", "Bearer " + token},
                  {"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
}

}  // namespace bi::testing
