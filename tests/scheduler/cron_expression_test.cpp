// Cron parsing and next-fire times: field syntax and its errors, month ends and leap years, and
// the daylight-saving rules (docs/scheduler.md) in zones that shift (New York, London) and one
// that does not (Tokyo, the default).

#include "scheduler/cron_expression.h"

#include <gtest/gtest.h>

namespace bi::scheduler {
namespace {

using std::chrono::sys_seconds;

sys_seconds Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return sys_seconds{date::sys_days{date::year{y} / mo / d}.time_since_epoch() +
                     std::chrono::hours(h) + std::chrono::minutes(mi)};
}

const TimeZone& Zone(const char* name) {
  auto z = FindTimeZone(name);
  EXPECT_TRUE(z.ok()) << name;
  return **z;
}

CronExpression Cron(const char* text) {
  auto c = CronExpression::Parse(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().ToString();
  return c.ok() ? *c : *CronExpression::Parse("* * * * *");
}

// The next fire time, or the epoch when there is none.
sys_seconds Next(const char* cron, const char* zone, sys_seconds after) {
  return Cron(cron).NextAfter(after, Zone(zone)).value_or(sys_seconds{});
}

TEST(CronParseTest, RejectsMalformedExpressionsWithTheField) {
  const std::vector<std::pair<const char*, const char*>> bad = {
      {"", ""},
      {"* * * *", ""},
      {"* * * * * *", ""},
      {"60 * * * *", "minute"},
      {"* 24 * * *", "hour"},
      {"* * 0 * *", "day-of-month"},
      {"* * 32 * *", "day-of-month"},
      {"* * * 13 *", "month"},
      {"* * * * 8", "day-of-week"},
      {"* * * FOO *", "month"},
      {"* * * * MONDAY", "day-of-week"},
      {"*/0 * * * *", "minute"},
      {"*/x * * * *", "minute"},
      {"10-5 * * * *", "minute"},
      {"1,,2 * * * *", "minute"},
      {"1- * * * *", "minute"},
      {"@daily", ""},
  };
  for (const auto& [text, field] : bad) {
    auto c = CronExpression::Parse(text);
    ASSERT_FALSE(c.ok()) << "'" << text << "' was accepted";
    EXPECT_EQ(c.status().code(), ErrorCode::kUnprocessable) << text;
    if (*field) {
      EXPECT_EQ(c.status().details().value("cronField", ""), field) << text;
      EXPECT_NE(c.status().message().find(field), std::string::npos) << c.status().message();
    }
  }
}

TEST(CronParseTest, AcceptsTheCrontabSyntax) {
  for (const char* ok : {"* * * * *", "0 9 * * MON-FRI", "*/15 8-18 * * *", "0 0 1,15 * *",
                         "5/20 * * * *", "0 12 * jan-mar sun", "0 0 * * 7", "  0  0  *  *  *  "}) {
    EXPECT_TRUE(CronExpression::Parse(ok).ok()) << ok;
  }
  EXPECT_EQ(Cron("  0  0  *  *  *  ").text(), "0 0 * * *");
}

TEST(CronParseTest, UnknownTimeZonesAreRefused) {
  for (const char* bad :
       {"Mars/Olympus_Mons", "", "../../etc/passwd", "/etc/localtime", "Asia/Tokyo;rm"}) {
    auto z = FindTimeZone(bad);
    ASSERT_FALSE(z.ok()) << bad;
    EXPECT_EQ(z.status().code(), ErrorCode::kUnprocessable);
  }
  EXPECT_TRUE(FindTimeZone(kDefaultTimeZone).ok());
  EXPECT_TRUE(FindTimeZone("UTC").ok());
}

TEST(CronNextTest, TokyoHasNoDaylightSaving) {
  // 09:00 JST is 00:00 UTC every day of the year; strictly after: not the same instant.
  EXPECT_EQ(Next("0 9 * * *", "Asia/Tokyo", Utc(2026, 1, 1, 0, 0)), Utc(2026, 1, 2, 0, 0));
  EXPECT_EQ(Next("0 9 * * *", "Asia/Tokyo", Utc(2025, 12, 31, 23, 59)), Utc(2026, 1, 1, 0, 0));
  EXPECT_EQ(Next("0 9 * * *", "Asia/Tokyo", Utc(2026, 7, 1, 12)), Utc(2026, 7, 2, 0, 0));
  EXPECT_EQ(Next("*/15 * * * *", "Asia/Tokyo", Utc(2026, 1, 1, 0, 7)), Utc(2026, 1, 1, 0, 15));
  // Weekdays only: Friday 2026-01-02 09:00 JST, then Monday the 5th.
  EXPECT_EQ(Next("0 9 * * MON-FRI", "Asia/Tokyo", Utc(2026, 1, 2, 0, 0)), Utc(2026, 1, 5, 0, 0));
}

TEST(CronNextTest, MonthEndsAndLeapYears) {
  // The 31st skips the months without one.
  EXPECT_EQ(Next("0 0 31 * *", "UTC", Utc(2026, 1, 31, 0, 0)), Utc(2026, 3, 31));
  EXPECT_EQ(Next("0 0 31 * *", "UTC", Utc(2026, 3, 31, 0, 0)), Utc(2026, 5, 31));
  // February 29th: the next leap year.
  EXPECT_EQ(Next("0 0 29 2 *", "UTC", Utc(2026, 1, 1)), Utc(2028, 2, 29));
  // Across the year end.
  EXPECT_EQ(Next("30 23 31 12 *", "UTC", Utc(2026, 12, 31, 23, 30)), Utc(2027, 12, 31, 23, 30));
  EXPECT_EQ(Next("0 0 1 1 *", "Asia/Tokyo", Utc(2026, 12, 31, 14, 59)), Utc(2026, 12, 31, 15, 0));
  // The first of each month at midnight in Tokyo is the previous day 15:00 UTC.
  EXPECT_EQ(Next("0 0 1 * *", "Asia/Tokyo", Utc(2026, 2, 1, 0)), Utc(2026, 2, 28, 15, 0));
  // A date that never comes.
  EXPECT_FALSE(Cron("0 0 30 2 *").NextAfter(Utc(2026, 1, 1), Zone("UTC")).has_value());
}

TEST(CronNextTest, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  // Vixie cron: the 13th, or any Friday. 2026-02-06 is a Friday, 2026-02-13 too.
  EXPECT_EQ(Next("0 0 13 * FRI", "UTC", Utc(2026, 2, 1)), Utc(2026, 2, 6));
  EXPECT_EQ(Next("0 0 13 * MON", "UTC", Utc(2026, 2, 10)), Utc(2026, 2, 13));
  // With a '*' day-of-month only the weekday counts; 7 and 0 are both Sunday.
  EXPECT_EQ(Next("0 0 * * 7", "UTC", Utc(2026, 2, 2)), Utc(2026, 2, 8));
  EXPECT_EQ(Next("0 0 * * 0", "UTC", Utc(2026, 2, 2)), Utc(2026, 2, 8));
}

TEST(CronNextTest, NewYorkSpringForwardFiresSkippedTimesAtTheJump) {
  // 2026-03-08: 02:00 EST (07:00 UTC) becomes 03:00 EDT; 02:30 does not exist that day.
  EXPECT_EQ(Next("30 2 * * *", "America/New_York", Utc(2026, 3, 7, 12)), Utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(Next("30 2 * * *", "America/New_York", Utc(2026, 3, 8, 7, 0)), Utc(2026, 3, 9, 6, 30));
  // Times outside the gap keep their wall-clock time: 09:00 is 14:00 UTC, then 13:00 UTC.
  EXPECT_EQ(Next("0 9 * * *", "America/New_York", Utc(2026, 3, 7, 15)), Utc(2026, 3, 8, 13, 0));
  // Every 30 minutes: 01:30 EST, then the jump (once, though 02:00 and 02:30 fall in it), 03:30.
  EXPECT_EQ(Next("*/30 * * * *", "America/New_York", Utc(2026, 3, 8, 6, 0)),
            Utc(2026, 3, 8, 6, 30));
  EXPECT_EQ(Next("*/30 * * * *", "America/New_York", Utc(2026, 3, 8, 6, 30)),
            Utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(Next("*/30 * * * *", "America/New_York", Utc(2026, 3, 8, 7, 0)),
            Utc(2026, 3, 8, 7, 30));
}

TEST(CronNextTest, NewYorkFallBackFiresRepeatedTimesOnce) {
  // 2026-11-01: 02:00 EDT (06:00 UTC) becomes 01:00 EST; 01:30 happens at 05:30 and 06:30 UTC.
  EXPECT_EQ(Next("30 1 * * *", "America/New_York", Utc(2026, 10, 31, 12)), Utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(Next("30 1 * * *", "America/New_York", Utc(2026, 11, 1, 5, 30)),
            Utc(2026, 11, 2, 6, 30));
  // An hourly job: 01:00 EDT, then 02:00 EST; the second 01:00 is the same wall-clock time.
  EXPECT_EQ(Next("0 * * * *", "America/New_York", Utc(2026, 11, 1, 5, 0)), Utc(2026, 11, 1, 7, 0));
  // Asked from inside the repeated hour, the next time is still ahead, never in the past.
  EXPECT_EQ(Next("45 1 * * *", "America/New_York", Utc(2026, 11, 1, 6, 50)),
            Utc(2026, 11, 2, 6, 45));
}

TEST(CronNextTest, LondonSummerTime) {
  // 2026-03-29: 01:00 GMT becomes 02:00 BST; 01:15 does not exist and fires at the jump.
  EXPECT_EQ(Next("15 1 * * *", "Europe/London", Utc(2026, 3, 28, 12)), Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(Next("0 8 * * *", "Europe/London", Utc(2026, 3, 29, 1)), Utc(2026, 3, 29, 7, 0));
  // 2026-10-25: 02:00 BST becomes 01:00 GMT; 01:30 first happens at 00:30 UTC.
  EXPECT_EQ(Next("30 1 * * *", "Europe/London", Utc(2026, 10, 24, 12)), Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(Next("30 1 * * *", "Europe/London", Utc(2026, 10, 25, 0, 30)),
            Utc(2026, 10, 26, 1, 30));
  // The last day of the month in winter time.
  EXPECT_EQ(Next("0 0 31 * *", "Europe/London", Utc(2026, 10, 1)), Utc(2026, 10, 31, 0, 0));
}

}  // namespace
}  // namespace bi::scheduler
