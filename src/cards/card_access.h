#pragma once
// Who may see a card. The owner and admins may do anything with it; a user who can see a
// dashboard the card is placed on may read and run it (and read the data it uses), and change
// it if they may edit that dashboard; anyone else must not learn it exists (the API answers 404).

#include <map>
#include <string>

#include "common/status.h"
#include "ingest/dataset_service.h"
#include "repo/repositories.h"
#include "sharing/dashboard_access.h"
#include "store/metadata_store.h"

namespace bi::cards {

using ingest::Viewer;

// Ordered: each level includes the ones before it.
enum class Access {
  kNone,
  kRead,   // through a dashboard shared for viewing
  kEdit,   // through a dashboard shared for editing: change, not delete
  kOwner,  // the owner and admins
};

class CardAccess {
 public:
  explicit CardAccess(store::MetadataStore& store);

  // Cards placed on dashboards shared with the user, with the access that gives.
  Result<std::map<std::string, Access>> SharedCards(const std::string& user_id);
  Result<Access> For(const Viewer& viewer, const repo::Card& card);
  // Whether a card on a dashboard shared with the user reads this dataset.
  Result<bool> DatasetReachable(const std::string& user_id, const std::string& dataset_id);

 private:
  repo::DashboardRepository dashboards_;
  repo::CardRepository cards_;
  sharing::DashboardAccess dashboard_access_;
};

}  // namespace bi::cards
