// refreshSchedule on dashboards through the API: stored with its default zone and next fire
// time, shown by GET, kept by updates that leave it out, removed with null, and every bad
// expression or zone refused with 422 naming the field.

#include <gtest/gtest.h>

#include "api/api_test_server.h"

namespace bi::testing {
namespace {

using json = nlohmann::json;
constexpr char kPassword[] = "correct horse battery staple";

class DashboardScheduleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.CreateUser("alice@example.com", kPassword, false);
    token_ = api_.Login("alice@example.com", kPassword);
    ASSERT_FALSE(token_.empty());
  }
  HttpReply Call(const std::string& method, const std::string& target, const json& body = nullptr) {
    return api_.Call(method, target, token_, body);
  }

  ApiTestServer api_;
  std::string token_;
};

TEST_F(DashboardScheduleApiTest, ScheduleIsStoredWithTheDefaultZoneAndItsNextFireTime) {
  const int64_t before_ms = api_.clock().NowMillis();
  HttpReply created = Call("POST", "/api/dashboards",
                           {{"title", "Sales"}, {"refreshSchedule", {{"cron", "0 9 * * *"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  json d = json::parse(created.body);
  EXPECT_EQ(d["refreshSchedule"], json({{"cron", "0 9 * * *"}, {"timeZone", "Asia/Tokyo"}}));
  const int64_t next = d["nextRefreshAt"].get<int64_t>();
  EXPECT_GT(next, before_ms);
  EXPECT_LE(next, before_ms + 24 * 3600 * 1000);
  EXPECT_EQ(next % (24 * 3600 * 1000), 0);  // 09:00 in Tokyo is 00:00 UTC

  HttpReply got = Call("GET", "/api/dashboards/" + d["dashboardId"].get<std::string>());
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(json::parse(got.body)["refreshSchedule"], d["refreshSchedule"]);
  EXPECT_EQ(json::parse(got.body)["nextRefreshAt"], d["nextRefreshAt"]);
}

TEST_F(DashboardScheduleApiTest, UpdatesKeepChangeOrRemoveTheSchedule) {
  json d = json::parse(
      Call("POST", "/api/dashboards",
           {{"title", "Ops"},
            {"refreshSchedule", {{"cron", "*/30 * * * *"}, {"timeZone", "Europe/London"}}}})
          .body);
  const std::string path = "/api/dashboards/" + d["dashboardId"].get<std::string>();

  HttpReply renamed = Call("PATCH", path, {{"title", "Ops 2"}, {"version", d["version"]}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  d = json::parse(renamed.body);
  EXPECT_EQ(d["refreshSchedule"]["cron"], "*/30 * * * *");
  EXPECT_EQ(d["refreshSchedule"]["timeZone"], "Europe/London");

  HttpReply changed = Call("PATCH", path,
                           {{"refreshSchedule", {{"cron", "0 8 * * MON"}, {"timeZone", "UTC"}}},
                            {"version", d["version"]}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  d = json::parse(changed.body);
  EXPECT_EQ(d["refreshSchedule"], json({{"cron", "0 8 * * MON"}, {"timeZone", "UTC"}}));
  EXPECT_EQ(d["nextRefreshAt"].get<int64_t>() % (3600 * 1000), 0);  // 08:00 UTC, on the hour

  HttpReply removed =
      Call("PATCH", path, {{"refreshSchedule", nullptr}, {"version", d["version"]}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  d = json::parse(removed.body);
  EXPECT_TRUE(d["refreshSchedule"].is_null());
  EXPECT_TRUE(d["nextRefreshAt"].is_null());
  EXPECT_TRUE(json::parse(Call("GET", path).body)["refreshSchedule"].is_null());
}

TEST_F(DashboardScheduleApiTest, BadExpressionsAndZonesAre422) {
  const std::vector<std::pair<json, std::string>> bad = {
      {{{"cron", "0 25 * * *"}}, "refreshSchedule.cron"},
      {{{"cron", "0 9 * *"}}, "refreshSchedule.cron"},
      {{{"cron", "0 0 31 2 *"}}, "refreshSchedule.cron"},
      {{{"cron", "0 9 * * *"}, {"timeZone", "Asia/Nowhere"}}, "refreshSchedule.timeZone"},
  };
  for (const auto& [schedule, field] : bad) {
    HttpReply r =
        Call("POST", "/api/dashboards", {{"title", "Bad"}, {"refreshSchedule", schedule}});
    EXPECT_EQ(r.status, 422) << schedule.dump() << " " << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["error"]["details"]["field"], field) << r.body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  }
  // Not an object at all: a malformed request.
  EXPECT_EQ(
      Call("POST", "/api/dashboards", {{"title", "Bad"}, {"refreshSchedule", "daily"}}).status,
      400);
  // Nothing was created by the refused requests.
  json list = json::parse(Call("GET", "/api/dashboards").body);
  EXPECT_TRUE(list["items"].empty());
}

}  // namespace
}  // namespace bi::testing
