#pragma once
// Reading fields of a JSON request body with clear 400s: "name must be a string", naming the
// field in details.field.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "http/request.h"
#include "repo/repository.h"

namespace bi::api {

// Required string field.
Result<std::string> RequiredString(const nlohmann::json& body, const char* field);
// Absent or null: nullopt; present with another type: kInvalidArgument.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, const char* field);
Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, const char* field);
Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& body, const char* field);
// The `version` a change is based on: required in a JSON body (PATCH) ...
Result<int64_t> RequiredVersion(const nlohmann::json& body);
// ... optional as `?version=` (DELETE); a positive integer when given.
Result<std::optional<int64_t>> QueryVersion(const http::Request& req);
// `?limit=` (1..1000, default 50) and `?cursor=` of a listing.
Result<repo::PageRequest> PageFromQuery(const http::Request& req);
// Fails if the body has a field not in `allowed` (typos must not pass silently).
Status OnlyFields(const nlohmann::json& body, std::initializer_list<const char*> allowed);

}  // namespace bi::api
