// The refreshSchedule value of dashboards and cards: defaults, round trip, and the status and
// field of every refusal.

#include "scheduler/refresh_schedule.h"

#include <gtest/gtest.h>

namespace bi::scheduler {
namespace {

TEST(RefreshScheduleTest, TimeZoneDefaultsToTokyo) {
  auto s = RefreshSchedule::FromJson({{"cron", "0 9 * * *"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->ToJson(), nlohmann::json({{"cron", "0 9 * * *"}, {"timeZone", "Asia/Tokyo"}}));
  auto null_zone = RefreshSchedule::FromJson({{"cron", "0 9 * * *"}, {"timeZone", nullptr}});
  ASSERT_TRUE(null_zone.ok());
  EXPECT_EQ(null_zone->zone().name(), "Asia/Tokyo");
}

TEST(RefreshScheduleTest, RoundTripsThroughJson) {
  const nlohmann::json in = {{"cron", "*/30 8-18 * * MON-FRI"}, {"timeZone", "Europe/London"}};
  auto s = RefreshSchedule::FromJson(in);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->ToJson(), in);
  auto again = RefreshSchedule::FromJson(s->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), in);
}

TEST(RefreshScheduleTest, BadExpressionsAndZonesAre422WithTheField) {
  const std::vector<std::pair<nlohmann::json, std::string>> bad = {
      {{{"cron", "61 * * * *"}}, "refreshSchedule.cron"},
      {{{"cron", "every day"}}, "refreshSchedule.cron"},
      {{{"cron", "0 0 30 2 *"}}, "refreshSchedule.cron"},  // never fires
      {{{"cron", "0 9 * * *"}, {"timeZone", "Tokyo"}}, "refreshSchedule.timeZone"},
      {{{"cron", "0 9 * * *"}, {"timeZone", "JST+9"}}, "refreshSchedule.timeZone"},
  };
  for (const auto& [value, field] : bad) {
    auto s = RefreshSchedule::FromJson(value);
    ASSERT_FALSE(s.ok()) << value.dump();
    EXPECT_EQ(s.status().code(), ErrorCode::kUnprocessable) << value.dump();
    EXPECT_EQ(s.status().details().value("field", ""), field) << value.dump();
  }
}

TEST(RefreshScheduleTest, WrongShapesAre400) {
  for (const nlohmann::json& value :
       {nlohmann::json("0 9 * * *"), nlohmann::json::object(), nlohmann::json({{"cron", 9}}),
        nlohmann::json({{"cron", "0 9 * * *"}, {"timeZone", 9}}),
        nlohmann::json({{"cron", "0 9 * * *"}, {"zone", "UTC"}})}) {
    auto s = RefreshSchedule::FromJson(value);
    ASSERT_FALSE(s.ok()) << value.dump();
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument) << value.dump();
  }
}

}  // namespace
}  // namespace bi::scheduler
