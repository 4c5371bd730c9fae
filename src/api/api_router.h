#pragma once
// Every route of the REST API under /api, in one router. Route groups live in their own files
// (health_routes.cpp, ...) and are added here, so this is where to look for what exists.

#include "common/config.h"
#include "http/router.h"

namespace bi::api {

http::Router BuildApiRouter(const Config& config);

// Route groups.
void AddHealthRoutes(http::Router& router);

}  // namespace bi::api
