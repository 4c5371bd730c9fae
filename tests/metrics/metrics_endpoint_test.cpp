// GET /metrics end to end: a real server answers requests, then its /metrics is read over HTTP
// and parsed by Debian's python3-prometheus-client parser. Checks that the request metrics use
// route patterns (never raw paths) and status codes, and that they change with traffic.

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "metrics/exposition_parser.h"
#include "metrics/metrics_route.h"
#include "metrics/process_metrics.h"
#include "support/test_http_client.h"

namespace bi::testing {
namespace {

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    router.Add(http::Verb::get, "/things/{thingId}", [](http::Request&) -> Result<http::Response> {
      return http::Response::Json({{"ok", true}});
    });
    router.Add(http::Verb::post, "/things/{thingId}/break",
               [](http::Request&) -> Result<http::Response> {
                 return Status::Internal("broken on purpose");
               });
    metrics::AddMetricsRoute(router);
    http::ServerOptions options;
    options.name = "metrics-test";  // its own series, apart from other servers in this process
    options.access_log = false;
    server_ = std::make_unique<http::Server>(options, std::move(router));
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Stop(std::chrono::milliseconds(0)); }

  ParsedExposition Scrape() {
    HttpReply reply = Request(server_->port(), "GET", "/metrics");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    auto parsed = ParseExposition(reply.body);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? *parsed : ParsedExposition{};
  }

  double Requests(const std::string& method, const std::string& route, const std::string& status,
                  const ParsedExposition& e) {
    return e
        .Value(
            "bi_http_requests_total",
            {{"server", "metrics-test"}, {"method", method}, {"route", route}, {"status", status}})
        .value_or(0);
  }

  std::unique_ptr<http::Server> server_;
};

TEST_F(MetricsEndpointTest, EveryFamilyIsExposedWithItsType) {
  // A request first: in a fresh process the request families have no series before one.
  EXPECT_EQ(Request(server_->port(), "GET", "/things/1").status, 200);
  ParsedExposition e = Scrape();
  // The parser names counter families without their _total suffix. Families with no series
  // yet (bi_executor_run_duration_seconds before the first run) are not in the text at all.
  const std::map<std::string, std::string> expected = {
      {"bi_http_requests", "counter"},
      {"bi_http_request_duration_seconds", "histogram"},
      {"bi_executor_queue_depth", "gauge"},
      {"bi_executor_runs", "counter"},
      {"bi_executor_rejected", "counter"},
      {"bi_card_results", "counter"},
      {"bi_import_rows", "counter"},
      {"bi_import_bytes", "counter"},
      {"bi_login_failures", "counter"},
      {"bi_scheduler_refreshes", "counter"},
      {"bi_scheduler_refresh_failures", "counter"},
  };
  for (const auto& [name, type] : expected) {
    auto it = e.family_types.find(name);
    ASSERT_NE(it, e.family_types.end()) << name;
    EXPECT_EQ(it->second, type) << name;
  }
  // Series that exist before their first event, so ratios and rate() work from the start.
  EXPECT_TRUE(e.Value("bi_executor_queue_depth").has_value());
  EXPECT_TRUE(e.Value("bi_login_failures_total", {{"reason", "bad_credentials"}}).has_value());
  EXPECT_TRUE(e.Value("bi_scheduler_refreshes_total", {{"trigger", "schedule"}}).has_value());
  EXPECT_TRUE(e.Value("bi_card_results_total", {{"cache", "hit"}}).has_value());
}

TEST_F(MetricsEndpointTest, RequestsAreCountedByRoutePatternAndStatus) {
  ParsedExposition before = Scrape();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Request(server_->port(), "GET", "/things/" + std::to_string(i)).status, 200);
  EXPECT_EQ(Request(server_->port(), "POST", "/things/9/break").status, 500);
  EXPECT_EQ(Request(server_->port(), "GET", "/no/such/path-12345").status, 404);
  ParsedExposition after = Scrape();

  EXPECT_EQ(Requests("GET", "/things/{thingId}", "200", after) -
                Requests("GET", "/things/{thingId}", "200", before),
            3);
  EXPECT_EQ(Requests("POST", "/things/{thingId}/break", "500", after) -
                Requests("POST", "/things/{thingId}/break", "500", before),
            1);
  EXPECT_EQ(
      Requests("GET", "unmatched", "404", after) - Requests("GET", "unmatched", "404", before), 1);
  // The scrape before this one was itself counted.
  EXPECT_GE(Requests("GET", "/metrics", "200", after), 1);

  // No series is labelled with a raw path.
  for (const ParsedSample& s : after.samples) {
    auto route = s.labels.find("route");
    if (route == s.labels.end()) continue;
    EXPECT_EQ(route->second.find("path-12345"), std::string::npos) << s.name;
    EXPECT_NE(route->second, "/things/0") << s.name;
  }

  // The latency histogram saw the same requests: its count, and its +Inf bucket.
  const std::map<std::string, std::string> ok = {
      {"server", "metrics-test"}, {"route", "/things/{thingId}"}, {"status", "200"}};
  EXPECT_EQ(after.Value("bi_http_request_duration_seconds_count", ok).value_or(0) -
                before.Value("bi_http_request_duration_seconds_count", ok).value_or(0),
            3);
  auto inf = ok;
  inf["le"] = "+Inf";
  EXPECT_EQ(after.Value("bi_http_request_duration_seconds_bucket", inf).value_or(0),
            after.Value("bi_http_request_duration_seconds_count", ok).value_or(-1));
  auto five = ok;
  five["le"] = "5";  // the runbook's p95 threshold is a bucket edge
  EXPECT_TRUE(after.Value("bi_http_request_duration_seconds_bucket", five).has_value());
  EXPECT_GT(after.Value("bi_http_request_duration_seconds_sum", ok).value_or(0), 0);
}

TEST_F(MetricsEndpointTest, RecordedEventsShowInTheNextScrape) {
  ParsedExposition before = Scrape();
  metrics::ProcessMetrics& m = metrics::Process();
  m.RecordCardResult(true);
  m.RecordCardResult(false);
  m.RecordCardResult(false);
  m.RecordImport(1000, 65536);
  m.RecordLoginFailure("bad_credentials");
  m.RecordExecutorRun("timeout", 10.2);
  m.RecordSchedulerRun("schedule", false);
  ParsedExposition after = Scrape();

  auto delta = [&](const std::string& name, const std::map<std::string, std::string>& labels) {
    return after.Value(name, labels).value_or(0) - before.Value(name, labels).value_or(0);
  };
  EXPECT_EQ(delta("bi_card_results_total", {{"cache", "hit"}}), 1);
  EXPECT_EQ(delta("bi_card_results_total", {{"cache", "miss"}}), 2);
  EXPECT_EQ(delta("bi_import_rows_total", {}), 1000);
  EXPECT_EQ(delta("bi_import_bytes_total", {}), 65536);
  EXPECT_EQ(delta("bi_login_failures_total", {{"reason", "bad_credentials"}}), 1);
  EXPECT_EQ(delta("bi_executor_runs_total", {{"outcome", "timeout"}}), 1);
  EXPECT_EQ(after.family_types["bi_executor_run_duration_seconds"], "histogram");
  EXPECT_EQ(delta("bi_executor_run_duration_seconds_count", {{"outcome", "timeout"}}), 1);
  // 10.2 s is over the last bucket edge (10 s): counted only in +Inf.
  EXPECT_EQ(
      delta("bi_executor_run_duration_seconds_bucket", {{"outcome", "timeout"}, {"le", "10"}}), 0);
  EXPECT_EQ(
      delta("bi_executor_run_duration_seconds_bucket", {{"outcome", "timeout"}, {"le", "+Inf"}}),
      1);
  EXPECT_EQ(delta("bi_scheduler_refreshes_total", {{"trigger", "schedule"}}), 1);
  EXPECT_EQ(delta("bi_scheduler_refresh_failures_total", {{"trigger", "schedule"}}), 1);
}

// ops/prometheus/alerts.yml only uses metrics the process exposes (a renamed metric would
// silently turn an alert off).
TEST_F(MetricsEndpointTest, AlertRulesUseExposedMetrics) {
  // One request, so the request families have series (they have none in a fresh process).
  EXPECT_EQ(Request(server_->port(), "GET", "/things/1").status, 200);
  ParsedExposition e = Scrape();
  const std::string rules_path = std::string(BI_SOURCE_DIR) + "/ops/prometheus/alerts.yml";
  const std::string command =
      "/usr/bin/python3 -c 'import json, sys, yaml; "
      "json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)' " +
      rules_path;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ASSERT_EQ(::pclose(pipe), 0) << "alerts.yml is not YAML";
  const auto rules = nlohmann::json::parse(out);

  std::set<std::string> exposed;
  for (const ParsedSample& s : e.samples) exposed.insert(s.name);
  const std::regex metric_name(R"(\bbi_[a-z_]+)");
  int alerts = 0;
  for (const auto& group : rules.at("groups")) {
    for (const auto& rule : group.at("rules")) {
      const std::string name = rule.at("alert").get<std::string>();
      const std::string expr = rule.at("expr").get<std::string>();
      EXPECT_TRUE(rule.at("labels").contains("severity")) << name;
      ++alerts;
      for (std::sregex_iterator it(expr.begin(), expr.end(), metric_name), end; it != end; ++it) {
        EXPECT_TRUE(exposed.count(it->str())) << name << " uses " << it->str();
      }
    }
  }
  // The runbook's four rows the process measures, and the scheduler's.
  EXPECT_EQ(alerts, 5);
}

TEST(ExpositionParserTest, RejectsTextThatIsNotTheFormat) {
  // The parser under the tests must be able to fail, or the tests above prove nothing.
  EXPECT_FALSE(ParseExposition("bi_x_total{route=\"unterminated} 1\n").ok());
}

}  // namespace
}  // namespace bi::testing
