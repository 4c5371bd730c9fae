#include "cards/result_cache.h"

#include <nlohmann/json.hpp>

#include "common/log.h"

namespace bi::cards {

ResultCache::ResultCache(blob::BlobStore* blobs, size_t memory_budget_bytes, int64_t max_age_ms,
                         const Clock& clock)
    : blobs_(blobs), budget_bytes_(memory_budget_bytes), max_age_ms_(max_age_ms), clock_(clock) {}

std::string ResultCache::BlobKeyFor(const std::string& key) {
  return "cache/card-results/" + key + ".json";
}

bool ResultCache::Fresh(const CachedResult& r) const {
  return clock_.NowMillis() - r.created_ms <= max_age_ms_;
}

ResultPtr ResultCache::FindInMemory(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (!Fresh(*it->second->result)) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.memory_hits;
  return it->second->result;
}

ResultPtr ResultCache::FindInBlobs(const std::string& key) {
  if (blobs_ == nullptr) return nullptr;
  auto text = blobs_->GetString(BlobKeyFor(key));
  if (!text.ok()) {
    if (text.status().code() != ErrorCode::kNotFound) {
      log::Warn("card_cache_read_failed").Str("reason", text.status().message());
    }
    return nullptr;
  }
  auto stored = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!stored.is_object() || !stored["createdMs"].is_number_integer() ||
      !stored["document"].is_object()) {
    log::Warn("card_cache_entry_unreadable").Str("key", key);
    return nullptr;
  }
  auto result = std::make_shared<CachedResult>();
  result->document = stored["document"].dump();
  result->created_ms = stored["createdMs"].get<int64_t>();
  if (!Fresh(*result)) return nullptr;
  std::lock_guard lock(mu_);
  ++stats_.blob_hits;
  return result;
}

void ResultCache::Remember(const std::string& key, const ResultPtr& result) {
  const size_t size = result->document.size() + key.size();
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->result->document.size() + key.size();
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (size > budget_bytes_) return;  // larger than the whole budget: blob store only
  lru_.push_front({key, result});
  index_[key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > budget_bytes_ && !lru_.empty()) {
    const Entry& last = lru_.back();
    bytes_ -= last.result->document.size() + last.key.size();
    index_.erase(last.key);
    lru_.pop_back();
  }
}

void ResultCache::Persist(const std::string& key, const CachedResult& result) {
  if (blobs_ == nullptr) return;
  std::string stored = "{\"createdMs\":" + std::to_string(result.created_ms) +
                       ",\"document\":" + result.document + "}";
  // The result is still served from memory; a later instance just runs the card again.
  Status s = blobs_->PutString(BlobKeyFor(key), std::move(stored));
  if (!s.ok()) log::Warn("card_cache_write_failed").Str("reason", s.message());
}

Result<CacheLookup> ResultCache::GetOrRun(const std::string& key, bool refresh,
                                          const Producer& produce) {
  if (!refresh) {
    if (ResultPtr hit = FindInMemory(key)) return CacheLookup{hit, true};
  }
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = in_flight_.try_emplace(key);
    if (inserted) it->second = std::make_shared<Flight>();
    flight = it->second;
    leader = inserted;
    if (!leader) ++stats_.coalesced;
  }
  if (!leader) {
    std::unique_lock lock(flight->mu);
    flight->done_cv.wait(lock, [&] { return flight->done; });
    if (!flight->outcome.ok()) return flight->outcome.status();
    return CacheLookup{*flight->outcome, true};
  }

  Result<CacheLookup> answer = Status::Internal("unset");
  ResultPtr from_blobs = refresh ? nullptr : FindInBlobs(key);
  if (from_blobs) {
    Remember(key, from_blobs);
    answer = CacheLookup{from_blobs, true};
  } else {
    {
      std::lock_guard lock(mu_);
      ++stats_.misses;
    }
    Result<ResultPtr> produced = Status::Internal("card run failed");
    try {
      produced = produce();
    } catch (const std::exception& e) {  // waiters must be released whatever happens
      produced = Status::Internal(std::string("card run failed: ") + e.what());
    }
    if (produced.ok() && (*produced)->status == 200) {
      Remember(key, *produced);
      Persist(key, **produced);
      answer = CacheLookup{*produced, false};
    } else if (produced.ok()) {
      answer = CacheLookup{*produced, false};
    } else {
      answer = produced.status();
    }
  }
  {
    std::lock_guard lock(flight->mu);
    flight->outcome = answer.ok() ? Result<ResultPtr>(answer->result) : answer.status();
    flight->done = true;
  }
  flight->done_cv.notify_all();
  std::lock_guard lock(mu_);
  in_flight_.erase(key);
  return answer;
}

ResultCacheStats ResultCache::stats() const {
  std::lock_guard lock(mu_);
  ResultCacheStats s = stats_;
  s.entries = static_cast<int64_t>(index_.size());
  s.bytes = static_cast<int64_t>(bytes_);
  return s;
}

}  // namespace bi::cards
