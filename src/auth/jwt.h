#pragma once
// Access tokens: JWT (RFC 7519) signed with HS256 and JWT_SECRET_KEY.
//
// Verification is strict: the header must say exactly {"alg":"HS256"} (a token claiming "none",
// RS256 or anything else is rejected before its signature is looked at), the signature is
// compared in constant time, `exp` is required and checked, `nbf` is honoured, and the claims
// this service relies on (sub, email, role, jti, iat) must be present with the right types.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

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

class JwtCodec {
 public:
  // `secret` must be at least 32 bytes (the configuration enforces it).
  JwtCodec(std::string secret, const Clock& clock) : secret_(std::move(secret)), clock_(clock) {}

  std::string Sign(const TokenClaims& claims) const;
  // kUnauthenticated with a short reason ("token expired", "invalid token signature", ...).
  Result<TokenClaims> Verify(std::string_view token) const;

 private:
  std::string Mac(std::string_view signing_input) const;
  std::string secret_;
  const Clock& clock_;
};

}  // namespace bi::auth
