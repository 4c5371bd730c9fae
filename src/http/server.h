#pragma once
// The HTTP/1.1 server every process uses (API and executor): Boost.Beast over Asio with one
// io_context per I/O thread, keep-alive, header/body read timeouts, per-route body limits,
// request ids, CORS, one JSON access-log line per request, and graceful shutdown.
//
// Handlers that block run on a separate blocking pool so slow work (SQLite, hashing, waiting on
// Python) never stalls the I/O threads that answer health checks.

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/cors.h"
#include "http/router.h"

namespace bi::http {

struct ServerOptions {
  std::string name = "api";  // appears in logs ("server" field)
  std::string host = "127.0.0.1";
  int port = 0;                             // 0: the kernel picks a free port; see Server::port()
  int io_threads = 0;                       // 0: one per core
  int blocking_threads = 16;                // pool for Handler (blocking) routes
  std::chrono::seconds header_timeout{30};  // also the keep-alive idle timeout
  std::chrono::seconds body_timeout{300};
  size_t max_header_bytes = 16 * 1024;
  CorsPolicy cors;
  bool access_log = true;
  // Proxies in front of the server (an ALB: 1). With N > 0 the client address is the N-th
  // entry from the right of X-Forwarded-For, as the nearest trusted proxy saw it; with 0 the
  // header is ignored (anyone could forge it).
  int trusted_proxy_hops = 0;
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();  // stops with no grace period if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Fails (without throwing) when the port is taken.
  Status Start();
  // The bound port (useful after starting on port 0).
  int port() const;
  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for up
  // to `grace`, then stops every thread. Safe to call more than once.
  void Stop(std::chrono::milliseconds grace);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bi::http
