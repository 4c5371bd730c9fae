#pragma once
// The executor's HTTP surface (port 8080): GET /health for load balancers and the API.

#include "common/config.h"
#include "http/router.h"

namespace bi::executor {

http::Router BuildExecutorRouter(const Config& config);

}  // namespace bi::executor
