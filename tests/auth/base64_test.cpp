#include "common/base64.h"

#include <gtest/gtest.h>

namespace bi {
namespace {

TEST(Base64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    std::string decoded;
    ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode(bytes), &decoded));
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
}

TEST(Base64UrlTest, KnownValuesAndStrictness) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})"),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  std::string out;
  EXPECT_FALSE(Base64UrlDecode("ab=", &out));    // padding
  EXPECT_FALSE(Base64UrlDecode("a+b/", &out));   // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("abcde", &out));  // impossible length
  EXPECT_FALSE(Base64UrlDecode("-_9", &out));    // non-zero trailing bits
}

}  // namespace
}  // namespace bi
