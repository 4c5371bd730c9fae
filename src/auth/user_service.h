#pragma once
// Administration of user accounts (admin-only in the API, and `bi admin create-user`): the
// rules around the user repository: valid emails and names, the password policy, and no admin
// locking themselves out (deleting, disabling or demoting their own account).

#include <optional>
#include <string>

#include "auth/password_hasher.h"
#include "repo/repositories.h"

namespace bi::auth {

struct NewUser {
  std::string email;
  std::string name;
  std::string password;
  repo::Role role = repo::Role::kMember;
};

struct UserChanges {
  int64_t version = 0;  // required: the version the caller last saw (409 if stale)
  std::optional<std::string> name;
  std::optional<repo::Role> role;
  std::optional<bool> disabled;
};

class UserService {
 public:
  UserService(repo::UserRepository& users, const PasswordHasher& hasher)
      : users_(users), hasher_(hasher) {}

  Result<repo::User> Create(const NewUser& user);
  // `acting_user_id` is the admin making the change.
  Result<repo::User> Update(const std::string& acting_user_id, const std::string& user_id,
                            const UserChanges& changes);
  Status Delete(const std::string& acting_user_id, const std::string& user_id,
                std::optional<int64_t> expected_version);

 private:
  repo::UserRepository& users_;
  const PasswordHasher& hasher_;
};

// Basic shape check: one "@", something on both sides, a dot in the domain, no spaces.
bool LooksLikeEmail(std::string_view email);

}  // namespace bi::auth
