#pragma once
// The store's Conditions and SortKeyConditions as DynamoDB expressions (ConditionExpression,
// KeyConditionExpression with ExpressionAttributeNames/Values, so any attribute name is safe),
// and the same conditions evaluated here, in DynamoDB's order: strings by UTF-8 bytes, numbers
// by value.

#include <optional>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/metadata_store.h"

namespace bi::store {

// Adds ConditionExpression (and its names/values) to a PutItem or DeleteItem request:
//   kNotExists -> attribute_not_exists(#pk), kExists -> attribute_exists(#pk),
//   kVersionEquals -> #v = :v. Nothing for kNone.
void AddWriteCondition(nlohmann::json& request, const TableDef& table, const Condition& condition);

// The kConflict a failed `condition` gives, worded as in every backend.
Status ConditionFailed(const Condition& condition);

// Adds KeyConditionExpression: #pk = :pk, plus the sort condition on `sort_key` if any.
void AddKeyCondition(nlohmann::json& request, const KeyAttr& partition_key,
                     const AttributeValue& partition, const std::optional<KeyAttr>& sort_key,
                     const std::optional<SortKeyCondition>& sort);

// -1, 0, 1 in DynamoDB's order for key values of one type (strings bytewise, numbers by value).
int CompareKeyValues(const AttributeValue& a, const AttributeValue& b);
bool SortConditionHolds(const SortKeyCondition& condition, const AttributeValue& value);

// The sort condition to ask DynamoDB for when a query resumes at sort value `from` (inclusive)
// in the given direction: `condition` narrowed to start there, expressed as one condition
// DynamoDB accepts. Where that cannot be exact (a strict bound or begins_with becomes an
// inclusive range) it may admit more; callers check SortConditionHolds on what comes back.
SortKeyCondition ResumeCondition(const std::optional<SortKeyCondition>& condition,
                                 const AttributeValue& from, bool ascending);

}  // namespace bi::store
