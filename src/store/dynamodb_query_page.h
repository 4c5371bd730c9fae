#pragma once
// Builds one page of a Query in the store's order from DynamoDB's answers. DynamoDB returns a
// partition sorted by the sort key only: items sharing a GSI sort value (or a GSI without a sort
// key) come in an order of its own. The contract orders them by the table key as well, so
// pages are cut at complete groups of equal sort values: items are fed in DynamoDB's order
// starting at the group of the cursor's sort value, and reading stops once `limit` items are in
// hand and a new group begins. The page is the first `limit` of them in the store's order.
//
//   auto b = QueryPageBuilder::Make(table, index, request, cursor);
//   while (reading) for (item : answer) if (!b->Add(item)) stop;
//   Page page = b->Finish();

#include <optional>
#include <vector>

#include "common/status.h"
#include "store/metadata_store.h"

namespace bi::store {

class QueryPageBuilder {
 public:
  // `index` as ValidateQuery returned it (nullptr: the table's own key); `cursor` decoded.
  // kInvalidArgument if the cursor lacks the key attributes of this query.
  static Result<QueryPageBuilder> Make(const TableDef& table, const IndexDef* index,
                                       const QueryRequest& request, std::optional<Item> cursor);

  // The sort value reading must resume at (inclusive), if the query has a cursor and a sort key.
  const AttributeValue* resume_from() const;

  // Feeds the next item in DynamoDB's order. False: the page is decided, stop reading.
  bool Add(Item item);
  // The page, with a cursor when more items follow.
  Page Finish();

 private:
  QueryPageBuilder() = default;
  // The values the store orders by: index sort value, table partition and table sort value.
  std::vector<const AttributeValue*> OrderKey(const Item& item) const;
  int Compare(const Item& a, const Item& b) const;
  const AttributeValue* GroupValue(const Item& item) const;

  const TableDef* table_ = nullptr;
  const IndexDef* index_ = nullptr;
  std::optional<KeyAttr> sort_key_;  // of the index (or table) queried
  std::optional<SortKeyCondition> condition_;
  bool ascending_ = true;
  size_t limit_ = 0;
  std::optional<Item> cursor_;
  std::vector<Item> items_;
  std::optional<AttributeValue> last_group_;  // group value of the limit-th item, once reached
  bool more_ = false;
};

}  // namespace bi::store
