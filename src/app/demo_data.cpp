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

Result<std::vector<std::string>> SeedDemoCards(api::ApiContext& ctx, const std::string& owner_id,
                                               const std::string& dataset_id) {
  std::vector<std::string> ids;
  repo::CardRepository cards(*ctx.store);
  BI_RETURN_IF_ERROR(sharing::ForEachItem<repo::Card>(
      [&](repo::PageRequest p) {
        p.newest_first = false;  // the order they were made in
        return cards.ListByOwner(owner_id, p);
      },
      [&](const repo::Card& c) { ids.push_back(c.card_id); }));
  if (!ids.empty()) return ids;
  for (const DemoCard& demo : kDemoCards) {
    cards::CardDraft draft;
    draft.title = demo.title;
    draft.dataset_id = dataset_id;
    draft.code = demo.code;
    auto created = ctx.cards.Create({owner_id, true}, draft);
    if (!created.ok()) return created.status();
    ids.push_back(created->card_id);
  }
  log::Info("demo_cards").Int("cards", static_cast<int64_t>(ids.size()));
  return ids;
}

// A dashboard with the demo cards, a region and a date filter, and a shared filter view.
Status SeedDemoDashboard(api::ApiContext& ctx, const std::string& owner_id,
                         const std::vector<std::string>& card_ids) {
  repo::DashboardRepository dashboards(*ctx.store);
  repo::PageRequest page;
  page.limit = 1;
  auto existing = dashboards.ListByOwner(owner_id, page);
  if (!existing.ok()) return existing.status();
  if (!existing->items.empty()) return Status::Ok();
  dashboards::DashboardDraft draft;
  draft.title = "デモ: 売上ダッシュボード (demo sales)";
  draft.description = "one card of each kind on the demo sales data";
  nlohmann::json layout = nlohmann::json::array();
  for (size_t i = 0; i < card_ids.size(); ++i) {
    layout.push_back(
        {{"cardId", card_ids[i]}, {"x", (i % 2) * 6}, {"y", (i / 2) * 4}, {"w", 6}, {"h", 4}});
  }
  draft.layout = layout;
  draft.filters = nlohmann::json::array({{{"filterId", "region"},
                                          {"label", "地域 (region)"},
                                          {"column", "region"},
                                          {"kind", "multi_select"},
                                          {"default", nullptr}},
                                         {{"filterId", "period"},
                                          {"label", "期間 (period)"},
                                          {"column", "order_date"},
                                          {"kind", "date_range"},
                                          {"default", nullptr}}});
  const dashboards::Viewer owner{owner_id, true};
  auto created = ctx.dashboards.Create(owner, draft);
  if (!created.ok()) return created.status();
  dashboards::FilterViewDraft view;
  view.name = "東京と大阪の1月 (Tokyo and Osaka, January)";
  view.shared = true;
  view.values = nlohmann::json{{"region", {"東京", "大阪"}},
                               {"period", {{"from", "2024-01-01"}, {"to", "2024-01-31"}}}};
  auto saved = ctx.filter_views.Create(owner, created->dashboard_id, view);
  if (!saved.ok()) return saved.status();
  log::Info("demo_dashboard").Str("dashboard_id", created->dashboard_id);
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
  auto card_ids = SeedDemoCards(ctx, admin_id, *dataset_id);
  if (!card_ids.ok()) return card_ids.status();
  BI_RETURN_IF_ERROR(SeedDemoDashboard(ctx, admin_id, *card_ids));
  // Local mode only, and a published demo password: stating it is the point.
  log::Info("demo_account")
      .Str("email", kDemoAdminEmail)
      .Str("password", kDemoAdminPassword)
      .Str("note", "local demo admin; change the password or delete the account for real use");
  return Status::Ok();
}

}  // namespace bi::app
