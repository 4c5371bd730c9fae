#include <utility>

#include "http/server.h"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "common/log.h"
#include "support/test_http_client.h"

namespace bi::http {
namespace {

using bi::testing::HttpReply;
using bi::testing::TestConnection;
using namespace std::chrono_literals;

// A server with one route of each kind, and a gate that holds /slow until the test opens it.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_lines_.emplace_back(line);
    });
    Start(ServerOptions{});
  }
  void TearDown() override {
    Open();
    server_.reset();
    log::SetSinkForTesting(nullptr);
  }

  void Start(ServerOptions options) {
    server_.reset();
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    options.blocking_threads = 4;
    options.cors = CorsPolicy({"http://localhost:3000"});
    Router router;
    RouteOptions inline_route;
    inline_route.execution = Execution::kInline;
    router.Add(
        Verb::get, "/fast",
        [](Request&) -> Result<Response> {
          return Response::Json({{"status", "ok"}});
        },
        inline_route);
    RouteOptions json;
    json.body = BodyKind::kJson;
    json.max_body_bytes = 1024;
    router.Add(
        Verb::post, "/echo",
        [](Request& r) -> Result<Response> {
          return Response::Json({{"got", r.json}, {"q", r.query}}, 201);
        },
        json);
    RouteOptions big;
    big.max_body_bytes = 4 << 20;
    router.Add(
        Verb::post, "/upload",
        [](Request& r) -> Result<Response> {
          return Response::Json({{"bytes", r.body().size()}});
        },
        big);
    router.Add(Verb::get, "/slow", [this](Request&) -> Result<Response> {
      ++slow_started_;
      gate_.wait();
      return Response::Json({{"slow", true}});
    });
    router.Add(Verb::get, "/items/{id}", [](Request& r) -> Result<Response> {
      if (r.path_param("id") == "missing") return Status::NotFound("item not found");
      return Response::Json({{"id", r.path_param("id")}});
    });
    router.Add(Verb::get, "/whoami", [](Request& r) -> Result<Response> {
      return Response::Json({{"ip", r.client_ip}});
    });
    router.Add(Verb::get, "/throw", [](Request&) -> Result<Response> {
      throw std::runtime_error("secret internal detail");
    });
    RouteOptions quick_first;
    quick_first.quick = [](Request& r) -> std::optional<Result<Response>> {
      if (r.path_param("id") == "hot") return Result<Response>(Response::Json({{"from", "quick"}}));
      if (r.path_param("id") == "gone") return Result<Response>(Status::NotFound("gone"));
      if (r.path_param("id") == "throw") throw std::runtime_error("secret quick detail");
      return std::nullopt;
    };
    router.Add(
        Verb::get, "/memo/{id}",
        [](Request&) -> Result<Response> {
          return Response::Json({{"from", "pool"}});
        },
        quick_first);
    router.AddAsync(Verb::get, "/async", [](Request&) -> boost::asio::awaitable<Result<Response>> {
      boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, 20ms);
      co_await t.async_wait(boost::asio::use_awaitable);
      co_return Response::Json({{"async", true}});
    });
    server_ = std::make_unique<Server>(std::move(options), std::move(router));
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
  }

  void Open() {
    std::call_once(opened_, [this] { release_.set_value(); });
  }
  void WaitForSlowStarted(int n) {
    while (slow_started_.load() < n) std::this_thread::sleep_for(5ms);
  }
  HttpReply Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    return bi::testing::Request(port_, "GET", target, "", headers);
  }
  // The access line is written just after the response, so wait for `expected` of them.
  std::vector<nlohmann::json> AccessLines(size_t expected) {
    std::vector<nlohmann::json> out;
    for (int attempt = 0; attempt < 500 && out.size() < expected; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(10ms);
      log::Flush();
      std::lock_guard lock(log_mu_);
      out.clear();
      for (const auto& l : log_lines_) {
        auto j = nlohmann::json::parse(l);
        if (j["event"] == "request") out.push_back(j);
      }
    }
    return out;
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::promise<void> release_;
  std::shared_future<void> gate_ = release_.get_future().share();
  std::once_flag opened_;
  std::atomic<int> slow_started_{0};
  std::mutex log_mu_;
  std::vector<std::string> log_lines_;
};

nlohmann::json Body(const HttpReply& r) {
  return nlohmann::json::parse(r.body);
}

TEST_F(ServerTest, AnswersWithJsonAndAGeneratedRequestId) {
  HttpReply r = Get("/fast");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(Body(r)["status"], "ok");
  EXPECT_EQ(r.header("x-request-id").size(), 32u);
}

TEST_F(ServerTest, EchoesAGoodRequestIdAndReplacesABadOne) {
  EXPECT_EQ(Get("/fast", {{"X-Request-Id", "trace-42.a_b"}}).header("x-request-id"),
            "trace-42.a_b");
  std::string odd = Get("/fast", {{"X-Request-Id", "has space\"quote"}}).header("x-request-id");
  EXPECT_EQ(odd.size(), 32u);
  std::string long_id(200, 'a');
  EXPECT_EQ(Get("/fast", {{"X-Request-Id", long_id}}).header("x-request-id").size(), 32u);
}

TEST_F(ServerTest, UnknownPathIs404InTheErrorFormat) {
  HttpReply r = Get("/nope", {{"X-Request-Id", "rid-1"}});
  EXPECT_EQ(r.status, 404);
  auto j = Body(r);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"].contains("details"));
  EXPECT_EQ(j["requestId"], "rid-1");
}

TEST_F(ServerTest, HandlerStatusBecomesTheErrorBody) {
  HttpReply r = Get("/items/missing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["error"]["message"], "item not found");
  EXPECT_EQ(Body(Get("/items/7"))["id"], "7");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  HttpReply r = bi::testing::Request(port_, "DELETE", "/fast");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  EXPECT_EQ(Body(r)["error"]["code"], "method_not_allowed");
}

TEST_F(ServerTest, MalformedJsonIs400WithWhereItFailed) {
  HttpReply r = bi::testing::Request(port_, "POST", "/echo", "{\n  \"a\": 1,\n  \"b\": }",
                                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
  auto j = Body(r);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["details"]["line"], 3);
  EXPECT_EQ(j["error"]["details"]["column"], 8);
  EXPECT_NE(j["error"]["message"].get<std::string>().find("line 3"), std::string::npos);
}

TEST_F(ServerTest, EmptyJsonBodyIs400) {
  HttpReply r =
      bi::testing::Request(port_, "POST", "/echo", "", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
}

TEST_F(ServerTest, WrongContentTypeIs415) {
  HttpReply r =
      bi::testing::Request(port_, "POST", "/echo", "{\"a\":1}", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(Body(r)["error"]["code"], "unsupported_media_type");
}

TEST_F(ServerTest, JsonBodyAndQueryReachTheHandler) {
  HttpReply r = bi::testing::Request(port_, "POST", "/echo?x=%E6%9D%B1", "{\"名前\":\"値\"}",
                                     {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(Body(r)["got"]["名前"], "値");
  EXPECT_EQ(Body(r)["q"]["x"], "東");
}

TEST_F(ServerTest, BodyOverTheRouteLimitIs413BeforeItIsSent) {
  TestConnection conn(port_);
  conn.Write(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 5000\r\n\r\n");
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Body(r)["error"]["details"]["limitBytes"], 1024);
  EXPECT_EQ(r.header("connection"), "close");
}

TEST_F(ServerTest, BodyOverEveryLimitIs413WhateverTheRoute) {
  TestConnection conn(port_);
  conn.Write("POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\n\r\n");
  EXPECT_EQ(conn.Read().status, 413);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  TestConnection conn(port_);
  std::string chunk(800, 'x');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  std::string raw =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  raw += std::string(size) + "\r\n" + chunk + "\r\n" + size + "\r\n" + chunk + "\r\n0\r\n\r\n";
  conn.Write(raw);
  EXPECT_EQ(conn.Read().status, 413);
}

TEST_F(ServerTest, LargeBodyWithinTheLimitIsRead) {
  std::string body(3 << 20, 'z');
  HttpReply r = bi::testing::Request(port_, "POST", "/upload", body);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["bytes"], 3 << 20);
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheAnswer) {
  TestConnection conn(port_);
  conn.Write(
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  HttpReply interim = conn.Read();
  EXPECT_EQ(interim.status, 100);
  conn.Write("abcd");
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["bytes"], 4);
}

TEST_F(ServerTest, ExpectContinueOverTheLimitGets413WithoutContinue) {
  TestConnection conn(port_);
  conn.Write(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 999999\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(conn.Read().status, 413);
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
  TestConnection conn(port_);
  conn.Write("THIS IS NOT HTTP\r\n\r\n");
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["code"], "invalid_argument");
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  TestConnection conn(port_);
  conn.Write("GET /fast HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(conn.Read().status, 431);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestConnection conn(port_);
  for (int i = 0; i < 3; ++i) {
    conn.Write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(conn.Read().status, 200);
  }
  // Pipelined: two requests in one write.
  conn.Write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /items/9 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(conn.Read().status, 200);
  EXPECT_EQ(Body(conn.Read())["id"], "9");
}

TEST_F(ServerTest, ExceptionsBecome500WithoutTheirMessage) {
  HttpReply r = Get("/throw");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos);
  EXPECT_EQ(Body(r)["error"]["code"], "internal");
}

TEST_F(ServerTest, QuickPathAnswersOrHandsOverToTheHandler) {
  EXPECT_EQ(Body(Get("/memo/hot"))["from"], "quick");
  EXPECT_EQ(Body(Get("/memo/cold"))["from"], "pool");
  EXPECT_EQ(Get("/memo/gone").status, 404);
  HttpReply thrown = Get("/memo/throw");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body.find("secret quick detail"), std::string::npos);
}

TEST_F(ServerTest, QuickPathAnswersWhileEveryBlockingThreadIsBusy) {
  std::vector<std::thread> slow;
  for (int i = 0; i < 4; ++i) slow.emplace_back([this] { Get("/slow"); });
  WaitForSlowStarted(4);
  EXPECT_EQ(Body(Get("/memo/hot"))["from"], "quick");
  Open();
  for (auto& t : slow) t.join();
}

TEST_F(ServerTest, AsyncHandlersAnswer) {
  EXPECT_EQ(Body(Get("/async"))["async"], true);
}

TEST_F(ServerTest, CorsPreflightAndSimpleRequests) {
  HttpReply pre = bi::testing::Request(
      port_, "OPTIONS", "/echo", "",
      {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), "http://localhost:3000");
  EXPECT_NE(pre.header("access-control-allow-methods").find("POST"), std::string::npos);

  HttpReply bad = bi::testing::Request(
      port_, "OPTIONS", "/echo", "",
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(bad.status, 403);
  EXPECT_EQ(bad.header("access-control-allow-origin"), "");

  EXPECT_EQ(bi::testing::Request(
                port_, "OPTIONS", "/nope", "",
                {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "GET"}})
                .status,
            404);

  HttpReply simple = Get("/fast", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(simple.header("access-control-allow-origin"), "http://localhost:3000");
  // Errors carry the CORS headers too, so the browser can show them.
  HttpReply err = Get("/nope", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(err.header("access-control-allow-origin"), "http://localhost:3000");
}

TEST_F(ServerTest, OneAccessLogLinePerRequest) {
  Get("/items/5", {{"X-Request-Id", "log-me"}});
  Get("/nope");
  auto lines = AccessLines(2);
  ASSERT_EQ(lines.size(), 2u);
  const auto& l = lines[0];
  EXPECT_EQ(l["request_id"], "log-me");
  EXPECT_EQ(l["method"], "GET");
  EXPECT_EQ(l["endpoint"], "/items/5");
  EXPECT_EQ(l["route"], "/items/{id}");
  EXPECT_EQ(l["status"], 200);
  EXPECT_TRUE(l["duration_ms"].is_number());
  EXPECT_EQ(l["client_ip"], "127.0.0.1");
  EXPECT_EQ(lines[1]["status"], 404);
}

TEST_F(ServerTest, BlockingHandlersDoNotStallInlineRoutes) {
  // More slow requests than I/O threads: the inline route must still answer.
  std::vector<std::thread> slow;
  for (int i = 0; i < 4; ++i) slow.emplace_back([this] { EXPECT_EQ(Get("/slow").status, 200); });
  WaitForSlowStarted(4);
  EXPECT_EQ(Get("/fast").status, 200);
  Open();
  for (auto& t : slow) t.join();
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequests) {
  TestConnection busy(port_);
  busy.Write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  WaitForSlowStarted(1);
  TestConnection idle(port_);  // keep-alive connection with no request
  idle.Write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(idle.Read().status, 200);

  std::thread stopper([this] { server_->Stop(10s); });
  // The idle connection is closed promptly; the busy one still gets its answer.
  EXPECT_TRUE(idle.ClosedByPeer(5s));
  Open();
  HttpReply r = busy.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  stopper.join();
  TestConnection after(port_);
  EXPECT_FALSE(after.connected() && after.Write("GET /fast HTTP/1.1\r\n\r\n") &&
               after.Read(2s).status == 200);
}

TEST_F(ServerTest, IdleConnectionsTimeOut) {
  ServerOptions options;
  options.header_timeout = 1s;
  Start(options);
  TestConnection conn(port_);
  EXPECT_TRUE(conn.ClosedByPeer(10s));
}

TEST_F(ServerTest, ForwardedForIsIgnoredUnlessProxiesAreTrusted) {
  const std::map<std::string, std::string> forwarded = {
      {"X-Forwarded-For", "203.0.113.5, 198.51.100.7"}};
  EXPECT_EQ(Body(Get("/whoami", forwarded))["ip"], "127.0.0.1");
  ServerOptions options;
  options.trusted_proxy_hops = 1;  // one load balancer: it appended the address it saw
  Start(options);
  EXPECT_EQ(Body(Get("/whoami", forwarded))["ip"], "198.51.100.7");
  EXPECT_EQ(Body(Get("/whoami"))["ip"], "127.0.0.1");  // no header: the peer
}

TEST_F(ServerTest, PortInUseIsAnError) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  Server second(options, Router());
  Status s = second.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot listen"), std::string::npos);
}

}  // namespace
}  // namespace bi::http
