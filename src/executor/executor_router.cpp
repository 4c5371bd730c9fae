#include "executor/executor_router.h"

#include <cstdlib>

#include "blob/blob_factory.h"
#include "common/log.h"
#include "metrics/metrics_route.h"

namespace bi::executor {
namespace {

// Same shape as every other error (http/error_response.cpp), with the executor's own codes.
http::Response ErrorBody(int status, const nlohmann::json& error, const std::string& request_id) {
  return http::Response::Json({{"error", error}, {"requestId", request_id}}, status);
}

int StatusFor(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return 200;
    case Outcome::kTimeout:
      return 408;
    case Outcome::kCancelled:
      return 499;  // nginx's "client closed request": only the access log ever sees it
    case Outcome::kUserError:
    case Outcome::kMemoryLimit:
    case Outcome::kUnsupportedResult:
    case Outcome::kCrashed:
    case Outcome::kOutputTooLarge:
      return 422;
  }
  return 500;
}

bool SameSecret(std::string_view given, const std::string& expected) {
  // Constant time in the length of the expected secret.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

}  // namespace

http::Router BuildExecutorRouter(std::shared_ptr<ExecutorService> service,
                                 std::string shared_secret) {
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
  // Its own /metrics (runs, timeouts, memory-limit kills, queue depth) for a separate
  // executor process; in `bi serve` it is the same registry as the API's.
  metrics::AddMetricsRoute(router);

  http::RouteOptions execute_options;
  execute_options.body = http::BodyKind::kJson;
  execute_options.max_body_bytes = 2 << 20;  // code + params
  router.Add(
      http::Verb::post, "/execute",
      [service, secret = std::move(shared_secret)](http::Request& req) -> Result<http::Response> {
        if (!secret.empty()) {
          std::string_view given = req.header("X-Executor-Secret");
          std::string_view auth = req.header("Authorization");
          if (given.empty() && auth.substr(0, 7) == "Bearer ") given = auth.substr(7);
          if (!SameSecret(given, secret))
            return Status::Unauthenticated("this executor requires its shared secret");
        }
        auto execution = service->Execute(req.json, [&req] { return req.ClientGone(); });
        if (!execution.ok()) return execution.status();
        if (execution->outcome == Outcome::kOk) return http::Response::Json(execution->body);
        return ErrorBody(StatusFor(execution->outcome), execution->body, req.request_id);
      },
      execute_options);
  return router;
}

http::Router BuildExecutorRouter(const Config& config) {
  std::unique_ptr<blob::BlobStore> store;
  auto opened = blob::OpenBlobStore(config);
  if (opened.ok()) {
    store = std::move(opened).value();
  } else {
    log::Warn("executor_blob_store_unavailable").Str("reason", opened.status().message());
  }
  std::string secret;
  if (const char* s = std::getenv("EXECUTOR_SHARED_SECRET"); s && *s) {
    secret = s;
    log::RegisterSecret(secret);
  }
  auto service =
      std::make_shared<ExecutorService>(ExecutorOptions::FromEnvironment(), std::move(store));
  return BuildExecutorRouter(std::move(service), std::move(secret));
}

}  // namespace bi::executor
