#pragma once
// Dashboards: a title, a grid layout of card placements and filter definitions. The rules for
// creating, reading, listing, changing and deleting them; who may do what comes from
// sharing::DashboardAccess (owner and admins manage, shares give view or edit). Dashboards a
// user cannot see are kNotFound, so their existence does not leak.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cards/card_access.h"
#include "common/status.h"
#include "repo/repositories.h"
#include "sharing/dashboard_access.h"
#include "store/metadata_store.h"

namespace bi::dashboards {

using sharing::Permission;
using sharing::Viewer;

// Fields a caller sets; absent ones stay as they are (update) or empty (create).
struct DashboardDraft {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<nlohmann::json> layout;   // [{"cardId", "x", "y", "w", "h"}]
  std::optional<nlohmann::json> filters;  // see filter_definitions.h
  // {"cron", "timeZone"} (scheduler/refresh_schedule.h), or JSON null to remove the schedule.
  std::optional<nlohmann::json> refresh_schedule;
};

struct DashboardView {
  repo::Dashboard dashboard;
  Permission permission = Permission::kNone;
};

inline constexpr int kGridColumns = 12;
inline constexpr size_t kMaxPlacements = 100;

class DashboardService {
 public:
  explicit DashboardService(store::MetadataStore& store, repo::Clock clock = repo::SystemNowMs);

  Result<repo::Dashboard> Create(const Viewer& viewer, const DashboardDraft& draft);
  // kNotFound unless the viewer may at least view it.
  Result<DashboardView> Get(const Viewer& viewer, const std::string& dashboard_id);
  // Own dashboards (newest first), then those shared with the viewer, each with its permission.
  Result<std::vector<DashboardView>> List(const Viewer& viewer);
  // Only those shared with the viewer (directly or through a group).
  Result<std::vector<DashboardView>> SharedWith(const Viewer& viewer);
  // Editors, owner, admins; 409 on a stale version.
  Result<repo::Dashboard> Update(const Viewer& viewer, const std::string& dashboard_id,
                                 const DashboardDraft& draft, int64_t version);
  // Owner and admins; removes its shares and filter views too.
  Status Delete(const Viewer& viewer, const std::string& dashboard_id,
                std::optional<int64_t> expected_version);

  // Get, then kPermissionDenied unless the viewer has at least `needed`.
  Result<DashboardView> GetWith(const Viewer& viewer, const std::string& dashboard_id,
                                Permission needed);

  sharing::DashboardAccess& access() { return access_; }

 private:
  // `before`: the stored dashboard on update (cards already placed stay allowed).
  Status Apply(const Viewer& viewer, const DashboardDraft& draft, repo::Dashboard& dashboard,
               const repo::Dashboard* before);

  store::MetadataStore& store_;
  repo::Clock clock_;  // when a schedule next fires is computed from it
  repo::DashboardRepository dashboards_;
  repo::CardRepository cards_;
  repo::ShareRepository shares_;
  repo::FilterViewRepository views_;
  sharing::DashboardAccess access_;
  cards::CardAccess card_access_;
};

// The dashboard as the API shows it, with the caller's permission.
nlohmann::json DashboardJson(const DashboardView& view);
// The card ids of a layout, in order.
std::vector<std::string> PlacedCards(const repo::Dashboard& dashboard);

}  // namespace bi::dashboards
