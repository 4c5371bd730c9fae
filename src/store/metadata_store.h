#pragma once
// The metadata store: DynamoDB's access patterns as an interface, so the embedded SQLite backend
// and the DynamoDB backend behave the same and pass one conformance suite
// (tests/store/metadata_store_conformance_test.cpp).
//
// Contract for every backend:
// - Tables are created from TableDef data (table_schema.h); CreateTable is idempotent. Using a
//   table that does not exist is kNotFound.
// - Put replaces the whole item. A failed Condition is kConflict (the API answers 409), and the
//   check and the write are atomic: of N racing conditional writers exactly one wins.
// - Get of a missing item is ok with std::nullopt; Delete of a missing item without a
//   condition is ok (DynamoDB semantics).
// - Query reads one partition of a GSI (or of the table itself when `index` is empty), ordered by
//   the sort key, then by the table key for ties. Pages: `cursor` is opaque (like
//   LastEvaluatedKey); a page may hold fewer than `limit` items even when more follow, so read
//   until the returned cursor is empty. GSIs may be eventually consistent in DynamoDB; the SQLite
//   backend is strongly consistent.
// - Items are validated identically everywhere: key attributes present with their declared
//   types, strings valid UTF-8, at most 400 KB (kInvalidArgument otherwise).
// - Overload or lock contention that outlasts the backend's patience is kUnavailable (503),
//   never kInternal.
// Implementations are safe for concurrent use from many threads.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/attribute_value.h"
#include "store/table_schema.h"

namespace bi::store {

// A write precondition, mapping to a DynamoDB ConditionExpression.
struct Condition {
  enum class Kind {
    kNone,           // unconditional
    kNotExists,      // attribute_not_exists(<partition key>): create only
    kExists,         // attribute_exists(<partition key>): replace/delete only an existing item
    kVersionEquals,  // <attribute> = :n: optimistic concurrency on a number attribute
  };
  Kind kind = Kind::kNone;
  std::string attribute = "version";
  int64_t version = 0;

  static Condition None() { return {}; }
  static Condition NotExists() { return {Kind::kNotExists}; }
  static Condition Exists() { return {Kind::kExists}; }
  static Condition VersionEquals(int64_t v, std::string attribute = "version") {
    return {Kind::kVersionEquals, std::move(attribute), v};
  }
};

// A KeyConditionExpression on the sort key.
struct SortKeyCondition {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;  // kBetween: lower bound (inclusive)
  AttributeValue upper;  // kBetween: upper bound (inclusive)

  static SortKeyCondition Eq(AttributeValue v) { return {Op::kEq, std::move(v), {}}; }
  static SortKeyCondition Lt(AttributeValue v) { return {Op::kLt, std::move(v), {}}; }
  static SortKeyCondition Le(AttributeValue v) { return {Op::kLe, std::move(v), {}}; }
  static SortKeyCondition Gt(AttributeValue v) { return {Op::kGt, std::move(v), {}}; }
  static SortKeyCondition Ge(AttributeValue v) { return {Op::kGe, std::move(v), {}}; }
  static SortKeyCondition Between(AttributeValue lo, AttributeValue hi) {
    return {Op::kBetween, std::move(lo), std::move(hi)};
  }
  // Strings only.
  static SortKeyCondition BeginsWith(std::string prefix) {
    return {Op::kBeginsWith, AttributeValue::S(std::move(prefix)), {}};
  }
};

struct QueryRequest {
  std::string table;
  std::string index;         // empty: the table's own key (partition + sort)
  AttributeValue partition;  // value of the partition key attribute
  std::optional<SortKeyCondition> sort = std::nullopt;
  bool ascending = true;    // ScanIndexForward
  int limit = 100;          // 1..1000; items per page at most
  std::string cursor = {};  // from the previous page; empty for the first
};

struct Page {
  std::vector<Item> items;
  std::string cursor;  // empty: no more pages
};

inline constexpr int kMaxPageSize = 1000;

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // "sqlite", "dynamodb", ...
  virtual std::string_view backend_name() const = 0;

  // Creates the table and its indexes if missing. An existing table with the same definition is
  // ok; one with a different definition is kConflict.
  virtual Status CreateTable(const TableDef& def) = 0;
  virtual Result<std::vector<std::string>> ListTables() = 0;

  virtual Status Put(std::string_view table, const Item& item,
                     const Condition& condition = Condition::None()) = 0;
  virtual Result<std::optional<Item>> Get(std::string_view table, const Item& key) = 0;
  // The items at `keys`, in their order (nullopt where missing), for reading many records at
  // once (permission checks). Keys are validated as for Get. The default calls Get per key.
  virtual Result<std::vector<std::optional<Item>>> BatchGet(std::string_view table,
                                                            const std::vector<Item>& keys);
  virtual Status Delete(std::string_view table, const Item& key,
                        const Condition& condition = Condition::None()) = 0;
  virtual Result<Page> Query(const QueryRequest& request) = 0;
  // Every item of a table in an unspecified but stable order, for admin tooling.
  virtual Result<Page> Scan(std::string_view table, int limit, std::string_view cursor) = 0;

  // Verifies that stored data is readable and consistent (SQLite: integrity_check plus every
  // item decodes and matches its key columns). kCorruption if not.
  virtual Status CheckIntegrity() = 0;

  // A number that differs from any earlier answer once anything was written to the store, by
  // this process or another. Read it before a Get: an item read after stamp S may be reused
  // for as long as the stamp is still S. nullopt: this backend cannot tell cheaply (no caching).
  virtual std::optional<uint64_t> ChangeStamp() { return std::nullopt; }
};

// Creates all eight tables of AllTables(); idempotent (what `bi admin init-tables` runs).
Status CreateAllTables(MetadataStore& store);

// Cursor encoding shared by backends: the last item's key attributes (table and index keys, as
// DynamoDB's LastEvaluatedKey) as base64url of DynamoDB JSON.
std::string EncodeCursor(const Item& last_key);
Result<Item> DecodeCursor(std::string_view cursor);

// Checks a QueryRequest against the table definition; returns the index (nullptr: base table).
Result<const IndexDef*> ValidateQuery(const TableDef& table, const QueryRequest& request);

}  // namespace bi::store
