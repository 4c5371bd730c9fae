// Tokens are checked against PyJWT (Debian python3-jwt), an independent implementation: what we
// issue it verifies, and what it forges (alg none, wrong key, expired, tampered) we reject.

#include "auth/jwt.h"

#include <array>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace bi::auth {
namespace {

const std::string kSecret = "test-secret-key-with-at-least-32-characters!";

// Runs Debian's python (the one with python3-jwt) and returns its stdout.
std::string Python(const std::string& program) {
  std::string cmd = "/usr/bin/python3 -c '" + program + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TokenClaims SampleClaims(const Clock& clock) {
  TokenClaims c;
  c.subject = "u_0123456789abcdef";
  c.email = "tanaka@example.com";
  c.role = "admin";
  c.token_id = "jti-1";
  c.issued_at = clock.NowSeconds();
  c.expires_at = clock.NowSeconds() + 8 * 3600;
  return c;
}

TEST(JwtTest, RoundTrip) {
  ManualClock clock;
  JwtCodec codec(kSecret, clock);
  auto claims = codec.Verify(codec.Sign(SampleClaims(clock)));
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->subject, "u_0123456789abcdef");
  EXPECT_EQ(claims->email, "tanaka@example.com");
  EXPECT_EQ(claims->role, "admin");
  EXPECT_EQ(claims->token_id, "jti-1");
}

TEST(JwtTest, ExpiryAndNotBefore) {
  ManualClock clock;
  JwtCodec codec(kSecret, clock);
  TokenClaims c = SampleClaims(clock);
  c.expires_at = clock.NowSeconds() + 10;
  std::string token = codec.Sign(c);
  clock.Advance(std::chrono::seconds(9));
  EXPECT_TRUE(codec.Verify(token).ok());
  clock.Advance(std::chrono::seconds(1));
  auto expired = codec.Verify(token);
  EXPECT_EQ(expired.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(expired.status().message(), "token expired");

  c = SampleClaims(clock);
  c.not_before = clock.NowSeconds() + 3600;
  EXPECT_FALSE(codec.Verify(codec.Sign(c)).ok());
}

// A token checked once is remembered; its expiry is still checked on every use, and a token
// that differs from it in any byte is checked from scratch.
TEST(JwtTest, RememberedTokensStillExpireAndForgeriesStillFail) {
  ManualClock clock;
  JwtCodec codec(kSecret, clock);
  TokenClaims c = SampleClaims(clock);
  c.expires_at = clock.NowSeconds() + 10;
  const std::string token = codec.Sign(c);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(codec.Verify(token).ok());
  std::string flipped = token;
  flipped[token.find('.') + 3] ^= 1;
  EXPECT_FALSE(codec.Verify(flipped).ok());
  clock.Advance(std::chrono::seconds(10));
  EXPECT_EQ(codec.Verify(token).status().message(), "token expired");
}

TEST(JwtTest, AnotherKeyOrTamperingIsRejected) {
  ManualClock clock;
  JwtCodec codec(kSecret, clock);
  JwtCodec other("another-secret-key-with-at-least-32-chars", clock);
  std::string token = codec.Sign(SampleClaims(clock));
  EXPECT_FALSE(other.Verify(token).ok());
  // Flip the role in the payload but keep the signature.
  size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string payload;
  ASSERT_TRUE(Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1), &payload));
  auto j = nlohmann::json::parse(payload);
  j["role"] = "admin2";
  std::string forged = token.substr(0, dot1 + 1) + Base64UrlEncode(j.dump()) + token.substr(dot2);
  EXPECT_EQ(codec.Verify(forged).status().message(), "invalid token signature");
  EXPECT_FALSE(codec.Verify(token + "x").ok());
  EXPECT_FALSE(codec.Verify(token.substr(0, dot2)).ok());
  EXPECT_FALSE(codec.Verify("").ok());
  EXPECT_FALSE(codec.Verify("a.b.c.d").ok());
}

TEST(JwtTest, MissingClaimsAreRejected) {
  ManualClock clock;
  JwtCodec codec(kSecret, clock);
  for (const char* drop : {"sub", "exp", "jti", "role", "iat", "email"}) {
    nlohmann::json payload = {{"sub", "u"},
                              {"email", "e"},
                              {"role", "member"},
                              {"jti", "j"},
                              {"iat", clock.NowSeconds()},
                              {"exp", clock.NowSeconds() + 60}};
    payload.erase(drop);
    std::string input =
        Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." + Base64UrlEncode(payload.dump());
    // Sign it properly with the right key via a round trip through a helper token.
    std::string program =
        "import hmac,hashlib,base64;"
        "s=base64.urlsafe_b64encode(hmac.new(b\"" +
        kSecret + "\",b\"" + input +
        "\",hashlib.sha256).digest()).rstrip(b\"=\").decode();print(s)";
    std::string token = input + "." + Python(program);
    EXPECT_FALSE(codec.Verify(token).ok()) << "accepted a token without " << drop;
  }
}

TEST(JwtTest, PyJwtVerifiesOurTokens) {
  SystemClock& clock = SystemClock::Instance();
  JwtCodec codec(kSecret, clock);
  std::string token = codec.Sign(SampleClaims(clock));
  std::string out = Python("import jwt,json; print(json.dumps(jwt.decode(\"" + token + "\", \"" +
                           kSecret + "\", algorithms=[\"HS256\"])))");
  auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << out;
  EXPECT_EQ(j["sub"], "u_0123456789abcdef");
  EXPECT_EQ(j["role"], "admin");
  EXPECT_EQ(j["jti"], "jti-1");
  // And PyJWT with the wrong key refuses it.
  std::string wrong =
      Python("import jwt\ntry:\n jwt.decode(\"" + token +
             "\", \"wrong-key-wrong-key-wrong-key-wrong\", algorithms=[\"HS256\"]);"
             " print(\"accepted\")\nexcept jwt.InvalidSignatureError: print(\"rejected\")");
  EXPECT_EQ(wrong, "rejected");
}

TEST(JwtTest, TokensForgedByPyJwtAreRejected) {
  SystemClock& clock = SystemClock::Instance();
  JwtCodec codec(kSecret, clock);
  const std::string claims =
      "{\"sub\":\"u1\",\"email\":\"a@example.com\",\"role\":\"admin\",\"jti\":\"j\","
      "\"iat\":int(time.time()),\"exp\":int(time.time())+3600}";
  auto forge = [&](const std::string& key_and_alg) {
    return Python("import jwt,time; print(jwt.encode(" + claims + ", " + key_and_alg + "))");
  };
  std::string good = forge("\"" + kSecret + "\", algorithm=\"HS256\"");
  EXPECT_TRUE(codec.Verify(good).ok()) << good;  // the control: same claims, right key

  std::string none = forge("None, algorithm=\"none\"");
  EXPECT_EQ(codec.Verify(none).status().message(), "invalid token algorithm") << none;
  std::string wrong_key = forge("\"a-different-secret-of-at-least-32-chars\", algorithm=\"HS256\"");
  EXPECT_EQ(codec.Verify(wrong_key).status().message(), "invalid token signature");
  std::string hs512 = forge("\"" + kSecret + "\", algorithm=\"HS512\"");
  EXPECT_EQ(codec.Verify(hs512).status().message(), "invalid token algorithm");
  // RS256 confusion: an "RS256" header carrying an HMAC made with our secret.
  std::string rs256 = Python(
      "import hmac,hashlib,base64,json,time\n"
      "b=lambda x: base64.urlsafe_b64encode(x).rstrip(b\"=\").decode()\n"
      "h=b(json.dumps({\"alg\":\"RS256\",\"typ\":\"JWT\"}).encode())\n"
      "p=b(json.dumps({\"sub\":\"u1\",\"email\":\"e\",\"role\":\"admin\",\"jti\":\"j\","
      "\"iat\":int(time.time()),\"exp\":int(time.time())+60}).encode())\n"
      "s=b(hmac.new(b\"" +
      kSecret +
      "\",(h+\".\"+p).encode(),hashlib.sha256).digest())\n"
      "print(h+\".\"+p+\".\"+s)");
  EXPECT_EQ(codec.Verify(rs256).status().message(), "invalid token algorithm");
  std::string expired = Python(
      "import jwt,time; print(jwt.encode({\"sub\":\"u1\",\"email\":\"e\",\"role\":\"admin\","
      "\"jti\":\"j\",\"iat\":int(time.time())-7200,\"exp\":int(time.time())-3600}, \"" +
      kSecret + "\", algorithm=\"HS256\"))");
  EXPECT_EQ(codec.Verify(expired).status().message(), "token expired");
}

}  // namespace
}  // namespace bi::auth
