// refreshSchedule on cards through the API: as on dashboards, stored with its zone and next
// fire time, kept by updates that leave it out, removed with null, 422 when it is bad.

#include <gtest/gtest.h>

#include "api/api_test_server.h"

namespace bi::testing {
namespace {

using json = nlohmann::json;
constexpr char kPassword[] = "correct horse battery staple";

class CardScheduleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.CreateUser("alice@example.com", kPassword, false);
    token_ = api_.Login("alice@example.com", kPassword);
    ASSERT_FALSE(token_.empty());
    HttpReply dataset = api_.Upload("POST", "/api/datasets", token_, {{"name", "sales"}},
                                    "region,amount\nnorth,10\nsouth,20\n");
    ASSERT_EQ(dataset.status, 201) << dataset.body;
    dataset_id_ = json::parse(dataset.body)["datasetId"].get<std::string>();
  }
  HttpReply Call(const std::string& method, const std::string& target, const json& body = nullptr) {
    return api_.Call(method, target, token_, body);
  }
  json NewCard(const json& schedule) {
    return {{"title", "Total"},
            {"datasetId", dataset_id_},
            {"code", "df['amount'].sum()"},
            {"refreshSchedule", schedule}};
  }

  ApiTestServer api_;
  std::string token_;
  std::string dataset_id_;
};

TEST_F(CardScheduleApiTest, ScheduleIsStoredChangedAndRemoved) {
  HttpReply created = Call("POST", "/api/cards",
                           NewCard({{"cron", "0 6 * * *"}, {"timeZone", "America/New_York"}}));
  ASSERT_EQ(created.status, 201) << created.body;
  json c = json::parse(created.body);
  EXPECT_EQ(c["refreshSchedule"], json({{"cron", "0 6 * * *"}, {"timeZone", "America/New_York"}}));
  // 06:00 in New York is 10:00 or 11:00 UTC, depending on daylight saving.
  const int64_t hour_utc = (c["nextRefreshAt"].get<int64_t>() / 3600000) % 24;
  EXPECT_TRUE(hour_utc == 10 || hour_utc == 11) << hour_utc;
  const std::string path = "/api/cards/" + c["cardId"].get<std::string>();
  EXPECT_EQ(json::parse(Call("GET", path).body)["refreshSchedule"], c["refreshSchedule"]);

  HttpReply renamed = Call("PATCH", path, {{"title", "Sum"}, {"version", c["version"]}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  c = json::parse(renamed.body);
  EXPECT_EQ(c["refreshSchedule"]["cron"], "0 6 * * *");

  HttpReply removed =
      Call("PATCH", path, {{"refreshSchedule", nullptr}, {"version", c["version"]}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(json::parse(removed.body)["refreshSchedule"].is_null());
  EXPECT_TRUE(json::parse(removed.body)["nextRefreshAt"].is_null());
}

TEST_F(CardScheduleApiTest, BadSchedulesAre422) {
  HttpReply bad_cron = Call("POST", "/api/cards", NewCard({{"cron", "*/0 * * * *"}}));
  EXPECT_EQ(bad_cron.status, 422) << bad_cron.body;
  EXPECT_EQ(json::parse(bad_cron.body)["error"]["details"]["field"], "refreshSchedule.cron");
  HttpReply bad_zone =
      Call("POST", "/api/cards", NewCard({{"cron", "0 6 * * *"}, {"timeZone", "EST5EDT+x"}}));
  EXPECT_EQ(bad_zone.status, 422) << bad_zone.body;
  EXPECT_EQ(json::parse(bad_zone.body)["error"]["details"]["field"], "refreshSchedule.timeZone");
  EXPECT_TRUE(json::parse(Call("GET", "/api/cards").body)["items"].empty());
}

}  // namespace
}  // namespace bi::testing
