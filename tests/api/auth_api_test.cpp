// Authentication and user administration through the real API over HTTP.

#include <array>
#include <cstdio>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "api/api_test_server.h"
#include "common/log.h"

namespace bi::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kAdminPassword = "admin-password-123";
const std::string kMemberPassword = "member-password-123";

class AuthApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += line;
    });
    admin_ = api_.CreateUser("admin@example.com", kAdminPassword, true);
    member_ = api_.CreateUser("member@example.com", kMemberPassword, false);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }
  std::string Log() {
    log::Flush();
    std::lock_guard lock(mu_);
    return log_;
  }
  // Access lines are written just after the response goes out: wait for one to appear.
  bool LogEventuallyHas(const std::string& text) {
    for (int attempt = 0; attempt < 500; ++attempt) {
      if (Log().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  ApiTestServer api_;
  repo::User admin_, member_;
  std::mutex mu_;
  std::string log_;
};

json Body(const HttpReply& r) {
  return json::parse(r.body);
}

std::string Python(const std::string& program) {
  std::string cmd = "/usr/bin/python3 -c '" + program + "' 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  ::pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST_F(AuthApiTest, LoginReturnsAStandardTokenAndTheUser) {
  HttpReply r = api_.Call("POST", "/api/auth/login", "",
                          {{"email", "Admin@Example.com "}, {"password", kAdminPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["tokenType"], "Bearer");
  EXPECT_EQ(j["expiresIn"], 8 * 3600);
  EXPECT_EQ(j["user"]["email"], "admin@example.com");
  EXPECT_EQ(j["user"]["role"], "admin");
  EXPECT_FALSE(j["user"].contains("passwordHash"));
  // PyJWT, with the same secret and HS256 pinned, accepts it and sees the claims.
  std::string token = j["accessToken"];
  json claims = json::parse(Python("import jwt,json; print(json.dumps(jwt.decode(\"" + token +
                                   "\", \"" + kTestJwtSecret + "\", algorithms=[\"HS256\"])))"));
  EXPECT_EQ(claims["sub"], admin_.user_id);
  EXPECT_EQ(claims["email"], "admin@example.com");
  EXPECT_EQ(claims["role"], "admin");
  EXPECT_TRUE(claims["jti"].is_string());
  EXPECT_EQ(claims["exp"].get<int64_t>() - claims["iat"].get<int64_t>(), 8 * 3600);
}

TEST_F(AuthApiTest, UnknownEmailAndWrongPasswordLookTheSame) {
  HttpReply unknown = api_.Call("POST", "/api/auth/login", "",
                                {{"email", "nobody@example.com"}, {"password", kAdminPassword}});
  HttpReply wrong = api_.Call("POST", "/api/auth/login", "",
                              {{"email", "admin@example.com"}, {"password", "not-the-password"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Body(unknown)["error"], Body(wrong)["error"]);
  EXPECT_EQ(unknown.header("www-authenticate"), "Bearer");
}

TEST_F(AuthApiTest, LoginAuditLinesWithoutPasswordsOrTokens) {
  std::string token = api_.Login("admin@example.com", kAdminPassword);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", token).status, 200);
  api_.Login("admin@example.com", "wrong-password-xyz");
  log::Flush();
  std::string logged = Log();
  EXPECT_NE(logged.find(
                R"("event":"login_success","log":"audit","email":"admin@example.com","user_id":")" +
                admin_.user_id + R"(","ip":"127.0.0.1")"),
            std::string::npos)
      << logged;
  EXPECT_NE(logged.find(R"("event":"login_failed","log":"audit","email":"admin@example.com")"),
            std::string::npos);
  EXPECT_EQ(logged.find(kAdminPassword), std::string::npos);
  EXPECT_EQ(logged.find("wrong-password-xyz"), std::string::npos);
  EXPECT_EQ(logged.find(token.substr(token.rfind('.') + 1)), std::string::npos);
  // The access log names the signed-in user of each request.
  EXPECT_TRUE(LogEventuallyHas(R"("user_id":")" + admin_.user_id +
                               R"(","method":"GET","endpoint":"/api/auth/me")"));
}

TEST_F(AuthApiTest, MalformedLoginBodies) {
  HttpReply broken = Request(api_.port(), "POST", "/api/auth/login",
                             "{\"email\": ", {{"Content-Type", "application/json"}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_TRUE(Body(broken)["error"]["details"].contains("line"));
  HttpReply text = Request(api_.port(), "POST", "/api/auth/login", "email=a",
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(text.status, 415);
  HttpReply missing = api_.Call("POST", "/api/auth/login", "", {{"email", "a@example.com"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Body(missing)["error"]["details"]["field"], "password");
  HttpReply typed = api_.Call("POST", "/api/auth/login", "", {{"email", 5}, {"password", "x"}});
  EXPECT_EQ(typed.status, 400);
}

TEST_F(AuthApiTest, EveryRouteButHealthLoginAndMetricsNeedsAToken) {
  // /metrics is for Prometheus inside the network (docs/metrics.md), never routed publicly.
  const std::set<std::string> kPublic = {"GET /api/health", "POST /api/auth/login", "GET /metrics"};
  int checked = 0;
  for (const auto& route : api_.router().routes()) {
    std::string method(boost::beast::http::to_string(route.method));
    if (kPublic.count(method + " " + route.pattern)) continue;
    std::string path = std::regex_replace(route.pattern, std::regex("\\{[^}]+\\}"), "x");
    for (const std::string& token : {std::string(), std::string("not.a.token")}) {
      HttpReply r =
          api_.Call(method, path, token,
                    method == "GET" || method == "DELETE" ? json(nullptr) : json::object());
      EXPECT_EQ(r.status, 401) << method << " " << path << " token='" << token << "'";
    }
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST_F(AuthApiTest, UploadsWithoutAValidTokenAreRefusedBeforeTheBody) {
  // Only the header is sent: the answer must come without the server waiting for 50 MB.
  for (const std::string& auth : {std::string(), std::string("Authorization: Bearer x.y.z\r\n")}) {
    TestConnection conn(api_.port());
    conn.Write("POST /api/datasets HTTP/1.1\r\nHost: x\r\n" + auth +
               "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 52428800\r\n\r\n");
    HttpReply r = conn.Read();
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(r.header("connection"), "close");
  }
}

TEST_F(AuthApiTest, ForgedTokensAreRejected) {
  std::string claims = "{\"sub\":\"" + admin_.user_id +
                       "\",\"email\":\"admin@example.com\",\"role\":\"admin\",\"jti\":\"j1\","
                       "\"iat\":int(time.time()),\"exp\":int(time.time())+3600}";
  std::string none =
      Python("import jwt,time; print(jwt.encode(" + claims + ", None, algorithm=\"none\"))");
  std::string other = Python("import jwt,time; print(jwt.encode(" + claims +
                             ", \"another-secret-another-secret-another\", algorithm=\"HS256\"))");
  std::string good = Python("import jwt,time; print(jwt.encode(" + claims + ", \"" +
                            kTestJwtSecret + "\", algorithm=\"HS256\"))");
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", none).status, 401);
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", other).status, 401);
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", good).status, 200);  // control
}

TEST_F(AuthApiTest, ExpiredTokensAreRejected) {
  std::string token = api_.Login("member@example.com", kMemberPassword);
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", token).status, 200);
  api_.clock().Advance(8h + 1s);
  HttpReply r = api_.Call("GET", "/api/auth/me", token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["error"]["message"], "token expired");
}

TEST_F(AuthApiTest, MeAndLogout) {
  std::string token = api_.Login("member@example.com", kMemberPassword);
  HttpReply me = api_.Call("GET", "/api/auth/me", token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Body(me)["userId"], member_.user_id);
  std::string other_session = api_.Login("member@example.com", kMemberPassword);
  EXPECT_EQ(api_.Call("POST", "/api/auth/logout", token).status, 204);
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", token).status, 401);
  // Only that token: the user's other session goes on.
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", other_session).status, 200);
}

TEST_F(AuthApiTest, DeletedAndDisabledUsersLoseAccessAtOnce) {
  std::string admin = api_.Login("admin@example.com", kAdminPassword);
  std::string member = api_.Login("member@example.com", kMemberPassword);
  HttpReply disabled = api_.Call("PATCH", "/api/users/" + member_.user_id, admin,
                                 {{"disabled", true}, {"version", member_.version}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", member).status, 401);
  EXPECT_EQ(api_.Login("member@example.com", kMemberPassword), "");

  api_.CreateUser("gone@example.com", "gone-password-123", false);
  std::string gone = api_.Login("gone@example.com", "gone-password-123");
  auto found = api_.ctx().users.FindByEmail("gone@example.com");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(api_.Call("DELETE", "/api/users/" + (*found)->user_id, admin).status, 204);
  EXPECT_EQ(api_.Call("GET", "/api/auth/me", gone).status, 401);
}

TEST_F(AuthApiTest, AdminRoutesAreForAdminsOnly) {
  std::string member = api_.Login("member@example.com", kMemberPassword);
  std::string admin = api_.Login("admin@example.com", kAdminPassword);
  EXPECT_EQ(api_.Call("GET", "/api/users", member).status, 403);
  EXPECT_EQ(api_.Call("POST", "/api/users", member,
                      {{"email", "x@example.com"}, {"name", "X"}, {"password", "xxxxxxxxxxxx"}})
                .status,
            403);
  EXPECT_EQ(api_.Call("PATCH", "/api/users/" + member_.user_id, member,
                      {{"role", "admin"}, {"version", member_.version}})
                .status,
            403);
  EXPECT_EQ(api_.Call("DELETE", "/api/users/" + admin_.user_id, member).status, 403);

  HttpReply list = api_.Call("GET", "/api/users", admin);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Body(list)["items"].size(), 2u);
}

TEST_F(AuthApiTest, AdminManagesUsers) {
  std::string admin = api_.Login("admin@example.com", kAdminPassword);
  HttpReply created = api_.Call("POST", "/api/users", admin,
                                {{"email", "Sato@Example.com"},
                                 {"name", "佐藤"},
                                 {"password", "sato-password-1"},
                                 {"role", "member"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json user = Body(created);
  EXPECT_EQ(user["email"], "sato@example.com");
  EXPECT_EQ(user["name"], "佐藤");
  EXPECT_NE(api_.Login("sato@example.com", "sato-password-1"), "");

  EXPECT_EQ(
      api_.Call("POST", "/api/users", admin,
                {{"email", "sato@example.com"}, {"name", "dup"}, {"password", "another-pass-1"}})
          .status,
      409);
  EXPECT_EQ(api_.Call("POST", "/api/users", admin,
                      {{"email", "not-an-email"}, {"name", "x"}, {"password", "another-pass-1"}})
                .status,
            400);
  EXPECT_EQ(api_.Call("POST", "/api/users", admin,
                      {{"email", "short@example.com"}, {"name", "x"}, {"password", "short"}})
                .status,
            400);
  EXPECT_EQ(api_.Call("POST", "/api/users", admin,
                      {{"email", "r@example.com"},
                       {"name", "x"},
                       {"password", "another-pass-1"},
                       {"role", "owner"}})
                .status,
            400);

  std::string path = "/api/users/" + user["userId"].get<std::string>();
  HttpReply promoted = api_.Call("PATCH", path, admin, {{"role", "admin"}, {"version", 1}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(Body(promoted)["role"], "admin");
  EXPECT_EQ(Body(promoted)["version"], 2);
  // The same stale version again: someone else's change must not be overwritten.
  HttpReply stale = api_.Call("PATCH", path, admin, {{"name", "late"}, {"version", 1}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Body(api_.Call("GET", path, admin))["name"], "佐藤");
  EXPECT_EQ(api_.Call("PATCH", path, admin, {{"name", "x"}}).status, 400);  // version required
  EXPECT_EQ(api_.Call("PATCH", path, admin, {{"nmae", "x"}, {"version", 2}}).status, 400);

  EXPECT_EQ(api_.Call("GET", "/api/users/no-such-user", admin).status, 404);
  EXPECT_EQ(api_.Call("DELETE", path, admin).status, 204);
  EXPECT_EQ(api_.Call("GET", path, admin).status, 404);
}

TEST_F(AuthApiTest, AdminsCannotLockThemselvesOut) {
  std::string admin = api_.Login("admin@example.com", kAdminPassword);
  std::string self = "/api/users/" + admin_.user_id;
  EXPECT_EQ(api_.Call("DELETE", self, admin).status, 400);
  EXPECT_EQ(
      api_.Call("PATCH", self, admin, {{"role", "member"}, {"version", admin_.version}}).status,
      400);
  EXPECT_EQ(
      api_.Call("PATCH", self, admin, {{"disabled", true}, {"version", admin_.version}}).status,
      400);
}

TEST_F(AuthApiTest, ChangeOwnPassword) {
  std::string token = api_.Login("member@example.com", kMemberPassword);
  EXPECT_EQ(api_.Call("PUT", "/api/users/me/password", token,
                      {{"currentPassword", "wrong-current-1"}, {"newPassword", "brand-new-pass-1"}})
                .status,
            403);
  EXPECT_EQ(api_.Call("PUT", "/api/users/me/password", token,
                      {{"currentPassword", kMemberPassword}, {"newPassword", "short"}})
                .status,
            400);
  EXPECT_EQ(api_.Call("PUT", "/api/users/me/password", token,
                      {{"currentPassword", kMemberPassword}, {"newPassword", "brand-new-pass-1"}})
                .status,
            204);
  EXPECT_EQ(api_.Login("member@example.com", kMemberPassword), "");
  EXPECT_NE(api_.Login("member@example.com", "brand-new-pass-1"), "");
}

TEST_F(AuthApiTest, RepeatedFailuresAreRateLimitedThenForgiven) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        api_.Call("POST", "/api/auth/login", "",
                  {{"email", "member@example.com"}, {"password", "guess-" + std::to_string(i)}})
            .status,
        401);
  }
  HttpReply limited = api_.Call("POST", "/api/auth/login", "",
                                {{"email", "member@example.com"}, {"password", kMemberPassword}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "900");
  EXPECT_EQ(Body(limited)["error"]["code"], "too_many_requests");
  // Other accounts are not affected; the right user gets in once the window has passed.
  EXPECT_NE(api_.Login("admin@example.com", kAdminPassword), "");
  api_.clock().Advance(15min + 1s);
  EXPECT_NE(api_.Login("member@example.com", kMemberPassword), "");
}

}  // namespace
}  // namespace bi::testing
