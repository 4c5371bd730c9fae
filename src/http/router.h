#pragma once
// Routes: method + path pattern ("/api/datasets/{datasetId}/preview") -> handler, with per-route
// options. Literal segments win over "{param}" segments, so "/api/users/me" and
// "/api/users/{userId}" can coexist. Not thread-safe while adding; read-only once serving.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <utility>  // before Asio: awaitable.hpp uses std::exchange (Boost 1.74, GCC 12)

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include "common/status.h"
#include "http/request.h"
#include "http/response.h"

namespace bi::http {

using Verb = boost::beast::http::verb;
// A handler that may block (storage, hashing): the server runs it on its blocking pool.
using Handler = std::function<Result<Response>(Request&)>;
// A handler that awaits instead of blocking (calls to the executor): runs on the I/O thread.
using AsyncHandler = std::function<boost::asio::awaitable<Result<Response>>(Request&)>;
// Tried on the I/O thread before a Handler: an answer that needs no blocking work (a result
// already in memory), or nullopt to hand the request to the Handler on the blocking pool. It
// must never wait on storage, the network or other requests (api::RouteTable keeps it to
// records already in memory).
using QuickHandler = std::function<std::optional<Result<Response>>(Request&)>;

enum class BodyKind {
  kNone,          // any body is accepted and left as raw text (most GET/DELETE routes)
  kJson,          // Content-Type must be application/json (415) and the body must parse (400)
  kOptionalJson,  // as kJson when there is a body; without one, Request::json stays null
  kFile,          // the body is streamed to a temporary file (Request::body_file), never held in
                  // memory: uploads. Same limit/413/408/100-continue rules; the server deletes the
                  // file after the handler returns.
};

enum class Execution {
  kBlockingPool,  // default for Handler: never stalls the I/O threads
  kInline,        // trivial, non-blocking handlers such as health checks
};

struct RouteOptions {
  size_t max_body_bytes = 1 << 20;  // larger bodies answer 413
  BodyKind body = BodyKind::kNone;
  Execution execution = Execution::kBlockingPool;
  QuickHandler quick;  // optional, see QuickHandler
  // BodyKind::kFile: directory for the temporary body file (created if missing); empty means
  // the system temp directory.
  std::string body_dir;
  // Runs on the I/O thread once the header is in, before any body byte is read; an error is
  // the answer and the body is never read. Must be cheap and non-blocking (e.g. checking a
  // token's signature, so nobody unauthenticated can make the server spool an upload).
  std::function<Status(const boost::beast::http::fields& header)> before_body;
};

struct Route {
  Verb method;
  std::string pattern;
  std::vector<std::string> segments;  // "{name}" marks a parameter
  Handler handler;                    // exactly one of handler / async_handler is set
  AsyncHandler async_handler;
  RouteOptions options;
};

struct RouteMatch {
  enum Kind { kFound, kNotFound, kMethodNotAllowed } kind = kNotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<Verb> allowed;  // for 405's Allow header and CORS preflight
};

class Router {
 public:
  void Add(Verb method, std::string_view pattern, Handler handler, RouteOptions options = {});
  void AddAsync(Verb method, std::string_view pattern, AsyncHandler handler,
                RouteOptions options = {});
  // Answers the GET and HEAD requests no route matches (the web app's files, StaticFiles);
  // without it they are 404. Not in routes(): it is not part of the API.
  void SetFallback(Handler handler, RouteOptions options = {});
  // `path` is already percent-decoded per segment by the caller. HEAD matches the GET route
  // (the server sends the header without the body).
  RouteMatch Match(Verb method, std::string_view path) const;
  // The largest body any route accepts: bodies over it are refused before routing.
  size_t MaxBodyBytes() const { return max_body_bytes_; }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  void AddRoute(Route route);
  std::vector<Route> routes_;
  std::optional<Route> fallback_;
  size_t max_body_bytes_ = 0;
};

// Splits "/a/b/c" into {"a","b","c"}, percent-decoding each segment. Returns false on a bad
// escape or a decoded "/" or NUL inside a segment.
bool SplitPath(std::string_view path, std::vector<std::string>* segments);
// Decodes "%41+b" -> "A b" (form-style '+' only when `plus_as_space`).
bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out);
// Parses "a=1&b=%20x" into decoded pairs; malformed escapes make it return false.
bool ParseQuery(std::string_view query, std::map<std::string, std::string>* out);

}  // namespace bi::http
