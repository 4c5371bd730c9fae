#include "dashboards/share_service.h"

#include "common/log.h"

namespace bi::dashboards {
namespace {

void AuditShare(const std::string& action, const repo::DashboardShare& s, const std::string& actor,
                const std::string& permission) {
  log::Audit("dashboard_share_changed")
      .Str("action", action)
      .Str("dashboard_id", s.dashboard_id)
      .Str("shared_with", s.shared_to_id)
      .Str("shared_with_type", repo::ShareTargetName(s.shared_to_type))
      .Str("permission", permission)
      .Str("user_id", actor);
}

}  // namespace

ShareService::ShareService(store::MetadataStore& store, DashboardService& dashboards,
                           repo::Clock clock)
    : dashboards_(dashboards), shares_(store, clock), users_(store, clock), groups_(store, clock) {}

Result<std::vector<repo::DashboardShare>> ShareService::List(const Viewer& viewer,
                                                             const std::string& dashboard_id) {
  auto d = dashboards_.GetWith(viewer, dashboard_id, Permission::kManage);
  if (!d.ok()) return d.status();
  std::vector<repo::DashboardShare> out;
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::DashboardShare>(
      [&](const repo::PageRequest& p) { return shares_.ListByDashboard(dashboard_id, p); },
      [&](const repo::DashboardShare& s) { out.push_back(s); }));
  return out;
}

Result<std::pair<repo::DashboardShare, bool>> ShareService::Put(const Viewer& viewer,
                                                                const std::string& dashboard_id,
                                                                const NewShare& share) {
  auto d = dashboards_.GetWith(viewer, dashboard_id, Permission::kManage);
  if (!d.ok()) return d.status();
  if (share.target_type == repo::ShareTarget::kUser) {
    auto user = users_.Get(share.target_id);
    if (!user.ok()) {
      return user.status().code() == ErrorCode::kNotFound
                 ? Status(ErrorCode::kNotFound, "user " + share.target_id + " not found",
                          {{"field", "targetId"}})
                 : user.status();
    }
    if (share.target_id == d->dashboard.owner_id)
      return Status::InvalidArgument("the owner already has every permission",
                                     {{"field", "targetId"}});
  } else {
    auto group = groups_.Get(share.target_id);
    if (!group.ok()) {
      return group.status().code() == ErrorCode::kNotFound
                 ? Status(ErrorCode::kNotFound, "group " + share.target_id + " not found",
                          {{"field", "targetId"}})
                 : group.status();
    }
  }
  auto existing = List(viewer, dashboard_id);
  if (!existing.ok()) return existing.status();
  for (repo::DashboardShare s : *existing) {
    if (s.shared_to_id != share.target_id) continue;
    if (s.permission == share.permission) return std::make_pair(s, false);
    s.permission = share.permission;
    auto updated = shares_.Update(s);
    if (!updated.ok()) return updated.status();
    AuditShare("changed", *updated, viewer.user_id, repo::PermissionName(updated->permission));
    return std::make_pair(*updated, false);
  }
  repo::DashboardShare s;
  s.dashboard_id = dashboard_id;
  s.shared_to_id = share.target_id;
  s.shared_to_type = share.target_type;
  s.permission = share.permission;
  s.created_by = viewer.user_id;
  auto created = shares_.Create(s);
  if (!created.ok()) return created.status();
  AuditShare("added", *created, viewer.user_id, repo::PermissionName(created->permission));
  return std::make_pair(*created, true);
}

Status ShareService::Remove(const Viewer& viewer, const std::string& dashboard_id,
                            const std::string& share_id) {
  auto d = dashboards_.GetWith(viewer, dashboard_id, Permission::kManage);
  if (!d.ok()) return d.status();
  auto share = shares_.Get(share_id);
  if (!share.ok() || share->dashboard_id != dashboard_id) {
    return share.ok() || share.status().code() == ErrorCode::kNotFound
               ? Status::NotFound("share not found")
               : share.status();
  }
  BI_RETURN_IF_ERROR(shares_.Delete(share_id));
  AuditShare("removed", *share, viewer.user_id, "none");
  return Status::Ok();
}

nlohmann::json ShareJson(const repo::DashboardShare& s, const std::string& target_label) {
  return {{"shareId", s.share_id},
          {"dashboardId", s.dashboard_id},
          {"targetType", repo::ShareTargetName(s.shared_to_type)},
          {"targetId", s.shared_to_id},
          {"targetLabel", target_label},
          {"permission", repo::PermissionName(s.permission)},
          {"createdBy", s.created_by},
          {"createdAt", s.created_at},
          {"version", s.version}};
}

}  // namespace bi::dashboards
