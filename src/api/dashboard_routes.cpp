// Dashboards: /api/dashboards (create, list), /api/dashboards/{dashboardId} (get, patch,
// delete), .../run, .../filters/{filterId}/values, .../filter-views, .../shares,
// /api/filter-views/{filterViewId} and /api/shared-with-me. Handlers parse and render; the rules
// live in src/dashboards. Dashboards a user cannot see answer 404, as if they did not exist.

#include "api/api_router.h"
#include "api/json_fields.h"
#include "common/log.h"
#include "http/error_response.h"

namespace bi::api {
namespace {

Result<dashboards::DashboardDraft> ReadDraft(const nlohmann::json& body) {
  dashboards::DashboardDraft draft;
  auto title = OptionalString(body, "title");
  if (!title.ok()) return title.status();
  draft.title = *title;
  auto description = OptionalString(body, "description");
  if (!description.ok()) return description.status();
  draft.description = *description;
  if (body.contains("layout") && !body["layout"].is_null()) draft.layout = body["layout"];
  if (body.contains("filters") && !body["filters"].is_null()) draft.filters = body["filters"];
  // Present and null removes the schedule; absent leaves it as it is.
  if (body.contains("refreshSchedule")) draft.refresh_schedule = body["refreshSchedule"];
  return draft;
}

Result<dashboards::FilterViewDraft> ReadViewDraft(const nlohmann::json& body) {
  dashboards::FilterViewDraft draft;
  auto name = OptionalString(body, "name");
  if (!name.ok()) return name.status();
  draft.name = *name;
  auto shared = OptionalBool(body, "shared");
  if (!shared.ok()) return shared.status();
  draft.shared = *shared;
  if (body.contains("values") && !body["values"].is_null()) draft.values = body["values"];
  return draft;
}

// One card of a dashboard run: its result, or its error with the status it would have had alone.
void AppendCardRun(std::string& out, const dashboards::CardRun& run) {
  if (run.outcome.ok()) {
    const cards::RunOutcome& o = *run.outcome;
    if (o.result->status == 200) {
      out += "{\"status\":200,";
      out.append(cards::SuccessBody(o, run.card_id), 1, std::string::npos);
      return;
    }
    out += "{\"cardId\":";
    log::AppendJsonString(out, run.card_id);
    out += ",\"status\":" + std::to_string(o.result->status) + ",\"error\":" + o.result->document +
           "}";
    return;
  }
  const Status& s = run.outcome.status();
  const int status = http::HttpStatusFor(s.code());
  nlohmann::json error = {{"code", ErrorCodeName(s.code())},
                          {"message", status == 500 ? "internal server error" : s.message()},
                          {"details", status == 500 ? nlohmann::json() : s.details()}};
  if (status == 500)
    log::Error("dashboard_card_failed").Str("card_id", run.card_id).Str("reason", s.message());
  out += "{\"cardId\":";
  log::AppendJsonString(out, run.card_id);
  out += ",\"status\":" + std::to_string(status) + ",\"error\":" + error.dump() + "}";
}

}  // namespace

void AddDashboardRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();
  auto& service = ctx.dashboards;
  auto& shares = ctx.shares;
  auto& views = ctx.filter_views;
  auto& runner = ctx.dashboard_runner;
  auto& users = ctx.users;
  const size_t kBody = 512 * 1024;

  routes.Signed(
      http::Verb::post, "/api/dashboards",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(
            OnlyFields(req.json, {"title", "description", "layout", "filters", "refreshSchedule"}));
        auto draft = ReadDraft(req.json);
        if (!draft.ok()) return draft.status();
        auto d = service.Create(ViewerOf(caller), *draft);
        if (!d.ok()) return d.status();
        return http::Response::Json(
            dashboards::DashboardJson({*d, dashboards::Permission::kManage}), 201);
      },
      JsonBody(kBody));

  routes.Signed(http::Verb::get, "/api/dashboards",
                [&service](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                  auto list = service.List(ViewerOf(caller));
                  if (!list.ok()) return list.status();
                  nlohmann::json items = nlohmann::json::array();
                  for (const auto& v : *list) items.push_back(dashboards::DashboardJson(v));
                  return http::Response::Json({{"items", std::move(items)}});
                });

  routes.Signed(http::Verb::get, "/api/shared-with-me",
                [&service](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                  auto list = service.SharedWith(ViewerOf(caller));
                  if (!list.ok()) return list.status();
                  nlohmann::json items = nlohmann::json::array();
                  for (const auto& v : *list) items.push_back(dashboards::DashboardJson(v));
                  return http::Response::Json({{"items", std::move(items)}});
                });

  routes.Signed(
      http::Verb::get, "/api/dashboards/{dashboardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto v = service.Get(ViewerOf(caller), req.path_param("dashboardId"));
        if (!v.ok()) return v.status();
        return http::Response::Json(dashboards::DashboardJson(*v));
      });

  routes.Signed(
      http::Verb::patch, "/api/dashboards/{dashboardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(
            req.json, {"title", "description", "layout", "filters", "refreshSchedule", "version"}));
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        auto draft = ReadDraft(req.json);
        if (!draft.ok()) return draft.status();
        const auto viewer = ViewerOf(caller);
        auto d = service.Update(viewer, req.path_param("dashboardId"), *draft, *version);
        if (!d.ok()) return d.status();
        auto v = service.Get(viewer, d->dashboard_id);
        if (!v.ok()) return v.status();
        return http::Response::Json(dashboards::DashboardJson(*v));
      },
      JsonBody(kBody));

  routes.Signed(
      http::Verb::delete_, "/api/dashboards/{dashboardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto version = QueryVersion(req);
        if (!version.ok()) return version.status();
        BI_RETURN_IF_ERROR(
            service.Delete(ViewerOf(caller), req.path_param("dashboardId"), *version));
        return http::Response::NoContent();
      });

  http::RouteOptions run_options = JsonBody(kBody);
  run_options.body = http::BodyKind::kOptionalJson;
  routes.Signed(
      http::Verb::post, "/api/dashboards/{dashboardId}/run",
      [&runner](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        dashboards::DashboardRunRequest request;
        if (!req.json.is_null()) {
          BI_RETURN_IF_ERROR(OnlyFields(req.json, {"filters", "filterViewId", "noCache"}));
          if (req.json.contains("filters") && !req.json["filters"].is_null())
            request.values = req.json["filters"];
          auto view = OptionalString(req.json, "filterViewId");
          if (!view.ok()) return view.status();
          request.filter_view_id = view->value_or("");
          auto no_cache = OptionalBool(req.json, "noCache");
          if (!no_cache.ok()) return no_cache.status();
          request.no_cache = no_cache->value_or(false);
        }
        const std::string id = req.path_param("dashboardId");
        auto run = runner.Run(ViewerOf(caller), id, request);
        if (!run.ok()) return run.status();
        std::string body = "{\"dashboardId\":";
        log::AppendJsonString(body, id);
        body += ",\"filters\":" + run->values.dump() + ",\"cards\":[";
        for (size_t i = 0; i < run->cards.size(); ++i) {
          if (i) body += ',';
          AppendCardRun(body, run->cards[i]);
        }
        body += "]}";
        return http::Response::Text(std::move(body), "application/json", 200);
      },
      run_options);

  routes.Signed(
      http::Verb::get, "/api/dashboards/{dashboardId}/filters/{filterId}/values",
      [&runner](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        int64_t limit = 100;
        if (auto l = req.query_param("limit")) {
          try {
            limit = std::stoll(*l);
          } catch (const std::exception&) {
            limit = -1;
          }
          if (limit < 1 || limit > dashboards::kMaxFilterChoices)
            return Status::InvalidArgument("limit must be from 1 to 1000", {{"field", "limit"}});
        }
        auto choices = runner.FilterChoices(ViewerOf(caller), req.path_param("dashboardId"),
                                            req.path_param("filterId"),
                                            req.query_param("q").value_or(""), limit);
        if (!choices.ok()) return choices.status();
        return http::Response::Json(*choices);
      });

  routes.Signed(http::Verb::get, "/api/dashboards/{dashboardId}/filter-views",
                [&views](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                  auto list = views.List(ViewerOf(caller), req.path_param("dashboardId"));
                  if (!list.ok()) return list.status();
                  nlohmann::json items = nlohmann::json::array();
                  for (const auto& v : *list) items.push_back(dashboards::FilterViewJson(v));
                  return http::Response::Json({{"items", std::move(items)}});
                });

  routes.Signed(
      http::Verb::post, "/api/dashboards/{dashboardId}/filter-views",
      [&views](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "values", "shared"}));
        auto draft = ReadViewDraft(req.json);
        if (!draft.ok()) return draft.status();
        if (!draft->name) return Status::InvalidArgument("name is required", {{"field", "name"}});
        auto v = views.Create(ViewerOf(caller), req.path_param("dashboardId"), *draft);
        if (!v.ok()) return v.status();
        return http::Response::Json(dashboards::FilterViewJson(*v), 201);
      },
      JsonBody(64 * 1024));

  routes.Signed(
      http::Verb::patch, "/api/filter-views/{filterViewId}",
      [&views](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "values", "shared", "version"}));
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        auto draft = ReadViewDraft(req.json);
        if (!draft.ok()) return draft.status();
        auto v = views.Update(ViewerOf(caller), req.path_param("filterViewId"), *draft, *version);
        if (!v.ok()) return v.status();
        return http::Response::Json(dashboards::FilterViewJson(*v));
      },
      JsonBody(64 * 1024));

  routes.Signed(http::Verb::delete_, "/api/filter-views/{filterViewId}",
                [&views](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                  auto version = QueryVersion(req);
                  if (!version.ok()) return version.status();
                  BI_RETURN_IF_ERROR(
                      views.Delete(ViewerOf(caller), req.path_param("filterViewId"), *version));
                  return http::Response::NoContent();
                });

  // The label of a share's target: the user's email or the group's name.
  auto label = [&users, &ctx](const repo::DashboardShare& s) -> std::string {
    if (s.shared_to_type == repo::ShareTarget::kUser) {
      auto u = users.Get(s.shared_to_id);
      return u.ok() ? u->email : "";
    }
    repo::GroupRepository groups(*ctx.store);
    auto g = groups.Get(s.shared_to_id);
    return g.ok() ? g->name : "";
  };

  routes.Signed(
      http::Verb::get, "/api/dashboards/{dashboardId}/shares",
      [&shares, label](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto list = shares.List(ViewerOf(caller), req.path_param("dashboardId"));
        if (!list.ok()) return list.status();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& s : *list) items.push_back(dashboards::ShareJson(s, label(s)));
        return http::Response::Json({{"items", std::move(items)}});
      });

  routes.Signed(
      http::Verb::post, "/api/dashboards/{dashboardId}/shares",
      [&shares, label](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"targetType", "targetId", "permission"}));
        auto type = RequiredString(req.json, "targetType");
        if (!type.ok()) return type.status();
        auto target = RequiredString(req.json, "targetId");
        if (!target.ok()) return target.status();
        auto permission = RequiredString(req.json, "permission");
        if (!permission.ok()) return permission.status();
        dashboards::NewShare share;
        if (*type == "user") {
          share.target_type = repo::ShareTarget::kUser;
        } else if (*type == "group") {
          share.target_type = repo::ShareTarget::kGroup;
        } else {
          return Status::InvalidArgument("targetType must be user or group",
                                         {{"field", "targetType"}});
        }
        if (*permission == "view") {
          share.permission = repo::Permission::kView;
        } else if (*permission == "edit") {
          share.permission = repo::Permission::kEdit;
        } else {
          return Status::InvalidArgument("permission must be view or edit",
                                         {{"field", "permission"}});
        }
        share.target_id = *target;
        auto put = shares.Put(ViewerOf(caller), req.path_param("dashboardId"), share);
        if (!put.ok()) return put.status();
        return http::Response::Json(dashboards::ShareJson(put->first, label(put->first)),
                                    put->second ? 201 : 200);
      },
      JsonBody(16 * 1024));

  routes.Signed(
      http::Verb::delete_, "/api/dashboards/{dashboardId}/shares/{shareId}",
      [&shares](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(shares.Remove(ViewerOf(caller), req.path_param("dashboardId"),
                                         req.path_param("shareId")));
        return http::Response::NoContent();
      });
}

}  // namespace bi::api
