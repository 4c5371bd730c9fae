#include "api/user_json.h"

namespace bi::api {

nlohmann::json UserJson(const repo::User& u) {
  return {{"userId", u.user_id},
          {"email", u.email},
          {"name", u.name},
          {"role", repo::RoleName(u.role)},
          {"disabled", u.disabled},
          {"createdAt", u.created_at},
          {"updatedAt", u.updated_at},
          {"version", u.version}};
}

}  // namespace bi::api
