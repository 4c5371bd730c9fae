#pragma once
// Card results by cache key (card_runner.h makes the key from the code, every dataset's id and
// version, the filters, the params and the runtime version, so a changed input is a new key and
// an old result is never served for it).
//
// Two levels: memory (LRU within a byte budget) and the blob store under `cache/card-results/`,
// so another API instance or a restart reuses a result. Identical runs that arrive while one is
// in flight wait for it instead of running again (coalescing). Only successful results are kept.
// Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "blob/blob_store.h"
#include "common/clock.h"
#include "common/status.h"

namespace bi::cards {

// One run's outcome as the executor gave it: 200 with the result document, or the card's own
// failure (408, 422) with the error object. Only 200s are kept.
struct CachedResult {
  int status = 200;
  std::string document;  // a JSON object: the success document, or {"code","message","details"}
  int64_t created_ms = 0;
};

using ResultPtr = std::shared_ptr<const CachedResult>;

struct CacheLookup {
  ResultPtr result;
  bool cached = false;  // served from memory or the blob store, or from another caller's run
};

struct ResultCacheStats {
  int64_t memory_hits = 0;
  int64_t blob_hits = 0;
  int64_t misses = 0;
  int64_t coalesced = 0;  // callers that waited for another caller's run
  int64_t entries = 0;
  int64_t bytes = 0;
};

class ResultCache {
 public:
  // `blobs` may be null (memory only). Entries older than `max_age_ms` are not served.
  ResultCache(blob::BlobStore* blobs, size_t memory_budget_bytes, int64_t max_age_ms,
              const Clock& clock);

  using Producer = std::function<Result<ResultPtr>()>;

  // The cached result for `key` unless `refresh`; otherwise runs `produce` once for everyone
  // asking for `key` at the same time and keeps it if it is a success. Whatever `produce`
  // returns (a card failure or an error) goes to every waiter.
  Result<CacheLookup> GetOrRun(const std::string& key, bool refresh, const Producer& produce);

  // The fresh result for `key` if it is in memory, else null; never blocks on I/O or on
  // another caller's run (for answering on an I/O thread).
  ResultPtr FindInMemory(const std::string& key);

  ResultCacheStats stats() const;

  static std::string BlobKeyFor(const std::string& key);

 private:
  struct Flight {
    std::mutex mu;
    std::condition_variable done_cv;
    bool done = false;
    Result<ResultPtr> outcome = Status::Internal("run did not finish");
  };
  struct Entry {
    std::string key;
    ResultPtr result;
  };

  ResultPtr FindInBlobs(const std::string& key);
  void Remember(const std::string& key, const ResultPtr& result);
  void Persist(const std::string& key, const CachedResult& result);
  bool Fresh(const CachedResult& r) const;

  blob::BlobStore* blobs_;
  const size_t budget_bytes_;
  const int64_t max_age_ms_;
  const Clock& clock_;

  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<Flight>> in_flight_;
  ResultCacheStats stats_;
};

}  // namespace bi::cards
