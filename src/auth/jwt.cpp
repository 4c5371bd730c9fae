#include "auth/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace bi::auth {
namespace {

constexpr size_t kMaxTokenBytes = 8192;
// Tolerance for clocks of several API instances that disagree slightly (iat, nbf).
constexpr int64_t kClockSkewSeconds = 60;

Status Invalid(std::string reason) {
  return Status::Unauthenticated(std::move(reason));
}

bool IsInteger(const nlohmann::json& j) {
  return j.is_number_integer() || j.is_number_unsigned();
}

bool NonEmptyString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() && !it->get<std::string>().empty();
}

}  // namespace

std::string JwtCodec::Mac(std::string_view signing_input) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), out,
       &out_len);
  return std::string(reinterpret_cast<char*>(out), out_len);
}

std::string JwtCodec::Sign(const TokenClaims& c) const {
  nlohmann::json payload = {{"sub", c.subject},  {"email", c.email},   {"role", c.role},
                            {"jti", c.token_id}, {"iat", c.issued_at}, {"exp", c.expires_at}};
  if (c.not_before) payload["nbf"] = *c.not_before;
  std::string input =
      Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." + Base64UrlEncode(payload.dump());
  return input + "." + Base64UrlEncode(Mac(input));
}

Result<TokenClaims> JwtCodec::Verify(std::string_view token) const {
  if (auto known = verified_->Find(token)) {
    BI_RETURN_IF_ERROR(CheckTimes(*known));
    return std::move(*known);
  }
  auto claims = CheckSigned(token);
  if (!claims.ok()) return claims.status();
  BI_RETURN_IF_ERROR(CheckTimes(*claims));
  verified_->Keep(token, *claims);
  return claims;
}

Result<TokenClaims> JwtCodec::CheckSigned(std::string_view token) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return Invalid("invalid token");
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return Invalid("invalid token");
  std::string header_raw, payload_raw, signature;
  if (!Base64UrlDecode(token.substr(0, dot1), &header_raw) ||
      !Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1), &payload_raw) ||
      !Base64UrlDecode(token.substr(dot2 + 1), &signature))
    return Invalid("invalid token");

  // The algorithm is pinned: only what this service issues is accepted.
  auto header = nlohmann::json::parse(header_raw, nullptr, false);
  if (!header.is_object() || header.value("alg", "") != "HS256" || header.contains("crit") ||
      (header.contains("typ") && header["typ"] != "JWT"))
    return Invalid("invalid token algorithm");

  std::string expected = Mac(token.substr(0, dot2));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
    return Invalid("invalid token signature");

  auto payload = nlohmann::json::parse(payload_raw, nullptr, false);
  if (!payload.is_object()) return Invalid("invalid token");
  if (!NonEmptyString(payload, "sub") || !NonEmptyString(payload, "jti") ||
      !NonEmptyString(payload, "role") || !payload.contains("email") ||
      !payload["email"].is_string() || !payload.contains("exp") || !IsInteger(payload["exp"]) ||
      !payload.contains("iat") || !IsInteger(payload["iat"]) ||
      (payload.contains("nbf") && !IsInteger(payload["nbf"])))
    return Invalid("invalid token claims");

  TokenClaims c;
  c.subject = payload["sub"];
  c.email = payload["email"];
  c.role = payload["role"];
  c.token_id = payload["jti"];
  c.issued_at = payload["iat"];
  c.expires_at = payload["exp"];
  if (payload.contains("nbf")) c.not_before = payload["nbf"].get<int64_t>();
  return c;
}

Status JwtCodec::CheckTimes(const TokenClaims& c) const {
  const int64_t now = clock_.NowSeconds();
  if (now >= c.expires_at) return Invalid("token expired");
  if (c.not_before && now + kClockSkewSeconds < *c.not_before)
    return Invalid("token not yet valid");
  if (c.issued_at > now + kClockSkewSeconds) return Invalid("invalid token claims");
  return Status::Ok();
}

}  // namespace bi::auth
