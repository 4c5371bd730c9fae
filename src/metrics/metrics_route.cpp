#include "metrics/metrics_route.h"

#include <string>

#include "metrics/process_metrics.h"

namespace bi::metrics {

void AddMetricsRoute(http::Router& router) {
  http::RouteOptions options;
  // Serialising the registry takes microseconds: no need for the blocking pool, and a scrape
  // still answers while every blocking thread is busy.
  options.execution = http::Execution::kInline;
  router.Add(
      http::Verb::get, kMetricsPath,
      [](http::Request&) -> Result<http::Response> {
        return http::Response::Text(Process().Exposition(), std::string(kExpositionContentType));
      },
      options);
}

}  // namespace bi::metrics
