#include "store/table_schema.h"

namespace bi::store {
namespace {

KeyAttr S(const char* name) {
  return {name, KeyType::kString};
}
KeyAttr N(const char* name) {
  return {name, KeyType::kNumber};
}

bool ValidName(std::string_view n, size_t min_len) {
  if (n.size() < min_len || n.size() > 255) return false;
  for (char c : n) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

nlohmann::json KeyAttrJson(const KeyAttr& k) {
  return {{"name", k.name}, {"type", k.type == KeyType::kString ? "S" : "N"}};
}

Result<KeyAttr> KeyAttrFromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("type")) {
    return Status::Corruption("bad key attribute definition");
  }
  KeyAttr k{j["name"].get<std::string>(), KeyType::kString};
  if (j["type"] == "N")
    k.type = KeyType::kNumber;
  else if (j["type"] != "S")
    return Status::Corruption("bad key attribute type");
  return k;
}

Status CheckKeyValue(const KeyAttr& k, const AttributeValue& v, const char* what) {
  if (k.type == KeyType::kString) {
    if (!v.is_string()) {
      return Status::InvalidArgument(std::string(what) + " attribute '" + k.name +
                                     "' must be a string");
    }
    if (v.s().empty()) {
      return Status::InvalidArgument(std::string(what) + " attribute '" + k.name +
                                     "' must not be empty");
    }
  } else if (!v.is_number()) {
    return Status::InvalidArgument(std::string(what) + " attribute '" + k.name +
                                   "' must be a number");
  }
  return Status::Ok();
}

}  // namespace

const IndexDef* TableDef::FindIndex(std::string_view index_name) const {
  for (const auto& i : indexes) {
    if (i.name == index_name) return &i;
  }
  return nullptr;
}

Status TableDef::Validate() const {
  if (!ValidName(name, 3)) return Status::InvalidArgument("invalid table name '" + name + "'");
  if (partition.name.empty() || (sort && (sort->name.empty() || sort->name == partition.name))) {
    return Status::InvalidArgument("invalid key schema for table " + name);
  }
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (!ValidName(indexes[i].name, 3) || indexes[i].partition.name.empty()) {
      return Status::InvalidArgument("invalid index '" + indexes[i].name + "'");
    }
    for (size_t j = 0; j < i; ++j) {
      if (indexes[j].name == indexes[i].name) {
        return Status::InvalidArgument("duplicate index name " + indexes[i].name);
      }
    }
  }
  return Status::Ok();
}

nlohmann::json TableDef::ToJson() const {
  nlohmann::json j = {{"name", name}, {"partition", KeyAttrJson(partition)}};
  if (sort) j["sort"] = KeyAttrJson(*sort);
  j["indexes"] = nlohmann::json::array();
  for (const auto& i : indexes) {
    nlohmann::json ij = {{"name", i.name}, {"partition", KeyAttrJson(i.partition)}};
    if (i.sort) ij["sort"] = KeyAttrJson(*i.sort);
    j["indexes"].push_back(ij);
  }
  return j;
}

Result<TableDef> TableDef::FromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("name") || !j.contains("partition")) {
    return Status::Corruption("bad table definition");
  }
  TableDef t;
  t.name = j["name"].get<std::string>();
  auto p = KeyAttrFromJson(j["partition"]);
  if (!p.ok()) return p.status();
  t.partition = *p;
  if (j.contains("sort")) {
    auto s = KeyAttrFromJson(j["sort"]);
    if (!s.ok()) return s.status();
    t.sort = *s;
  }
  for (const auto& ij : j.value("indexes", nlohmann::json::array())) {
    IndexDef i;
    i.name = ij.value("name", "");
    auto ip = KeyAttrFromJson(ij["partition"]);
    if (!ip.ok()) return ip.status();
    i.partition = *ip;
    if (ij.contains("sort")) {
      auto is = KeyAttrFromJson(ij["sort"]);
      if (!is.ok()) return is.status();
      i.sort = *is;
    }
    t.indexes.push_back(std::move(i));
  }
  return t;
}

const std::vector<TableDef>& AllTables() {
  static const std::vector<TableDef> kTables = {
      {tables::kUsers,
       S("userId"),
       std::nullopt,
       {{indexes::kUsersByEmail, S("email"), std::nullopt}}},
      {tables::kDatasets,
       S("datasetId"),
       std::nullopt,
       {{indexes::kDatasetsByOwner, S("ownerId"), N("createdAt")}}},
      {tables::kCards,
       S("cardId"),
       std::nullopt,
       {{indexes::kCardsByOwner, S("ownerId"), N("createdAt")}}},
      {tables::kDashboards,
       S("dashboardId"),
       std::nullopt,
       {{indexes::kDashboardsByOwner, S("ownerId"), N("createdAt")}}},
      {tables::kFilterViews,
       S("filterViewId"),
       std::nullopt,
       {{indexes::kFilterViewsByDashboard, S("dashboardId"), N("createdAt")}}},
      {tables::kGroups,
       S("groupId"),
       std::nullopt,
       {{indexes::kGroupsByName, S("name"), std::nullopt}}},
      {tables::kGroupMembers,
       S("groupId"),
       S("userId"),
       {{indexes::kMembersByUser, S("userId"), S("groupId")}}},
      {tables::kDashboardShares,
       S("shareId"),
       std::nullopt,
       {{indexes::kSharesByDashboard, S("dashboardId"), N("createdAt")},
        {indexes::kSharesByTarget, S("sharedToId"), N("createdAt")}}},
  };
  return kTables;
}

const TableDef* FindTableDef(std::string_view name) {
  for (const auto& t : AllTables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Status ValidateKeyedItem(const TableDef& table, const Item& item) {
  auto check = [&](const KeyAttr& k, const char* what, bool required) -> Status {
    auto it = item.find(k.name);
    if (it == item.end()) {
      if (required) {
        return Status::InvalidArgument("missing key attribute '" + k.name + "' for table " +
                                       table.name);
      }
      return Status::Ok();
    }
    return CheckKeyValue(k, it->second, what);
  };
  BI_RETURN_IF_ERROR(check(table.partition, "key", true));
  if (table.sort) BI_RETURN_IF_ERROR(check(*table.sort, "key", true));
  for (const auto& idx : table.indexes) {
    BI_RETURN_IF_ERROR(check(idx.partition, "index key", false));
    if (idx.sort) BI_RETURN_IF_ERROR(check(*idx.sort, "index key", false));
  }
  return ValidateItemContent(item);
}

Status ValidateKey(const TableDef& table, const Item& key) {
  size_t expected = table.sort ? 2 : 1;
  if (key.size() != expected) {
    return Status::InvalidArgument("key for table " + table.name + " must have exactly " +
                                   std::to_string(expected) + " attribute(s)");
  }
  auto check = [&](const KeyAttr& k) -> Status {
    auto it = key.find(k.name);
    if (it == key.end()) return Status::InvalidArgument("missing key attribute '" + k.name + "'");
    return CheckKeyValue(k, it->second, "key");
  };
  BI_RETURN_IF_ERROR(check(table.partition));
  if (table.sort) BI_RETURN_IF_ERROR(check(*table.sort));
  return ValidateItemContent(key);
}

Item KeyOf(const TableDef& table, const Item& item) {
  Item key;
  key.emplace(table.partition.name, item.at(table.partition.name));
  if (table.sort) key.emplace(table.sort->name, item.at(table.sort->name));
  return key;
}

}  // namespace bi::store
