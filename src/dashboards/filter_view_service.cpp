#include "dashboards/filter_view_service.h"

#include "common/strings.h"
#include "dashboards/filter_definitions.h"

namespace bi::dashboards {
namespace {

Status NotFound() {
  return Status::NotFound("filter view not found");
}

}  // namespace

FilterViewService::FilterViewService(store::MetadataStore& store, DashboardService& dashboards,
                                     repo::Clock clock)
    : dashboards_(dashboards), views_(store, clock) {}

Status FilterViewService::Apply(const repo::Dashboard& dashboard, const FilterViewDraft& draft,
                                repo::FilterView& view) {
  if (draft.name) {
    view.name = Trim(*draft.name);
  }
  if (view.name.empty() || view.name.size() > 100)
    return Status::InvalidArgument("name: 1 to 100 characters", {{"field", "name"}});
  if (draft.shared) view.shared = *draft.shared;
  if (draft.values) {
    if (!draft.values->is_object())
      return Status::InvalidArgument("values must map filter ids to values", {{"field", "values"}});
    const nlohmann::json filters = store::ToPlainJson(dashboard.filters);
    for (const auto& [id, value] : draft.values->items()) {
      const nlohmann::json* filter = nullptr;
      for (const auto& f : filters) {
        if (f.value("filterId", "") == id) filter = &f;
      }
      if (filter == nullptr) {
        return Status::InvalidArgument("the dashboard has no filter '" + id + "'",
                                       {{"field", "values." + id}});
      }
      BI_RETURN_IF_ERROR(CheckFilterValue(*filter, value, "values." + id));
    }
    auto stored = store::FromPlainJson(*draft.values);
    if (!stored.ok()) return stored.status();
    view.values = std::move(stored).value();
  }
  return Status::Ok();
}

Result<std::vector<repo::FilterView>> FilterViewService::List(const Viewer& viewer,
                                                              const std::string& dashboard_id) {
  auto d = dashboards_.Get(viewer, dashboard_id);
  if (!d.ok()) return d.status();
  std::vector<repo::FilterView> out;
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::FilterView>(
      [&](repo::PageRequest p) {
        p.newest_first = false;
        return views_.ListByDashboard(dashboard_id, p);
      },
      [&](const repo::FilterView& v) {
        if (v.shared || v.owner_id == viewer.user_id) out.push_back(v);
      }));
  return out;
}

Result<repo::FilterView> FilterViewService::Create(const Viewer& viewer,
                                                   const std::string& dashboard_id,
                                                   const FilterViewDraft& draft) {
  auto d = dashboards_.Get(viewer, dashboard_id);
  if (!d.ok()) return d.status();
  repo::FilterView view;
  view.dashboard_id = dashboard_id;
  view.owner_id = viewer.user_id;
  BI_RETURN_IF_ERROR(Apply(d->dashboard, draft, view));
  return views_.Create(std::move(view));
}

Result<repo::FilterView> FilterViewService::Get(const Viewer& viewer, const std::string& view_id) {
  auto view = views_.Get(view_id);
  if (!view.ok()) return view.status().code() == ErrorCode::kNotFound ? NotFound() : view.status();
  auto d = dashboards_.Get(viewer, view->dashboard_id);
  if (d.status().code() == ErrorCode::kNotFound) return NotFound();
  if (!d.ok()) return d.status();
  const bool visible =
      view->owner_id == viewer.user_id || view->shared || d->permission == Permission::kManage;
  if (!visible) return NotFound();
  return view;
}

Result<repo::FilterView> FilterViewService::GetForChange(const Viewer& viewer,
                                                         const std::string& view_id) {
  auto view = Get(viewer, view_id);
  if (!view.ok()) return view;
  if (view->owner_id == viewer.user_id) return view;
  auto d = dashboards_.Get(viewer, view->dashboard_id);
  if (!d.ok()) return d.status();
  if (d->permission == Permission::kManage) return view;
  return Status::PermissionDenied("only its author or the dashboard's owner can change this view");
}

Result<repo::FilterView> FilterViewService::Update(const Viewer& viewer, const std::string& view_id,
                                                   const FilterViewDraft& draft, int64_t version) {
  auto view = GetForChange(viewer, view_id);
  if (!view.ok()) return view.status();
  auto d = dashboards_.Get(viewer, view->dashboard_id);
  if (!d.ok()) return d.status();
  repo::FilterView changed = *view;
  BI_RETURN_IF_ERROR(Apply(d->dashboard, draft, changed));
  changed.version = version;
  return views_.Update(std::move(changed));
}

Status FilterViewService::Delete(const Viewer& viewer, const std::string& view_id,
                                 std::optional<int64_t> expected_version) {
  auto view = GetForChange(viewer, view_id);
  if (!view.ok()) return view.status();
  return views_.Delete(view_id, expected_version);
}

nlohmann::json FilterViewJson(const repo::FilterView& v) {
  return {{"filterViewId", v.filter_view_id},
          {"dashboardId", v.dashboard_id},
          {"name", v.name},
          {"values", store::ToPlainJson(v.values)},
          {"shared", v.shared},
          {"ownerId", v.owner_id},
          {"createdAt", v.created_at},
          {"updatedAt", v.updated_at},
          {"version", v.version}};
}

}  // namespace bi::dashboards
