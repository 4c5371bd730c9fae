#include "cards/card_runner.h"

#include <openssl/evp.h>

#include <chrono>

#include "bi/version.h"
#include "blob/dataset_keys.h"
#include "blob/publication.h"
#include "common/log.h"
#include "metrics/process_metrics.h"

namespace bi::cards {
namespace {

// The executor's own deadline plus this margin for the hand-off: the API never waits forever.
constexpr std::chrono::seconds kDeadlineMargin(5);

std::string Sha256Hex(const std::string& text) {
  // Fetched once: OpenSSL 3 would otherwise look the algorithm up on every call.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, kSha256, nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// The filters of one dataset: the card's own (main dataset only) and the pushed-down ones whose
// column it has.
nlohmann::json FiltersFor(const RunInput& input, const repo::Dataset& d, bool main) {
  nlohmann::json out = main ? input.filters : nlohmann::json::array();
  for (const auto& f : input.pushed_filters) {
    if (HasColumn(d, f.value("column", ""))) out.push_back(f);
  }
  return out;
}

std::string DataVersionOf(const repo::Dataset& d) {
  return d.data_generation + "#" + std::to_string(d.data_version);
}

Status DatasetChanging(const std::string& dataset_id) {
  return Status::Unavailable("dataset " + dataset_id + " is being replaced; try again",
                             {{"reason", "dataset_changing"}, {"retryAfterSeconds", 1}});
}

std::string ErrorMessageOf(const nlohmann::json& body, const std::string& fallback) {
  const auto& error = body.contains("error") ? body["error"] : nlohmann::json();
  if (error.is_object() && error.contains("message") && error["message"].is_string())
    return error["message"].get<std::string>();
  return fallback;
}

}  // namespace

bool HasColumn(const repo::Dataset& d, const std::string& column) {
  if (!d.schema.is_list()) return false;
  for (const auto& c : d.schema.l()) {
    if (!c.is_map()) continue;
    auto name = c.m().find("name");
    if (name != c.m().end() && name->second.is_string() && name->second.s() == column) return true;
  }
  return false;
}

std::string RuntimeVersion() {
  return std::string("bi/") + kVersion + " card-results/1";
}

CardRunner::CardRunner(store::MetadataStore& store, blob::BlobStore& blobs,
                       ExecutorClient& executor, ResultCache& cache, const Clock& clock,
                       int timeout_seconds)
    : timeout_seconds_(timeout_seconds),
      store_(store),
      blobs_(blobs),
      executor_(executor),
      cache_(cache),
      clock_(clock),
      datasets_(store, [&clock] { return clock.NowMillis(); }) {}

Result<CardRunner::Bound> CardRunner::Bind(const RunInput& input) {
  Bound bound;
  auto bind = [&](const std::string& alias, const std::string& id) -> Status {
    auto d = datasets_.GetShared(id);
    if (d.status().code() == ErrorCode::kNotFound) {
      return Status::Unprocessable("dataset " + id + " (" + alias + ") no longer exists",
                                   {{"datasetId", id}, {"alias", alias}});
    }
    if (!d.ok()) return d.status();
    if ((*d)->data_generation.empty()) {
      return Status::Unprocessable("dataset " + id + " (" + alias + ") has no data yet",
                                   {{"datasetId", id}, {"alias", alias}});
    }
    nlohmann::json filters = FiltersFor(input, **d, bound.datasets.empty());
    bound.datasets.push_back({alias, std::move(d).value(), std::move(filters)});
    return Status::Ok();
  };
  BI_RETURN_IF_ERROR(bind("df", input.dataset_id));
  for (const auto& [alias, id] : input.extra_datasets) BI_RETURN_IF_ERROR(bind(alias, id));

  // Only the filters that reach a dataset are part of the key: a dashboard filter on a column
  // this card's data lacks does not change its result.
  nlohmann::json key_parts = {
      {"code", input.code}, {"params", input.params}, {"runtime", RuntimeVersion()}};
  for (const BoundDataset& b : bound.datasets) {
    key_parts["datasets"].push_back(
        {b.alias, b.dataset->dataset_id, DataVersionOf(*b.dataset), b.filters});
  }
  // nlohmann::json orders object keys, so equal inputs give equal text.
  bound.key = Sha256Hex(key_parts.dump());
  return bound;
}

Result<ResultPtr> CardRunner::Execute(const RunInput& input,
                                      const std::vector<BoundDataset>& datasets) {
  nlohmann::json specs = nlohmann::json::array();
  for (const BoundDataset& b : datasets) {
    const std::string& id = b.dataset->dataset_id;
    auto manifest = blob::ReadManifest(blobs_, blob::DatasetDataPrefix(id));
    if (!manifest.ok()) return manifest.status();
    // The record names the generation the cache key was made for; anything else is a replace
    // in progress, and running on it would file new data under the old key.
    if (!*manifest || (*manifest)->generation != b.dataset->data_generation)
      return DatasetChanging(id);
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& part : (*manifest)->parts) keys.push_back(part.key);
    specs.push_back({{"alias", b.alias},
                     {"datasetId", id},
                     {"version", DataVersionOf(*b.dataset)},
                     {"blobKeys", std::move(keys)},
                     {"filters", b.filters}});
  }
  nlohmann::json request = {{"code", input.code},
                            {"datasets", std::move(specs)},
                            {"params", input.params},
                            {"limits", {{"timeoutSeconds", timeout_seconds_}}}};
  auto reply = executor_.Execute(request, std::chrono::seconds(timeout_seconds_) + kDeadlineMargin);
  if (!reply.ok()) return reply.status();

  auto result = std::make_shared<CachedResult>();
  result->created_ms = clock_.NowMillis();
  switch (reply->status) {
    case 200:
      if (!reply->body.contains("result")) return Status::Internal("executor reply has no result");
      result->document = reply->body.dump();
      return ResultPtr(std::move(result));
    case 408:
    case 422:  // the card's own failure: the user reads it (traceback, timeout)
      result->status = reply->status;
      result->document = reply->body.value("error", nlohmann::json::object()).dump();
      return ResultPtr(std::move(result));
    case 400:  // the request was the caller's to fix (e.g. a filter on a missing column)
      return Status::InvalidArgument(ErrorMessageOf(reply->body, "the executor refused the run"),
                                     reply->body["error"].value("details", nlohmann::json()));
    case 401:
      // Never passed on as 401: the user's token is fine, the deployment is not.
      return Status::Unavailable(
          "the executor refused the API's credentials: EXECUTOR_SHARED_SECRET must be the same "
          "on both",
          {{"reason", "executor_auth"}, {"retryAfterSeconds", 30}});
    case 404:  // a part vanished: the data was replaced after the manifest was read
      return DatasetChanging(input.dataset_id);
    case 503: {
      const auto& error = reply->body.value("error", nlohmann::json::object());
      std::string reason = "executor_unavailable";
      if (error.contains("details") && error["details"].is_object())
        reason = error["details"].value("reason", reason);
      return Status::Unavailable(
          ErrorMessageOf(reply->body, "the executor is busy"),
          {{"reason", reason}, {"retryAfterSeconds", std::max(1, reply->retry_after_seconds)}});
    }
    default:
      log::Error("executor_failed")
          .Int("status", reply->status)
          .Str("message", ErrorMessageOf(reply->body, ""));
      return Status::Internal("the executor answered " + std::to_string(reply->status));
  }
}

void CardRunner::Audit(const RunInput& input, const std::string& user_id,
                       std::chrono::steady_clock::time_point started, bool cached,
                       const std::string& outcome) {
  if (!input.audit) return;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  auto line = log::Audit("card_executed");
  if (input.card_id.empty()) {
    line.Bool("preview", true);
  } else {
    line.Str("card_id", input.card_id);
  }
  line.Str("user_id", user_id)
      .Num("execution_time_ms", ms)
      .Bool("cached", cached)
      .Str("outcome", outcome);
}

Result<RunOutcome> CardRunner::Run(const RunInput& input, const std::string& user_id) {
  const auto started = std::chrono::steady_clock::now();
  auto bound = Bind(input);
  if (!bound.ok()) {
    Audit(input, user_id, started, false, ErrorCodeName(bound.status().code()));
    return bound.status();
  }
  auto lookup =
      cache_.GetOrRun(bound->key, input.no_cache, [&] { return Execute(input, bound->datasets); });
  if (!lookup.ok()) {
    Audit(input, user_id, started, false, ErrorCodeName(lookup.status().code()));
    return lookup.status();
  }
  const ResultPtr& r = lookup->result;
  metrics::Process().RecordCardResult(lookup->cached);
  Audit(input, user_id, started, lookup->cached, r->status == 200 ? "ok" : "card_failed");
  return RunOutcome{r, lookup->cached, std::max<int64_t>(0, clock_.NowMillis() - r->created_ms)};
}

std::optional<RunOutcome> CardRunner::RunFromMemory(const RunInput& input,
                                                    const std::string& user_id) {
  if (input.no_cache) return std::nullopt;
  const auto started = std::chrono::steady_clock::now();
  auto bound = Bind(input);
  if (!bound.ok()) return std::nullopt;
  ResultPtr hit = cache_.FindInMemory(bound->key);
  if (!hit) return std::nullopt;
  metrics::Process().RecordCardResult(true);
  Audit(input, user_id, started, true, hit->status == 200 ? "ok" : "card_failed");
  return RunOutcome{hit, true, std::max<int64_t>(0, clock_.NowMillis() - hit->created_ms)};
}

std::string SuccessBody(const RunOutcome& outcome, const std::string& card_id) {
  std::string out = "{\"cardId\":";
  if (card_id.empty()) {
    out += "null";
  } else {
    log::AppendJsonString(out, card_id);
  }
  out += ",\"cached\":";
  out += outcome.cached ? "true" : "false";
  out += ",\"cachedAt\":" + std::to_string(outcome.result->created_ms);
  out += ",\"ageSeconds\":" + std::to_string(outcome.age_ms / 1000);
  const std::string& doc = outcome.result->document;  // "{...}"
  if (doc.size() > 2) {
    out += ',';
    out.append(doc, 1, std::string::npos);
  } else {
    out += '}';
  }
  return out;
}

}  // namespace bi::cards
