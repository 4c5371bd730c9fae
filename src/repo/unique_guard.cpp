#include "repo/unique_guard.h"

namespace bi::repo {

using store::AttributeValue;
using store::Condition;

store::Item UniqueGuard::Key(std::string_view value) const {
  return {{key_attr_, AttributeValue::S(kGuardKeyPrefix + field_ + "#" + std::string(value))}};
}

Status UniqueGuard::Claim(std::string_view value, const std::string& owner_id,
                          const OwnerCheck& owner_holds) {
  store::Item guard = Key(value);
  guard["guardOwner"] = AttributeValue::S(owner_id);
  guard["version"] = AttributeValue::N(1);
  guard["claimedAt"] = AttributeValue::N(clock_());
  for (int attempt = 0; attempt < 3; ++attempt) {
    Status s = store_.Put(table_, guard, Condition::NotExists());
    if (s.code() != ErrorCode::kConflict) return s;
    auto existing = store_.Get(table_, Key(value));
    if (!existing.ok()) return existing.status();
    if (!existing->has_value()) continue;  // released meanwhile: try again
    const auto& item = **existing;
    auto owner = item.find("guardOwner");
    auto version = item.find("version");
    if (owner == item.end() || !owner->second.is_string() || version == item.end() ||
        !version->second.is_number()) {
      return Status::Corruption("malformed uniqueness guard in " + table_);
    }
    if (owner->second.s() == owner_id) return Status::Ok();
    auto claimed = item.find("claimedAt");
    int64_t claimed_at = claimed != item.end() && claimed->second.is_number()
                             ? claimed->second.n().ToInt64().value_or(0)
                             : 0;
    if (clock_() - claimed_at < kGuardLeaseMs) {
      return Status::Conflict(field_ + " is already in use", {{"field", field_}});
    }
    auto live = owner_holds(owner->second.s());
    if (!live.ok()) return live.status();
    if (*live) return Status::Conflict(field_ + " is already in use", {{"field", field_}});
    // Stale guard of a writer that crashed or gave the value up: take it over.
    int64_t v = version->second.n().ToInt64().value_or(0);
    guard["version"] = AttributeValue::N(v + 1);
    s = store_.Put(table_, guard, Condition::VersionEquals(v));
    if (s.code() != ErrorCode::kConflict) return s;
    guard["version"] = AttributeValue::N(1);
  }
  return Status::Conflict(field_ + " is already in use", {{"field", field_}});
}

Status UniqueGuard::Release(std::string_view value, const std::string& owner_id) {
  auto existing = store_.Get(table_, Key(value));
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return Status::Ok();
  const auto& item = **existing;
  auto owner = item.find("guardOwner");
  auto version = item.find("version");
  if (owner == item.end() || !owner->second.is_string() || owner->second.s() != owner_id ||
      version == item.end() || !version->second.is_number()) {
    return Status::Ok();  // not ours
  }
  Status s = store_.Delete(table_, Key(value),
                           Condition::VersionEquals(version->second.n().ToInt64().value_or(0)));
  if (s.code() == ErrorCode::kConflict) return Status::Ok();  // taken over meanwhile
  return s;
}

}  // namespace bi::repo
