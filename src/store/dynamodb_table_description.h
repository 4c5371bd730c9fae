#pragma once
// TableDef <-> DynamoDB's table descriptions: the CreateTable request for a definition
// (PAY_PER_REQUEST, every GSI projecting ALL attributes) and the definition and state read back
// from DescribeTable, so an existing table can be compared with the one asked for.

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/table_schema.h"

namespace bi::store {

// The body of a CreateTable request. kInvalidArgument when the definition gives one attribute
// two different key types (DynamoDB has one AttributeDefinition per name).
Result<nlohmann::json> CreateTableRequest(const TableDef& def);

struct DescribedTable {
  TableDef def;
  std::string status;  // TableStatus: CREATING, ACTIVE, UPDATING, DELETING, ...
  // The table is ACTIVE and so is every GSI: reads and writes are served.
  bool active = false;
};

// Reads the "Table" object of a DescribeTable answer. kCorruption for a table this backend
// cannot serve: binary keys, local secondary indexes, GSIs not projecting ALL.
Result<DescribedTable> ParseTableDescription(const nlohmann::json& table);

// Same name, keys and indexes; the order of the indexes does not matter (DynamoDB does not
// keep it).
bool SameTableDefinition(const TableDef& a, const TableDef& b);

}  // namespace bi::store
