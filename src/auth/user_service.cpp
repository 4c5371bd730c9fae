#include "auth/user_service.h"

namespace bi::auth {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxEmailLength = 254;

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength)
    return Status::InvalidArgument("name must be 1 to 200 characters");
  return Status::Ok();
}

}  // namespace

bool LooksLikeEmail(std::string_view email) {
  if (email.empty() || email.size() > kMaxEmailLength) return false;
  size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return false;
  for (unsigned char c : email)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

Result<repo::User> UserService::Create(const NewUser& in) {
  repo::User user;
  user.email = repo::UserRepository::NormalizeEmail(in.email);
  if (!LooksLikeEmail(user.email))
    return Status::InvalidArgument("email is not a valid address", {{"field", "email"}});
  user.name = in.name;
  BI_RETURN_IF_ERROR(CheckName(user.name));
  BI_RETURN_IF_ERROR(hasher_.CheckPolicy(in.password));
  auto hash = hasher_.Hash(in.password);
  if (!hash.ok()) return hash.status();
  user.password_hash = std::move(hash).value();
  user.role = in.role;
  return users_.Create(std::move(user));
}

Result<repo::User> UserService::Update(const std::string& acting_user_id,
                                       const std::string& user_id, const UserChanges& changes) {
  auto user = users_.Get(user_id);
  if (!user.ok()) return user.status();
  if (acting_user_id == user_id) {
    if ((changes.role && *changes.role != repo::Role::kAdmin) ||
        (changes.disabled && *changes.disabled))
      return Status::InvalidArgument("admins cannot demote or disable their own account");
  }
  if (changes.name) {
    BI_RETURN_IF_ERROR(CheckName(*changes.name));
    user->name = *changes.name;
  }
  if (changes.role) user->role = *changes.role;
  if (changes.disabled) user->disabled = *changes.disabled;
  user->version = changes.version;  // the repository refuses a stale one with kConflict
  return users_.Update(std::move(user).value());
}

Status UserService::Delete(const std::string& acting_user_id, const std::string& user_id,
                           std::optional<int64_t> expected_version) {
  if (acting_user_id == user_id)
    return Status::InvalidArgument("admins cannot delete their own account");
  return users_.Delete(user_id, expected_version);
}

}  // namespace bi::auth
