#pragma once
// How a user looks in API answers. Never includes the password hash or revoked tokens.

#include <nlohmann/json.hpp>

#include "repo/entities.h"

namespace bi::api {

nlohmann::json UserJson(const repo::User& user);

}  // namespace bi::api
