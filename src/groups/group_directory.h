#pragma once
// Groups and their members: the rules above GroupRepository and MemberRepository. Knows
// nothing of HTTP; the API (src/api/group_routes.cpp) calls it.
//
// - Names are trimmed, 1..100 characters, unique case-insensitively (the repository's guard);
//   descriptions up to 1000 characters.
// - Visibility: admins see every group, others the groups they belong to; any other group is
//   kNotFound with the same message as a missing one, so its existence does not leak. Who may
//   change groups (admins) is the routes' business.
// - Deleting a group also removes its memberships and the dashboard shares that target it.
// Thread-safe (state lives in the store).

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "repo/repositories.h"
#include "repo/viewer.h"
#include "store/metadata_store.h"

namespace bi::groups {

using repo::Viewer;

struct Member {
  repo::GroupMember membership;
  repo::User user;
};

class GroupDirectory {
 public:
  // `users` is the process's user repository (members are looked up there).
  GroupDirectory(store::MetadataStore& store, repo::UserRepository& users, repo::Clock clock);

  // Admins: every group (store order); others: their own groups (by groupId).
  Result<repo::Page<repo::Group>> List(const Viewer& viewer, const repo::PageRequest& page);
  Result<repo::Group> Get(const Viewer& viewer, const std::string& group_id);
  Result<int64_t> CountMembers(const std::string& group_id);

  Result<repo::Group> Create(std::string_view name, std::string_view description,
                             const std::string& actor_id);
  // Changes the named fields if the group is still at `version` (else kConflict).
  Result<repo::Group> Update(const std::string& group_id, std::optional<std::string> name,
                             std::optional<std::string> description, int64_t version);
  Status Delete(const std::string& group_id, std::optional<int64_t> version,
                const std::string& actor_id);

  // Members ordered by userId; users deleted since they were added are left out.
  Result<repo::Page<Member>> Members(const Viewer& viewer, const std::string& group_id,
                                     repo::PageRequest page);
  // kNotFound for a missing group or user, kConflict if already a member.
  Result<Member> AddMember(const std::string& group_id, const std::string& user_id,
                           const std::string& actor_id);
  // kNotFound if not a member.
  Status RemoveMember(const std::string& group_id, const std::string& user_id,
                      const std::string& actor_id);

 private:
  Result<repo::Group> Existing(const std::string& group_id);
  Status DeleteShares(const std::string& group_id, const std::string& actor_id);

  repo::GroupRepository groups_;
  repo::MemberRepository members_;
  repo::ShareRepository shares_;
  repo::UserRepository& users_;
};

}  // namespace bi::groups
