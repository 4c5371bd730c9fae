// One Query page in the store's order from DynamoDB's sort-key-only order.
#include "store/dynamodb_query_page.h"

#include <algorithm>

#include "store/dynamodb_expressions.h"

namespace bi::store {
namespace {

bool HasTyped(const Item& item, const KeyAttr& k) {
  auto it = item.find(k.name);
  if (it == item.end()) return false;
  return k.type == KeyType::kString ? it->second.is_string() : it->second.is_number();
}

}  // namespace

Result<QueryPageBuilder> QueryPageBuilder::Make(const TableDef& table, const IndexDef* index,
                                                const QueryRequest& request,
                                                std::optional<Item> cursor) {
  QueryPageBuilder b;
  b.table_ = &table;
  b.index_ = index;
  b.sort_key_ = index ? index->sort : table.sort;
  b.condition_ = request.sort;
  b.ascending_ = request.ascending;
  b.limit_ = static_cast<size_t>(request.limit);
  if (cursor) {
    bool ok = HasTyped(*cursor, table.partition) && (!table.sort || HasTyped(*cursor, *table.sort));
    if (index) {
      ok = ok && HasTyped(*cursor, index->partition) &&
           (!index->sort || HasTyped(*cursor, *index->sort));
    }
    if (!ok) return Status::InvalidArgument("cursor does not belong to this query");
    b.cursor_ = std::move(cursor);
  }
  return b;
}

const AttributeValue* QueryPageBuilder::resume_from() const {
  return cursor_ ? GroupValue(*cursor_) : nullptr;
}

const AttributeValue* QueryPageBuilder::GroupValue(const Item& item) const {
  if (!sort_key_) return nullptr;
  auto it = item.find(sort_key_->name);
  return it == item.end() ? nullptr : &it->second;
}

std::vector<const AttributeValue*> QueryPageBuilder::OrderKey(const Item& item) const {
  std::vector<const AttributeValue*> key;
  auto add = [&](const KeyAttr& k) {
    auto it = item.find(k.name);
    key.push_back(it == item.end() ? nullptr : &it->second);
  };
  if (index_ && index_->sort) add(*index_->sort);
  add(table_->partition);
  if (table_->sort) add(*table_->sort);
  return key;
}

int QueryPageBuilder::Compare(const Item& a, const Item& b) const {
  auto ka = OrderKey(a), kb = OrderKey(b);
  for (size_t i = 0; i < ka.size(); ++i) {
    if (!ka[i] || !kb[i]) {
      if (ka[i] != kb[i]) return ka[i] ? 1 : -1;
      continue;
    }
    int c = CompareKeyValues(*ka[i], *kb[i]);
    if (c != 0) return ascending_ ? c : -c;
  }
  return 0;
}

bool QueryPageBuilder::Add(Item item) {
  const AttributeValue* group = GroupValue(item);
  // Items come sorted by the sort value, so the first one outside the asked range (DynamoDB was
  // asked for a wider one) ends the results.
  if (condition_ && group && !SortConditionHolds(*condition_, *group)) return false;
  // The cursor's group is read again from its start; what the previous page had is skipped.
  if (cursor_ && Compare(item, *cursor_) <= 0) return true;
  if (items_.size() >= limit_) {
    const bool same_group =
        (!group && !last_group_) || (group && last_group_ && *group == *last_group_);
    if (!same_group) {
      more_ = true;
      return false;
    }
  }
  items_.push_back(std::move(item));
  if (items_.size() == limit_ && group) last_group_ = *group;
  return true;
}

Page QueryPageBuilder::Finish() {
  std::stable_sort(items_.begin(), items_.end(),
                   [this](const Item& a, const Item& b) { return Compare(a, b) < 0; });
  Page page;
  if (items_.size() > limit_) {
    more_ = true;
    items_.resize(limit_);
  }
  if (more_ && !items_.empty()) {
    const Item& last = items_.back();
    Item key = KeyOf(*table_, last);
    if (index_) {
      key.emplace(index_->partition.name, last.at(index_->partition.name));
      if (index_->sort) key.emplace(index_->sort->name, last.at(index_->sort->name));
    }
    page.cursor = EncodeCursor(key);
  }
  page.items = std::move(items_);
  return page;
}

}  // namespace bi::store
