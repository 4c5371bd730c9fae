#include "sharing/dashboard_access.h"

#include <algorithm>

namespace bi::sharing {

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kNone:
      return "none";
    case Permission::kView:
      return "view";
    case Permission::kEdit:
      return "edit";
    case Permission::kManage:
      return "owner";
  }
  return "none";
}

Permission FromShare(repo::Permission p) {
  return p == repo::Permission::kEdit ? Permission::kEdit : Permission::kView;
}

DashboardAccess::DashboardAccess(store::MetadataStore& store) : members_(store), shares_(store) {}

Result<std::map<std::string, Permission>> DashboardAccess::SharedWith(const std::string& user_id) {
  std::vector<std::string> targets = {user_id};
  BI_RETURN_IF_ERROR(ForEachItem<repo::GroupMember>(
      [&](const repo::PageRequest& p) { return members_.ListByUser(user_id, p); },
      [&](const repo::GroupMember& m) { targets.push_back(m.group_id); }));
  std::map<std::string, Permission> out;
  for (const std::string& target : targets) {
    BI_RETURN_IF_ERROR(ForEachItem<repo::DashboardShare>(
        [&](const repo::PageRequest& p) { return shares_.ListByTarget(target, p); },
        [&](const repo::DashboardShare& s) {
          Permission& p = out[s.dashboard_id];
          p = std::max(p, FromShare(s.permission));
        }));
  }
  return out;
}

Result<Permission> DashboardAccess::For(const Viewer& viewer, const repo::Dashboard& dashboard) {
  if (viewer.admin || dashboard.owner_id == viewer.user_id) return Permission::kManage;
  auto shared = SharedWith(viewer.user_id);
  if (!shared.ok()) return shared.status();
  auto it = shared->find(dashboard.dashboard_id);
  return it == shared->end() ? Permission::kNone : it->second;
}

}  // namespace bi::sharing
