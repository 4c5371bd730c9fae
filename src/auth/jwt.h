#pragma once
// Access tokens: JWT (RFC 7519) signed with HS256 and JWT_SECRET_KEY.
//
// Verification is strict: the header must say exactly {"alg":"HS256"} (a token claiming "none",
// RS256 or anything else is rejected before its signature is looked at), the signature is
// compared in constant time, `exp` is required and checked, `nbf` is honoured, and the claims
// this service relies on (sub, email, role, jti, iat) must be present with the right types.
// A token that passed is remembered (VerifiedTokens), so its next use costs one lookup plus
// the time checks.

#include <memory>
#include <string>
#include <string_view>

#include "auth/token_claims.h"
#include "auth/verified_tokens.h"
#include "common/clock.h"
#include "common/status.h"

namespace bi::auth {

class JwtCodec {
 public:
  // `secret` must be at least 32 bytes (the configuration enforces it).
  JwtCodec(std::string secret, const Clock& clock)
      : secret_(std::move(secret)), clock_(clock), verified_(std::make_shared<VerifiedTokens>()) {}

  std::string Sign(const TokenClaims& claims) const;
  // kUnauthenticated with a short reason ("token expired", "invalid token signature", ...).
  Result<TokenClaims> Verify(std::string_view token) const;

 private:
  std::string Mac(std::string_view signing_input) const;
  // Signature, algorithm and claim shapes: everything but time.
  Result<TokenClaims> CheckSigned(std::string_view token) const;
  Status CheckTimes(const TokenClaims& c) const;
  std::string secret_;
  const Clock& clock_;
  std::shared_ptr<VerifiedTokens> verified_;
};

}  // namespace bi::auth
