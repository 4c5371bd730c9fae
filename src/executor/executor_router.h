#pragma once
// The executor's HTTP surface (port 8080): GET /health for load balancers and the API, and
// POST /execute (protocol in docs/executor.md). The router owns the ExecutorService (its
// worker pool of pre-warmed Python runtimes), so the server that holds the router holds it.

#include <memory>

#include "common/config.h"
#include "executor/executor_service.h"
#include "http/router.h"

namespace bi::executor {

// Opens the blob store from `config` and starts the worker pool from the environment
// (ExecutorOptions::FromEnvironment). EXECUTOR_SHARED_SECRET, when set, is required on
// POST /execute as `X-Executor-Secret` (or `Authorization: Bearer <secret>`).
http::Router BuildExecutorRouter(const Config& config);

// The same over a given service (tests).
http::Router BuildExecutorRouter(std::shared_ptr<ExecutorService> service,
                                 std::string shared_secret);

}  // namespace bi::executor
