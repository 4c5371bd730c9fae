#pragma once
// Dashboard filters: their definitions (label, dataset column, kind, default) and how a chosen
// value becomes executor filters pushed down to every dataset that has the column.
//
//   kind           value                          executor filters
//   select         a string, number or bool       column eq value
//   multi_select   an array of them               column in values
//   numeric_range  {"min": n, "max": n}           column ge min, column le max
//   date_range     {"from": "YYYY-MM-DD", "to": …} column ge from, column le to (to's whole day)
// A null or absent value (and an empty multi-select) filters nothing.

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace bi::dashboards {

inline constexpr size_t kMaxFilters = 20;

// Checks and normalises a dashboard's `filters` array: every filter gets a unique `filterId`
// (kept when given), a label, a column, a known kind and a default that fits the kind.
Result<nlohmann::json> NormalizeFilterDefinitions(const nlohmann::json& filters);
// Checks `value` against the filter's kind (the field name goes in the error).
Status CheckFilterValue(const nlohmann::json& filter, const nlohmann::json& value,
                        const std::string& field);
// The executor filters for one filter and its value (empty array: nothing to filter).
nlohmann::json PushDown(const nlohmann::json& filter, const nlohmann::json& value);

}  // namespace bi::dashboards
