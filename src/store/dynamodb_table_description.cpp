// CreateTable requests from TableDefs and TableDefs from DescribeTable answers.
#include "store/dynamodb_table_description.h"

#include <algorithm>
#include <map>

namespace bi::store {
namespace {

const char* TypeLetter(KeyType t) {
  return t == KeyType::kString ? "S" : "N";
}

nlohmann::json KeySchema(const KeyAttr& partition, const std::optional<KeyAttr>& sort) {
  nlohmann::json schema = nlohmann::json::array();
  schema.push_back({{"AttributeName", partition.name}, {"KeyType", "HASH"}});
  if (sort) schema.push_back({{"AttributeName", sort->name}, {"KeyType", "RANGE"}});
  return schema;
}

Status Corrupt(const std::string& table, const std::string& why) {
  return Status::Corruption("DynamoDB table " + table + " " + why);
}

// KeySchema + AttributeDefinitions -> partition and optional sort KeyAttr.
Status ReadKeySchema(const std::string& table, const nlohmann::json& schema,
                     const std::map<std::string, KeyType>& types, KeyAttr* partition,
                     std::optional<KeyAttr>* sort) {
  if (!schema.is_array() || schema.empty() || schema.size() > 2) {
    return Corrupt(table, "has a malformed KeySchema");
  }
  bool have_hash = false;
  for (const auto& k : schema) {
    std::string name = k.value("AttributeName", "");
    std::string kind = k.value("KeyType", "");
    auto type = types.find(name);
    if (type == types.end()) {
      return Corrupt(table, "has key attribute '" + name + "' of a type this backend cannot use");
    }
    if (kind == "HASH") {
      *partition = {name, type->second};
      have_hash = true;
    } else if (kind == "RANGE") {
      *sort = KeyAttr{name, type->second};
    } else {
      return Corrupt(table, "has an unknown KeyType '" + kind + "'");
    }
  }
  if (!have_hash) return Corrupt(table, "has no HASH key");
  return Status::Ok();
}

bool IndexLess(const IndexDef& a, const IndexDef& b) {
  return a.name < b.name;
}

}  // namespace

Result<nlohmann::json> CreateTableRequest(const TableDef& def) {
  std::map<std::string, KeyType> types;
  auto define = [&](const KeyAttr& k) -> Status {
    auto [it, inserted] = types.emplace(k.name, k.type);
    if (!inserted && it->second != k.type) {
      return Status::InvalidArgument("table " + def.name + " uses attribute '" + k.name +
                                     "' as a key with two different types");
    }
    return Status::Ok();
  };
  BI_RETURN_IF_ERROR(define(def.partition));
  if (def.sort) BI_RETURN_IF_ERROR(define(*def.sort));
  nlohmann::json indexes = nlohmann::json::array();
  for (const auto& idx : def.indexes) {
    BI_RETURN_IF_ERROR(define(idx.partition));
    if (idx.sort) BI_RETURN_IF_ERROR(define(*idx.sort));
    indexes.push_back({{"IndexName", idx.name},
                       {"KeySchema", KeySchema(idx.partition, idx.sort)},
                       {"Projection", {{"ProjectionType", "ALL"}}}});
  }
  nlohmann::json attrs = nlohmann::json::array();
  for (const auto& [name, type] : types) {
    attrs.push_back({{"AttributeName", name}, {"AttributeType", TypeLetter(type)}});
  }
  nlohmann::json request = {{"TableName", def.name},
                            {"AttributeDefinitions", std::move(attrs)},
                            {"KeySchema", KeySchema(def.partition, def.sort)},
                            {"BillingMode", "PAY_PER_REQUEST"}};
  if (!indexes.empty()) request["GlobalSecondaryIndexes"] = std::move(indexes);
  return request;
}

Result<DescribedTable> ParseTableDescription(const nlohmann::json& table) {
  if (!table.is_object() || !table.contains("TableName") || !table["TableName"].is_string()) {
    return Status::Corruption("DynamoDB answered DescribeTable without a TableName");
  }
  DescribedTable out;
  out.def.name = table["TableName"].get<std::string>();
  out.status = table.value("TableStatus", "");
  const std::string& name = out.def.name;
  std::map<std::string, KeyType> types;
  for (const auto& a : table.value("AttributeDefinitions", nlohmann::json::array())) {
    std::string type = a.value("AttributeType", "");
    // Binary ("B") key attributes are left out: using one makes the key unreadable below.
    if (type == "S") types[a.value("AttributeName", "")] = KeyType::kString;
    if (type == "N") types[a.value("AttributeName", "")] = KeyType::kNumber;
  }
  BI_RETURN_IF_ERROR(ReadKeySchema(name, table.value("KeySchema", nlohmann::json()), types,
                                   &out.def.partition, &out.def.sort));
  if (table.contains("LocalSecondaryIndexes")) {
    return Corrupt(name, "has local secondary indexes, which this backend does not use");
  }
  bool indexes_active = true;
  for (const auto& g : table.value("GlobalSecondaryIndexes", nlohmann::json::array())) {
    IndexDef idx;
    idx.name = g.value("IndexName", "");
    BI_RETURN_IF_ERROR(ReadKeySchema(name, g.value("KeySchema", nlohmann::json()), types,
                                     &idx.partition, &idx.sort));
    std::string projection =
        g.value("Projection", nlohmann::json::object()).value("ProjectionType", "");
    if (projection != "ALL") {
      return Corrupt(name, "has index " + idx.name + " projecting " + projection +
                               " instead of ALL attributes");
    }
    if (g.value("IndexStatus", "ACTIVE") != "ACTIVE") indexes_active = false;
    out.def.indexes.push_back(std::move(idx));
  }
  out.active = out.status == "ACTIVE" && indexes_active;
  return out;
}

bool SameTableDefinition(const TableDef& a, const TableDef& b) {
  if (a.name != b.name || a.partition != b.partition || a.sort != b.sort ||
      a.indexes.size() != b.indexes.size()) {
    return false;
  }
  std::vector<IndexDef> ia = a.indexes, ib = b.indexes;
  std::sort(ia.begin(), ia.end(), IndexLess);
  std::sort(ib.begin(), ib.end(), IndexLess);
  return ia == ib;
}

}  // namespace bi::store
