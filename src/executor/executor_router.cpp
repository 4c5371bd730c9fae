#include "executor/executor_router.h"

namespace bi::executor {

http::Router BuildExecutorRouter(const Config& config) {
  http::Router router;
  http::RouteOptions inline_options;
  inline_options.execution = http::Execution::kInline;
  // Runbook 3.1. Answered on the I/O thread so it works while every worker is busy.
  router.Add(
      http::Verb::get, "/health",
      [](http::Request&) -> Result<http::Response> {
        return http::Response::Json({{"status", "ok"}});
      },
      inline_options);
  return router;
}

}  // namespace bi::executor
