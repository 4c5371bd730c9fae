#include "common/log.h"

#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bi::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSinkForTesting([this](std::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override {
    SetSinkForTesting(nullptr);
    SetLevel(Level::kInfo);
  }
  nlohmann::json Only() {
    EXPECT_EQ(lines_.size(), 1u);
    EXPECT_EQ(lines_.back().back(), '\n');
    return nlohmann::json::parse(lines_.back());
  }
  std::vector<std::string> lines_;
};

TEST_F(LogTest, OneJsonObjectPerLineWithTypedFields) {
  Info("request")
      .Str("request_id", "abc")
      .Str("user_id", "u1")
      .Str("method", "GET")
      .Str("endpoint", "/api/health")
      .Int("status", 200)
      .Num("duration_ms", 1.25)
      .Bool("cached", true);
  auto j = Only();
  EXPECT_EQ(j["event"], "request");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["request_id"], "abc");
  EXPECT_EQ(j["status"], 200);
  EXPECT_DOUBLE_EQ(j["duration_ms"].get<double>(), 1.25);
  EXPECT_EQ(j["cached"], true);
  EXPECT_EQ(j["ts"].get<std::string>().size(), 24u);  // 2026-11-23T09:00:00.123Z
}

TEST_F(LogTest, EscapesControlCharactersQuotesAndKeepsUtf8) {
  Info("x").Str("v", "a\"b\\c\nd\x01 東京");
  auto j = Only();
  EXPECT_EQ(j["v"], "a\"b\\c\nd\x01 東京");
}

TEST_F(LogTest, NumbersStayValidJson) {
  Info("n").Num("nan", std::nan("")).Num("inf", 1.0 / 0.0).Num("big", 1e300).Int("min", INT64_MIN);
  auto j = Only();
  EXPECT_TRUE(j["nan"].is_null());
  EXPECT_TRUE(j["inf"].is_null());
  EXPECT_DOUBLE_EQ(j["big"].get<double>(), 1e300);
  EXPECT_EQ(j["min"], INT64_MIN);
  // The timestamp keeps its ISO form with milliseconds.
  EXPECT_EQ(j["ts"].get<std::string>().size(), std::string("2026-11-23T09:00:00.123Z").size());
}

TEST_F(LogTest, AuditLinesAreMarked) {
  Audit("login_success").Str("email", "a@example.com").Str("user_id", "u1").Str("ip", "1.2.3.4");
  auto j = Only();
  EXPECT_EQ(j["log"], "audit");
  EXPECT_EQ(j["event"], "login_success");
}

TEST_F(LogTest, LevelFiltersLines) {
  SetLevel(Level::kWarn);
  Info("hidden").Str("a", "b");
  Warn("shown");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("shown"), std::string::npos);
}

TEST_F(LogTest, RegisteredSecretsAreRedacted) {
  RegisterSecret("super-secret-value-0123456789");
  Info("oops").Str("header", "Bearer super-secret-value-0123456789");
  auto j = Only();
  EXPECT_EQ(j["header"], "Bearer [redacted]");
}

TEST_F(LogTest, JsonFieldsAreEmbedded) {
  Info("cfg").Json("config", {{"a", 1}, {"b", {1, 2}}});
  auto j = Only();
  EXPECT_EQ(j["config"]["b"][1], 2);
}

}  // namespace
}  // namespace bi::log
