#include "http/cors.h"

#include <gtest/gtest.h>

namespace bi::http {
namespace {

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(CorsTest, AllowedOriginIsEchoed) {
  CorsPolicy cors({"http://localhost:3000"});
  Response r = Response::Json({{"a", 1}});
  cors.Decorate("http://localhost:3000", r);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(HeaderOf(r, "Vary"), "Origin");
}

TEST(CorsTest, OtherOriginGetsNoAllowHeader) {
  CorsPolicy cors({"http://localhost:3000"});
  Response r = Response::Json({});
  cors.Decorate("https://evil.example", r);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Origin"), "");
  EXPECT_FALSE(cors.Allows("https://evil.example"));
  EXPECT_FALSE(cors.Allows(""));
}

TEST(CorsTest, WildcardAllowsAny) {
  CorsPolicy cors({"*"});
  EXPECT_TRUE(cors.Allows("https://anything.example"));
}

TEST(CorsTest, PreflightListsMethodsAndHeaders) {
  CorsPolicy cors({"http://localhost:3000"});
  Response r = cors.Preflight("http://localhost:3000", {Verb::get, Verb::post});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Methods"), "OPTIONS, GET, POST");
  EXPECT_NE(HeaderOf(r, "Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Origin"), "http://localhost:3000");
}

}  // namespace
}  // namespace bi::http
