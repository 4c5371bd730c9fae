#include "dashboards/dashboard_service.h"

#include "common/strings.h"

#include <set>

#include "dashboards/filter_definitions.h"
#include "scheduler/schedule_fields.h"

namespace bi::dashboards {
namespace {

Status Invalid(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why, {{"field", field}});
}

Status NotFound() {
  return Status::NotFound("dashboard not found");
}

// Checks one placement and returns it in its stored form.
Result<nlohmann::json> Placement(const nlohmann::json& p, const std::string& field) {
  if (!p.is_object()) return Invalid(field, "must be an object");
  for (const auto& [key, v] : p.items()) {
    static const std::set<std::string> kFields = {"cardId", "x", "y", "w", "h"};
    if (!kFields.count(key)) return Invalid(field, "unknown field '" + key + "'");
  }
  if (!p.contains("cardId") || !p["cardId"].is_string())
    return Invalid(field + ".cardId", "is required");
  auto number = [&](const char* k, int64_t lo, int64_t hi, int64_t fallback) -> Result<int64_t> {
    if (!p.contains(k)) return fallback;
    if (!p[k].is_number_integer() || p[k].get<int64_t>() < lo || p[k].get<int64_t>() > hi)
      return Invalid(field + "." + k,
                     "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return p[k].get<int64_t>();
  };
  auto x = number("x", 0, kGridColumns - 1, 0);
  auto y = number("y", 0, 10'000, 0);
  auto w = number("w", 1, kGridColumns, 6);
  auto h = number("h", 1, 100, 4);
  for (const auto* r : {&x, &y, &w, &h}) {
    if (!r->ok()) return r->status();
  }
  if (*x + *w > kGridColumns)
    return Invalid(field,
                   "x + w must not pass the grid's " + std::to_string(kGridColumns) + " columns");
  return nlohmann::json{{"cardId", p["cardId"]}, {"x", *x}, {"y", *y}, {"w", *w}, {"h", *h}};
}

}  // namespace

std::vector<std::string> PlacedCards(const repo::Dashboard& dashboard) {
  std::vector<std::string> out;
  if (!dashboard.layout.is_list()) return out;
  for (const auto& p : dashboard.layout.l()) {
    if (!p.is_map()) continue;
    auto it = p.m().find("cardId");
    if (it != p.m().end() && it->second.is_string()) out.push_back(it->second.s());
  }
  return out;
}

DashboardService::DashboardService(store::MetadataStore& store, repo::Clock clock)
    : store_(store),
      clock_(clock),
      dashboards_(store, clock),
      cards_(store, clock),
      shares_(store, clock),
      views_(store, clock),
      access_(store),
      card_access_(store) {}

Status DashboardService::Apply(const Viewer& viewer, const DashboardDraft& draft,
                               repo::Dashboard& d, const repo::Dashboard* before) {
  if (draft.title) d.name = Trim(*draft.title);
  if (draft.description) d.description = *draft.description;
  if (d.name.empty()) return Invalid("title", "is required");
  if (d.name.size() > 200) return Invalid("title", "is over 200 characters");
  if (d.description.size() > 4000) return Invalid("description", "is over 4000 characters");
  if (draft.layout) {
    if (!draft.layout->is_array()) return Invalid("layout", "must be an array");
    if (draft.layout->size() > kMaxPlacements) return Invalid("layout", "at most 100 cards");
    std::set<std::string> allowed;
    if (before) {
      for (const auto& id : PlacedCards(*before)) allowed.insert(id);
    }
    nlohmann::json layout = nlohmann::json::array();
    for (size_t i = 0; i < draft.layout->size(); ++i) {
      const std::string field = "layout[" + std::to_string(i) + "]";
      auto p = Placement((*draft.layout)[i], field);
      if (!p.ok()) return p.status();
      const std::string card_id = (*p)["cardId"];
      // Only cards the editor can read may be placed (those already there may stay).
      if (!allowed.count(card_id)) {
        auto card = cards_.Get(card_id);
        if (!card.ok() && card.status().code() != ErrorCode::kNotFound) return card.status();
        bool readable = false;
        if (card.ok()) {
          auto access = card_access_.For(viewer, *card);
          if (!access.ok()) return access.status();
          readable = *access != cards::Access::kNone;
        }
        if (!readable)
          return Status(ErrorCode::kNotFound, "card " + card_id + " not found",
                        {{"field", field + ".cardId"}, {"cardId", card_id}});
        allowed.insert(card_id);
      }
      layout.push_back(std::move(p).value());
    }
    auto stored = store::FromPlainJson(layout);
    if (!stored.ok()) return stored.status();
    d.layout = std::move(stored).value();
  }
  if (draft.filters) {
    auto filters = NormalizeFilterDefinitions(*draft.filters);
    if (!filters.ok()) return filters.status();
    auto stored = store::FromPlainJson(*filters);
    if (!stored.ok()) return stored.status();
    d.filters = std::move(stored).value();
  }
  if (draft.refresh_schedule) {
    BI_RETURN_IF_ERROR(scheduler::ApplyRefreshSchedule(*draft.refresh_schedule, clock_(),
                                                       &d.refresh_schedule, &d.next_refresh_at));
  }
  return Status::Ok();
}

Result<repo::Dashboard> DashboardService::Create(const Viewer& viewer,
                                                 const DashboardDraft& draft) {
  repo::Dashboard d;
  d.owner_id = viewer.user_id;
  BI_RETURN_IF_ERROR(Apply(viewer, draft, d, nullptr));
  return dashboards_.Create(std::move(d));
}

Result<DashboardView> DashboardService::Get(const Viewer& viewer, const std::string& dashboard_id) {
  auto d = dashboards_.Get(dashboard_id);
  if (!d.ok()) return d.status().code() == ErrorCode::kNotFound ? NotFound() : d.status();
  auto permission = access_.For(viewer, *d);
  if (!permission.ok()) return permission.status();
  if (*permission == Permission::kNone) return NotFound();
  return DashboardView{std::move(d).value(), *permission};
}

Result<DashboardView> DashboardService::GetWith(const Viewer& viewer,
                                                const std::string& dashboard_id,
                                                Permission needed) {
  auto view = Get(viewer, dashboard_id);
  if (!view.ok()) return view;
  if (view->permission < needed) {
    return Status::PermissionDenied(needed == Permission::kManage
                                        ? "only the dashboard's owner or an admin can do this"
                                        : "this dashboard is shared with you for viewing only");
  }
  return view;
}

Result<std::vector<DashboardView>> DashboardService::SharedWith(const Viewer& viewer) {
  auto shared = access_.SharedWith(viewer.user_id);
  if (!shared.ok()) return shared.status();
  std::vector<std::string> ids;
  std::vector<Permission> permissions;
  for (const auto& [id, permission] : *shared) {
    ids.push_back(id);
    permissions.push_back(permission);
  }
  auto dashboards = dashboards_.GetMany(ids);
  if (!dashboards.ok()) return dashboards.status();
  std::vector<DashboardView> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto& d = (*dashboards)[i];
    if (!d) continue;                             // deleted meanwhile
    if (d->owner_id == viewer.user_id) continue;  // shared with its own owner: listed as own
    out.push_back({*d, viewer.admin ? Permission::kManage : permissions[i]});
  }
  return out;
}

Result<std::vector<DashboardView>> DashboardService::List(const Viewer& viewer) {
  std::vector<DashboardView> out;
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::Dashboard>(
      [&](const repo::PageRequest& p) { return dashboards_.ListByOwner(viewer.user_id, p); },
      [&](const repo::Dashboard& d) {
        out.push_back({d, Permission::kManage});
      }));
  auto shared = SharedWith(viewer);
  if (!shared.ok()) return shared.status();
  for (auto& v : *shared) out.push_back(std::move(v));
  return out;
}

Result<repo::Dashboard> DashboardService::Update(const Viewer& viewer,
                                                 const std::string& dashboard_id,
                                                 const DashboardDraft& draft, int64_t version) {
  auto current = GetWith(viewer, dashboard_id, Permission::kEdit);
  if (!current.ok()) return current.status();
  repo::Dashboard d = current->dashboard;
  BI_RETURN_IF_ERROR(Apply(viewer, draft, d, &current->dashboard));
  d.version = version;  // the version the caller read: a stale one is a 409
  return dashboards_.Update(std::move(d));
}

Status DashboardService::Delete(const Viewer& viewer, const std::string& dashboard_id,
                                std::optional<int64_t> expected_version) {
  auto current = GetWith(viewer, dashboard_id, Permission::kManage);
  if (!current.ok()) return current.status();
  BI_RETURN_IF_ERROR(dashboards_.Delete(dashboard_id, expected_version));
  // Shares and filter views of a deleted dashboard mean nothing; remove them after it, so a
  // failure here leaves only unreachable leftovers, never a half-shared dashboard.
  std::vector<std::string> shares, views;
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::DashboardShare>(
      [&](const repo::PageRequest& p) { return shares_.ListByDashboard(dashboard_id, p); },
      [&](const repo::DashboardShare& s) { shares.push_back(s.share_id); }));
  for (const auto& id : shares) {
    Status s = shares_.Delete(id);
    if (!s.ok() && s.code() != ErrorCode::kNotFound) return s;
  }
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::FilterView>(
      [&](const repo::PageRequest& p) { return views_.ListByDashboard(dashboard_id, p); },
      [&](const repo::FilterView& v) { views.push_back(v.filter_view_id); }));
  for (const auto& id : views) {
    Status s = views_.Delete(id);
    if (!s.ok() && s.code() != ErrorCode::kNotFound) return s;
  }
  return Status::Ok();
}

nlohmann::json DashboardJson(const DashboardView& view) {
  const repo::Dashboard& d = view.dashboard;
  nlohmann::json out = {{"dashboardId", d.dashboard_id},
                        {"title", d.name},
                        {"description", d.description},
                        {"layout", store::ToPlainJson(d.layout)},
                        {"filters", store::ToPlainJson(d.filters)},
                        {"ownerId", d.owner_id},
                        {"permission", sharing::PermissionName(view.permission)},
                        {"createdAt", d.created_at},
                        {"updatedAt", d.updated_at},
                        {"version", d.version}};
  scheduler::AddRefreshScheduleJson(d.refresh_schedule, d.next_refresh_at, out);
  return out;
}

}  // namespace bi::dashboards
