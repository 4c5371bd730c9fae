#include "auth/password_hasher.h"

#include <argon2.h>
#include <gtest/gtest.h>

namespace bi::auth {
namespace {

TEST(PasswordHasherTest, HashesWithArgon2idAndAPerUserSalt) {
  PasswordHasher hasher;
  auto a = hasher.Hash("correct horse battery");
  auto b = hasher.Hash("correct horse battery");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *a;
  EXPECT_NE(*a, *b);  // different salts
  EXPECT_TRUE(hasher.Verify(*a, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*a, "correct horse batterY"));
  EXPECT_FALSE(hasher.Verify("", "x"));
  EXPECT_FALSE(hasher.Verify("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
  EXPECT_FALSE(hasher.Verify("plaintext", "plaintext"));
}

TEST(PasswordHasherTest, ParametersTravelWithTheHash) {
  PasswordHasher light(Argon2Params{8192, 1, 1});
  PasswordHasher normal;
  auto h = light.Hash("a long enough password");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(normal.Verify(*h, "a long enough password"));
}

// An unknown email is checked against the dummy hash: it must cost a real argon2id run with
// the same parameters (a malformed one would fail fast and tell unknown emails apart).
TEST(PasswordHasherTest, DummyHashIsWellFormedWithTheSameParameters) {
  PasswordHasher hasher;
  const std::string& dummy = hasher.dummy_hash();
  EXPECT_EQ(dummy.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << dummy;
  EXPECT_EQ(argon2id_verify(dummy.c_str(), "password", 8), ARGON2_VERIFY_MISMATCH) << dummy;
  auto real = hasher.Hash("password");
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(dummy.size(), real->size());
  EXPECT_NE(PasswordHasher().dummy_hash(), dummy);  // random per process
}

TEST(PasswordHasherTest, Policy) {
  PasswordHasher hasher;
  EXPECT_EQ(hasher.CheckPolicy("short").code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(hasher.CheckPolicy("long enough!").ok());
  EXPECT_TRUE(hasher.CheckPolicy("日本語のパスワードです").ok());  // 11 characters
  EXPECT_FALSE(hasher.CheckPolicy("日本語パスワード").ok());       // 8 characters, 24 bytes
  EXPECT_FALSE(hasher.CheckPolicy(std::string(300, 'a')).ok());
  EXPECT_FALSE(hasher.CheckPolicy(std::string("abcdefghij\0k", 12)).ok());
}

}  // namespace
}  // namespace bi::auth
