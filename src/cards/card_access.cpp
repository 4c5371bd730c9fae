#include "cards/card_access.h"

#include <algorithm>

#include "repo/cached_reads_only.h"

namespace bi::cards {

CardAccess::CardAccess(store::MetadataStore& store)
    : dashboards_(store), cards_(store), dashboard_access_(store) {}

Result<std::map<std::string, Access>> CardAccess::SharedCards(const std::string& user_id) {
  auto dashboards = dashboard_access_.SharedWith(user_id);
  if (!dashboards.ok()) return dashboards.status();
  std::map<std::string, Access> cards;
  for (const auto& [id, permission] : *dashboards) {
    auto dashboard = dashboards_.Get(id);
    if (dashboard.status().code() == ErrorCode::kNotFound) continue;  // deleted meanwhile
    if (!dashboard.ok()) return dashboard.status();
    const Access access = permission >= sharing::Permission::kEdit ? Access::kEdit : Access::kRead;
    if (!dashboard->layout.is_list()) continue;
    for (const auto& placement : dashboard->layout.l()) {
      if (!placement.is_map()) continue;
      auto card = placement.m().find("cardId");
      if (card == placement.m().end() || !card->second.is_string()) continue;
      Access& a = cards[card->second.s()];
      a = std::max(a, access);
    }
  }
  return cards;
}

Result<Access> CardAccess::For(const Viewer& viewer, const repo::Card& card) {
  if (viewer.admin || card.owner_id == viewer.user_id) return Access::kOwner;
  // Shares are queried, never cached: not for a caller that must not wait on the store.
  if (repo::CachedReadsOnly::Active()) return Status::Unavailable("shares are not in memory");
  auto shared = SharedCards(viewer.user_id);
  if (!shared.ok()) return shared.status();
  auto it = shared->find(card.card_id);
  return it == shared->end() ? Access::kNone : it->second;
}

Result<bool> CardAccess::DatasetReachable(const std::string& user_id,
                                          const std::string& dataset_id) {
  auto shared = SharedCards(user_id);
  if (!shared.ok()) return shared.status();
  for (const auto& [card_id, access] : *shared) {
    auto card = cards_.Get(card_id);
    if (card.status().code() == ErrorCode::kNotFound) continue;
    if (!card.ok()) return card.status();
    if (card->dataset_id == dataset_id) return true;
    for (const auto& [alias, id] : card->extra_datasets.m()) {
      if (id.is_string() && id.s() == dataset_id) return true;
    }
  }
  return false;
}

}  // namespace bi::cards
