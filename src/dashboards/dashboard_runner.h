#pragma once
// Runs every card of a dashboard with the dashboard's filter values pushed down to the datasets
// that have each filter's column, a bounded number at a time; one card's failure is that card's
// answer and never fails the others. Also finds a select filter's choices (distinct values of
// its column), through the executor and its caches like any card.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cards/card_runner.h"
#include "dashboards/dashboard_service.h"
#include "dashboards/filter_view_service.h"

namespace bi::dashboards {

struct DashboardRunRequest {
  nlohmann::json values = nlohmann::json::object();  // filterId -> value (over the defaults)
  std::string filter_view_id;                        // its values first, then `values`
  bool no_cache = false;
};

struct CardRun {
  std::string card_id;
  Result<cards::RunOutcome> outcome = Status::Internal("not run");
};

struct DashboardRun {
  nlohmann::json values;  // the filter values applied, by filter id
  std::vector<CardRun> cards;
};

inline constexpr size_t kDashboardParallelism = 4;
inline constexpr int64_t kMaxFilterChoices = 1000;

class DashboardRunner {
 public:
  DashboardRunner(store::MetadataStore& store, DashboardService& dashboards,
                  FilterViewService& views, cards::CardRunner& runner,
                  size_t parallelism = kDashboardParallelism);

  Result<DashboardRun> Run(const Viewer& viewer, const std::string& dashboard_id,
                           const DashboardRunRequest& request);
  // {"filterId", "column", "values": [...], "truncated"}: distinct non-null values of the
  // filter's column in the dashboard's datasets, sorted, those containing `search` (any case).
  Result<nlohmann::json> FilterChoices(const Viewer& viewer, const std::string& dashboard_id,
                                       const std::string& filter_id, const std::string& search,
                                       int64_t limit);

 private:
  repo::CardRepository cards_;
  repo::DatasetRepository datasets_;
  DashboardService& dashboards_;
  FilterViewService& views_;
  cards::CardRunner& runner_;
  const size_t parallelism_;
};

}  // namespace bi::dashboards
