#include "repo/repositories.h"

#include "common/strings.h"

#include <cctype>

namespace bi::repo {

using store::AttributeValue;
using store::Condition;
namespace tables = store::tables;
namespace indexes = store::indexes;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A scan page with guard items removed.
template <typename T>
Result<Page<T>> ScanEntities(store::MetadataStore& store, const char* table, const char* id_attr,
                             const PageRequest& page) {
  auto raw = store.Scan(table, page.limit, page.cursor);
  if (!raw.ok()) return raw.status();
  Page<T> out;
  out.cursor = raw->cursor;
  for (const auto& item : raw->items) {
    auto id = item.find(id_attr);
    if (id != item.end() && id->second.is_string() && UniqueGuard::IsGuardKey(id->second.s())) {
      continue;
    }
    T e;
    BI_RETURN_IF_ERROR(FromItem(item, &e));
    out.items.push_back(std::move(e));
  }
  return out;
}

}  // namespace

// ---- users ----

UserRepository::UserRepository(store::MetadataStore& store, Clock clock)
    : Repository<User>(store, std::move(clock)),
      guard_(store, tables::kUsers, "userId", "email", clock_) {}

std::string UserRepository::NormalizeEmail(std::string_view email) {
  return Lower(Trim(email));
}

Result<User> UserRepository::Create(User user) {
  user.email = NormalizeEmail(user.email);
  if (user.email.empty()) return Status::InvalidArgument("email is required");
  if (user.user_id.empty()) user.user_id = NewId();
  const std::string email = user.email, id = user.user_id;
  BI_RETURN_IF_ERROR(guard_.Claim(email, id, [&](const std::string& owner) -> Result<bool> {
    auto other = Get(owner);
    if (other.status().code() == ErrorCode::kNotFound) return false;
    if (!other.ok()) return other.status();
    return other->email == email;
  }));
  auto created = Repository<User>::Create(std::move(user));
  if (!created.ok()) guard_.Release(email, id);
  return created;
}

Result<User> UserRepository::Update(User user) {
  user.email = NormalizeEmail(user.email);
  if (user.email.empty()) return Status::InvalidArgument("email is required");
  auto current = Get(user.user_id);
  if (!current.ok()) return current.status();
  if (current->version != user.version) return ExplainConflict(user.user_id, user.version);
  const std::string old_email = current->email, new_email = user.email, id = user.user_id;
  if (old_email == new_email) return Repository<User>::Update(std::move(user));
  BI_RETURN_IF_ERROR(guard_.Claim(new_email, id, [&](const std::string& owner) -> Result<bool> {
    auto other = Get(owner);
    if (other.status().code() == ErrorCode::kNotFound) return false;
    if (!other.ok()) return other.status();
    return other->email == new_email;
  }));
  auto updated = Repository<User>::Update(std::move(user));
  if (!updated.ok()) {
    guard_.Release(new_email, id);
    return updated;
  }
  guard_.Release(old_email, id);  // best effort: a leftover guard is stale and taken over later
  return updated;
}

Status UserRepository::Delete(std::string_view user_id, std::optional<int64_t> expected_version) {
  auto current = Get(user_id);
  if (!current.ok()) return current.status();
  BI_RETURN_IF_ERROR(Repository<User>::Delete(user_id, expected_version));
  guard_.Release(current->email, current->user_id);
  return Status::Ok();
}

Result<std::optional<User>> UserRepository::FindByEmail(std::string_view email) {
  store::QueryRequest q;
  q.table = tables::kUsers;
  q.index = indexes::kUsersByEmail;
  q.partition = AttributeValue::S(NormalizeEmail(email));
  q.limit = 1;
  if (q.partition.s().empty()) return std::optional<User>();
  auto page = store_.Query(q);
  if (!page.ok()) return page.status();
  if (page->items.empty()) return std::optional<User>();
  User user;
  BI_RETURN_IF_ERROR(FromItem(page->items[0], &user));
  return std::optional<User>(std::move(user));
}

Result<Page<User>> UserRepository::List(const PageRequest& page) {
  return ScanEntities<User>(store_, tables::kUsers, "userId", page);
}

// ---- datasets, cards, dashboards, filter views, shares ----

Result<Page<Dataset>> DatasetRepository::ListByOwner(std::string_view owner_id,
                                                     const PageRequest& page) {
  return QueryIndex(indexes::kDatasetsByOwner, owner_id, page);
}

Result<Page<Card>> CardRepository::ListByOwner(std::string_view owner_id, const PageRequest& page) {
  return QueryIndex(indexes::kCardsByOwner, owner_id, page);
}

Result<Page<Dashboard>> DashboardRepository::ListByOwner(std::string_view owner_id,
                                                         const PageRequest& page) {
  return QueryIndex(indexes::kDashboardsByOwner, owner_id, page);
}

Result<Page<FilterView>> FilterViewRepository::ListByDashboard(std::string_view dashboard_id,
                                                               const PageRequest& page) {
  return QueryIndex(indexes::kFilterViewsByDashboard, dashboard_id, page);
}

Result<Page<DashboardShare>> ShareRepository::ListByDashboard(std::string_view dashboard_id,
                                                              const PageRequest& page) {
  return QueryIndex(indexes::kSharesByDashboard, dashboard_id, page);
}

Result<Page<DashboardShare>> ShareRepository::ListByTarget(std::string_view shared_to_id,
                                                           const PageRequest& page) {
  return QueryIndex(indexes::kSharesByTarget, shared_to_id, page);
}

// ---- groups ----

GroupRepository::GroupRepository(store::MetadataStore& store, Clock clock)
    : Repository<Group>(store, std::move(clock)),
      guard_(store, tables::kGroups, "groupId", "name", clock_) {}

Result<Group> GroupRepository::Create(Group group) {
  group.name = Trim(group.name);
  if (group.name.empty()) return Status::InvalidArgument("group name is required");
  if (group.group_id.empty()) group.group_id = NewId();
  const std::string folded = Lower(group.name), id = group.group_id;
  BI_RETURN_IF_ERROR(guard_.Claim(folded, id, [&](const std::string& owner) -> Result<bool> {
    auto other = Get(owner);
    if (other.status().code() == ErrorCode::kNotFound) return false;
    if (!other.ok()) return other.status();
    return Lower(other->name) == folded;
  }));
  auto created = Repository<Group>::Create(std::move(group));
  if (!created.ok()) guard_.Release(folded, id);
  return created;
}

Result<Group> GroupRepository::Update(Group group) {
  group.name = Trim(group.name);
  if (group.name.empty()) return Status::InvalidArgument("group name is required");
  auto current = Get(group.group_id);
  if (!current.ok()) return current.status();
  if (current->version != group.version) return ExplainConflict(group.group_id, group.version);
  const std::string old_folded = Lower(current->name), new_folded = Lower(group.name);
  const std::string id = group.group_id;
  if (old_folded == new_folded) return Repository<Group>::Update(std::move(group));
  BI_RETURN_IF_ERROR(guard_.Claim(new_folded, id, [&](const std::string& owner) -> Result<bool> {
    auto other = Get(owner);
    if (other.status().code() == ErrorCode::kNotFound) return false;
    if (!other.ok()) return other.status();
    return Lower(other->name) == new_folded;
  }));
  auto updated = Repository<Group>::Update(std::move(group));
  if (!updated.ok()) {
    guard_.Release(new_folded, id);
    return updated;
  }
  guard_.Release(old_folded, id);
  return updated;
}

Status GroupRepository::Delete(std::string_view group_id, std::optional<int64_t> expected_version) {
  auto current = Get(group_id);
  if (!current.ok()) return current.status();
  BI_RETURN_IF_ERROR(Repository<Group>::Delete(group_id, expected_version));
  guard_.Release(Lower(current->name), current->group_id);
  return Status::Ok();
}

Result<std::optional<Group>> GroupRepository::FindByName(std::string_view name) {
  store::QueryRequest q;
  q.table = tables::kGroups;
  q.index = indexes::kGroupsByName;
  q.partition = AttributeValue::S(Trim(name));
  q.limit = 1;
  if (q.partition.s().empty()) return std::optional<Group>();
  auto page = store_.Query(q);
  if (!page.ok()) return page.status();
  if (page->items.empty()) return std::optional<Group>();
  Group group;
  BI_RETURN_IF_ERROR(FromItem(page->items[0], &group));
  return std::optional<Group>(std::move(group));
}

Result<Page<Group>> GroupRepository::List(const PageRequest& page) {
  return ScanEntities<Group>(store_, tables::kGroups, "groupId", page);
}

// ---- members ----

namespace {
store::Item MemberKey(std::string_view group_id, std::string_view user_id) {
  return {{"groupId", AttributeValue::S(std::string(group_id))},
          {"userId", AttributeValue::S(std::string(user_id))}};
}

Result<Page<GroupMember>> DecodeMembers(const Result<store::Page>& raw) {
  if (!raw.ok()) return raw.status();
  Page<GroupMember> out;
  out.cursor = raw->cursor;
  for (const auto& item : raw->items) {
    GroupMember m;
    BI_RETURN_IF_ERROR(FromItem(item, &m));
    out.items.push_back(std::move(m));
  }
  return out;
}
}  // namespace

Result<GroupMember> MemberRepository::Add(std::string_view group_id, std::string_view user_id) {
  GroupMember m{std::string(group_id), std::string(user_id), clock_()};
  Status s = store_.Put(tables::kGroupMembers, ToItem(m), Condition::NotExists());
  if (s.code() == ErrorCode::kConflict) return Status::Conflict("already a member of the group");
  if (!s.ok()) return s;
  return m;
}

Status MemberRepository::Remove(std::string_view group_id, std::string_view user_id) {
  Status s =
      store_.Delete(tables::kGroupMembers, MemberKey(group_id, user_id), Condition::Exists());
  if (s.code() == ErrorCode::kConflict) return Status::NotFound("not a member of the group");
  return s;
}

Result<bool> MemberRepository::IsMember(std::string_view group_id, std::string_view user_id) {
  auto item = store_.Get(tables::kGroupMembers, MemberKey(group_id, user_id));
  if (!item.ok()) return item.status();
  return item->has_value();
}

Result<Page<GroupMember>> MemberRepository::ListByGroup(std::string_view group_id,
                                                        const PageRequest& page) {
  store::QueryRequest q{tables::kGroupMembers, "", AttributeValue::S(std::string(group_id))};
  q.ascending = !page.newest_first;
  q.limit = page.limit;
  q.cursor = page.cursor;
  return DecodeMembers(store_.Query(q));
}

Result<Page<GroupMember>> MemberRepository::ListByUser(std::string_view user_id,
                                                       const PageRequest& page) {
  store::QueryRequest q{tables::kGroupMembers, indexes::kMembersByUser,
                        AttributeValue::S(std::string(user_id))};
  q.ascending = !page.newest_first;
  q.limit = page.limit;
  q.cursor = page.cursor;
  return DecodeMembers(store_.Query(q));
}

Status MemberRepository::RemoveAll(std::string_view group_id) {
  while (true) {
    PageRequest page;
    page.limit = 1000;
    auto members = ListByGroup(group_id, page);
    if (!members.ok()) return members.status();
    if (members->items.empty()) return Status::Ok();
    for (const auto& m : members->items) {
      BI_RETURN_IF_ERROR(store_.Delete(tables::kGroupMembers, MemberKey(m.group_id, m.user_id)));
    }
  }
}

}  // namespace bi::repo
