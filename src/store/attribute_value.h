#pragma once
// Typed attribute values and items, modelled on DynamoDB's data types: null, string (UTF-8),
// number (see number.h), bool, list and map. An Item is a map from attribute names to values;
// it is what every metadata backend stores and returns, unchanged.
// Values are plain copyable data; safe to share between threads once built.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/number.h"

namespace bi::store {

enum class AttrType { kNull, kString, kNumber, kBool, kList, kMap };

// DynamoDB's one-letter type descriptors: NULL, S, N, BOOL, L, M.
const char* AttrTypeName(AttrType type);

class AttributeValue {
 public:
  using List = std::vector<AttributeValue>;
  using Map = std::map<std::string, AttributeValue>;

  AttributeValue() = default;  // null

  // Named constructors only: an implicit one would turn a const char* into a bool.
  static AttributeValue Null() { return {}; }
  static AttributeValue S(std::string s) { return AttributeValue(Storage(std::move(s))); }
  static AttributeValue N(int64_t v) { return AttributeValue(Storage(Number(v))); }
  static AttributeValue N(Number n) { return AttributeValue(Storage(std::move(n))); }
  static AttributeValue Bool(bool b) { return AttributeValue(Storage(b)); }
  static AttributeValue L(List l) { return AttributeValue(Storage(std::move(l))); }
  static AttributeValue M(Map m) { return AttributeValue(Storage(std::move(m))); }

  AttrType type() const { return static_cast<AttrType>(v_.index()); }
  bool is_null() const { return type() == AttrType::kNull; }
  bool is_string() const { return type() == AttrType::kString; }
  bool is_number() const { return type() == AttrType::kNumber; }
  bool is_bool() const { return type() == AttrType::kBool; }
  bool is_list() const { return type() == AttrType::kList; }
  bool is_map() const { return type() == AttrType::kMap; }

  // Accessors; call only after checking the type.
  const std::string& s() const { return std::get<std::string>(v_); }
  const Number& n() const { return std::get<Number>(v_); }
  bool b() const { return std::get<bool>(v_); }
  const List& l() const { return std::get<List>(v_); }
  const Map& m() const { return std::get<Map>(v_); }
  List& l() { return std::get<List>(v_); }
  Map& m() { return std::get<Map>(v_); }

  bool operator==(const AttributeValue& o) const { return v_ == o.v_; }

 private:
  using Storage = std::variant<std::monostate, std::string, Number, bool, List, Map>;
  explicit AttributeValue(Storage v) : v_(std::move(v)) {}
  Storage v_;
};

using Item = AttributeValue::Map;

// Item size as DynamoDB counts it (names + values), used to enforce its 400 KB item limit
// identically in every backend.
size_t ItemSize(const Item& item);
inline constexpr size_t kMaxItemSize = 400 * 1024;

// Rejects what DynamoDB would reject in any attribute: strings that are not valid UTF-8 and
// attribute names that are empty or not UTF-8; also items over kMaxItemSize.
Status ValidateItemContent(const Item& item);
bool IsValidUtf8(std::string_view s);

// DynamoDB's wire form: {"name": {"S": "x"}, "n": {"N": "12"}, "ok": {"BOOL": true}, ...}.
// Also the form an item is stored in by the SQLite backend.
nlohmann::json ToDynamoJson(const AttributeValue& v);
nlohmann::json ItemToDynamoJson(const Item& item);
Result<AttributeValue> FromDynamoJson(const nlohmann::json& j);
Result<Item> ItemFromDynamoJson(const nlohmann::json& j);

// Plain JSON for API bodies: numbers become JSON integers when integral and in int64 range,
// otherwise doubles. FromPlainJson maps JSON numbers to Number and rejects non-finite ones.
nlohmann::json ToPlainJson(const AttributeValue& v);
nlohmann::json ItemToPlainJson(const Item& item);
Result<AttributeValue> FromPlainJson(const nlohmann::json& j);

}  // namespace bi::store
