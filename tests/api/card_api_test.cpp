// Cards through the real API and a real `bi executor` process (pre-warmed Python, sandbox) that
// reads the same data directory: CRUD and permissions, every output kind, the card's own
// failures passed on (422, 408), the result cache with its invalidation and coalescing, the
// audit line, and the executor going away mid-run.

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <thread>

#include "api/api_test_server.h"
#include "api/test_storage.h"
#include "common/log.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "card-password-123";
const std::string kSalesCsv = "region,qty,price\neast,1,2.5\nwest,2,4.0\neast,3,1.5\nnorth,4,\n";

std::map<std::string, std::string> ExecutorEnv(const std::string& data_dir,
                                               std::map<std::string, std::string> more = {}) {
  more.insert({{"BI_EXECUTOR_WORKERS", "2"}, {"BI_LOG_LEVEL", "info"}});
  more.merge(TestStorageEnv(data_dir));
  return more;
}

// How many POST /execute requests the executor's access log shows so far.
int ExecuteRequests(BiProcess& executor) {
  std::string out = executor.Output();
  int n = 0;
  const std::string needle = "\"endpoint\":\"/execute\"";
  for (size_t at = out.find(needle); at != std::string::npos; at = out.find(needle, at + 1)) ++n;
  return n;
}

// The API in-process and one executor process for the whole suite (warming Python is slow).
class CardApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { shared_ = new Shared(); }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  struct Shared {
    TempDir dir;
    std::unique_ptr<BiProcess> executor;
    std::unique_ptr<ApiTestServer> api;
    std::string alice, bob, admin;  // tokens
    std::string bob_id;
    Shared() {
      executor = std::make_unique<BiProcess>(std::vector<std::string>{"executor", "--port", "0"},
                                             ExecutorEnv(dir.path()));
      int port = executor->WaitForPort("executor");
      if (port <= 0) throw std::runtime_error("executor did not start: " + executor->Output());
      api = std::make_unique<ApiTestServer>(
          WithExecutor(dir.path(), "http://127.0.0.1:" + std::to_string(port)));
      api->CreateUser("alice@example.com", kPassword, false);
      bob_id = api->CreateUser("bob@example.com", kPassword, false).user_id;
      api->CreateUser("root@example.com", kPassword, true);
      alice = api->Login("alice@example.com", kPassword);
      bob = api->Login("bob@example.com", kPassword);
      admin = api->Login("root@example.com", kPassword);
    }
  };

  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += line;
    });
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  ApiTestServer& api() { return *shared_->api; }
  const std::string& alice() { return shared_->alice; }
  const std::string& bob() { return shared_->bob; }

  std::string NewDataset(const std::string& csv = kSalesCsv) {
    HttpReply r = api().Upload("POST", "/api/datasets", alice(), {{"name", "sales"}}, csv);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["datasetId"];
  }
  json NewCard(const std::string& dataset_id, const std::string& code) {
    HttpReply r = api().Call("POST", "/api/cards", alice(),
                             {{"title", "card"}, {"datasetId", dataset_id}, {"code", code}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }
  HttpReply Run(const std::string& card_id, const std::string& token, const json& body = nullptr) {
    return api().Call("POST", "/api/cards/" + card_id + "/run", token, body);
  }
  HttpReply Preview(const std::string& dataset_id, const std::string& code) {
    return api().Call("POST", "/api/cards/preview", alice(),
                      {{"datasetId", dataset_id}, {"code", code}});
  }
  std::string Log() {
    log::Flush();
    std::lock_guard lock(mu_);
    return log_;
  }

  static Shared* shared_;
  std::mutex mu_;
  std::string log_;
};

CardApiTest::Shared* CardApiTest::shared_ = nullptr;

TEST_F(CardApiTest, CreateReadUpdateDeleteWithVersions) {
  const std::string ds = NewDataset();
  HttpReply r = api().Call("POST", "/api/cards", alice(),
                           {{"title", "Sales by region"},
                            {"description", "sum of qty"},
                            {"datasetId", ds},
                            {"code", "df.groupby('region')['qty'].sum()"},
                            {"display", {{"chartTitle", "Sales"}, {"columnOrder", {"region"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json card = json::parse(r.body);
  const std::string id = card["cardId"];
  EXPECT_EQ(card["version"], 1);
  EXPECT_EQ(card["readOnly"], false);
  EXPECT_EQ(card["display"]["chartTitle"], "Sales");

  r = api().Call("GET", "/api/cards/" + id, alice());
  EXPECT_EQ(r.status, 200);
  r = api().Call("GET", "/api/cards", alice());
  EXPECT_NE(r.body.find(id), std::string::npos);

  r = api().Call("PATCH", "/api/cards/" + id, alice(), {{"title", "Renamed"}, {"version", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["version"], 2);
  r = api().Call("PATCH", "/api/cards/" + id, alice(), {{"title", "Stale"}, {"version", 1}});
  EXPECT_EQ(r.status, 409) << r.body;
  r = api().Call("PATCH", "/api/cards/" + id, alice(), {{"title", "No version"}});
  EXPECT_EQ(r.status, 400);
  r = api().Call("PATCH", "/api/cards/" + id, alice(), {{"titel", "typo"}, {"version", 2}});
  EXPECT_EQ(r.status, 400);

  // Another user: as if it did not exist.
  EXPECT_EQ(api().Call("GET", "/api/cards/" + id, bob()).status, 404);
  EXPECT_EQ(Run(id, bob()).status, 404);
  EXPECT_EQ(api().Call("DELETE", "/api/cards/" + id, bob()).status, 404);
  EXPECT_EQ(api().Call("GET", "/api/cards", bob()).body.find(id), std::string::npos);
  // A card on someone else's dataset cannot be made.
  r = api().Call("POST", "/api/cards", bob(), {{"title", "t"}, {"datasetId", ds}, {"code", "1"}});
  EXPECT_EQ(r.status, 404);
  r = api().Call("POST", "/api/cards/preview", bob(), {{"datasetId", ds}, {"code", "1"}});
  EXPECT_EQ(r.status, 404);

  EXPECT_EQ(api().Call("DELETE", "/api/cards/" + id + "?version=1", alice()).status, 409);
  EXPECT_EQ(api().Call("DELETE", "/api/cards/" + id + "?version=2", alice()).status, 204);
  EXPECT_EQ(api().Call("GET", "/api/cards/" + id, alice()).status, 404);
}

TEST_F(CardApiTest, ACardOnASharedDashboardCanBeRunButNotChanged) {
  const std::string ds = NewDataset();
  json card = NewCard(ds, "len(df)");
  const std::string id = card["cardId"];
  repo::DashboardRepository dashboards(*api().ctx().store);
  repo::Dashboard dash;
  dash.owner_id = card["ownerId"];
  dash.name = "board";
  dash.layout = store::AttributeValue::L(
      {store::AttributeValue::M({{"cardId", store::AttributeValue::S(id)}})});
  auto created = dashboards.Create(dash);
  ASSERT_TRUE(created.ok());
  repo::ShareRepository shares(*api().ctx().store);
  repo::DashboardShare share;
  share.dashboard_id = created->dashboard_id;
  share.shared_to_id = shared_->bob_id;
  share.created_by = dash.owner_id;
  ASSERT_TRUE(shares.Create(share).ok());

  HttpReply r = api().Call("GET", "/api/cards/" + id, bob());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["readOnly"], true);
  r = Run(id, bob());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["result"]["value"], 4);
  r = api().Call("PATCH", "/api/cards/" + id, bob(), {{"code", "0"}, {"version", 1}});
  EXPECT_EQ(r.status, 403);
}

TEST_F(CardApiTest, PreviewAndRunShowEveryOutputKind) {
  const std::string ds = NewDataset();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"df.groupby('region', as_index=False)['qty'].sum()", "table"},
      {"go.Figure(go.Bar(x=df['region'], y=df['qty']))", "plotly"},
      {"fig, ax = plt.subplots()\nax.plot(df['qty'])\nresult = fig", "image"},
      {"df['qty'].sum()", "kpi"},
      {"f\"**{len(df)}** rows\"", "markdown"},
      {"{'regions': sorted(df['region'].unique().tolist())}", "json"},
      {"result = None", "empty"},
  };
  for (const auto& [code, kind] : cases) {
    HttpReply r = Preview(ds, code);
    ASSERT_EQ(r.status, 200) << code << ": " << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["result"]["kind"], kind) << code;
    EXPECT_TRUE(body["cardId"].is_null());
    // The same code saved as a card and run.
    json card = NewCard(ds, code);
    HttpReply run = Run(card["cardId"], alice());
    ASSERT_EQ(run.status, 200) << code << ": " << run.body;
    EXPECT_EQ(json::parse(run.body)["result"]["kind"], kind) << code;
    EXPECT_EQ(json::parse(run.body)["cardId"], card["cardId"]);
  }
  json table =
      json::parse(Preview(ds, "df.sort_values('qty').reset_index(drop=True)").body)["result"];
  EXPECT_EQ(table["rows"][0], json({"east", 1, 2.5}));
  EXPECT_TRUE(table["rows"][3][2].is_null());
}

TEST_F(CardApiTest, TheCardsOwnErrorIs422WithItsTraceback) {
  const std::string ds = NewDataset();
  HttpReply r = Preview(ds, "x = 1\ny = df['no_such_column']\n");
  ASSERT_EQ(r.status, 422) << r.body;
  json error = json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "user_code_error");
  EXPECT_EQ(error["details"]["line"], 2);
  EXPECT_EQ(error["details"]["type"], "KeyError");
  EXPECT_TRUE(json::parse(r.body).contains("requestId"));

  r = Preview(ds, "import socket\n");
  EXPECT_EQ(r.status, 422) << r.body;
  r = api().Call("POST", "/api/cards/preview", alice(), {{"datasetId", ds}});
  EXPECT_EQ(r.status, 400);
  r = api().Call("POST", "/api/cards/preview", alice(),
                 {{"datasetId", ds}, {"code", "1"}, {"filters", {{"column", "nope"}}}});
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(CardApiTest, ATimeoutIs408) {
  const std::string ds = NewDataset();
  HttpReply r = Preview(ds, "while True:\n    pass\n");
  ASSERT_EQ(r.status, 408) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "timeout");
  // The worker is free again.
  EXPECT_EQ(Preview(ds, "1 + 1").status, 200);
}

TEST_F(CardApiTest, ResultsAreCachedUntilTheCodeOrTheDataChange) {
  const std::string ds = NewDataset();
  json card = NewCard(ds, "int(df['qty'].sum())");
  const std::string id = card["cardId"];

  json first = json::parse(Run(id, alice()).body);
  EXPECT_EQ(first["cached"], false);
  EXPECT_EQ(first["result"]["value"], 10);
  json second = json::parse(Run(id, alice()).body);
  EXPECT_EQ(second["cached"], true);
  EXPECT_EQ(second["result"]["value"], 10);
  EXPECT_EQ(second["cachedAt"], first["cachedAt"]);
  EXPECT_GE(second["ageSeconds"], 0);
  // noCache runs again.
  EXPECT_EQ(json::parse(Run(id, alice(), {{"noCache", true}}).body)["cached"], false);
  // Filters and params are part of the key.
  json filtered = json::parse(
      Run(id, alice(), {{"filters", {{{"column", "region"}, {"op", "eq"}, {"value", "east"}}}}})
          .body);
  EXPECT_EQ(filtered["cached"], false);
  EXPECT_EQ(filtered["result"]["value"], 4);

  // New data: never the old result.
  HttpReply replaced =
      api().Upload("PUT", "/api/datasets/" + ds + "/data", alice(), {}, "region,qty\nsouth,100\n");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  json after_replace = json::parse(Run(id, alice()).body);
  EXPECT_EQ(after_replace["cached"], false);
  EXPECT_EQ(after_replace["result"]["value"], 100);

  // New code: never the old result.
  HttpReply patched = api().Call("PATCH", "/api/cards/" + id, alice(),
                                 {{"code", "int(df['qty'].sum()) * 2"}, {"version", 1}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  json after_patch = json::parse(Run(id, alice()).body);
  EXPECT_EQ(after_patch["cached"], false);
  EXPECT_EQ(after_patch["result"]["value"], 200);

  // Results are also in the blob store, for other API instances and restarts.
  auto listed = api().ctx().blobs->List("cache/card-results/");
  ASSERT_TRUE(listed.ok());
  EXPECT_GE(listed->blobs.size(), 4u);
}

TEST_F(CardApiTest, EachRunWritesAnAuditLine) {
  const std::string ds = NewDataset();
  json card = NewCard(ds, "len(df)");
  const std::string id = card["cardId"];
  ASSERT_EQ(Run(id, alice()).status, 200);
  ASSERT_EQ(Run(id, alice()).status, 200);
  std::string log = Log();
  size_t uncached = log.find("\"event\":\"card_executed\"");
  ASSERT_NE(uncached, std::string::npos) << log;
  EXPECT_NE(log.find("\"card_id\":\"" + id + "\""), std::string::npos);
  EXPECT_NE(log.find("\"cached\":false"), std::string::npos);
  EXPECT_NE(log.find("\"cached\":true"), std::string::npos);
  EXPECT_NE(log.find("\"execution_time_ms\":"), std::string::npos);
  EXPECT_NE(log.find("\"log\":\"audit\""), std::string::npos);
  // One line per request, whether it was answered from memory on the I/O thread or not.
  size_t lines = 0;
  for (size_t at = log.find("card_executed"); at != std::string::npos;
       at = log.find("card_executed", at + 1))
    ++lines;
  EXPECT_EQ(lines, 2u);
}

TEST_F(CardApiTest, AResultInMemoryIsStillOnlyForThoseWhoMayRunTheCard) {
  const std::string ds = NewDataset();
  const std::string id = NewCard(ds, "len(df)")["cardId"];
  ASSERT_EQ(Run(id, alice()).status, 200);
  ASSERT_EQ(json::parse(Run(id, alice()).body)["cached"], true);
  EXPECT_EQ(Run(id, bob()).status, 404);
  EXPECT_EQ(Run(id, "not-a-token").status, 401);
  EXPECT_EQ(Run(id, alice(), {{"bogus", 1}}).status, 400);
}

TEST_F(CardApiTest, TwentySimultaneousIdenticalRunsExecuteOnce) {
  const std::string ds = NewDataset();
  // Long enough (about a second) that all twenty arrive while it runs.
  json card = NewCard(ds, "sum(i for i in range(15_000_000)) + len(df)");
  const std::string id = card["cardId"];
  // Earlier tests' requests reach the executor's access log up to 100 ms late; let them land
  // so they are not counted as this test's.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int before = ExecuteRequests(*shared_->executor);
  const auto stats_before = api().ctx().card_results.stats();
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 20; ++i) {
    callers.emplace_back([&] {
      HttpReply r = Run(id, alice());
      if (r.status == 200 &&
          json::parse(r.body)["result"]["value"] == int64_t{15'000'000} * (15'000'000 - 1) / 2 + 4)
        ++ok;
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(ok, 20);
  EXPECT_EQ(api().ctx().card_results.stats().misses - stats_before.misses, 1);
  // And the executor saw one request (its access log is flushed within 100 ms).
  for (int i = 0; i < 50 && ExecuteRequests(*shared_->executor) == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(ExecuteRequests(*shared_->executor) - before, 1);
}

// The executor goes away: killed mid-run, then not there at all, then back.
TEST(CardExecutorOutageTest, AKilledExecutorIs503AndTheNextRunWorksOnceItIsBack) {
  log::SetSinkForTesting([](std::string_view) {});
  TempDir dir;
  auto executor = std::make_unique<BiProcess>(std::vector<std::string>{"executor", "--port", "0"},
                                              ExecutorEnv(dir.path()));
  const int port = executor->WaitForPort("executor");
  ASSERT_GT(port, 0) << executor->Output();
  ApiTestServer api(WithExecutor(dir.path(), "http://127.0.0.1:" + std::to_string(port)));
  api.CreateUser("carol@example.com", kPassword, false);
  const std::string token = api.Login("carol@example.com", kPassword);
  HttpReply up = api.Upload("POST", "/api/datasets", token, {{"name", "d"}}, kSalesCsv);
  ASSERT_EQ(up.status, 201);
  const std::string ds = json::parse(up.body)["datasetId"];
  auto preview = [&](const std::string& code) {
    return api.Call("POST", "/api/cards/preview", token, {{"datasetId", ds}, {"code", code}});
  };

  HttpReply in_flight;
  std::thread run([&] { in_flight = preview("sum(i for i in range(200_000_000))"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  executor->Signal(SIGKILL);
  run.join();
  EXPECT_EQ(in_flight.status, 503) << in_flight.body;
  EXPECT_FALSE(in_flight.header("retry-after").empty());
  executor->Wait();

  HttpReply down = preview("1");
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(json::parse(down.body)["error"]["details"]["reason"], "executor_unreachable");

  executor = std::make_unique<BiProcess>(
      std::vector<std::string>{"executor", "--port", std::to_string(port)},
      ExecutorEnv(dir.path()));
  ASSERT_EQ(executor->WaitForPort("executor"), port) << executor->Output();
  HttpReply back = preview("len(df)");
  EXPECT_EQ(back.status, 200) << back.body;
  log::SetSinkForTesting(nullptr);
}

// One executor process and an API in front of it, for the tests that change the executor.
struct OwnExecutor {
  TempDir dir;
  std::unique_ptr<BiProcess> executor;
  std::unique_ptr<ApiTestServer> api;
  std::string token, dataset;

  OwnExecutor(std::map<std::string, std::string> env, const std::string& api_secret) {
    log::SetSinkForTesting([](std::string_view) {});
    executor = std::make_unique<BiProcess>(std::vector<std::string>{"executor", "--port", "0"},
                                           ExecutorEnv(dir.path(), std::move(env)));
    const int port = executor->WaitForPort("executor");
    if (port <= 0) throw std::runtime_error("executor did not start: " + executor->Output());
    api = std::make_unique<ApiTestServer>(
        WithExecutor(dir.path(), "http://127.0.0.1:" + std::to_string(port), api_secret));
    api->CreateUser("dave@example.com", kPassword, false);
    token = api->Login("dave@example.com", kPassword);
    HttpReply up = api->Upload("POST", "/api/datasets", token, {{"name", "d"}}, kSalesCsv);
    if (up.status != 201) throw std::runtime_error(up.body);
    dataset = json::parse(up.body)["datasetId"];
  }
  ~OwnExecutor() { log::SetSinkForTesting(nullptr); }
  HttpReply Preview(const std::string& code) {
    return api->Call("POST", "/api/cards/preview", token, {{"datasetId", dataset}, {"code", code}});
  }
};

TEST(CardExecutorOutageTest, AFullExecutorIs503WithRetryAfter) {
  OwnExecutor env({{"BI_EXECUTOR_WORKERS", "1"}, {"BI_EXECUTOR_QUEUE", "0"}}, "");
  HttpReply busy;
  std::thread run([&] { busy = env.Preview("sum(i for i in range(100_000_000))"); });
  // Give the long run time to take the only worker (it runs for seconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  HttpReply refused = env.Preview("len(df)");
  run.join();
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"]["details"]["reason"], "queue_full");
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(busy.status, 200) << busy.body;
}

TEST(CardExecutorOutageTest, TheSharedSecretIsSentAndAMismatchIsAnOutageNotA401) {
  {
    OwnExecutor env({{"EXECUTOR_SHARED_SECRET", "executor-secret-0123456789"}},
                    "executor-secret-0123456789");
    EXPECT_EQ(env.Preview("len(df)").status, 200);
  }
  OwnExecutor env({{"EXECUTOR_SHARED_SECRET", "executor-secret-0123456789"}}, "another-secret");
  HttpReply r = env.Preview("len(df)");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["details"]["reason"], "executor_auth");
}

TEST(CardExecutorOutageTest, AnExecutorThatNeverAnswersIs503AfterTheDeadline) {
  log::SetSinkForTesting([](std::string_view) {});
  // Listens (the kernel completes connections) but never reads or answers.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  ApiTestOptions options;
  options.executor_endpoint = endpoint;
  options.card_timeout_seconds = 1;
  ApiTestServer api(options);
  api.CreateUser("erin@example.com", kPassword, false);
  const std::string token = api.Login("erin@example.com", kPassword);
  HttpReply up = api.Upload("POST", "/api/datasets", token, {{"name", "d"}}, kSalesCsv);
  ASSERT_EQ(up.status, 201);
  HttpReply r = api.Call("POST", "/api/cards/preview", token,
                         {{"datasetId", json::parse(up.body)["datasetId"]}, {"code", "1"}});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["details"]["reason"], "executor_timeout");
  EXPECT_FALSE(r.header("retry-after").empty());
  ::close(fd);
  log::SetSinkForTesting(nullptr);
}

}  // namespace
}  // namespace bi::testing
