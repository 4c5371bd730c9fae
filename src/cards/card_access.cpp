#include "cards/card_access.h"

namespace bi::cards {
namespace {

// Walks every page of a paged query.
template <typename T, typename Query>
Status ForEachItem(Query query, const std::function<void(const T&)>& visit) {
  repo::PageRequest page;
  page.limit = 1000;
  do {
    auto got = query(page);
    if (!got.ok()) return got.status();
    for (const T& item : got->items) visit(item);
    page.cursor = got->cursor;
  } while (!page.cursor.empty());
  return Status::Ok();
}

}  // namespace

CardAccess::CardAccess(store::MetadataStore& store)
    : dashboards_(store), members_(store), shares_(store) {}

Result<std::set<std::string>> CardAccess::DashboardsSharedWith(const std::string& user_id) {
  std::set<std::string> targets = {user_id};
  BI_RETURN_IF_ERROR(ForEachItem<repo::GroupMember>(
      [&](const repo::PageRequest& p) { return members_.ListByUser(user_id, p); },
      [&](const repo::GroupMember& m) { targets.insert(m.group_id); }));
  std::set<std::string> dashboards;
  for (const std::string& target : targets) {
    BI_RETURN_IF_ERROR(ForEachItem<repo::DashboardShare>(
        [&](const repo::PageRequest& p) { return shares_.ListByTarget(target, p); },
        [&](const repo::DashboardShare& s) { dashboards.insert(s.dashboard_id); }));
  }
  return dashboards;
}

Result<std::set<std::string>> CardAccess::SharedCardIds(const std::string& user_id) {
  auto dashboards = DashboardsSharedWith(user_id);
  if (!dashboards.ok()) return dashboards.status();
  std::set<std::string> cards;
  for (const std::string& id : *dashboards) {
    auto dashboard = dashboards_.Get(id);
    if (dashboard.status().code() == ErrorCode::kNotFound) continue;  // deleted meanwhile
    if (!dashboard.ok()) return dashboard.status();
    if (!dashboard->layout.is_list()) continue;
    for (const auto& placement : dashboard->layout.l()) {
      if (!placement.is_map()) continue;
      auto card = placement.m().find("cardId");
      if (card != placement.m().end() && card->second.is_string()) cards.insert(card->second.s());
    }
  }
  return cards;
}

Result<Access> CardAccess::For(const Viewer& viewer, const repo::Card& card) {
  if (viewer.admin || card.owner_id == viewer.user_id) return Access::kEdit;
  auto shared = SharedCardIds(viewer.user_id);
  if (!shared.ok()) return shared.status();
  return shared->count(card.card_id) ? Access::kRead : Access::kNone;
}

}  // namespace bi::cards
