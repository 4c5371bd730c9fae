#pragma once
// Every route of the REST API under /api, in one router. Route groups live in their own files
// (health_routes.cpp, auth_routes.cpp, ...) and are joined in api_router.cpp, so that file is
// where to look for what exists. Each route is declared public, signed-in or admin-only
// (route_table.h).

#include "api/api_context.h"
#include "api/route_table.h"
#include "http/router.h"

namespace bi::api {

http::Router BuildApiRouter(ApiContext& ctx);

// Route groups.
void AddHealthRoutes(RouteTable& routes);
void AddAuthRoutes(RouteTable& routes);
void AddUserRoutes(RouteTable& routes);
void AddDatasetRoutes(RouteTable& routes);
void AddCardRoutes(RouteTable& routes);
void AddDashboardRoutes(RouteTable& routes);
void AddGroupRoutes(RouteTable& routes);
void AddDirectoryRoutes(RouteTable& routes);

}  // namespace bi::api
