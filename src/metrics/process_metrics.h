#pragma once
// The Prometheus metrics of one bi process (API, executor, or both in `bi serve`), exposed by
// GET /metrics in the text exposition format 0.0.4 (metrics_route.h). docs/metrics.md lists
// every metric and ops/prometheus/alerts.yml turns the runbook's thresholds (4.1) into rules.
//
// Built on prometheus-cpp's core library (Debian 12: prometheus-cpp-dev), which owns the
// counters, histograms and the text format; only its registry is used, never its own HTTP
// exposer: /metrics is an ordinary route of our server.
//
// One instance per process (Process()), like the default registry of other Prometheus clients:
// the recording points sit deep in services (result cache, importer, login) that should not
// each be handed a registry. Every method is thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace bi::metrics {

class ProcessMetrics {
 public:
  ProcessMetrics();
  ~ProcessMetrics();
  ProcessMetrics(const ProcessMetrics&) = delete;
  ProcessMetrics& operator=(const ProcessMetrics&) = delete;

  // One answered HTTP request. `server` is "api" or "executor"; `route` is the matched route
  // pattern (never the raw path, whose ids would make one series per object), empty when no
  // route matched.
  void RecordRequest(std::string_view server, std::string_view method, std::string_view route,
                     int status, double seconds);

  // Executor: requests waiting for a worker, and how each run ended (the executor's outcome
  // codes: "ok", "timeout", "memory_limit", "user_code_error", ...). `rejected`: queue full.
  void SetExecutorQueueDepth(int64_t depth);
  void RecordExecutorRun(std::string_view outcome, double seconds);
  void RecordExecutorRejected();

  // Card results: served from the cache, or run.
  void RecordCardResult(bool cached);

  // A CSV import that produced a dataset (or replaced its data).
  void RecordImport(int64_t rows, uint64_t source_bytes);

  // `reason`: "bad_credentials" or "rate_limited".
  void RecordLoginFailure(std::string_view reason);

  // A scheduled refresh of a dashboard or card; `trigger` is "schedule" or "internal" (POST
  // /api/internal/refresh), `ok` false when any card failed or the refresh could not start.
  void RecordSchedulerRun(std::string_view trigger, bool ok);

  // Everything recorded so far, in the text exposition format 0.0.4.
  std::string Exposition() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The process-wide instance.
ProcessMetrics& Process();

// Content-Type of the text exposition format.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace bi::metrics
