#include "api/api_router.h"

#include "metrics/metrics_route.h"

namespace bi::api {

http::Router BuildApiRouter(ApiContext& ctx) {
  http::Router router;
  RouteTable routes(router, ctx);
  AddHealthRoutes(routes);
  AddAuthRoutes(routes);
  AddUserRoutes(routes);
  AddDatasetRoutes(routes);
  AddCardRoutes(routes);
  AddDashboardRoutes(routes);
  AddGroupRoutes(routes);
  AddDirectoryRoutes(routes);
  // Outside /api: where Prometheus looks by default (docs/metrics.md).
  metrics::AddMetricsRoute(router);
  return router;
}

}  // namespace bi::api
