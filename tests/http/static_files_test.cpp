// The web app's files behind a real server (router fallback, http/static_files.h): files and
// their types, history fallback to index.html, cache headers, HEAD, the API's JSON 404 kept, and
// no way out of the web root however the path is spelled.

#include <utility>

#include "http/static_files.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::http {
namespace {

namespace fs = std::filesystem;
using bi::testing::HttpReply;

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Sends raw request bytes and returns everything the server wrote until it closed.
std::string RawExchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // <tmp>/web is the root; <tmp>/secret.txt lies beside it, and must stay unreachable.
    root_ = fs::path(tmp_.path()) / "web";
    WriteFile(root_ / "index.html", kIndex);
    WriteFile(root_ / "assets" / "index-3f9a1c.js", "console.log('app')");
    WriteFile(root_ / "assets" / "index-77b2e0.css", "body{}");
    WriteFile(root_ / "favicon.svg", "<svg/>");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(root_ / "日本語.txt", "テキスト");
    WriteFile(fs::path(tmp_.path()) / "secret.txt", "outside");
    fs::create_symlink(fs::path(tmp_.path()) / "secret.txt", root_ / "link.txt");

    Router router;
    router.Add(Verb::get, "/api/health", [](Request&) -> Result<Response> {
      return Response::Json({{"status", "ok"}});
    });
    router.Add(Verb::post, "/api/things",
               [](Request&) -> Result<Response> { return Response::NoContent(); });
    auto files = std::make_shared<StaticFiles>(root_.string());
    router.SetFallback([files](Request& req) { return files->Serve(req); });
    ServerOptions options;
    options.host = "127.0.0.1";
    options.io_threads = 1;
    options.access_log = false;
    server_ = std::make_unique<Server>(options, std::move(router));
    ASSERT_TRUE(server_->Start().ok());
  }

  HttpReply Get(const std::string& target, const std::string& method = "GET") {
    return bi::testing::Request(server_->port(), method, target);
  }

  static constexpr char kIndex[] = "<!doctype html><div id=root></div>";
  bi::testing::TempDir tmp_;
  fs::path root_;
  std::unique_ptr<Server> server_;
};

TEST_F(StaticFilesTest, RootIsTheIndexPageAndMustBeRevalidated) {
  HttpReply r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_EQ(Get("/index.html").header("cache-control"), "no-cache");
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYear) {
  HttpReply js = Get("/assets/index-3f9a1c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('app')");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.header("x-content-type-options"), "nosniff");
  HttpReply css = Get("/assets/index-77b2e0.css");
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, OtherFilesHaveTheirTypeAndAreRevalidated) {
  HttpReply svg = Get("/favicon.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.header("content-type"), "image/svg+xml");
  EXPECT_EQ(svg.header("cache-control"), "no-cache");
  HttpReply text = Get("/%E6%97%A5%E6%9C%AC%E8%AA%9E.txt");  // 日本語.txt
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.body, "テキスト");
}

TEST_F(StaticFilesTest, AppRoutesFallBackToTheIndexPage) {
  for (const char* path : {"/login", "/datasets/abc123", "/cards/x/edit?tab=code", "/datasets/"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, MissingAssetsAre404NotTheIndexPage) {
  HttpReply r = Get("/assets/index-000000.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("cache-control"), "");
}

TEST_F(StaticFilesTest, ApiPathsKeepTheirJsonAnswers) {
  EXPECT_EQ(Get("/api/health").body, R"({"status":"ok"})");
  for (const char* path : {"/api/nothing", "/api", "/api/", "/api/health/x"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << path << ": " << r.body;
    EXPECT_EQ(body["error"]["code"], "not_found") << path;
    EXPECT_EQ(body["error"]["message"], "no such endpoint") << path;
  }
  EXPECT_EQ(Get("/api/things").status, 405);     // a POST route: not the web app's
  EXPECT_EQ(Get("/login", "POST").status, 404);  // the web app answers GET and HEAD only
}

TEST_F(StaticFilesTest, NoPathLeavesTheWebRoot) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/.%2e/secret.txt", "//secret.txt", "//etc/passwd",
        "/link.txt", "/.env", "/%2eenv", "/./index.html"}) {
    HttpReply r = Get(path);
    EXPECT_NE(r.body, "outside") << path;
    EXPECT_NE(r.body, "SECRET=1") << path;
    EXPECT_EQ(r.status, 404) << path;
  }
  // An encoded slash or NUL never reaches the file system: the server refuses the path.
  for (const char* path : {"/%2fetc/passwd", "/..%2fsecret.txt", "/index.html%00.js"}) {
    HttpReply r = Get(path);
    EXPECT_EQ(r.status, 400) << path;
  }
  // An absolute path as the request target is not a URL path at all.
  std::string raw = RawExchange(server_->port(),
                                "GET etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.find("root:"), std::string::npos);
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
}

TEST_F(StaticFilesTest, HeadSendsTheHeaderWithoutTheBody) {
  std::string raw =
      RawExchange(server_->port(),
                  "HEAD /assets/index-3f9a1c.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
  EXPECT_NE(raw.find("Content-Length: 18\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Cache-Control: public, max-age=31536000, immutable\r\n"), std::string::npos);
  EXPECT_EQ(raw.substr(raw.size() - 4), "\r\n\r\n") << "no body after the header: " << raw;

  std::string index =
      RawExchange(server_->port(), "HEAD /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(index.find("Content-Length: " + std::to_string(sizeof kIndex - 1) + "\r\n"),
            std::string::npos)
      << index;
  EXPECT_EQ(index.substr(index.size() - 4), "\r\n\r\n");

  // A keep-alive connection goes on after a HEAD answer: the next answer is not taken as its body.
  std::string two = RawExchange(server_->port(),
                                "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(two.find("\r\n\r\nHTTP/1.1 200"), std::string::npos) << two;
  EXPECT_EQ(two.substr(two.size() - 15), R"({"status":"ok"})");
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a/b/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("x.js.map"), "application/json");
  EXPECT_EQ(ContentTypeFor("x.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("dir.d/file"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

TEST(StaticFilesWithoutIndexTest, AppRoutesAre404) {
  bi::testing::TempDir tmp;
  StaticFiles files(tmp.path());
  Request req;
  req.path = "/login";
  auto r = files.Serve(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace bi::http
