// GET /metrics of the real API router: failed logins, imports and the requests themselves move
// the series a scraper reads, checked through Debian's python3-prometheus-client parser.

#include <gtest/gtest.h>

#include "api/api_test_server.h"
#include "metrics/exposition_parser.h"

namespace bi::testing {
namespace {

constexpr char kPassword[] = "correct horse battery staple";

class ApiMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.CreateUser("alice@example.com", kPassword, false);
    token_ = api_.Login("alice@example.com", kPassword);
    ASSERT_FALSE(token_.empty());
  }

  ParsedExposition Scrape() {
    HttpReply reply = api_.Call("GET", "/metrics", "");
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto parsed = ParseExposition(reply.body);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? *parsed : ParsedExposition{};
  }

  ApiTestServer api_;
  std::string token_;
};

double Delta(const ParsedExposition& before, const ParsedExposition& after, const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  return after.Value(name, labels).value_or(0) - before.Value(name, labels).value_or(0);
}

TEST_F(ApiMetricsTest, FailedLoginsAreCountedWithTheirRequests) {
  ParsedExposition before = Scrape();
  HttpReply bad = api_.Call("POST", "/api/auth/login", "",
                            {{"email", "alice@example.com"}, {"password", "wrong password"}});
  EXPECT_EQ(bad.status, 401);
  ParsedExposition after = Scrape();
  EXPECT_EQ(Delta(before, after, "bi_login_failures_total", {{"reason", "bad_credentials"}}), 1);
  EXPECT_EQ(
      Delta(
          before, after, "bi_http_requests_total",
          {{"server", "api"}, {"method", "POST"}, {"route", "/api/auth/login"}, {"status", "401"}}),
      1);
}

TEST_F(ApiMetricsTest, ImportsCountRowsAndBytes) {
  ParsedExposition before = Scrape();
  const std::string csv = "region,amount\nnorth,10\nsouth,20\neast,30\n";
  HttpReply created = api_.Upload("POST", "/api/datasets", token_, {{"name", "sales"}}, csv);
  ASSERT_EQ(created.status, 201) << created.body;
  ParsedExposition after = Scrape();
  EXPECT_EQ(Delta(before, after, "bi_import_rows_total"), 3);
  EXPECT_EQ(Delta(before, after, "bi_import_bytes_total"), static_cast<double>(csv.size()));
  // The route pattern, not the dataset's path, labels the upload.
  EXPECT_EQ(Delta(before, after, "bi_http_requests_total",
                  {{"server", "api"}, {"route", "/api/datasets"}, {"status", "201"}}),
            1);
}

}  // namespace
}  // namespace bi::testing
