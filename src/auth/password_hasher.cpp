#include "auth/password_hasher.h"

#include <argon2.h>

#include <vector>

#include "common/base64.h"
#include "common/random.h"

namespace bi::auth {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

PasswordHasher::PasswordHasher(Argon2Params params, PasswordPolicy policy)
    : params_(params), policy_(policy) {
  // Verifying against any well-formed hash with our parameters costs one argon2id run, so the
  // dummy is assembled from random salt and hash bytes rather than computed: no hashing when a
  // process starts (every `bi` command that opens the API context made one).
  auto b64 = [](std::string_view bytes) {  // PHC strings use standard base64 without padding
    std::string s = Base64UrlEncode(bytes);
    for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    return s;
  };
  dummy_hash_ = "$argon2id$v=19$m=" + std::to_string(params_.memory_kib) +
                ",t=" + std::to_string(params_.iterations) +
                ",p=" + std::to_string(params_.parallelism) + "$" + b64(RandomBytes(kSaltBytes)) +
                "$" + b64(RandomBytes(kHashBytes));
}

Status PasswordHasher::CheckPolicy(std::string_view password) const {
  size_t n = CodePoints(password);
  if (n < policy_.min_length)
    return Status::InvalidArgument("password must be at least " +
                                   std::to_string(policy_.min_length) + " characters");
  if (password.size() > policy_.max_length)
    return Status::InvalidArgument("password must be at most " +
                                   std::to_string(policy_.max_length) + " bytes");
  if (password.find('\0') != std::string_view::npos)
    return Status::InvalidArgument("password must not contain NUL characters");
  return Status::Ok();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  std::string salt = RandomBytes(kSaltBytes);
  size_t encoded_len = argon2_encodedlen(params_.iterations, params_.memory_kib,
                                         params_.parallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(encoded_len);
  int rc = argon2id_hash_encoded(params_.iterations, params_.memory_kib, params_.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    return Status::Internal(std::string("argon2id failed: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool PasswordHasher::Verify(std::string_view stored_hash, std::string_view password) const {
  if (password.size() > policy_.max_length) return false;
  std::string stored(stored_hash);  // NUL-terminated for libargon2
  if (stored.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(stored.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::VerifyAgainstDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

}  // namespace bi::auth
