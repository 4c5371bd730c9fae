#pragma once
// Who may see a card. The owner and admins may read and change it; a user who can see a
// dashboard the card is placed on (shared with them directly or through a group) may read and
// run it, never change it; anyone else must not learn it exists (the API answers 404).

#include <set>
#include <string>

#include "common/status.h"
#include "ingest/dataset_service.h"
#include "repo/repositories.h"
#include "store/metadata_store.h"

namespace bi::cards {

using ingest::Viewer;

enum class Access { kNone, kRead, kEdit };

class CardAccess {
 public:
  explicit CardAccess(store::MetadataStore& store);

  // Ids of dashboards shared with the user, directly or through one of their groups.
  Result<std::set<std::string>> DashboardsSharedWith(const std::string& user_id);
  // Ids of the cards placed on those dashboards.
  Result<std::set<std::string>> SharedCardIds(const std::string& user_id);
  Result<Access> For(const Viewer& viewer, const repo::Card& card);

 private:
  repo::DashboardRepository dashboards_;
  repo::MemberRepository members_;
  repo::ShareRepository shares_;
};

}  // namespace bi::cards
