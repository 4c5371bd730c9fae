#pragma once
// Base64url without padding (RFC 4648 section 5), as JWTs and URL-safe tokens use it.

#include <string>
#include <string_view>

namespace bi {

std::string Base64UrlEncode(std::string_view bytes);
// Strict: rejects padding, characters outside the alphabet, an impossible length (4n+1) and
// non-zero trailing bits, so every value has exactly one encoding.
bool Base64UrlDecode(std::string_view text, std::string* out);

}  // namespace bi
