#pragma once
// The demo content `make run` starts with (`bi serve --demo`, local mode only): an admin
// account whose credentials the README and the startup log state, a sales dataset, one card of
// each output kind on it, and a dashboard of those cards with two filters and a filter view.
// Idempotent: what exists already is left alone.

#include "api/api_context.h"
#include "common/status.h"

namespace bi::app {

inline constexpr char kDemoAdminEmail[] = "admin@example.com";
inline constexpr char kDemoAdminPassword[] = "bi-demo-password";

Status SeedDemoData(api::ApiContext& ctx);
// A small generated sales dataset owned by `owner_id`, unless they have one
// (import_command.cpp); returns the id of their first dataset.
Result<std::string> SeedDemoDataset(api::ApiContext& ctx, const std::string& owner_id);

}  // namespace bi::app
