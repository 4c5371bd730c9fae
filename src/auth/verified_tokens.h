#pragma once
// Tokens whose signature and claims were already checked, with the claims found. A client
// sends the same bearer token on every request; recomputing its HMAC and parsing its JSON each
// time was a large part of a cheap request. Only the time-independent checks are remembered:
// expiry and not-before are checked again on every use by JwtCodec.
//
// Keyed by the whole token text, so a token differing in any byte is checked afresh.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/token_claims.h"

namespace bi::auth {

class VerifiedTokens {
 public:
  std::optional<TokenClaims> Find(std::string_view token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = claims_.find(token);
    if (it == claims_.end()) return std::nullopt;
    return it->second;
  }

  void Keep(std::string_view token, const TokenClaims& claims) {
    std::lock_guard<std::mutex> lock(mu_);
    if (claims_.size() >= kMaxTokens) claims_.clear();  // the active ones come straight back
    claims_.insert_or_assign(std::string(token), claims);
  }

 private:
  static constexpr size_t kMaxTokens = 4096;

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::mutex mu_;
  std::unordered_map<std::string, TokenClaims, Hash, std::equal_to<>> claims_;
};

}  // namespace bi::auth
