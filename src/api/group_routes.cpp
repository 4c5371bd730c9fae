// Groups: /api/groups (list, create), /api/groups/{groupId} (get, patch, delete) and
// /api/groups/{groupId}/members[/{userId}]. Admins manage groups and members; every signed-in
// user lists and reads the groups they belong to, and others' groups answer 404 (the rules are
// in src/groups/group_directory.h).

#include <memory>

#include "api/api_router.h"
#include "api/json_fields.h"
#include "groups/group_directory.h"

namespace bi::api {
namespace {

using nlohmann::json;

json GroupJson(const repo::Group& g) {
  return {{"groupId", g.group_id},        {"name", g.name},
          {"description", g.description}, {"createdAt", g.created_at},
          {"updatedAt", g.updated_at},    {"version", g.version}};
}

// One group's answer also counts its members (one query; lists leave the count out).
Result<http::Response> GroupAnswer(groups::GroupDirectory& dir, const repo::Group& g,
                                   int status = 200) {
  auto count = dir.CountMembers(g.group_id);
  if (!count.ok()) return count.status();
  json body = GroupJson(g);
  body["memberCount"] = *count;
  return http::Response::Json(body, status);
}

json MemberJson(const groups::Member& m) {
  return {{"userId", m.user.user_id},
          {"email", m.user.email},
          {"name", m.user.name},
          {"addedAt", m.membership.added_at}};
}

json PageAnswer(const json& items, const std::string& cursor) {
  return {{"items", items}, {"nextCursor", cursor.empty() ? json(nullptr) : json(cursor)}};
}

}  // namespace

void AddGroupRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();
  auto dir = std::make_shared<groups::GroupDirectory>(*ctx.store, ctx.users,
                                                      [&ctx] { return ctx.clock.NowMillis(); });

  routes.Signed(http::Verb::get, "/api/groups",
                [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                  auto page = PageFromQuery(req);
                  if (!page.ok()) return page.status();
                  auto list = dir->List(ViewerOf(caller), *page);
                  if (!list.ok()) return list.status();
                  json items = json::array();
                  for (const auto& g : list->items) items.push_back(GroupJson(g));
                  return http::Response::Json(PageAnswer(items, list->cursor));
                });

  routes.Admin(
      http::Verb::post, "/api/groups",
      [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "description"}));
        auto name = RequiredString(req.json, "name");
        if (!name.ok()) return name.status();
        auto description = OptionalString(req.json, "description");
        if (!description.ok()) return description.status();
        auto created = dir->Create(*name, description->value_or(""), caller.user.user_id);
        if (!created.ok()) return created.status();
        return GroupAnswer(*dir, *created, 201);
      },
      JsonBody(16 * 1024));

  routes.Signed(http::Verb::get, "/api/groups/{groupId}",
                [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                  auto group = dir->Get(ViewerOf(caller), req.path_param("groupId"));
                  if (!group.ok()) return group.status();
                  return GroupAnswer(*dir, *group);
                });

  routes.Admin(
      http::Verb::patch, "/api/groups/{groupId}",
      [dir](http::Request& req, const auth::Caller&) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "description", "version"}));
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        auto name = OptionalString(req.json, "name");
        if (!name.ok()) return name.status();
        auto description = OptionalString(req.json, "description");
        if (!description.ok()) return description.status();
        auto updated = dir->Update(req.path_param("groupId"), *name, *description, *version);
        if (!updated.ok()) return updated.status();
        return GroupAnswer(*dir, *updated);
      },
      JsonBody(16 * 1024));

  routes.Admin(
      http::Verb::delete_, "/api/groups/{groupId}",
      [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        std::optional<int64_t> version;
        if (auto v = req.query_param("version")) {
          try {
            version = std::stoll(*v);
          } catch (const std::exception&) {
            return Status::InvalidArgument("version must be an integer", {{"field", "version"}});
          }
        }
        BI_RETURN_IF_ERROR(dir->Delete(req.path_param("groupId"), version, caller.user.user_id));
        return http::Response::NoContent();
      });

  routes.Signed(http::Verb::get, "/api/groups/{groupId}/members",
                [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                  auto page = PageFromQuery(req);
                  if (!page.ok()) return page.status();
                  auto members = dir->Members(ViewerOf(caller), req.path_param("groupId"), *page);
                  if (!members.ok()) return members.status();
                  json items = json::array();
                  for (const auto& m : members->items) items.push_back(MemberJson(m));
                  return http::Response::Json(PageAnswer(items, members->cursor));
                });

  routes.Admin(
      http::Verb::post, "/api/groups/{groupId}/members",
      [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"userId"}));
        auto user_id = RequiredString(req.json, "userId");
        if (!user_id.ok()) return user_id.status();
        auto added = dir->AddMember(req.path_param("groupId"), *user_id, caller.user.user_id);
        if (!added.ok()) return added.status();
        return http::Response::Json(MemberJson(*added), 201);
      },
      JsonBody(16 * 1024));

  routes.Admin(http::Verb::delete_, "/api/groups/{groupId}/members/{userId}",
               [dir](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                 BI_RETURN_IF_ERROR(dir->RemoveMember(
                     req.path_param("groupId"), req.path_param("userId"), caller.user.user_id));
                 return http::Response::NoContent();
               });
}

}  // namespace bi::api
