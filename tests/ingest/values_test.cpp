// Reading field text as typed values.

#include "ingest/values.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace bi::ingest {
namespace {

TEST(Values, NullMarkers) {
  for (const char* s :
       {"", "NULL", "null", "Null", "NA", "N/A", "n/a", "NaN", "nan", "None", "#N/A", "#NA"})
    EXPECT_TRUE(IsNullMarker(s)) << s;
  for (const char* s : {" ", "0", "none", "nil", "-", "NB", "N/B", "NULl", "true", "1234", "#N/",
                        "NUL", "NaNa", "\xff\xff"})
    EXPECT_FALSE(IsNullMarker(s)) << s;
}

TEST(Values, Integers) {
  int64_t v;
  EXPECT_EQ(ParseInt64("42", &v), IntParse::kOk);
  EXPECT_EQ(v, 42);
  EXPECT_EQ(ParseInt64(" -7 ", &v), IntParse::kOk);
  EXPECT_EQ(v, -7);
  EXPECT_EQ(ParseInt64("9223372036854775807", &v), IntParse::kOk);
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_EQ(ParseInt64("-9223372036854775808", &v), IntParse::kOk);
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_EQ(ParseInt64("9223372036854775808", &v), IntParse::kOverflow);
  EXPECT_EQ(ParseInt64("99999999999999999999999", &v), IntParse::kOverflow);
  EXPECT_EQ(ParseInt64("007", &v), IntParse::kNo);
  EXPECT_EQ(ParseInt64("1.0", &v), IntParse::kNo);
  EXPECT_EQ(ParseInt64("-", &v), IntParse::kNo);
}

TEST(Values, Floats) {
  double d;
  EXPECT_TRUE(ParseFloat64("1.5", &d));
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(ParseFloat64("-2e3", &d));
  EXPECT_EQ(d, -2000);
  EXPECT_TRUE(ParseFloat64(".5", &d));
  EXPECT_TRUE(ParseFloat64("+5.", &d));
  EXPECT_TRUE(ParseFloat64("-inf", &d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_FALSE(ParseFloat64("1e", &d));
  EXPECT_FALSE(ParseFloat64("1.2.3", &d));
  EXPECT_FALSE(ParseFloat64("0x10", &d));
  EXPECT_FALSE(ParseFloat64("00.5", &d));
}

// Short decimals take a fast path (digits / power of ten); it must round exactly as strtod.
TEST(Values, FloatsRoundLikeStrtod) {
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int k = 0; k < 200000; ++k) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    int digits = 1 + static_cast<int>((x >> 60) % 15), frac = static_cast<int>((x >> 56) % 16);
    std::string text = std::to_string((x >> 8) % 1000000000000000ull).substr(0, digits);
    if (frac > 0 && frac < static_cast<int>(text.size()))
      text.insert(text.size() - static_cast<size_t>(frac), ".");
    if (text.size() > 1 && text[0] == '0' && text[1] != '.') continue;  // leading zeros: text
    if (k % 3 == 0) text = "-" + text;
    double d;
    ASSERT_TRUE(ParseFloat64(text, &d)) << text;
    ASSERT_EQ(d, std::strtod(text.c_str(), nullptr)) << text;
  }
  double d;
  ASSERT_TRUE(ParseFloat64("45039.03", &d));
  EXPECT_EQ(d, 45039.03);
  ASSERT_TRUE(ParseFloat64("0.1", &d));
  EXPECT_EQ(d, 0.1);
  ASSERT_TRUE(ParseFloat64("123456789012.345", &d));
  EXPECT_EQ(d, 123456789012.345);
}

TEST(Values, BoolsAnyCase) {
  bool b;
  EXPECT_TRUE(ParseBool("TRUE", &b) && b);
  EXPECT_TRUE(ParseBool("False", &b) && !b);
  EXPECT_FALSE(ParseBool("1", &b));
  EXPECT_FALSE(ParseBool("yes", &b));
}

TEST(Values, Dates) {
  int32_t d;
  EXPECT_TRUE(ParseDate("1970-01-01", &d));
  EXPECT_EQ(d, 0);
  EXPECT_TRUE(ParseDate("2024/02/29", &d));
  EXPECT_EQ(FormatDate(d), "2024-02-29");
  EXPECT_TRUE(ParseDate("2024/1/5", &d));
  EXPECT_EQ(FormatDate(d), "2024-01-05");
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  EXPECT_FALSE(ParseDate("2024-13-01", &d));
  EXPECT_FALSE(ParseDate("2024-01-01x", &d));
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
}

TEST(Values, Timestamps) {
  int64_t us;
  bool zoned;
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05", &us, &zoned));
  EXPECT_FALSE(zoned);
  EXPECT_EQ(FormatTimestamp(us, false), "2024-01-02T03:04:05");
  EXPECT_TRUE(ParseTimestamp("2024-01-02 03:04", &us, &zoned));
  EXPECT_EQ(FormatTimestamp(us, false), "2024-01-02T03:04:00");
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05.123456789", &us, &zoned));
  EXPECT_EQ(FormatTimestamp(us, false), "2024-01-02T03:04:05.123456");
  EXPECT_TRUE(ParseTimestamp("2024-01-02T09:04:05+09:00", &us, &zoned));
  EXPECT_TRUE(zoned);
  EXPECT_EQ(FormatTimestamp(us, true), "2024-01-02T00:04:05Z");
  EXPECT_TRUE(ParseTimestamp("2024-01-02T00:04:05.5Z", &us, &zoned));
  EXPECT_EQ(FormatTimestamp(us, true), "2024-01-02T00:04:05.500000Z");
  EXPECT_TRUE(ParseTimestamp("2024-01-01T23:00:00-0130", &us, &zoned));
  EXPECT_EQ(FormatTimestamp(us, true), "2024-01-02T00:30:00Z");
  EXPECT_FALSE(ParseTimestamp("2024-01-02T25:00", &us, &zoned));
  EXPECT_FALSE(ParseTimestamp("2024-01-02T03:04:05 PM", &us, &zoned));
}

TEST(Values, Classify) {
  bool zoned;
  EXPECT_EQ(ClassifyField("12", &zoned), kCanInt | kCanFloat);
  EXPECT_EQ(ClassifyField("1.5", &zoned), kCanFloat);
  EXPECT_EQ(ClassifyField("99999999999999999999", &zoned), kCanFloat | kOverflowInt);
  EXPECT_EQ(ClassifyField("true", &zoned), kCanBool);
  EXPECT_EQ(ClassifyField("2024-01-01", &zoned), kCanDate | kCanTimestamp);
  EXPECT_EQ(ClassifyField("2024-01-01 10:00", &zoned), kCanTimestamp);
  EXPECT_EQ(ClassifyField("東京", &zoned), 0);
  EXPECT_EQ(ClassifyField("007", &zoned), 0);
}

}  // namespace
}  // namespace bi::ingest
