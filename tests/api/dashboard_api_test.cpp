// Dashboards through the real API and a real `bi executor` process: filters pushed down to the
// datasets that have the column, one failing card among working ones, filter views, the choices
// of a select filter, shares taking effect on the next request (and audited), and validation.

#include <gtest/gtest.h>

#include <mutex>

#include "api/api_test_server.h"
#include "api/test_storage.h"
#include "common/log.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "dashboard-password-1";

class DashboardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += line;
    });
    auto executor_env = TestStorageEnv(dir_.path());
    executor_env["BI_EXECUTOR_WORKERS"] = "2";
    executor_ = std::make_unique<BiProcess>(std::vector<std::string>{"executor", "--port", "0"},
                                            executor_env);
    const int port = executor_->WaitForPort("executor");
    ASSERT_GT(port, 0) << executor_->Output();
    api_ = std::make_unique<ApiTestServer>(
        WithExecutor(dir_.path(), "http://127.0.0.1:" + std::to_string(port)));
    api_->CreateUser("alice@example.com", kPassword, false);
    bob_id_ = api_->CreateUser("bob@example.com", kPassword, false).user_id;
    alice_ = api_->Login("alice@example.com", kPassword);
    bob_ = api_->Login("bob@example.com", kPassword);

    sales_ = Upload("region,qty\neast,1\nwest,2\neast,3\nnorth,4\n");
    cities_ = Upload("city,amount\nOsaka,10\nKyoto,20\n");  // no region column
    sum_card_ = Card(sales_, "int(df['qty'].sum())");
    count_card_ = Card(cities_, "len(df)");
    broken_card_ = Card(sales_, "raise ValueError('broken on purpose')");
    HttpReply r = api_->Call(
        "POST", "/api/dashboards", alice_,
        {{"title", "Sales"},
         {"layout",
          {{{"cardId", sum_card_}, {"x", 0}, {"y", 0}, {"w", 6}, {"h", 4}},
           {{"cardId", count_card_}, {"x", 6}, {"y", 0}, {"w", 6}, {"h", 4}},
           {{"cardId", broken_card_}, {"x", 0}, {"y", 4}, {"w", 12}, {"h", 4}}}},
         {"filters",
          {{{"filterId", "r"}, {"label", "Region"}, {"column", "region"}, {"kind", "select"}},
           {{"filterId", "q"}, {"column", "qty"}, {"kind", "numeric_range"}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    dashboard_ = json::parse(r.body)["dashboardId"];
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::string Upload(const std::string& csv) {
    HttpReply r = api_->Upload("POST", "/api/datasets", alice_, {{"name", "d"}}, csv);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["datasetId"];
  }
  std::string Card(const std::string& dataset, const std::string& code) {
    HttpReply r = api_->Call("POST", "/api/cards", alice_,
                             {{"title", "c"}, {"datasetId", dataset}, {"code", code}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["cardId"];
  }
  // The run's cards by id.
  std::map<std::string, json> Run(const json& body, const std::string& token = "") {
    HttpReply r = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/run",
                             token.empty() ? alice_ : token, body);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, json> out;
    const json body = json::parse(r.body);
    for (const auto& c : body["cards"]) out[c["cardId"].get<std::string>()] = c;
    return out;
  }
  std::string Log() {
    log::Flush();
    std::lock_guard lock(mu_);
    return log_;
  }

  TempDir dir_;
  std::unique_ptr<BiProcess> executor_;
  std::unique_ptr<ApiTestServer> api_;
  std::string alice_, bob_, bob_id_;
  std::string sales_, cities_, sum_card_, count_card_, broken_card_, dashboard_;
  std::mutex mu_;
  std::string log_;
};

TEST_F(DashboardApiTest, FiltersArePushedToDatasetsWithTheColumnAndAFailingCardFailsAlone) {
  auto all = Run(nullptr);
  EXPECT_EQ(all[sum_card_]["status"], 200);
  EXPECT_EQ(all[sum_card_]["result"]["value"], 10);
  EXPECT_EQ(all[count_card_]["result"]["value"], 2);
  EXPECT_EQ(all[broken_card_]["status"], 422);
  EXPECT_EQ(all[broken_card_]["error"]["code"], "user_code_error");

  auto east = Run({{"filters", {{"r", "east"}}}});
  EXPECT_EQ(east[sum_card_]["result"]["value"], 4);
  EXPECT_EQ(east[sum_card_]["cached"], false);
  EXPECT_EQ(east[count_card_]["result"]["value"], 2);  // no region column: not filtered
  EXPECT_EQ(east[count_card_]["cached"], true);        // so its result is the same one

  auto range = Run({{"filters", {{"q", {{"min", 2}, {"max", 3}}}}}});
  EXPECT_EQ(range[sum_card_]["result"]["value"], 5);

  HttpReply bad = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/run", alice_,
                             {{"filters", {{"nope", 1}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  bad = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/run", alice_,
                   {{"filters", {{"q", "not a range"}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(DashboardApiTest, FilterViewsApplyTheirValuesAndRequestValuesWin) {
  HttpReply r = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/filter-views", alice_,
                           {{"name", "West"}, {"values", {{"r", "west"}}}, {"shared", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string view = json::parse(r.body)["filterViewId"];
  EXPECT_EQ(Run({{"filterViewId", view}})[sum_card_]["result"]["value"], 2);
  EXPECT_EQ(
      Run({{"filterViewId", view}, {"filters", {{"r", "east"}}}})[sum_card_]["result"]["value"], 4);

  r = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/filter-views", alice_,
                 {{"name", "Bad"}, {"values", {{"unknown", 1}}}});
  EXPECT_EQ(r.status, 400) << r.body;
  r = api_->Call("PATCH", "/api/filter-views/" + view, alice_, {{"name", "W"}, {"version", 1}});
  EXPECT_EQ(r.status, 200) << r.body;
  r = api_->Call("PATCH", "/api/filter-views/" + view, alice_, {{"name", "X"}, {"version", 1}});
  EXPECT_EQ(r.status, 409) << r.body;

  // Private views are their author's only.
  r = api_->Call("POST", "/api/dashboards/" + dashboard_ + "/filter-views", alice_,
                 {{"name", "Mine"}, {"values", json::object()}});
  ASSERT_EQ(r.status, 201);
  ASSERT_EQ(api_->Call("POST", "/api/dashboards/" + dashboard_ + "/shares", alice_,
                       {{"targetType", "user"}, {"targetId", bob_id_}, {"permission", "view"}})
                .status,
            201);
  json seen = json::parse(
      api_->Call("GET", "/api/dashboards/" + dashboard_ + "/filter-views", bob_).body)["items"];
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["name"], "W");
}

TEST_F(DashboardApiTest, SelectFilterChoicesAreDistinctSortedAndSearchable) {
  const std::string base = "/api/dashboards/" + dashboard_ + "/filters/r/values";
  HttpReply r = api_->Call("GET", base, alice_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["values"], json({"east", "north", "west"}));
  EXPECT_EQ(json::parse(r.body)["truncated"], false);
  EXPECT_EQ(json::parse(api_->Call("GET", base + "?q=EA", alice_).body)["values"], json({"east"}));
  json limited = json::parse(api_->Call("GET", base + "?limit=1", alice_).body);
  EXPECT_EQ(limited["values"], json({"east"}));
  EXPECT_EQ(limited["truncated"], true);
  EXPECT_EQ(api_->Call("GET", base + "?limit=0", alice_).status, 400);
  EXPECT_EQ(
      api_->Call("GET", "/api/dashboards/" + dashboard_ + "/filters/zz/values", alice_).status,
      404);
}

TEST_F(DashboardApiTest, SharesTakeEffectOnTheNextRequestAndAreAudited) {
  const std::string path = "/api/dashboards/" + dashboard_;
  EXPECT_EQ(api_->Call("GET", path, bob_).status, 404);
  HttpReply r = api_->Call("POST", path + "/shares", alice_,
                           {{"targetType", "user"}, {"targetId", bob_id_}, {"permission", "view"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string share = json::parse(r.body)["shareId"];
  EXPECT_EQ(json::parse(r.body)["targetLabel"], "bob@example.com");
  r = api_->Call("GET", path, bob_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["permission"], "view");
  EXPECT_EQ(Run(nullptr, bob_)[sum_card_]["result"]["value"], 10);
  // The card's data can be previewed by the viewer, not downloaded.
  EXPECT_EQ(api_->Call("GET", "/api/datasets/" + sales_ + "/preview", bob_).status, 200);
  EXPECT_EQ(api_->Call("GET", "/api/datasets/" + sales_ + "/download", bob_).status, 404);

  // Sharing again changes the permission instead of adding a share.
  r = api_->Call("POST", path + "/shares", alice_,
                 {{"targetType", "user"}, {"targetId", bob_id_}, {"permission", "edit"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(api_->Call("GET", path, bob_).body)["permission"], "edit");
  EXPECT_EQ(json::parse(api_->Call("GET", path + "/shares", alice_).body)["items"].size(), 1u);

  EXPECT_EQ(api_->Call("DELETE", path + "/shares/" + share, alice_).status, 204);
  EXPECT_EQ(api_->Call("GET", path, bob_).status, 404);
  EXPECT_EQ(api_->Call("GET", "/api/cards/" + sum_card_, bob_).status, 404);
  EXPECT_EQ(api_->Call("GET", "/api/datasets/" + sales_ + "/preview", bob_).status, 404);

  const std::string log = Log();
  EXPECT_NE(log.find("\"event\":\"dashboard_share_changed\""), std::string::npos);
  EXPECT_NE(log.find("\"dashboard_id\":\"" + dashboard_ + "\""), std::string::npos);
  EXPECT_NE(log.find("\"shared_with\":\"" + bob_id_ + "\""), std::string::npos);
  EXPECT_NE(log.find("\"permission\":\"edit\""), std::string::npos);
  EXPECT_NE(log.find("\"action\":\"removed\""), std::string::npos);

  // Through a group: leaving the group ends the access at once.
  repo::GroupRepository groups(*api_->ctx().store);
  repo::Group g;
  g.name = "analysts";
  const std::string group = groups.Create(g)->group_id;
  repo::MemberRepository members(*api_->ctx().store);
  ASSERT_TRUE(members.Add(group, bob_id_).ok());
  ASSERT_EQ(api_->Call("POST", path + "/shares", alice_,
                       {{"targetType", "group"}, {"targetId", group}, {"permission", "view"}})
                .status,
            201);
  EXPECT_EQ(api_->Call("GET", path, bob_).status, 200);
  ASSERT_TRUE(members.Remove(group, bob_id_).ok());
  EXPECT_EQ(api_->Call("GET", path, bob_).status, 404);
}

TEST_F(DashboardApiTest, ChangesAreValidatedAndVersioned) {
  const std::string path = "/api/dashboards/" + dashboard_;
  HttpReply r = api_->Call("PATCH", path, alice_, {{"title", "Renamed"}, {"version", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["version"], 2);
  EXPECT_EQ(api_->Call("PATCH", path, alice_, {{"title", "Stale"}, {"version", 1}}).status, 409);

  auto patch = [&](const json& change) {
    json body = change;
    body["version"] = 2;
    return api_->Call("PATCH", path, alice_, body);
  };
  EXPECT_EQ(patch({{"layout", {{{"cardId", sum_card_}, {"x", 8}, {"w", 6}}}}}).status, 400);
  EXPECT_EQ(patch({{"layout", {{{"cardId", "no-such-card"}}}}}).status, 404);
  EXPECT_EQ(patch({{"filters", {{{"column", "region"}, {"kind", "dropdown"}}}}}).status, 400);
  EXPECT_EQ(
      patch({{"filters", {{{"column", "region"}, {"kind", "select"}, {"default", json::array()}}}}})
          .status,
      400);
  EXPECT_EQ(patch({{"title", "   "}}).status, 400);
  EXPECT_EQ(patch({{"colour", "red"}}).status, 400);
  // Nothing of the refused changes was stored.
  json stored = json::parse(api_->Call("GET", path, alice_).body);
  EXPECT_EQ(stored["version"], 2);
  EXPECT_EQ(stored["layout"].size(), 3u);

  // A card of someone else cannot be placed on one's own dashboard.
  const std::string bobs_data = json::parse(
      api_->Upload("POST", "/api/datasets", bob_, {{"name", "b"}}, "a\n1\n").body)["datasetId"];
  const std::string bobs_card =
      json::parse(api_->Call("POST", "/api/cards", bob_,
                             {{"title", "b"}, {"datasetId", bobs_data}, {"code", "1"}})
                      .body)["cardId"];
  EXPECT_EQ(patch({{"layout", {{{"cardId", bobs_card}}}}}).status, 404);

  EXPECT_EQ(api_->Call("DELETE", path + "?version=1", alice_).status, 409);
  EXPECT_EQ(api_->Call("DELETE", path + "?version=2", alice_).status, 204);
  EXPECT_EQ(api_->Call("GET", path, alice_).status, 404);
}

}  // namespace
}  // namespace bi::testing
