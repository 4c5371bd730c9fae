#include "store/metadata_store.h"

#include "common/base64.h"

namespace bi::store {
namespace {

Status CheckKeyType(const KeyAttr& k, const AttributeValue& v) {
  bool ok = k.type == KeyType::kString ? v.is_string() : v.is_number();
  if (!ok) {
    return Status::InvalidArgument("condition value for '" + k.name + "' has the wrong type");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::optional<Item>>> MetadataStore::BatchGet(std::string_view table,
                                                                 const std::vector<Item>& keys) {
  std::vector<std::optional<Item>> items;
  items.reserve(keys.size());
  for (const auto& key : keys) {
    auto item = Get(table, key);
    if (!item.ok()) return item.status();
    items.push_back(std::move(item).value());
  }
  return items;
}

Status CreateAllTables(MetadataStore& store) {
  for (const auto& def : AllTables()) BI_RETURN_IF_ERROR(store.CreateTable(def));
  return Status::Ok();
}

std::string EncodeCursor(const Item& last_key) {
  return Base64UrlEncode(ItemToDynamoJson(last_key).dump());
}

Result<Item> DecodeCursor(std::string_view cursor) {
  std::string raw;
  if (!Base64UrlDecode(cursor, &raw)) return Status::InvalidArgument("malformed cursor");
  auto j = nlohmann::json::parse(raw, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("malformed cursor");
  auto item = ItemFromDynamoJson(j);
  if (!item.ok()) return Status::InvalidArgument("malformed cursor");
  return item;
}

Result<const IndexDef*> ValidateQuery(const TableDef& table, const QueryRequest& r) {
  const IndexDef* index = nullptr;
  KeyAttr pk = table.partition;
  std::optional<KeyAttr> sk = table.sort;
  if (!r.index.empty()) {
    index = table.FindIndex(r.index);
    if (!index) return Status::InvalidArgument("table " + table.name + " has no index " + r.index);
    pk = index->partition;
    sk = index->sort;
  }
  if (r.limit < 1 || r.limit > kMaxPageSize) {
    return Status::InvalidArgument("limit must be between 1 and 1000");
  }
  BI_RETURN_IF_ERROR(CheckKeyType(pk, r.partition));
  if (r.sort) {
    if (!sk) return Status::InvalidArgument("sort key condition on an index without a sort key");
    BI_RETURN_IF_ERROR(CheckKeyType(*sk, r.sort->value));
    if (r.sort->op == SortKeyCondition::Op::kBetween) {
      BI_RETURN_IF_ERROR(CheckKeyType(*sk, r.sort->upper));
    }
    if (r.sort->op == SortKeyCondition::Op::kBeginsWith && sk->type != KeyType::kString) {
      return Status::InvalidArgument("begins_with needs a string sort key");
    }
  }
  return index;
}

}  // namespace bi::store
