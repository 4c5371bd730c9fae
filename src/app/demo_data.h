#pragma once
// The demo content `make run` starts with (`bi serve --demo`, local mode only): an admin
// account whose credentials the README and the startup log state. Idempotent: what exists
// already is left alone.

#include "api/api_context.h"
#include "common/status.h"

namespace bi::app {

inline constexpr char kDemoAdminEmail[] = "admin@example.com";
inline constexpr char kDemoAdminPassword[] = "bi-demo-password";

Status SeedDemoData(api::ApiContext& ctx);

}  // namespace bi::app
