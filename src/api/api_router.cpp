#include "api/api_router.h"

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
  return router;
}

}  // namespace bi::api
