#pragma once
// Entities read from the metadata store at one ChangeStamp, handed out again while the stamp
// has not moved. The hot path of a dashboard reads the same user, card and dataset records on
// every request; decoding them again each time was most of a cached card run's cost.
//
// Correct by construction: the stamp is read before the item, so an entry is at least as new
// as its stamp, and any write anywhere (this process or another) moves the stamp and retires
// every entry at once. Backends without a stamp (nullopt) are never cached.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bi::repo {

template <typename T>
class ReadCache {
 public:
  // Shared and immutable: a hit costs no copy of the record.
  using Ptr = std::shared_ptr<const T>;

  Ptr Find(uint64_t stamp, std::string_view id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stamp_ != stamp) return nullptr;
    auto it = entries_.find(id);
    if (it == entries_.end()) return nullptr;
    return it->second;
  }

  void Keep(uint64_t stamp, std::string_view id, Ptr entity) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stamp_ != stamp || entries_.size() >= kMaxEntries) {
      entries_.clear();
      stamp_ = stamp;
    }
    entries_.insert_or_assign(std::string(id), std::move(entity));
  }

 private:
  // Enough for the records one instance serves at a time; past it, start again.
  static constexpr size_t kMaxEntries = 1024;

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::mutex mu_;
  std::optional<uint64_t> stamp_;
  std::unordered_map<std::string, Ptr, Hash, std::equal_to<>> entries_;
};

}  // namespace bi::repo
