#include "common/random.h"

#include <set>

#include <gtest/gtest.h>

namespace bi {
namespace {

TEST(RandomTest, LengthsAndAlphabets) {
  EXPECT_EQ(RandomBytes(12).size(), 12u);
  std::string hex = RandomHex(16);
  EXPECT_EQ(hex.size(), 32u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  std::string b64 = RandomBase64Url(48);
  EXPECT_EQ(b64.size(), 64u);
  EXPECT_EQ(
      b64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

TEST(RandomTest, ValuesDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(RandomHex(12)).second);
}

}  // namespace
}  // namespace bi
