#pragma once
// One repository per entity (the eight tables). Each keeps the invariants the store cannot:
// unique user emails and group names (unique_guard.h), normalised emails, typed pages of GSI
// queries. Services (auth, datasets, cards, dashboards, sharing) build on these.

#include <optional>
#include <string>
#include <string_view>

#include "repo/repository.h"
#include "repo/unique_guard.h"

namespace bi::repo {

class UserRepository : private Repository<User> {
 public:
  explicit UserRepository(store::MetadataStore& store, Clock clock = SystemNowMs);
  using Repository<User>::Get;

  // Trimmed and lower-cased; emails are compared in this form.
  static std::string NormalizeEmail(std::string_view email);

  // Email required; kConflict if another user has it.
  Result<User> Create(User user);
  // Optimistic update (see Repository::Update); an email change keeps emails unique.
  Result<User> Update(User user);
  Status Delete(std::string_view user_id, std::optional<int64_t> expected_version = std::nullopt);
  Result<std::optional<User>> FindByEmail(std::string_view email);
  // All users in a stable order (admin listing).
  Result<Page<User>> List(const PageRequest& page);

 private:
  UniqueGuard guard_;
};

class DatasetRepository : public Repository<Dataset> {
 public:
  using Repository<Dataset>::Repository;
  Result<Page<Dataset>> ListByOwner(std::string_view owner_id, const PageRequest& page);
};

class CardRepository : public Repository<Card> {
 public:
  using Repository<Card>::Repository;
  Result<Page<Card>> ListByOwner(std::string_view owner_id, const PageRequest& page);
};

class DashboardRepository : public Repository<Dashboard> {
 public:
  using Repository<Dashboard>::Repository;
  Result<Page<Dashboard>> ListByOwner(std::string_view owner_id, const PageRequest& page);
};

class FilterViewRepository : public Repository<FilterView> {
 public:
  using Repository<FilterView>::Repository;
  Result<Page<FilterView>> ListByDashboard(std::string_view dashboard_id, const PageRequest& page);
};

class GroupRepository : private Repository<Group> {
 public:
  explicit GroupRepository(store::MetadataStore& store, Clock clock = SystemNowMs);
  using Repository<Group>::Get;

  // Name required; kConflict if another group has it (compared case-insensitively).
  Result<Group> Create(Group group);
  Result<Group> Update(Group group);
  Status Delete(std::string_view group_id, std::optional<int64_t> expected_version = std::nullopt);
  // Exact name.
  Result<std::optional<Group>> FindByName(std::string_view name);
  Result<Page<Group>> List(const PageRequest& page);

 private:
  UniqueGuard guard_;
};

// Memberships are facts without versions: added or removed.
class MemberRepository {
 public:
  explicit MemberRepository(store::MetadataStore& store, Clock clock = SystemNowMs)
      : store_(store), clock_(std::move(clock)) {}

  // kConflict if already a member.
  Result<GroupMember> Add(std::string_view group_id, std::string_view user_id);
  // kNotFound if not a member.
  Status Remove(std::string_view group_id, std::string_view user_id);
  Result<bool> IsMember(std::string_view group_id, std::string_view user_id);
  // Ordered by userId (page.newest_first reverses it).
  Result<Page<GroupMember>> ListByGroup(std::string_view group_id, const PageRequest& page);
  // Ordered by groupId (MembersByUser).
  Result<Page<GroupMember>> ListByUser(std::string_view user_id, const PageRequest& page);
  // Removes every membership of a group (when the group is deleted).
  Status RemoveAll(std::string_view group_id);

 private:
  store::MetadataStore& store_;
  Clock clock_;
};

class ShareRepository : public Repository<DashboardShare> {
 public:
  using Repository<DashboardShare>::Repository;
  Result<Page<DashboardShare>> ListByDashboard(std::string_view dashboard_id,
                                               const PageRequest& page);
  Result<Page<DashboardShare>> ListByTarget(std::string_view shared_to_id, const PageRequest& page);
};

}  // namespace bi::repo
