#include "api/route_table.h"

#include "repo/cached_reads_only.h"

namespace bi::api {

void RouteTable::Public(http::Verb verb, std::string_view pattern, http::Handler handler,
                        http::RouteOptions options) {
  router_.Add(verb, pattern, std::move(handler), options);
}

void RouteTable::Signed(http::Verb verb, std::string_view pattern, CallerHandler handler,
                        http::RouteOptions options) {
  // Refuse a bad token before reading the body: no anonymous upload is ever spooled.
  options.before_body = [&ctx = ctx_](const boost::beast::http::fields& header) {
    auto claims = ctx.auth.VerifyBearer(header[boost::beast::http::field::authorization]);
    return claims.ok() ? Status::Ok() : claims.status();
  };
  router_.Add(
      verb, pattern,
      // The table is gone once the router is built; capture the context, not `this`.
      [&ctx = ctx_, handler = std::move(handler)](http::Request& req) -> Result<http::Response> {
        auto caller = ctx.auth.Authenticate(req.header("Authorization"));
        if (!caller.ok()) return caller.status();
        req.user_id = caller->user.user_id;
        return handler(req, *caller);
      },
      options);
}

void RouteTable::Admin(http::Verb verb, std::string_view pattern, CallerHandler handler,
                       http::RouteOptions options) {
  Signed(
      verb, pattern,
      [handler = std::move(handler)](http::Request& req,
                                     const auth::Caller& caller) -> Result<http::Response> {
        if (!caller.is_admin()) return Status::PermissionDenied("administrators only");
        return handler(req, caller);
      },
      options);
}

void RouteTable::SignedWithQuickPath(http::Verb verb, std::string_view pattern,
                                     CallerQuickHandler quick, CallerHandler handler,
                                     http::RouteOptions options) {
  // Only successes are answered here, from records already in memory; anything else (an
  // error, a record or share that needs the store) is left to `handler` on the blocking pool,
  // which gives the full answer.
  options.quick = [&ctx = ctx_, quick = std::move(quick)](
                      http::Request& req) -> std::optional<Result<http::Response>> {
    repo::CachedReadsOnly memory_only;
    auto caller = ctx.auth.Authenticate(req.header("Authorization"));
    if (!caller.ok()) return std::nullopt;
    auto answer = quick(req, *caller);
    if (!answer || !answer->ok()) return std::nullopt;
    req.user_id = caller->user.user_id;
    return answer;
  };
  Signed(verb, pattern, std::move(handler), std::move(options));
}

repo::Viewer ViewerOf(const auth::Caller& caller) {
  return {caller.user.user_id, caller.is_admin()};
}

http::RouteOptions JsonBody(size_t max_bytes) {
  http::RouteOptions o;
  o.body = http::BodyKind::kJson;
  o.max_body_bytes = max_bytes;
  return o;
}

}  // namespace bi::api
