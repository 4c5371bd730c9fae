#include "api/api_router.h"

namespace bi::api {

// GET /api/health (runbook 3.1): answered on the I/O thread, so it stays fast under load.
void AddHealthRoutes(RouteTable& routes) {
  http::RouteOptions inline_options;
  inline_options.execution = http::Execution::kInline;
  routes.Public(
      http::Verb::get, "/api/health",
      [](http::Request&) -> Result<http::Response> {
        return http::Response::Json({{"status", "ok"}});
      },
      inline_options);
}

}  // namespace bi::api
