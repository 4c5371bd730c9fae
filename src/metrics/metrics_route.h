#pragma once
// GET /metrics for any of our HTTP routers (the API's and the executor's): the process's
// metrics (process_metrics.h) in Prometheus's text exposition format 0.0.4. Public and cheap,
// answered on the I/O thread; keep it off the internet at the load balancer (docs/metrics.md).

#include "http/router.h"

namespace bi::metrics {

inline constexpr char kMetricsPath[] = "/metrics";

void AddMetricsRoute(http::Router& router);

}  // namespace bi::metrics
