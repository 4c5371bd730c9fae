#pragma once
// Password hashing with argon2id (libargon2). The stored form is the PHC string
// "$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>", so the per-user random salt and the cost
// parameters travel with the hash and can be raised later without breaking old hashes.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::auth {

struct PasswordPolicy {
  size_t min_length = 10;   // characters (UTF-8 code points)
  size_t max_length = 256;  // bounded so hashing cannot be used to burn CPU
};

struct Argon2Params {
  uint32_t memory_kib = 19456;  // 19 MiB, t=2, p=1: the OWASP baseline for argon2id
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(Argon2Params params = {}, PasswordPolicy policy = {});

  // kInvalidArgument when the password breaks the policy (the message says how).
  Status CheckPolicy(std::string_view password) const;
  Result<std::string> Hash(std::string_view password) const;
  // False for a wrong password or a malformed stored hash.
  bool Verify(std::string_view stored_hash, std::string_view password) const;
  // Spends the time of one Verify without a user, so an unknown email answers as slowly as a
  // wrong password (no user enumeration by timing).
  void VerifyAgainstDummy(std::string_view password) const;
  // The hash VerifyAgainstDummy checks against: well-formed, with this hasher's parameters,
  // matching no password.
  const std::string& dummy_hash() const { return dummy_hash_; }

 private:
  Argon2Params params_;
  PasswordPolicy policy_;
  std::string dummy_hash_;
};

}  // namespace bi::auth
