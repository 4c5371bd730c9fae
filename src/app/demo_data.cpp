#include "app/demo_data.h"

#include "common/log.h"

namespace bi::app {

Status SeedDemoData(api::ApiContext& ctx) {
  if (ctx.config.env != Environment::kLocal)
    return Status::InvalidArgument("--demo is for local mode only (ENV=local)");
  auto existing = ctx.users.FindByEmail(kDemoAdminEmail);
  if (!existing.ok()) return existing.status();
  std::string admin_id = *existing ? (**existing).user_id : "";
  if (!*existing) {
    auth::NewUser admin{kDemoAdminEmail, "Demo Admin", kDemoAdminPassword, repo::Role::kAdmin};
    auto created = ctx.user_admin.Create(admin);
    if (!created.ok()) return created.status();
    admin_id = created->user_id;
  }
  BI_RETURN_IF_ERROR(SeedDemoDataset(ctx, admin_id));
  // Local mode only, and a published demo password: stating it is the point.
  log::Info("demo_account")
      .Str("email", kDemoAdminEmail)
      .Str("password", kDemoAdminPassword)
      .Str("note", "local demo admin; change the password or delete the account for real use");
  return Status::Ok();
}

}  // namespace bi::app
