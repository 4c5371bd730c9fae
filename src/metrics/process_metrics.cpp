#include "metrics/process_metrics.h"

#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace bi::metrics {
namespace {

// Request latency buckets (seconds). 5 and 10 are bucket edges so the runbook's p95 > 5 s and
// p99 > 10 s alerts (4.1) are exact comparisons, not interpolations across a wider bucket.
const prometheus::Histogram::BucketBoundaries kRequestBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 7.5, 10, 30, 60};
// Card runs: the executor's timeout is 10 s, a card run rarely takes under 5 ms.
const prometheus::Histogram::BucketBoundaries kRunBuckets = {0.01, 0.025, 0.05, 0.1, 0.25,
                                                             0.5,  1,     2.5,  5,   10};

}  // namespace

// The two series of one (server, method, route, status); owned by their families.
struct RequestSeries {
  prometheus::Counter* count = nullptr;
  prometheus::Histogram* seconds = nullptr;
};

struct ProcessMetrics::Impl {
  prometheus::Registry registry;
  std::shared_mutex series_mu;
  std::unordered_map<std::string, RequestSeries> series;  // by RecordRequest's key
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("bi_http_requests_total")
          .Help("HTTP requests answered, by server, method, route pattern and status code.")
          .Register(registry);
  prometheus::Family<prometheus::Histogram>& request_seconds =
      prometheus::BuildHistogram()
          .Name("bi_http_request_duration_seconds")
          .Help(
              "Time from the request header read to the answer ready to send, by server, "
              "method, route pattern and status code.")
          .Register(registry);
  prometheus::Family<prometheus::Gauge>& executor_queue =
      prometheus::BuildGauge()
          .Name("bi_executor_queue_depth")
          .Help("Card runs waiting for a free executor worker.")
          .Register(registry);
  prometheus::Family<prometheus::Counter>& executor_runs =
      prometheus::BuildCounter()
          .Name("bi_executor_runs_total")
          .Help(
              "Card runs finished by the executor, by outcome (ok, timeout, memory_limit, "
              "user_code_error, card_crashed, ...).")
          .Register(registry);
  prometheus::Family<prometheus::Histogram>& executor_run_seconds =
      prometheus::BuildHistogram()
          .Name("bi_executor_run_duration_seconds")
          .Help("Time from a worker taken to the card's outcome, by outcome.")
          .Register(registry);
  prometheus::Counter& executor_rejected =
      prometheus::BuildCounter()
          .Name("bi_executor_rejected_total")
          .Help("Card runs refused with 503 because the executor's queue was full.")
          .Register(registry)
          .Add({});
  prometheus::Family<prometheus::Counter>& card_results =
      prometheus::BuildCounter()
          .Name("bi_card_results_total")
          .Help("Card results answered, by cache: hit (cached result) or miss (the card ran).")
          .Register(registry);
  prometheus::Counter& cache_hits = card_results.Add({{"cache", "hit"}});
  prometheus::Counter& cache_misses = card_results.Add({{"cache", "miss"}});
  prometheus::Counter& import_rows = prometheus::BuildCounter()
                                         .Name("bi_import_rows_total")
                                         .Help("Rows imported from CSV into datasets.")
                                         .Register(registry)
                                         .Add({});
  prometheus::Counter& import_bytes = prometheus::BuildCounter()
                                          .Name("bi_import_bytes_total")
                                          .Help("CSV bytes imported into datasets.")
                                          .Register(registry)
                                          .Add({});
  prometheus::Family<prometheus::Counter>& login_failures =
      prometheus::BuildCounter()
          .Name("bi_login_failures_total")
          .Help("Refused logins (audit event login_failed), by reason.")
          .Register(registry);
  prometheus::Family<prometheus::Counter>& scheduler_runs =
      prometheus::BuildCounter()
          .Name("bi_scheduler_refreshes_total")
          .Help("Dashboard and card refreshes run, by trigger (schedule, internal).")
          .Register(registry);
  prometheus::Family<prometheus::Counter>& scheduler_failures =
      prometheus::BuildCounter()
          .Name("bi_scheduler_refresh_failures_total")
          .Help("Refreshes with at least one failed card or that could not run, by trigger.")
          .Register(registry);
};

ProcessMetrics::ProcessMetrics() : impl_(std::make_unique<Impl>()) {
  // Series that should read 0 from the start (not be absent until the first event), so rate()
  // and the alert ratios work on a fresh process.
  impl_->executor_queue.Add({});
  for (const char* outcome : {"ok", "timeout", "memory_limit"}) {
    impl_->executor_runs.Add({{"outcome", outcome}});
  }
  impl_->login_failures.Add({{"reason", "bad_credentials"}});
  impl_->login_failures.Add({{"reason", "rate_limited"}});
  for (const char* trigger : {"schedule", "internal"}) {
    impl_->scheduler_runs.Add({{"trigger", trigger}});
    impl_->scheduler_failures.Add({{"trigger", trigger}});
  }
}

ProcessMetrics::~ProcessMetrics() = default;

void ProcessMetrics::RecordRequest(std::string_view server, std::string_view method,
                                   std::string_view route, int status, double seconds) {
  // Requests that matched no route (404s, malformed requests) share one series.
  if (route.empty()) route = "unmatched";
  // Looked up by one reused key string: building label maps for every request would cost
  // allocations on the hottest path; a series is created once.
  thread_local std::string key;
  key.clear();
  key.append(server).append(1, '\x1f').append(method).append(1, '\x1f').append(route);
  key.append(1, '\x1f').append(std::to_string(status));
  RequestSeries found{};
  {
    std::shared_lock lock(impl_->series_mu);
    auto it = impl_->series.find(key);
    if (it != impl_->series.end()) found = it->second;
  }
  if (!found.count) {
    const prometheus::Labels labels = {{"server", std::string(server)},
                                       {"method", std::string(method)},
                                       {"route", std::string(route)},
                                       {"status", std::to_string(status)}};
    std::unique_lock lock(impl_->series_mu);
    // Family::Add returns the existing series for labels it has seen, so a race is harmless.
    found = {&impl_->requests.Add(labels), &impl_->request_seconds.Add(labels, kRequestBuckets)};
    impl_->series.emplace(key, found);
  }
  found.count->Increment();
  found.seconds->Observe(seconds);
}

void ProcessMetrics::SetExecutorQueueDepth(int64_t depth) {
  impl_->executor_queue.Add({}).Set(static_cast<double>(depth));
}

void ProcessMetrics::RecordExecutorRun(std::string_view outcome, double seconds) {
  const prometheus::Labels labels = {{"outcome", std::string(outcome)}};
  impl_->executor_runs.Add(labels).Increment();
  impl_->executor_run_seconds.Add(labels, kRunBuckets).Observe(seconds);
}

void ProcessMetrics::RecordExecutorRejected() {
  impl_->executor_rejected.Increment();
}

void ProcessMetrics::RecordCardResult(bool cached) {
  (cached ? impl_->cache_hits : impl_->cache_misses).Increment();
}

void ProcessMetrics::RecordImport(int64_t rows, uint64_t source_bytes) {
  impl_->import_rows.Increment(static_cast<double>(rows));
  impl_->import_bytes.Increment(static_cast<double>(source_bytes));
}

void ProcessMetrics::RecordLoginFailure(std::string_view reason) {
  impl_->login_failures.Add({{"reason", std::string(reason)}}).Increment();
}

void ProcessMetrics::RecordSchedulerRun(std::string_view trigger, bool ok) {
  const prometheus::Labels labels = {{"trigger", std::string(trigger)}};
  impl_->scheduler_runs.Add(labels).Increment();
  if (!ok) impl_->scheduler_failures.Add(labels).Increment();
}

std::string ProcessMetrics::Exposition() const {
  return prometheus::TextSerializer().Serialize(impl_->registry.Collect());
}

ProcessMetrics& Process() {
  static ProcessMetrics* instance = new ProcessMetrics();  // never destroyed: used until exit
  return *instance;
}

}  // namespace bi::metrics
