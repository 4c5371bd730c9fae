#pragma once
// Login, token checks, logout and password changes: the rules of authentication, without HTTP.
//
// - Wrong email and wrong password fail the same way (kUnauthenticated "invalid email or
//   password") and take the same time: an unknown email still pays one argon2id verification.
// - Tokens are checked against the stored user on every request: a deleted or disabled user's
//   token stops working at once, and the user's current role applies, not the token's.
// - Logout revokes the token's jti on the user record until the token would have expired, so
//   every API instance honours it.
// - Audit lines login_success / login_failed (runbook 4.3) with email, user_id and ip.

#include <chrono>
#include <string>
#include <string_view>

#include "auth/jwt.h"
#include "auth/login_rate_limiter.h"
#include "auth/password_hasher.h"
#include "common/clock.h"
#include "repo/repositories.h"

namespace bi::auth {

// The authenticated user of a request.
struct Caller {
  repo::User user;
  TokenClaims claims;
  bool is_admin() const { return user.role == repo::Role::kAdmin; }
};

struct Session {
  std::string access_token;
  int64_t expires_at = 0;  // epoch seconds
  repo::User user;
};

class AuthService {
 public:
  AuthService(repo::UserRepository& users, const PasswordHasher& hasher, const JwtCodec& jwt,
              LoginRateLimiter& limiter, const Clock& clock, std::chrono::minutes token_lifetime)
      : users_(users),
        hasher_(hasher),
        jwt_(jwt),
        limiter_(limiter),
        clock_(clock),
        token_lifetime_(token_lifetime) {}

  // kResourceExhausted with details.retryAfterSeconds when rate limited.
  Result<Session> Login(std::string_view email, std::string_view password,
                        const std::string& client_ip);
  // `authorization` is the Authorization header ("Bearer <token>").
  Result<Caller> Authenticate(std::string_view authorization);
  // The token alone (signature, algorithm, expiry), without reading the user: cheap enough to
  // run before a request body is read. Authenticate() still decides.
  Result<TokenClaims> VerifyBearer(std::string_view authorization) const;
  Status Logout(const Caller& caller);
  Status ChangePassword(const Caller& caller, std::string_view current_password,
                        std::string_view new_password);

  const PasswordHasher& hasher() const { return hasher_; }

 private:
  repo::UserRepository& users_;
  const PasswordHasher& hasher_;
  const JwtCodec& jwt_;
  LoginRateLimiter& limiter_;
  const Clock& clock_;
  std::chrono::minutes token_lifetime_;
};

}  // namespace bi::auth
