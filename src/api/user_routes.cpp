// Admin user management: /api/users (list, create) and /api/users/{userId} (get, patch,
// delete). Members get 403 on all of them.

#include "api/api_router.h"
#include "api/json_fields.h"
#include "api/user_json.h"

namespace bi::api {
namespace {

Result<repo::Role> ParseRole(const std::string& role) {
  if (role == "admin") return repo::Role::kAdmin;
  if (role == "member") return repo::Role::kMember;
  return Status::InvalidArgument("role must be admin or member", {{"field", "role"}});
}

}  // namespace

void AddUserRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();

  routes.Admin(http::Verb::get, "/api/users",
               [&ctx](http::Request& req, const auth::Caller&) -> Result<http::Response> {
                 auto page = PageFromQuery(req);
                 if (!page.ok()) return page.status();
                 auto users = ctx.users.List(*page);
                 if (!users.ok()) return users.status();
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& u : users->items) items.push_back(UserJson(u));
                 return http::Response::Json(
                     {{"items", items},
                      {"nextCursor", users->cursor.empty() ? nlohmann::json(nullptr)
                                                           : nlohmann::json(users->cursor)}});
               });

  routes.Admin(
      http::Verb::post, "/api/users",
      [&ctx](http::Request& req, const auth::Caller&) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"email", "name", "password", "role"}));
        auth::NewUser user;
        auto email = RequiredString(req.json, "email");
        if (!email.ok()) return email.status();
        auto name = RequiredString(req.json, "name");
        if (!name.ok()) return name.status();
        auto password = RequiredString(req.json, "password");
        if (!password.ok()) return password.status();
        auto role = OptionalString(req.json, "role");
        if (!role.ok()) return role.status();
        user.email = *email;
        user.name = *name;
        user.password = *password;
        if (*role) {
          auto parsed = ParseRole(**role);
          if (!parsed.ok()) return parsed.status();
          user.role = *parsed;
        }
        auto created = ctx.user_admin.Create(user);
        if (!created.ok()) return created.status();
        return http::Response::Json(UserJson(*created), 201);
      },
      JsonBody(16 * 1024));

  routes.Admin(http::Verb::get, "/api/users/{userId}",
               [&ctx](http::Request& req, const auth::Caller&) -> Result<http::Response> {
                 auto user = ctx.users.Get(req.path_param("userId"));
                 if (!user.ok()) return user.status();
                 return http::Response::Json(UserJson(*user));
               });

  routes.Admin(
      http::Verb::patch, "/api/users/{userId}",
      [&ctx](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "role", "disabled", "version"}));
        auth::UserChanges changes;
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        changes.version = *version;
        auto name = OptionalString(req.json, "name");
        if (!name.ok()) return name.status();
        changes.name = *name;
        auto role = OptionalString(req.json, "role");
        if (!role.ok()) return role.status();
        if (*role) {
          auto parsed = ParseRole(**role);
          if (!parsed.ok()) return parsed.status();
          changes.role = *parsed;
        }
        auto disabled = OptionalBool(req.json, "disabled");
        if (!disabled.ok()) return disabled.status();
        changes.disabled = *disabled;
        auto updated =
            ctx.user_admin.Update(caller.user.user_id, req.path_param("userId"), changes);
        if (!updated.ok()) return updated.status();
        return http::Response::Json(UserJson(*updated));
      },
      JsonBody(16 * 1024));

  routes.Admin(http::Verb::delete_, "/api/users/{userId}",
               [&ctx](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                 std::optional<int64_t> version;
                 if (auto v = req.query_param("version")) {
                   try {
                     version = std::stoll(*v);
                   } catch (const std::exception&) {
                     return Status::InvalidArgument("version must be an integer");
                   }
                 }
                 BI_RETURN_IF_ERROR(
                     ctx.user_admin.Delete(caller.user.user_id, req.path_param("userId"), version));
                 return http::Response::NoContent();
               });
}

}  // namespace bi::api
