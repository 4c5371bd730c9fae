#pragma once
// Shares of a dashboard with a user or a group, `view` or `edit`. Only the owner and admins
// manage them. A second share to the same target changes its permission instead of adding a
// duplicate. Every change writes the audit line `dashboard_share_changed` (runbook 4.3:
// dashboard_id, shared_with, permission) with the acting user.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboards/dashboard_service.h"

namespace bi::dashboards {

struct NewShare {
  repo::ShareTarget target_type = repo::ShareTarget::kUser;
  std::string target_id;
  repo::Permission permission = repo::Permission::kView;
};

class ShareService {
 public:
  ShareService(store::MetadataStore& store, DashboardService& dashboards,
               repo::Clock clock = repo::SystemNowMs);

  Result<std::vector<repo::DashboardShare>> List(const Viewer& viewer,
                                                 const std::string& dashboard_id);
  // kNotFound if the user or group does not exist. Returns the share and whether it is new.
  Result<std::pair<repo::DashboardShare, bool>> Put(const Viewer& viewer,
                                                    const std::string& dashboard_id,
                                                    const NewShare& share);
  Status Remove(const Viewer& viewer, const std::string& dashboard_id, const std::string& share_id);

 private:
  DashboardService& dashboards_;
  repo::ShareRepository shares_;
  repo::UserRepository users_;
  repo::GroupRepository groups_;
};

// The share as the API shows it (with the target's email or group name when it still exists).
nlohmann::json ShareJson(const repo::DashboardShare& share, const std::string& target_label);

}  // namespace bi::dashboards
