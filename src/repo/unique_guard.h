#pragma once
// Uniqueness of a non-key attribute (user email, group name) without transactions, so the
// same code works on DynamoDB: a guard item in the entity's own table, keyed
// "unique#<field>#<value>" and naming its owner, is claimed with a conditional put before the
// entity is written. A guard left by a crashed writer is taken over with a version-checked put
// once it is older than kGuardLeaseMs and its owner does not hold the value; the lease keeps a
// writer that is between claiming and writing its entity from being overtaken (a crashed
// create blocks its value for that long). Guard items carry no index attributes, so they never
// appear in GSI queries; scans skip keys starting with "unique#".

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/metadata_store.h"

namespace bi::repo {

inline constexpr char kGuardKeyPrefix[] = "unique#";
inline constexpr int64_t kGuardLeaseMs = 10 * 60 * 1000;

class UniqueGuard {
 public:
  // `owner_holds(owner_id, value)` tells whether that entity still exists and holds the value.
  using OwnerCheck = std::function<Result<bool>(const std::string& owner_id)>;

  UniqueGuard(store::MetadataStore& store, std::string table, std::string key_attr,
              std::string field, std::function<int64_t()> clock)
      : store_(store),
        table_(std::move(table)),
        key_attr_(std::move(key_attr)),
        field_(std::move(field)),
        clock_(std::move(clock)) {}

  // Claims `value` for `owner_id`; kConflict if a live owner holds it already.
  Status Claim(std::string_view value, const std::string& owner_id, const OwnerCheck& owner_holds);
  // Releases `value` if `owner_id` holds it; best effort otherwise.
  Status Release(std::string_view value, const std::string& owner_id);

  static bool IsGuardKey(std::string_view key) { return key.rfind(kGuardKeyPrefix, 0) == 0; }

 private:
  store::Item Key(std::string_view value) const;
  store::MetadataStore& store_;
  std::string table_, key_attr_, field_;
  std::function<int64_t()> clock_;
};

}  // namespace bi::repo
