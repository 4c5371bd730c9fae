#pragma once
// How API routes are declared: every route is public, for signed-in users, or for admins, and
// says so where it is added. Authentication happens here, once, before the handler runs, so a
// handler for signed-in users cannot forget it. Handlers receive the caller.

#include <functional>
#include <optional>
#include <string_view>

#include "api/api_context.h"
#include "http/router.h"
#include "repo/viewer.h"

namespace bi::api {

using CallerHandler = std::function<Result<http::Response>(http::Request&, const auth::Caller&)>;
// See http::QuickHandler: an answer without blocking work, or nullopt for the CallerHandler.
using CallerQuickHandler =
    std::function<std::optional<Result<http::Response>>(http::Request&, const auth::Caller&)>;

class RouteTable {
 public:
  RouteTable(http::Router& router, ApiContext& ctx) : router_(router), ctx_(ctx) {}

  void Public(http::Verb verb, std::string_view pattern, http::Handler handler,
              http::RouteOptions options = {});
  void Signed(http::Verb verb, std::string_view pattern, CallerHandler handler,
              http::RouteOptions options = {});
  void Admin(http::Verb verb, std::string_view pattern, CallerHandler handler,
             http::RouteOptions options = {});
  // As Signed, with `quick` tried first on the I/O thread (hot answers such as cached results)
  // inside a repo::CachedReadsOnly scope; only its successful answers are sent.
  void SignedWithQuickPath(http::Verb verb, std::string_view pattern, CallerQuickHandler quick,
                           CallerHandler handler, http::RouteOptions options = {});

  ApiContext& ctx() { return ctx_; }

 private:
  http::Router& router_;
  ApiContext& ctx_;
};

// The caller as services see it.
repo::Viewer ViewerOf(const auth::Caller& caller);

// Options for routes that take a JSON body.
http::RouteOptions JsonBody(size_t max_bytes = 1 << 20);

}  // namespace bi::api
