#pragma once
// Runs card code through the executor (executor_client.h) behind the result cache
// (result_cache.h). The cache key covers everything a result depends on: the code, every
// dataset's id and data version (its publication generation), the filters, the params and the
// runtime version, so a new dataset version or a code change is a new key. Each run writes the
// audit line `card_executed` (runbook 4.3: card_id, execution_time_ms, cached).

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob_store.h"
#include "cards/executor_client.h"
#include "cards/result_cache.h"
#include "common/clock.h"
#include "common/status.h"
#include "repo/repositories.h"
#include "store/metadata_store.h"

namespace bi::cards {

struct RunInput {
  std::string card_id;  // empty for a preview of unsaved code
  std::string code;
  std::string dataset_id;                             // bound to `df`
  std::map<std::string, std::string> extra_datasets;  // alias -> dataset id
  nlohmann::json filters = nlohmann::json::array();   // the executor's filter objects
  nlohmann::json params = nlohmann::json::object();
  // Dashboard filters: each applies to every dataset of the card that has its column.
  nlohmann::json pushed_filters = nlohmann::json::array();
  bool no_cache = false;
  bool audit = true;  // false for the API's own queries (e.g. a filter's choices)
};

struct RunOutcome {
  ResultPtr result;  // status 200 and the result document, or the card's failure
  bool cached = false;
  int64_t age_ms = 0;  // how long ago the result was computed
};

// Whether the dataset's schema has a column of that name (where a dashboard filter applies).
bool HasColumn(const repo::Dataset& dataset, const std::string& column);

// Part of every cache key: a new bi version may change what a card's result looks like.
std::string RuntimeVersion();

class CardRunner {
 public:
  // `timeout_seconds`: a card's time limit (runbook 5.2: 10 s, the executor's maximum); the
  // call to the executor gives up 5 s after it.
  CardRunner(store::MetadataStore& store, blob::BlobStore& blobs, ExecutorClient& executor,
             ResultCache& cache, const Clock& clock, int timeout_seconds = 10);

  // Runs (or serves from the cache) for `user_id`. The caller has checked that the user may run
  // this card or read these datasets; datasets are read here without an owner check.
  // Errors: kNotFound (a dataset is gone), kUnprocessable (a dataset has no data),
  // kInvalidArgument (filters the executor refused), kUnavailable (executor down or full,
  // details.retryAfterSeconds).
  Result<RunOutcome> Run(const RunInput& input, const std::string& user_id);

  // As Run when the datasets and the result are already in memory; nullopt for anything else
  // (a miss, an error), with no audit line: then call Run on a thread that may block.
  std::optional<RunOutcome> RunFromMemory(const RunInput& input, const std::string& user_id);

  ResultCache& cache() { return cache_; }

 private:
  struct BoundDataset {
    std::string alias;
    std::shared_ptr<const repo::Dataset> dataset;
    nlohmann::json filters;  // what reaches this dataset (card filters on df, pushed ones)
  };
  // The datasets as they are now and the cache key they give.
  struct Bound {
    std::vector<BoundDataset> datasets;
    std::string key;
  };
  Result<Bound> Bind(const RunInput& input);
  Result<ResultPtr> Execute(const RunInput& input, const std::vector<BoundDataset>& datasets);
  // The audit line `card_executed` of one run that began at `started`.
  void Audit(const RunInput& input, const std::string& user_id,
             std::chrono::steady_clock::time_point started, bool cached,
             const std::string& outcome);

  const int timeout_seconds_;
  store::MetadataStore& store_;
  blob::BlobStore& blobs_;
  ExecutorClient& executor_;
  ResultCache& cache_;
  const Clock& clock_;
  repo::DatasetRepository datasets_;
};

// The success body the API answers: the result document with `cached`, `cachedAt` (epoch ms) and
// `ageSeconds` added, built without re-parsing the document.
std::string SuccessBody(const RunOutcome& outcome, const std::string& card_id);

}  // namespace bi::cards
