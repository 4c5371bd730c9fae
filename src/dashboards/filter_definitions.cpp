#include "dashboards/filter_definitions.h"

#include <regex>
#include <set>

namespace bi::dashboards {
namespace {

const std::set<std::string> kKinds = {"select", "multi_select", "numeric_range", "date_range"};

bool IsScalar(const nlohmann::json& v) {
  return v.is_string() || v.is_number() || v.is_boolean();
}

bool IsIsoDate(const nlohmann::json& v) {
  static const std::regex re(R"(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)");
  return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

Status Invalid(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why, {{"field", field}});
}

}  // namespace

Status CheckFilterValue(const nlohmann::json& filter, const nlohmann::json& value,
                        const std::string& field) {
  if (value.is_null()) return Status::Ok();
  const std::string kind = filter.value("kind", "");
  if (kind == "select") {
    if (!IsScalar(value)) return Invalid(field, "a select filter takes one value");
  } else if (kind == "multi_select") {
    if (!value.is_array()) return Invalid(field, "a multi-select filter takes an array");
    if (value.size() > 1000) return Invalid(field, "at most 1000 values");
    for (const auto& v : value) {
      if (!IsScalar(v)) return Invalid(field, "values must be strings, numbers or booleans");
    }
  } else if (kind == "numeric_range" || kind == "date_range") {
    const bool numeric = kind == "numeric_range";
    const char* lo = numeric ? "min" : "from";
    const char* hi = numeric ? "max" : "to";
    if (!value.is_object())
      return Invalid(field, std::string("a range is {\"") + lo + "\", \"" + hi + "\"}");
    for (const auto& [key, bound] : value.items()) {
      if (key != lo && key != hi) return Invalid(field, "unknown range bound '" + key + "'");
      if (bound.is_null()) continue;
      if (numeric && !bound.is_number()) return Invalid(field, key + " must be a number");
      if (!numeric && !IsIsoDate(bound)) return Invalid(field, key + " must be an ISO date");
    }
  }
  return Status::Ok();
}

Result<nlohmann::json> NormalizeFilterDefinitions(const nlohmann::json& filters) {
  if (!filters.is_array()) return Invalid("filters", "must be an array");
  if (filters.size() > kMaxFilters) return Invalid("filters", "at most 20 filters");
  nlohmann::json out = nlohmann::json::array();
  std::set<std::string> ids;
  int next = 1;
  for (size_t i = 0; i < filters.size(); ++i) {
    const auto& f = filters[i];
    const std::string field = "filters[" + std::to_string(i) + "]";
    if (!f.is_object()) return Invalid(field, "must be an object");
    for (const auto& [key, v] : f.items()) {
      static const std::set<std::string> kFields = {"filterId", "label", "column", "kind",
                                                    "default"};
      if (!kFields.count(key)) return Invalid(field, "unknown field '" + key + "'");
    }
    std::string id;
    if (f.contains("filterId") && !f["filterId"].is_null()) {
      if (!f["filterId"].is_string() || f["filterId"].get<std::string>().empty() ||
          f["filterId"].get<std::string>().size() > 64)
        return Invalid(field + ".filterId", "must be a short string");
      id = f["filterId"];
    } else {
      do id = "f" + std::to_string(next++);
      while (ids.count(id));
    }
    if (!ids.insert(id).second) return Invalid(field + ".filterId", "'" + id + "' is used twice");
    if (!f.contains("column") || !f["column"].is_string() || f["column"].get<std::string>().empty())
      return Invalid(field + ".column", "a dataset column is required");
    if (!f.contains("kind") || !f["kind"].is_string() ||
        !kKinds.count(f["kind"].get<std::string>()))
      return Invalid(field + ".kind", "must be select, multi_select, numeric_range or date_range");
    std::string label = f.value("label", f["column"].get<std::string>());
    if (label.empty() || label.size() > 100)
      return Invalid(field + ".label", "1 to 100 characters");
    nlohmann::json normalized = {{"filterId", id},
                                 {"label", label},
                                 {"column", f["column"]},
                                 {"kind", f["kind"]},
                                 {"default", f.value("default", nlohmann::json())}};
    BI_RETURN_IF_ERROR(CheckFilterValue(normalized, normalized["default"], field + ".default"));
    out.push_back(std::move(normalized));
  }
  // Ids given later may collide with generated ones: checked above since ids are unique.
  return out;
}

nlohmann::json PushDown(const nlohmann::json& filter, const nlohmann::json& value) {
  nlohmann::json out = nlohmann::json::array();
  if (value.is_null()) return out;
  const std::string column = filter["column"];
  const std::string kind = filter["kind"];
  if (kind == "select") {
    out.push_back({{"column", column}, {"op", "eq"}, {"value", value}});
  } else if (kind == "multi_select") {
    if (!value.empty()) out.push_back({{"column", column}, {"op", "in"}, {"values", value}});
  } else {
    const bool numeric = kind == "numeric_range";
    const auto lo = value.value(numeric ? "min" : "from", nlohmann::json());
    auto hi = value.value(numeric ? "max" : "to", nlohmann::json());
    // A date's upper bound includes that whole day for timestamp columns.
    if (!numeric && hi.is_string() && hi.get<std::string>().size() == 10)
      hi = hi.get<std::string>() + "T23:59:59.999999";
    if (!lo.is_null()) out.push_back({{"column", column}, {"op", "ge"}, {"value", lo}});
    if (!hi.is_null()) out.push_back({{"column", column}, {"op", "le"}, {"value", hi}});
  }
  return out;
}

}  // namespace bi::dashboards
