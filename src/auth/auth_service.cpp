#include "auth/auth_service.h"

#include <boost/beast/core/string.hpp>

#include "common/log.h"
#include "common/random.h"
#include "metrics/process_metrics.h"

namespace bi::auth {
namespace {

constexpr char kBadCredentials[] = "invalid email or password";
constexpr int kLogoutAttempts = 5;

}  // namespace

Result<Session> AuthService::Login(std::string_view email_in, std::string_view password,
                                   const std::string& client_ip) {
  const std::string email = repo::UserRepository::NormalizeEmail(email_in);
  if (int64_t wait = limiter_.RetryAfterSeconds(email, client_ip); wait > 0) {
    metrics::Process().RecordLoginFailure("rate_limited");
    log::Audit("login_failed")
        .Str("email", email)
        .Str("ip", client_ip)
        .Str("reason", "rate_limited");
    return Status::ResourceExhausted("too many failed logins; try again later",
                                     {{"retryAfterSeconds", wait}});
  }
  auto found = users_.FindByEmail(email);
  if (!found.ok()) return found.status();
  const std::optional<repo::User>& user = *found;

  bool ok = false;
  if (user) {
    ok = hasher_.Verify(user->password_hash, password) && !user->disabled;
  } else {
    hasher_.VerifyAgainstDummy(password);  // same cost as a real check
  }
  if (!ok) {
    limiter_.RecordFailure(email, client_ip);
    metrics::Process().RecordLoginFailure("bad_credentials");
    log::Line line = log::Audit("login_failed");
    line.Str("email", email);
    if (user) line.Str("user_id", user->user_id);
    line.Str("ip", client_ip);
    line.Emit();
    return Status::Unauthenticated(kBadCredentials);
  }
  limiter_.RecordSuccess(email);

  TokenClaims claims;
  claims.subject = user->user_id;
  claims.email = user->email;
  claims.role = repo::RoleName(user->role);
  claims.token_id = RandomBase64Url(16);
  claims.issued_at = clock_.NowSeconds();
  claims.expires_at =
      claims.issued_at + std::chrono::duration_cast<std::chrono::seconds>(token_lifetime_).count();
  log::Audit("login_success")
      .Str("email", email)
      .Str("user_id", user->user_id)
      .Str("ip", client_ip);
  return Session{jwt_.Sign(claims), claims.expires_at, *user};
}

Result<TokenClaims> AuthService::VerifyBearer(std::string_view authorization) const {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme))
    return Status::Unauthenticated("missing bearer token");
  return jwt_.Verify(authorization.substr(kScheme.size()));
}

Result<Caller> AuthService::Authenticate(std::string_view authorization) {
  auto claims = VerifyBearer(authorization);
  if (!claims.ok()) return claims.status();
  auto user = users_.Get(claims->subject);
  if (!user.ok()) {
    if (user.status().code() == ErrorCode::kNotFound)
      return Status::Unauthenticated("token is no longer valid");
    return user.status();
  }
  if (user->disabled) return Status::Unauthenticated("token is no longer valid");
  if (user->revoked_tokens.is_map() && user->revoked_tokens.m().count(claims->token_id))
    return Status::Unauthenticated("token has been revoked");
  return Caller{std::move(user).value(), std::move(claims).value()};
}

Status AuthService::Logout(const Caller& caller) {
  // A concurrent change to the user (another logout) makes the versioned update fail: reload
  // and retry, so no revocation is lost.
  for (int attempt = 0; attempt < kLogoutAttempts; ++attempt) {
    auto user = users_.Get(caller.user.user_id);
    if (!user.ok()) return user.status();
    const int64_t now = clock_.NowSeconds();
    store::AttributeValue::Map revoked;
    if (user->revoked_tokens.is_map()) {
      for (const auto& [jti, exp] : user->revoked_tokens.m()) {
        auto e = exp.is_number() ? exp.n().ToInt64() : std::nullopt;
        if (e && *e > now) revoked.emplace(jti, exp);
      }
    }
    revoked[caller.claims.token_id] = store::AttributeValue::N(caller.claims.expires_at);
    user->revoked_tokens = store::AttributeValue::M(std::move(revoked));
    auto updated = users_.Update(std::move(user).value());
    if (updated.ok()) return Status::Ok();
    if (updated.status().code() != ErrorCode::kConflict) return updated.status();
  }
  return Status::Unavailable("could not record the logout; try again");
}

Status AuthService::ChangePassword(const Caller& caller, std::string_view current_password,
                                   std::string_view new_password) {
  auto user = users_.Get(caller.user.user_id);
  if (!user.ok()) return user.status();
  if (!hasher_.Verify(user->password_hash, current_password))
    return Status::PermissionDenied("the current password is wrong");
  BI_RETURN_IF_ERROR(hasher_.CheckPolicy(new_password));
  auto hash = hasher_.Hash(new_password);
  if (!hash.ok()) return hash.status();
  user->password_hash = std::move(hash).value();
  auto updated = users_.Update(std::move(user).value());
  return updated.ok() ? Status::Ok() : updated.status();
}

}  // namespace bi::auth
