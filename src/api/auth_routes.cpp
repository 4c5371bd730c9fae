// POST /api/auth/login, GET /api/auth/me, POST /api/auth/logout, PUT /api/users/me/password.

#include "api/api_router.h"
#include "api/json_fields.h"
#include "api/user_json.h"

namespace bi::api {

void AddAuthRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();

  routes.Public(
      http::Verb::post, "/api/auth/login",
      [&ctx](http::Request& req) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"email", "password"}));
        auto email = RequiredString(req.json, "email");
        if (!email.ok()) return email.status();
        auto password = RequiredString(req.json, "password");
        if (!password.ok()) return password.status();
        auto session = ctx.auth.Login(*email, *password, req.client_ip);
        if (!session.ok()) return session.status();
        return http::Response::Json({
            {"accessToken", session->access_token},
            {"tokenType", "Bearer"},
            {"expiresAt", session->expires_at},
            {"expiresIn", session->expires_at - ctx.clock.NowSeconds()},
            {"user", UserJson(session->user)},
        });
      },
      JsonBody(16 * 1024));

  routes.Signed(http::Verb::get, "/api/auth/me",
                [](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                  return http::Response::Json(UserJson(caller.user));
                });

  routes.Signed(http::Verb::post, "/api/auth/logout",
                [&ctx](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                  BI_RETURN_IF_ERROR(ctx.auth.Logout(caller));
                  return http::Response::NoContent();
                });

  routes.Signed(
      http::Verb::put, "/api/users/me/password",
      [&ctx](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"currentPassword", "newPassword"}));
        auto current = RequiredString(req.json, "currentPassword");
        if (!current.ok()) return current.status();
        auto next = RequiredString(req.json, "newPassword");
        if (!next.ok()) return next.status();
        BI_RETURN_IF_ERROR(ctx.auth.ChangePassword(caller, *current, *next));
        return http::Response::NoContent();
      },
      JsonBody(16 * 1024));
}

}  // namespace bi::api
