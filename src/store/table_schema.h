#pragma once
// Table definitions as data: key schema and global secondary indexes, exactly the eight tables of
// the deployment guide (section 2.4). Every backend creates and serves tables from these
// definitions, so the DynamoDB key schemas and the SQLite columns/indexes cannot drift apart.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/attribute_value.h"

namespace bi::store {

// Key attribute types DynamoDB allows in key schemas that this project uses.
enum class KeyType { kString, kNumber };

struct KeyAttr {
  std::string name;
  KeyType type = KeyType::kString;
  bool operator==(const KeyAttr&) const = default;
};

// A global secondary index, projection ALL. Items lacking the index's partition attribute
// (or its sort attribute, if it has one) are not in the index, as in DynamoDB.
struct IndexDef {
  std::string name;
  KeyAttr partition;
  std::optional<KeyAttr> sort;
  bool operator==(const IndexDef&) const = default;
};

struct TableDef {
  std::string name;
  KeyAttr partition;
  std::optional<KeyAttr> sort;
  std::vector<IndexDef> indexes;
  bool operator==(const TableDef&) const = default;

  const IndexDef* FindIndex(std::string_view index_name) const;
  // Checks names (DynamoDB's 3-255 of [A-Za-z0-9_.-]) and that indexes have distinct names.
  Status Validate() const;
  nlohmann::json ToJson() const;
  static Result<TableDef> FromJson(const nlohmann::json& j);
};

namespace tables {
inline constexpr char kUsers[] = "bi_users";
inline constexpr char kDatasets[] = "bi_datasets";
inline constexpr char kCards[] = "bi_cards";
inline constexpr char kDashboards[] = "bi_dashboards";
inline constexpr char kFilterViews[] = "bi_filter_views";
inline constexpr char kGroups[] = "bi_groups";
inline constexpr char kGroupMembers[] = "bi_group_members";
inline constexpr char kDashboardShares[] = "bi_dashboard_shares";
}  // namespace tables

namespace indexes {
inline constexpr char kUsersByEmail[] = "UsersByEmail";
inline constexpr char kDatasetsByOwner[] = "DatasetsByOwner";
inline constexpr char kCardsByOwner[] = "CardsByOwner";
inline constexpr char kDashboardsByOwner[] = "DashboardsByOwner";
inline constexpr char kFilterViewsByDashboard[] = "FilterViewsByDashboard";
inline constexpr char kGroupsByName[] = "GroupsByName";
inline constexpr char kMembersByUser[] = "MembersByUser";
inline constexpr char kSharesByDashboard[] = "SharesByDashboard";
inline constexpr char kSharesByTarget[] = "SharesByTarget";
}  // namespace indexes

// The eight tables of the deployment guide, in its order.
const std::vector<TableDef>& AllTables();
const TableDef* FindTableDef(std::string_view name);

// Checks that `item` carries the table's key attributes with their declared types (strings
// non-empty), and that index key attributes, where present, have their declared types.
Status ValidateKeyedItem(const TableDef& table, const Item& item);
// Checks that `key` holds exactly the table's key attributes with the declared types.
Status ValidateKey(const TableDef& table, const Item& key);
// The table's key attributes taken from `item` (which must be valid).
Item KeyOf(const TableDef& table, const Item& item);

}  // namespace bi::store
