#include "api/json_fields.h"

#include <algorithm>
#include <cstring>

namespace bi::api {
namespace {

Status WrongType(const char* field, const char* type) {
  return Status::InvalidArgument(std::string(field) + " must be " + type, {{"field", field}});
}

}  // namespace

Result<std::string> RequiredString(const nlohmann::json& body, const char* field) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null())
    return Status::InvalidArgument(std::string(field) + " is required", {{"field", field}});
  if (!body[field].is_string()) return WrongType(field, "a string");
  return body[field].get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, const char* field) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null())
    return std::optional<std::string>();
  if (!body[field].is_string()) return WrongType(field, "a string");
  return std::optional<std::string>(body[field].get<std::string>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, const char* field) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null())
    return std::optional<bool>();
  if (!body[field].is_boolean()) return WrongType(field, "true or false");
  return std::optional<bool>(body[field].get<bool>());
}

Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& body, const char* field) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null())
    return std::optional<int64_t>();
  if (!body[field].is_number_integer()) return WrongType(field, "an integer");
  return std::optional<int64_t>(body[field].get<int64_t>());
}

Status OnlyFields(const nlohmann::json& body, std::initializer_list<const char*> allowed) {
  if (!body.is_object()) return Status::InvalidArgument("request body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    bool known =
        std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
    if (!known) return Status::InvalidArgument("unknown field " + key, {{"field", key}});
  }
  return Status::Ok();
}

Result<int64_t> RequiredVersion(const nlohmann::json& body) {
  auto version = OptionalInt(body, "version");
  if (!version.ok()) return version.status();
  if (!*version) return Status::InvalidArgument("version is required", {{"field", "version"}});
  return **version;
}

Result<std::optional<int64_t>> QueryVersion(const http::Request& req) {
  auto v = req.query_param("version");
  if (!v) return std::optional<int64_t>();
  try {
    size_t used = 0;
    int64_t n = std::stoll(*v, &used);
    if (used == v->size() && n >= 1) return std::optional<int64_t>(n);
  } catch (const std::exception&) {
  }
  return Status::InvalidArgument("version must be a positive integer", {{"field", "version"}});
}

Result<repo::PageRequest> PageFromQuery(const http::Request& req) {
  repo::PageRequest page;
  if (auto limit = req.query_param("limit")) {
    try {
      page.limit = std::stoi(*limit);
    } catch (const std::exception&) {
      page.limit = 0;
    }
    if (page.limit < 1 || page.limit > 1000)
      return Status::InvalidArgument("limit must be from 1 to 1000", {{"field", "limit"}});
  }
  if (auto cursor = req.query_param("cursor")) page.cursor = *cursor;
  return page;
}

}  // namespace bi::api
