#pragma once
// Filter views: named sets of filter values saved on a dashboard, private to their author or
// shared with everyone who can view the dashboard. Anyone who can view a dashboard may save
// views; only the author, the dashboard's owner and admins change or delete one.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dashboards/dashboard_service.h"

namespace bi::dashboards {

struct FilterViewDraft {
  std::optional<std::string> name;
  std::optional<nlohmann::json> values;  // {filterId: value}
  std::optional<bool> shared;
};

class FilterViewService {
 public:
  FilterViewService(store::MetadataStore& store, DashboardService& dashboards,
                    repo::Clock clock = repo::SystemNowMs);

  // The viewer's own views and the shared ones, oldest first.
  Result<std::vector<repo::FilterView>> List(const Viewer& viewer, const std::string& dashboard_id);
  Result<repo::FilterView> Create(const Viewer& viewer, const std::string& dashboard_id,
                                  const FilterViewDraft& draft);
  // A view the viewer can see (own, or shared on a dashboard they can view); kNotFound else.
  Result<repo::FilterView> Get(const Viewer& viewer, const std::string& view_id);
  Result<repo::FilterView> Update(const Viewer& viewer, const std::string& view_id,
                                  const FilterViewDraft& draft, int64_t version);
  Status Delete(const Viewer& viewer, const std::string& view_id,
                std::optional<int64_t> expected_version);

 private:
  // Checks the values against the dashboard's filters and writes the draft into `view`.
  Status Apply(const repo::Dashboard& dashboard, const FilterViewDraft& draft,
               repo::FilterView& view);
  // Get, then kPermissionDenied unless the viewer may change it.
  Result<repo::FilterView> GetForChange(const Viewer& viewer, const std::string& view_id);

  DashboardService& dashboards_;
  repo::FilterViewRepository views_;
};

nlohmann::json FilterViewJson(const repo::FilterView& view);

}  // namespace bi::dashboards
