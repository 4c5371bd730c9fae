// `bi serve`, `bi api` and `bi executor`: start the HTTP servers, wait for SIGTERM or SIGINT,
// then shut down gracefully (stop accepting, finish in-flight requests within
// BI_SHUTDOWN_TIMEOUT_SECONDS).
//
// `bi serve` runs the API and the executor's HTTP server in this one process; the executor
// listens on 127.0.0.1 only, since on a laptop nothing else should reach it.

#include <csignal>
#include <iostream>
#include <memory>

#include "api/api_router.h"
#include "app/commands.h"
#include "app/demo_data.h"
#include "app/web_app.h"
#include "common/log.h"
#include "executor/executor_router.h"
#include "http/server.h"
#include "ingest/dataset_service.h"

namespace bi::app {
namespace {

http::ServerOptions OptionsFor(const Config& config, const std::string& name,
                               const std::string& host, int port) {
  http::ServerOptions o;
  o.name = name;
  o.host = host;
  o.port = port;
  o.io_threads = config.http_threads;
  o.header_timeout = std::chrono::seconds(config.header_timeout_seconds);
  o.body_timeout = std::chrono::seconds(config.body_timeout_seconds);
  o.cors = http::CorsPolicy(config.cors_origins);
  o.trusted_proxy_hops = config.trusted_proxy_hops;
  return o;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that only
// WaitForStopSignal() receives them.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

int WaitForStopSignal(const sigset_t& set) {
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

struct Running {
  std::unique_ptr<api::ApiContext> api_context;  // outlives the API server that uses it
  std::unique_ptr<http::Server> executor;
  std::unique_ptr<http::Server> api;
};

Status StartServer(std::unique_ptr<http::Server>& slot, http::ServerOptions options,
                   http::Router router) {
  std::string name = options.name, host = options.host;
  slot = std::make_unique<http::Server>(std::move(options), std::move(router));
  BI_RETURN_IF_ERROR(slot->Start());
  log::Info("listening").Str("server", name).Str("host", host).Int("port", slot->port());
  return Status::Ok();
}

int RunServers(const ParsedArgs& args, const char* command, bool with_api, bool with_executor) {
  const sigset_t stop_signals = BlockStopSignals();
  ParsedArgs effective = args;
  if (auto port = args.get("executor-port")) {
    try {
      effective.overrides.executor_port = std::stoi(*port);
    } catch (const std::exception&) {
      std::cerr << "bi " << command << ": --executor-port needs an integer\n";
      return kExitUsage;
    }
  }
  std::optional<Config> loaded = LoadConfigOrReport(effective, command);
  if (!loaded) return kExitFailure;
  Config& config = *loaded;

  if (with_api) {
    bool generated = false;
    Status secret = EnsureJwtSecret(config, &generated);
    if (!secret.ok()) {
      std::cerr << "bi " << command << ": " << secret.message() << "\n";
      return kExitFailure;
    }
    log::RegisterSecret(config.jwt_secret);
    if (generated) {
      log::Info("jwt_secret_generated")
          .Str("path", (config.data_dir / "jwt_secret").string())
          .Str("note", "local mode: set JWT_SECRET_KEY to choose your own");
    }
  }

  Running running;
  Status status;
  if (with_executor) {
    const std::string host = with_api ? "127.0.0.1" : config.host;
    status =
        StartServer(running.executor, OptionsFor(config, "executor", host, config.executor_port),
                    executor::BuildExecutorRouter(config));
    if (status.ok() && config.executor_endpoint.empty()) {
      config.executor_endpoint = "http://127.0.0.1:" + std::to_string(running.executor->port());
    }
  }
  if (with_api && !with_executor && config.executor_endpoint.empty()) {
    config.executor_endpoint = "http://127.0.0.1:" + std::to_string(config.executor_port);
  }
  if (status.ok() && with_api) {
    auto context = api::ApiContext::Open(config);
    if (context.ok()) {
      running.api_context = std::move(context).value();
      // A crash's leftovers (no import runs yet); a failed sweep is logged, not fatal.
      if (auto swept = ingest::SweepLeftovers(config.data_dir / "tmp", *running.api_context->blobs);
          !swept.ok()) {
        log::Warn("leftovers_sweep_failed").Str("reason", swept.status().message());
      }
      if (args.has("demo")) status = SeedDemoData(*running.api_context);
    } else {
      status = context.status();
    }
    if (status.ok()) {
      http::Router router = api::BuildApiRouter(*running.api_context);
      AddWebApp(config, router);
      status = StartServer(running.api, OptionsFor(config, "api", config.host, config.api_port),
                           std::move(router));
    }
    if (status.ok() && args.has("demo")) {
      // Where to sign in, now that the port is known (it may have been 0).
      const bool local =
          config.host == "0.0.0.0" || config.host == "::" || config.host == "127.0.0.1";
      const std::string host = local ? "localhost" : config.host;
      log::Info("demo_login")
          .Str("url", "http://" + host + ":" + std::to_string(running.api->port()) + "/login")
          .Str("email", kDemoAdminEmail)
          .Str("password", kDemoAdminPassword);
    }
  }
  if (!status.ok()) {
    log::Error("startup_failed").Str("reason", status.message());
    log::Flush();
    std::cerr << "bi " << command << ": " << status.message() << "\n";
    return kExitFailure;
  }
  log::Info("started").Str("command", command).Json("config", config.ToRedactedJson());
  log::Flush();

  int signal = WaitForStopSignal(stop_signals);
  log::Info("stopping").Str("signal", signal == SIGINT ? "SIGINT" : "SIGTERM");
  const auto grace = std::chrono::seconds(config.shutdown_timeout_seconds);
  // The API first: its in-flight requests may still need the executor.
  if (running.api) running.api->Stop(grace);
  if (running.executor) running.executor->Stop(grace);
  log::Info("stopped");
  log::Flush();
  return kExitOk;
}

}  // namespace

std::vector<Command> ServerCommands() {
  return {
      {"serve",
       "",
       "run everything on this machine: API, executor, embedded storage",
       {{"executor-port", true, "executor port (EXECUTOR_PORT, default 8080; 0 picks one)"},
        {"demo", false, "local mode: create the demo account if missing (make run does)"}},
       0,
       [](const ParsedArgs& a) { return RunServers(a, "serve", true, true); }},
      {"api",
       "",
       "run the REST API only (EXECUTOR_ENDPOINT names the executor)",
       {{"demo", false, "create the demo account if missing (make run-cloud-local does)"}},
       0,
       [](const ParsedArgs& a) { return RunServers(a, "api", true, false); }},
      {"executor",
       "",
       "run the card executor only (--port sets EXECUTOR_PORT)",
       {},
       0,
       [](const ParsedArgs& a) { return RunServers(a, "executor", false, true); }},
  };
}

}  // namespace bi::app
