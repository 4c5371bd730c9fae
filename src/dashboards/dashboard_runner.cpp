#include "dashboards/dashboard_runner.h"

#include <atomic>
#include <set>
#include <thread>

#include "dashboards/filter_definitions.h"

namespace bi::dashboards {
namespace {

// Distinct values of params["column"]: dates as ISO text, sorted, filtered by params["q"].
constexpr char kChoicesCode[] = R"(s = df[params["column"]].dropna()
u = pd.Series(pd.unique(s))
if pd.api.types.is_datetime64_any_dtype(u):
    t = u.dt.tz_localize(None) if getattr(u.dt, "tz", None) is not None else u
    u = t.dt.strftime("%Y-%m-%d") if (t == t.dt.normalize()).all() else t.dt.strftime("%Y-%m-%dT%H:%M:%S")
elif isinstance(u.dtype, pd.CategoricalDtype):
    u = u.astype(object)
q = str(params.get("q") or "").lower()
if q:
    u = u[u.astype(str).str.lower().str.contains(q, regex=False)]
u = u.sort_values(ignore_index=True)
n = int(params["limit"])
result = {"values": u.head(n).tolist(), "truncated": bool(len(u) > n)}
)";

const nlohmann::json* FindFilter(const nlohmann::json& filters, const std::string& id) {
  for (const auto& f : filters) {
    if (f.value("filterId", "") == id) return &f;
  }
  return nullptr;
}

}  // namespace

DashboardRunner::DashboardRunner(store::MetadataStore& store, DashboardService& dashboards,
                                 FilterViewService& views, cards::CardRunner& runner,
                                 size_t parallelism)
    : cards_(store),
      datasets_(store),
      dashboards_(dashboards),
      views_(views),
      runner_(runner),
      parallelism_(std::max<size_t>(1, parallelism)) {}

Result<DashboardRun> DashboardRunner::Run(const Viewer& viewer, const std::string& dashboard_id,
                                          const DashboardRunRequest& request) {
  auto view = dashboards_.Get(viewer, dashboard_id);
  if (!view.ok()) return view.status();
  const nlohmann::json filters = store::ToPlainJson(view->dashboard.filters);

  // Defaults, then the filter view's values, then the request's.
  DashboardRun run;
  run.values = nlohmann::json::object();
  for (const auto& f : filters) run.values[f["filterId"].get<std::string>()] = f["default"];
  auto overlay = [&](const nlohmann::json& values, const std::string& field) -> Status {
    if (!values.is_object())
      return Status::InvalidArgument(field + " must map filter ids to values", {{"field", field}});
    for (const auto& [id, value] : values.items()) {
      const nlohmann::json* f = FindFilter(filters, id);
      if (f == nullptr) {
        return Status::InvalidArgument("the dashboard has no filter '" + id + "'",
                                       {{"field", field + "." + id}});
      }
      BI_RETURN_IF_ERROR(CheckFilterValue(*f, value, field + "." + id));
      run.values[id] = value;
    }
    return Status::Ok();
  };
  if (!request.filter_view_id.empty()) {
    auto fv = views_.Get(viewer, request.filter_view_id);
    if (!fv.ok() || fv->dashboard_id != dashboard_id) {
      return Status(ErrorCode::kNotFound, "filter view not found", {{"field", "filterViewId"}});
    }
    // Values of filters removed since the view was saved are ignored, not an error.
    nlohmann::json saved = nlohmann::json::object();
    const nlohmann::json stored = store::ToPlainJson(fv->values);
    for (const auto& [id, v] : stored.items()) {
      if (FindFilter(filters, id)) saved[id] = v;
    }
    BI_RETURN_IF_ERROR(overlay(saved, "filterViewId"));
  }
  BI_RETURN_IF_ERROR(overlay(request.values, "filters"));
  nlohmann::json pushed = nlohmann::json::array();
  for (const auto& f : filters) {
    for (auto& one : PushDown(f, run.values[f["filterId"].get<std::string>()]))
      pushed.push_back(std::move(one));
  }

  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& id : PlacedCards(view->dashboard)) {
    if (seen.insert(id).second) ids.push_back(id);
  }
  run.cards.resize(ids.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < ids.size(); i = next++) {
      CardRun& out = run.cards[i];
      out.card_id = ids[i];
      auto card = cards_.Get(ids[i]);
      if (!card.ok()) {
        out.outcome = card.status().code() == ErrorCode::kNotFound
                          ? Status::NotFound("card " + ids[i] + " was deleted")
                          : card.status();
        continue;
      }
      // Seeing the dashboard is the permission to run the cards placed on it.
      cards::RunInput input;
      input.card_id = card->card_id;
      input.code = card->code;
      input.dataset_id = card->dataset_id;
      for (const auto& [alias, id] : card->extra_datasets.m()) {
        if (id.is_string()) input.extra_datasets[alias] = id.s();
      }
      input.pushed_filters = pushed;
      input.no_cache = request.no_cache;
      out.outcome = runner_.Run(input, viewer.user_id);
    }
  };
  std::vector<std::thread> workers;
  const size_t n = std::min(parallelism_, ids.size());
  for (size_t t = 1; t < n; ++t) workers.emplace_back(work);
  work();  // this thread works too
  for (auto& t : workers) t.join();
  return run;
}

Result<nlohmann::json> DashboardRunner::FilterChoices(const Viewer& viewer,
                                                      const std::string& dashboard_id,
                                                      const std::string& filter_id,
                                                      const std::string& search, int64_t limit) {
  auto view = dashboards_.Get(viewer, dashboard_id);
  if (!view.ok()) return view.status();
  const nlohmann::json filters = store::ToPlainJson(view->dashboard.filters);
  const nlohmann::json* filter = FindFilter(filters, filter_id);
  if (filter == nullptr) return Status::NotFound("filter not found");
  const std::string column = (*filter)["column"];

  // The datasets of the dashboard's cards that have the column.
  std::set<std::string> dataset_ids;
  for (const auto& card_id : PlacedCards(view->dashboard)) {
    auto card = cards_.Get(card_id);
    if (!card.ok()) continue;
    dataset_ids.insert(card->dataset_id);
    for (const auto& [alias, id] : card->extra_datasets.m()) {
      if (id.is_string()) dataset_ids.insert(id.s());
    }
  }
  std::set<nlohmann::json> values;
  bool truncated = false;
  for (const auto& id : dataset_ids) {
    auto d = datasets_.Get(id);
    if (!d.ok() || !cards::HasColumn(*d, column)) continue;
    cards::RunInput input;
    input.code = kChoicesCode;
    input.dataset_id = id;
    input.params = {{"column", column}, {"q", search}, {"limit", limit}};
    input.audit = false;
    auto outcome = runner_.Run(input, viewer.user_id);
    if (!outcome.ok()) return outcome.status();
    if (outcome->result->status != 200) {
      return Status::Internal("listing the values of " + column +
                              " failed: " + outcome->result->document);
    }
    auto doc = nlohmann::json::parse(outcome->result->document, nullptr, false);
    const auto& value = doc["result"]["value"];
    for (const auto& v : value.value("values", nlohmann::json::array())) values.insert(v);
    truncated = truncated || value.value("truncated", false);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) {
    if (static_cast<int64_t>(out.size()) == limit) {
      truncated = true;
      break;
    }
    out.push_back(v);
  }
  return nlohmann::json{{"filterId", filter_id},
                        {"column", column},
                        {"values", std::move(out)},
                        {"truncated", truncated}};
}

}  // namespace bi::dashboards
