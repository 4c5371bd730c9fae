#include "app/demo_data.h"

#include "common/log.h"

namespace bi::app {
namespace {

struct DemoCard {
  const char* title;
  const char* code;
};

// One card per output kind, on the demo sales columns.
const DemoCard kDemoCards[] = {
    {"地域別売上 (sales by region, table)",
     "df[\"amount\"] = df[\"quantity\"] * df[\"unit_price\"]\n"
     "result = (df.groupby(\"region\", as_index=False)[\"amount\"].sum()\n"
     "          .sort_values(\"amount\", ascending=False, ignore_index=True))\n"},
    {"日別売上 (daily sales, plotly)",
     "daily = (df.assign(amount=df[\"quantity\"] * df[\"unit_price\"])\n"
     "         .groupby(\"order_date\", as_index=False)[\"amount\"].sum())\n"
     "fig = go.Figure(go.Scatter(x=daily[\"order_date\"], y=daily[\"amount\"], mode=\"lines\"))\n"
     "fig.update_layout(title=\"Daily sales\")\n"
     "fig\n"},
    {"商品別数量 (quantity by product, matplotlib)",
     "fig, ax = plt.subplots(figsize=(6, 4))\n"
     "df.groupby(\"product\")[\"quantity\"].sum().plot.bar(ax=ax)\n"
     "ax.set_title(\"Quantity by product\")\n"
     "result = fig\n"},
    {"売上合計 (total sales, KPI)", "float((df[\"quantity\"] * df[\"unit_price\"]).sum())\n"},
    {"トップ地域 (top region, Markdown)",
     "top = df.groupby(\"region\")[\"quantity\"].sum().idxmax()\n"
     "f\"## Top region\\n\\n**{top}** sold the most items.\"\n"},
};

Status SeedDemoCards(api::ApiContext& ctx, const std::string& owner_id,
                     const std::string& dataset_id) {
  repo::CardRepository cards(*ctx.store);
  repo::PageRequest page;
  page.limit = 1;
  auto existing = cards.ListByOwner(owner_id, page);
  if (!existing.ok()) return existing.status();
  if (!existing->items.empty()) return Status::Ok();
  for (const DemoCard& demo : kDemoCards) {
    cards::CardDraft draft;
    draft.title = demo.title;
    draft.dataset_id = dataset_id;
    draft.code = demo.code;
    auto created = ctx.cards.Create({owner_id, true}, draft);
    if (!created.ok()) return created.status();
  }
  log::Info("demo_cards").Int("cards", std::size(kDemoCards));
  return Status::Ok();
}

}  // namespace

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
  auto dataset_id = SeedDemoDataset(ctx, admin_id);
  if (!dataset_id.ok()) return dataset_id.status();
  BI_RETURN_IF_ERROR(SeedDemoCards(ctx, admin_id, *dataset_id));
  // Local mode only, and a published demo password: stating it is the point.
  log::Info("demo_account")
      .Str("email", kDemoAdminEmail)
      .Str("password", kDemoAdminPassword)
      .Str("note", "local demo admin; change the password or delete the account for real use");
  return Status::Ok();
}

}  // namespace bi::app
