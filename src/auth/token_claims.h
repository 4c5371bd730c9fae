#pragma once
// What an access token says about its bearer (see jwt.h for how it is signed and checked).

#include <cstdint>
#include <optional>
#include <string>

namespace bi::auth {

struct TokenClaims {
  std::string subject;  // sub: the user id
  std::string email;
  std::string role;                   // "admin" | "member"
  std::string token_id;               // jti: for revocation on logout
  int64_t issued_at = 0;              // iat, seconds since the epoch
  int64_t expires_at = 0;             // exp
  std::optional<int64_t> not_before;  // nbf
};

}  // namespace bi::auth
