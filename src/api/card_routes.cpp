// Cards: /api/cards (create, list), /api/cards/{cardId} (get, patch, delete),
// /api/cards/preview (run unsaved code) and /api/cards/{cardId}/run. Handlers parse and render;
// the rules live in cards::CardService (who may do what) and cards::CardRunner (executor and
// result cache). Cards others cannot see answer 404, as if they did not exist.

#include "api/api_router.h"
#include "api/json_fields.h"
#include "common/log.h"

namespace bi::api {
namespace {

using AliasMap = std::optional<std::map<std::string, std::string>>;

Result<AliasMap> ExtraDatasets(const nlohmann::json& body) {
  if (!body.contains("extraDatasets") || body["extraDatasets"].is_null()) return AliasMap();
  const auto& extra = body["extraDatasets"];
  auto invalid = Status::InvalidArgument("extraDatasets must map aliases to dataset ids",
                                         {{"field", "extraDatasets"}});
  if (!extra.is_object()) return invalid;
  std::map<std::string, std::string> out;
  for (const auto& [alias, id] : extra.items()) {
    if (!id.is_string()) return invalid;
    out[alias] = id.get<std::string>();
  }
  return AliasMap(std::move(out));
}

Result<cards::CardDraft> ReadDraft(const nlohmann::json& body) {
  cards::CardDraft draft;
  auto text = [&](const char* field, std::optional<std::string>& into) -> Status {
    auto v = OptionalString(body, field);
    if (!v.ok()) return v.status();
    into = std::move(v).value();
    return Status::Ok();
  };
  BI_RETURN_IF_ERROR(text("title", draft.title));
  BI_RETURN_IF_ERROR(text("description", draft.description));
  BI_RETURN_IF_ERROR(text("datasetId", draft.dataset_id));
  BI_RETURN_IF_ERROR(text("code", draft.code));
  auto extra = ExtraDatasets(body);
  if (!extra.ok()) return extra.status();
  draft.extra_datasets = std::move(extra).value();
  if (body.contains("display") && !body["display"].is_null()) draft.display = body["display"];
  // Present and null removes the schedule; absent leaves it as it is.
  if (body.contains("refreshSchedule")) draft.refresh_schedule = body["refreshSchedule"];
  return draft;
}

// `filters`, `params` and `noCache` of a run request (any of them may be absent).
Status ReadRunOptions(const nlohmann::json& body, cards::RunInput& input) {
  if (body.is_null()) return Status::Ok();
  if (body.contains("filters") && !body["filters"].is_null()) {
    if (!body["filters"].is_array())
      return Status::InvalidArgument("filters must be an array", {{"field", "filters"}});
    input.filters = body["filters"];
  }
  if (body.contains("params") && !body["params"].is_null()) {
    if (!body["params"].is_object())
      return Status::InvalidArgument("params must be an object", {{"field", "params"}});
    input.params = body["params"];
  }
  auto no_cache = OptionalBool(body, "noCache");
  if (!no_cache.ok()) return no_cache.status();
  input.no_cache = no_cache->value_or(false);
  return Status::Ok();
}

// 200 with the result, or the card's own failure (408 timeout, 422 error with its traceback)
// in the error format, so the editor shows it like any other error.
http::Response RunResponse(const cards::RunOutcome& outcome, const std::string& card_id,
                           const http::Request& req) {
  const cards::CachedResult& r = *outcome.result;
  if (r.status == 200) {
    return http::Response::Text(cards::SuccessBody(outcome, card_id), "application/json", 200);
  }
  std::string body = "{\"error\":" + r.document + ",\"requestId\":";
  log::AppendJsonString(body, req.request_id);
  body += "}";
  return http::Response::Text(std::move(body), "application/json", r.status);
}

// What POST /api/cards/{cardId}/run asks for: the saved card (if the caller may run it) with
// the request's filters, params and noCache.
Result<cards::RunInput> SavedCardRun(cards::CardService& service, const http::Request& req,
                                     const auth::Caller& caller) {
  if (!req.json.is_null()) {
    BI_RETURN_IF_ERROR(OnlyFields(req.json, {"filters", "params", "noCache"}));
  }
  auto view = service.Get(ViewerOf(caller), req.path_param("cardId"));
  if (!view.ok()) return view.status();
  cards::RunInput input;
  input.card_id = view->card.card_id;
  input.code = view->card.code;
  input.dataset_id = view->card.dataset_id;
  for (const auto& [alias, id] : view->card.extra_datasets.m()) {
    if (id.is_string()) input.extra_datasets[alias] = id.s();
  }
  BI_RETURN_IF_ERROR(ReadRunOptions(req.json, input));
  return input;
}

}  // namespace

void AddCardRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();
  cards::CardService& service = ctx.cards;
  cards::CardRunner& runner = ctx.card_runner;

  routes.Signed(
      http::Verb::post, "/api/cards",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(
            OnlyFields(req.json, {"title", "description", "datasetId", "extraDatasets", "code",
                                  "display", "refreshSchedule"}));
        auto draft = ReadDraft(req.json);
        if (!draft.ok()) return draft.status();
        auto card = service.Create(ViewerOf(caller), *draft);
        if (!card.ok()) return card.status();
        return http::Response::Json(cards::CardJson({*card, false}), 201);
      },
      JsonBody(cards::kMaxCodeBytes + 64 * 1024));

  routes.Signed(http::Verb::get, "/api/cards",
                [&service](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                  auto list = service.List(ViewerOf(caller));
                  if (!list.ok()) return list.status();
                  nlohmann::json items = nlohmann::json::array();
                  for (const auto& view : *list) items.push_back(cards::CardJson(view));
                  return http::Response::Json({{"items", std::move(items)}});
                });

  routes.Signed(
      http::Verb::get, "/api/cards/{cardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto view = service.Get(ViewerOf(caller), req.path_param("cardId"));
        if (!view.ok()) return view.status();
        return http::Response::Json(cards::CardJson(*view));
      });

  routes.Signed(
      http::Verb::patch, "/api/cards/{cardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(
            OnlyFields(req.json, {"title", "description", "datasetId", "extraDatasets", "code",
                                  "display", "refreshSchedule", "version"}));
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        auto draft = ReadDraft(req.json);
        if (!draft.ok()) return draft.status();
        auto card = service.Update(ViewerOf(caller), req.path_param("cardId"), *draft, *version);
        if (!card.ok()) return card.status();
        return http::Response::Json(cards::CardJson({*card, false}));
      },
      JsonBody(cards::kMaxCodeBytes + 64 * 1024));

  routes.Signed(
      http::Verb::delete_, "/api/cards/{cardId}",
      [&service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto version = QueryVersion(req);
        if (!version.ok()) return version.status();
        BI_RETURN_IF_ERROR(service.Delete(ViewerOf(caller), req.path_param("cardId"), *version));
        return http::Response::NoContent();
      });

  routes.Signed(
      http::Verb::post, "/api/cards/preview",
      [&service, &runner](http::Request& req,
                          const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(
            req.json, {"datasetId", "extraDatasets", "code", "filters", "params", "noCache"}));
        cards::RunInput input;
        auto dataset_id = RequiredString(req.json, "datasetId");
        if (!dataset_id.ok()) return dataset_id.status();
        auto code = RequiredString(req.json, "code");
        if (!code.ok()) return code.status();
        input.dataset_id = *dataset_id;
        input.code = *code;
        if (input.code.size() > cards::kMaxCodeBytes)
          return Status::InvalidArgument("code is over 256 KB", {{"field", "code"}});
        auto extra_datasets = ExtraDatasets(req.json);
        if (!extra_datasets.ok()) return extra_datasets.status();
        if (*extra_datasets) input.extra_datasets = **extra_datasets;
        const cards::Viewer viewer = ViewerOf(caller);
        auto main = service.UsableDataset(viewer, input.dataset_id);
        if (!main.ok()) return main.status();
        for (const auto& [alias, id] : input.extra_datasets) {
          BI_RETURN_IF_ERROR(cards::ValidAlias(alias));
          auto extra = service.UsableDataset(viewer, id);
          if (!extra.ok()) return extra.status();
        }
        BI_RETURN_IF_ERROR(ReadRunOptions(req.json, input));
        auto outcome = runner.Run(input, caller.user.user_id);
        if (!outcome.ok()) return outcome.status();
        return RunResponse(*outcome, "", req);
      },
      JsonBody(cards::kMaxCodeBytes + 64 * 1024));

  http::RouteOptions run_options = JsonBody(256 * 1024);
  run_options.body = http::BodyKind::kOptionalJson;
  // A result already in memory is answered on the I/O thread (the dashboard's hot path);
  // anything else goes to the blocking pool, where Run may call the executor.
  routes.SignedWithQuickPath(
      http::Verb::post, "/api/cards/{cardId}/run",
      [&service, &runner](http::Request& req,
                          const auth::Caller& caller) -> std::optional<Result<http::Response>> {
        auto input = SavedCardRun(service, req, caller);
        if (!input.ok()) return std::nullopt;
        auto outcome = runner.RunFromMemory(*input, caller.user.user_id);
        if (!outcome) return std::nullopt;
        return Result<http::Response>(RunResponse(*outcome, input->card_id, req));
      },
      [&service, &runner](http::Request& req,
                          const auth::Caller& caller) -> Result<http::Response> {
        auto input = SavedCardRun(service, req, caller);
        if (!input.ok()) return input.status();
        auto outcome = runner.Run(*input, caller.user.user_id);
        if (!outcome.ok()) return outcome.status();
        return RunResponse(*outcome, input->card_id, req);
      },
      run_options);
}

}  // namespace bi::api
