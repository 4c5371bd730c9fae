#include "groups/group_directory.h"

#include "common/strings.h"

#include <vector>

#include "common/log.h"

namespace bi::groups {
namespace {

constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxDescriptionChars = 1000;

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Result<std::string> ValidName(std::string_view raw) {
  std::string name = Trim(raw);
  if (name.empty() || Utf8Chars(name) > kMaxNameChars)
    return Status::InvalidArgument("name must be 1 to 100 characters", {{"field", "name"}});
  return name;
}

Status ValidDescription(std::string_view description) {
  if (Utf8Chars(description) > kMaxDescriptionChars)
    return Status::InvalidArgument("description must be at most 1000 characters",
                                   {{"field", "description"}});
  return Status::Ok();
}

Status GroupNotFound(std::string_view group_id) {
  return Status::NotFound("group " + std::string(group_id) + " not found");
}

// The unique guard's conflict ("name is already in use") said the way a client understands it;
// other conflicts (a stale version) pass unchanged.
Status NameTaken(Status s) {
  if (s.code() == ErrorCode::kConflict && s.details().is_object() &&
      s.details().value("field", "") == "name")
    return Status::Conflict("a group with this name already exists", {{"field", "name"}});
  return s;
}

}  // namespace

GroupDirectory::GroupDirectory(store::MetadataStore& store, repo::UserRepository& users,
                               repo::Clock clock)
    : groups_(store, clock), members_(store, clock), shares_(store, clock), users_(users) {}

Result<repo::Group> GroupDirectory::Existing(const std::string& group_id) {
  auto group = groups_.Get(group_id);
  if (group.status().code() == ErrorCode::kNotFound) return GroupNotFound(group_id);
  return group;
}

Result<repo::Page<repo::Group>> GroupDirectory::List(const Viewer& viewer,
                                                     const repo::PageRequest& page) {
  if (viewer.admin) return groups_.List(page);
  repo::PageRequest by_id = page;
  by_id.newest_first = false;
  auto mine = members_.ListByUser(viewer.user_id, by_id);
  if (!mine.ok()) return mine.status();
  repo::Page<repo::Group> out;
  out.cursor = mine->cursor;
  for (const auto& m : mine->items) {
    auto g = groups_.Get(m.group_id);
    if (g.status().code() == ErrorCode::kNotFound) continue;  // being deleted
    if (!g.ok()) return g.status();
    out.items.push_back(std::move(g).value());
  }
  return out;
}

Result<repo::Group> GroupDirectory::Get(const Viewer& viewer, const std::string& group_id) {
  if (!viewer.admin) {
    auto member = members_.IsMember(group_id, viewer.user_id);
    if (!member.ok()) return member.status();
    if (!*member) return GroupNotFound(group_id);
  }
  return Existing(group_id);
}

Result<int64_t> GroupDirectory::CountMembers(const std::string& group_id) {
  repo::PageRequest page;
  page.limit = 1000;
  int64_t n = 0;
  do {
    auto batch = members_.ListByGroup(group_id, page);
    if (!batch.ok()) return batch.status();
    n += static_cast<int64_t>(batch->items.size());
    page.cursor = batch->cursor;
  } while (!page.cursor.empty());
  return n;
}

Result<repo::Group> GroupDirectory::Create(std::string_view name, std::string_view description,
                                           const std::string& actor_id) {
  repo::Group group;
  auto valid = ValidName(name);
  if (!valid.ok()) return valid.status();
  group.name = *valid;
  BI_RETURN_IF_ERROR(ValidDescription(description));
  group.description = std::string(description);
  auto created = groups_.Create(std::move(group));
  if (!created.ok()) return NameTaken(created.status());
  log::Audit("group_created").Str("group_id", created->group_id).Str("actor_id", actor_id);
  return created;
}

Result<repo::Group> GroupDirectory::Update(const std::string& group_id,
                                           std::optional<std::string> name,
                                           std::optional<std::string> description,
                                           int64_t version) {
  auto group = Existing(group_id);
  if (!group.ok()) return group.status();
  if (name) {
    auto valid = ValidName(*name);
    if (!valid.ok()) return valid.status();
    group->name = *valid;
  }
  if (description) {
    BI_RETURN_IF_ERROR(ValidDescription(*description));
    group->description = *description;
  }
  // The caller's version, not the one just read: a stale edit must fail.
  group->version = version;
  auto updated = groups_.Update(std::move(group).value());
  if (!updated.ok()) return NameTaken(updated.status());
  return updated;
}

Status GroupDirectory::Delete(const std::string& group_id, std::optional<int64_t> version,
                              const std::string& actor_id) {
  Status deleted = groups_.Delete(group_id, version);
  if (!deleted.ok() && deleted.code() != ErrorCode::kNotFound) return deleted;
  // Also when the group is already gone: a delete that failed half way left memberships or
  // shares behind, and repeating it must sweep them.
  BI_RETURN_IF_ERROR(members_.RemoveAll(group_id));
  BI_RETURN_IF_ERROR(DeleteShares(group_id, actor_id));
  if (!deleted.ok()) return GroupNotFound(group_id);
  log::Audit("group_deleted").Str("group_id", group_id).Str("actor_id", actor_id);
  return Status::Ok();
}

// Shares that target the group would otherwise point at nothing. All pages are read before
// deleting, so deletions cannot shift the pages still to come.
Status GroupDirectory::DeleteShares(const std::string& group_id, const std::string& actor_id) {
  std::vector<repo::DashboardShare> doomed;
  repo::PageRequest page;
  page.limit = 1000;
  do {
    auto batch = shares_.ListByTarget(group_id, page);
    if (!batch.ok()) return batch.status();
    for (auto& s : batch->items)
      if (s.shared_to_type == repo::ShareTarget::kGroup) doomed.push_back(std::move(s));
    page.cursor = batch->cursor;
  } while (!page.cursor.empty());
  for (const auto& s : doomed) {
    Status st = shares_.Delete(s.share_id);
    if (st.code() == ErrorCode::kNotFound) continue;  // removed meanwhile by someone else
    BI_RETURN_IF_ERROR(st);
    // The same line as a share removed by hand (src/dashboards/share_service.cpp), plus why.
    log::Audit("dashboard_share_changed")
        .Str("action", "removed")
        .Str("reason", "group_deleted")
        .Str("dashboard_id", s.dashboard_id)
        .Str("shared_with", s.shared_to_id)
        .Str("shared_with_type", repo::ShareTargetName(s.shared_to_type))
        .Str("permission", "none")
        .Str("user_id", actor_id);
  }
  return Status::Ok();
}

Result<repo::Page<Member>> GroupDirectory::Members(const Viewer& viewer,
                                                   const std::string& group_id,
                                                   repo::PageRequest page) {
  auto group = Get(viewer, group_id);
  if (!group.ok()) return group.status();
  page.newest_first = false;
  auto memberships = members_.ListByGroup(group_id, page);
  if (!memberships.ok()) return memberships.status();
  repo::Page<Member> out;
  out.cursor = memberships->cursor;
  for (auto& m : memberships->items) {
    auto user = users_.Get(m.user_id);
    // Deleting a user leaves their memberships; someone who no longer exists is not a member.
    if (user.status().code() == ErrorCode::kNotFound) continue;
    if (!user.ok()) return user.status();
    out.items.push_back({std::move(m), std::move(user).value()});
  }
  return out;
}

Result<Member> GroupDirectory::AddMember(const std::string& group_id, const std::string& user_id,
                                         const std::string& actor_id) {
  auto group = Existing(group_id);
  if (!group.ok()) return group.status();
  auto user = users_.Get(user_id);
  if (user.status().code() == ErrorCode::kNotFound)
    return Status::NotFound("user " + user_id + " not found");
  if (!user.ok()) return user.status();
  auto added = members_.Add(group_id, user_id);
  if (!added.ok()) return added.status();
  // A group deleted between the check and the add would keep this membership forever.
  if (groups_.Get(group_id).status().code() == ErrorCode::kNotFound) {
    (void)members_.Remove(group_id, user_id);
    return GroupNotFound(group_id);
  }
  log::Audit("group_member_added")
      .Str("group_id", group_id)
      .Str("user_id", user_id)
      .Str("actor_id", actor_id);
  return Member{std::move(added).value(), std::move(user).value()};
}

Status GroupDirectory::RemoveMember(const std::string& group_id, const std::string& user_id,
                                    const std::string& actor_id) {
  BI_RETURN_IF_ERROR(members_.Remove(group_id, user_id));
  log::Audit("group_member_removed")
      .Str("group_id", group_id)
      .Str("user_id", user_id)
      .Str("actor_id", actor_id);
  return Status::Ok();
}

}  // namespace bi::groups
