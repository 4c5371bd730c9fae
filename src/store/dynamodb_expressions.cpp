// DynamoDB condition and key condition expressions for the store's conditions.
#include "store/dynamodb_expressions.h"

namespace bi::store {

void AddWriteCondition(nlohmann::json& request, const TableDef& table, const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::kNone:
      return;
    case Condition::Kind::kNotExists:
      request["ConditionExpression"] = "attribute_not_exists(#pk)";
      request["ExpressionAttributeNames"] = {{"#pk", table.partition.name}};
      return;
    case Condition::Kind::kExists:
      request["ConditionExpression"] = "attribute_exists(#pk)";
      request["ExpressionAttributeNames"] = {{"#pk", table.partition.name}};
      return;
    case Condition::Kind::kVersionEquals:
      // False when the item or the attribute is missing, as in the other backends.
      request["ConditionExpression"] = "#v = :v";
      request["ExpressionAttributeNames"] = {{"#v", condition.attribute}};
      request["ExpressionAttributeValues"] = {
          {":v", ToDynamoJson(AttributeValue::N(condition.version))}};
      return;
  }
}

Status ConditionFailed(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::kNotExists:
      return Status::Conflict("item already exists");
    case Condition::Kind::kExists:
      return Status::Conflict("item does not exist");
    case Condition::Kind::kVersionEquals:
      return Status::Conflict("version mismatch: the item was changed by someone else",
                              {{"expectedVersion", condition.version}});
    case Condition::Kind::kNone:
      break;
  }
  return Status::Conflict("condition failed");
}

void AddKeyCondition(nlohmann::json& request, const KeyAttr& partition_key,
                     const AttributeValue& partition, const std::optional<KeyAttr>& sort_key,
                     const std::optional<SortKeyCondition>& sort) {
  std::string expr = "#pk = :pk";
  nlohmann::json names = {{"#pk", partition_key.name}};
  nlohmann::json values = {{":pk", ToDynamoJson(partition)}};
  if (sort && sort_key) {
    names["#sk"] = sort_key->name;
    values[":a"] = ToDynamoJson(sort->value);
    switch (sort->op) {
      case SortKeyCondition::Op::kEq:
        expr += " AND #sk = :a";
        break;
      case SortKeyCondition::Op::kLt:
        expr += " AND #sk < :a";
        break;
      case SortKeyCondition::Op::kLe:
        expr += " AND #sk <= :a";
        break;
      case SortKeyCondition::Op::kGt:
        expr += " AND #sk > :a";
        break;
      case SortKeyCondition::Op::kGe:
        expr += " AND #sk >= :a";
        break;
      case SortKeyCondition::Op::kBetween:
        expr += " AND #sk BETWEEN :a AND :b";
        values[":b"] = ToDynamoJson(sort->upper);
        break;
      case SortKeyCondition::Op::kBeginsWith:
        expr += " AND begins_with(#sk, :a)";
        break;
    }
  }
  request["KeyConditionExpression"] = expr;
  request["ExpressionAttributeNames"] = std::move(names);
  request["ExpressionAttributeValues"] = std::move(values);
}

int CompareKeyValues(const AttributeValue& a, const AttributeValue& b) {
  if (a.is_number() && b.is_number()) return a.n().Compare(b.n());
  if (a.is_string() && b.is_string()) {
    // std::string compares char_traits<char>-wise, i.e. as unsigned bytes: UTF-8 byte order.
    int c = a.s().compare(b.s());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  int ta = static_cast<int>(a.type()), tb = static_cast<int>(b.type());
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

bool SortConditionHolds(const SortKeyCondition& c, const AttributeValue& v) {
  switch (c.op) {
    case SortKeyCondition::Op::kEq:
      return CompareKeyValues(v, c.value) == 0;
    case SortKeyCondition::Op::kLt:
      return CompareKeyValues(v, c.value) < 0;
    case SortKeyCondition::Op::kLe:
      return CompareKeyValues(v, c.value) <= 0;
    case SortKeyCondition::Op::kGt:
      return CompareKeyValues(v, c.value) > 0;
    case SortKeyCondition::Op::kGe:
      return CompareKeyValues(v, c.value) >= 0;
    case SortKeyCondition::Op::kBetween:
      return CompareKeyValues(v, c.value) >= 0 && CompareKeyValues(v, c.upper) <= 0;
    case SortKeyCondition::Op::kBeginsWith:
      return v.is_string() && c.value.is_string() && v.s().starts_with(c.value.s());
  }
  return false;
}

SortKeyCondition ResumeCondition(const std::optional<SortKeyCondition>& condition,
                                 const AttributeValue& from, bool ascending) {
  using Op = SortKeyCondition::Op;
  if (!condition) return ascending ? SortKeyCondition::Ge(from) : SortKeyCondition::Le(from);
  const SortKeyCondition& c = *condition;
  if (c.op == Op::kEq) return c;
  if (ascending) {
    switch (c.op) {
      case Op::kLt:
      case Op::kLe:
        return SortKeyCondition::Between(from, c.value);
      case Op::kBetween:
        return SortKeyCondition::Between(from, c.upper);
      default:  // kGt, kGe (from is already past the bound), kBeginsWith (ends by checking)
        return SortKeyCondition::Ge(from);
    }
  }
  switch (c.op) {
    case Op::kGt:
    case Op::kGe:
      return SortKeyCondition::Between(c.value, from);
    case Op::kBetween:
      return SortKeyCondition::Between(c.value, from);
    case Op::kBeginsWith:
      // Every string between the prefix and a value starting with it starts with it too.
      return SortKeyCondition::Between(c.value, from);
    default:  // kLt, kLe
      return SortKeyCondition::Le(from);
  }
}

}  // namespace bi::store
