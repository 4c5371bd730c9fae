#pragma once
// Reading fields of a JSON request body with clear 400s: "name must be a string", naming the
// field in details.field.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace bi::api {

// Required string field.
Result<std::string> RequiredString(const nlohmann::json& body, const char* field);
// Absent or null: nullopt; present with another type: kInvalidArgument.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, const char* field);
Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, const char* field);
Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& body, const char* field);
// Fails if the body has a field not in `allowed` (typos must not pass silently).
Status OnlyFields(const nlohmann::json& body, std::initializer_list<const char*> allowed);

}  // namespace bi::api
