#include "http/router.h"

#include <gtest/gtest.h>

namespace bi::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) -> Result<Response> { return Response::Text(name); };
}

std::string Call(const RouteMatch& m) {
  Request req;
  return m.route->handler(req).value().body;
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router r;
  r.Add(Verb::get, "/api/datasets", Named("list"));
  r.Add(Verb::get, "/api/datasets/{datasetId}", Named("get"));
  r.Add(Verb::get, "/api/datasets/{datasetId}/preview", Named("preview"));
  auto m = r.Match(Verb::get, "/api/datasets/ds_1/preview");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(Call(m), "preview");
  EXPECT_EQ(m.params.at("datasetId"), "ds_1");
  EXPECT_EQ(Call(r.Match(Verb::get, "/api/datasets")), "list");
  EXPECT_EQ(Call(r.Match(Verb::get, "/api/datasets/")), "list");  // trailing slash
}

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  Router r;
  r.Add(Verb::get, "/api/users/{userId}", Named("by-id"));
  r.Add(Verb::get, "/api/users/me", Named("me"));
  EXPECT_EQ(Call(r.Match(Verb::get, "/api/users/me")), "me");
  EXPECT_EQ(Call(r.Match(Verb::get, "/api/users/u1")), "by-id");
}

TEST(RouterTest, OtherMethodOnTheLiteralFallsBackToTheParameterRoute) {
  Router r;
  r.Add(Verb::get, "/api/users/me", Named("me"));
  r.Add(Verb::patch, "/api/users/{userId}", Named("patch"));
  auto m = r.Match(Verb::patch, "/api/users/me");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(Call(m), "patch");
}

TEST(RouterTest, NotFoundAndMethodNotAllowedWithAllowedList) {
  Router r;
  r.Add(Verb::get, "/api/cards/{id}", Named("get"));
  r.Add(Verb::put, "/api/cards/{id}", Named("put"));
  EXPECT_EQ(r.Match(Verb::get, "/api/nothing").kind, RouteMatch::kNotFound);
  EXPECT_EQ(r.Match(Verb::get, "/api/cards/x/y").kind, RouteMatch::kNotFound);
  auto m = r.Match(Verb::delete_, "/api/cards/c1");
  EXPECT_EQ(m.kind, RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<Verb>{Verb::get, Verb::put}));
}

TEST(RouterTest, DecodesParametersAndRejectsEncodedSlashes) {
  Router r;
  r.Add(Verb::get, "/api/groups/{name}", Named("g"));
  auto m = r.Match(Verb::get, "/api/groups/%E5%96%B6%E6%A5%AD%20team");
  ASSERT_EQ(m.kind, RouteMatch::kFound);
  EXPECT_EQ(m.params.at("name"), "営業 team");
  EXPECT_EQ(r.Match(Verb::get, "/api/groups/a%2Fb").kind, RouteMatch::kNotFound);
  EXPECT_EQ(r.Match(Verb::get, "/api/groups/a%2").kind, RouteMatch::kNotFound);
  EXPECT_EQ(r.Match(Verb::get, "/api/groups/%00").kind, RouteMatch::kNotFound);
  EXPECT_EQ(r.Match(Verb::get, "api/groups/x").kind, RouteMatch::kNotFound);
}

TEST(RouterTest, EmptyParameterDoesNotMatch) {
  Router r;
  r.Add(Verb::get, "/a/{id}/b", Named("x"));
  EXPECT_EQ(r.Match(Verb::get, "/a//b").kind, RouteMatch::kNotFound);
}

TEST(RouterTest, MaxBodyIsTheLargestRouteLimit) {
  Router r;
  RouteOptions big;
  big.max_body_bytes = 100 << 20;
  r.Add(Verb::get, "/a", Named("a"));
  r.Add(Verb::post, "/upload", Named("u"), big);
  EXPECT_EQ(r.MaxBodyBytes(), size_t{100} << 20);
}

TEST(QueryTest, ParsesAndDecodes) {
  std::map<std::string, std::string> q;
  ASSERT_TRUE(ParseQuery("limit=10&offset=&name=%E6%9D%B1%E4%BA%AC+x&flag", &q));
  EXPECT_EQ(q["limit"], "10");
  EXPECT_EQ(q["offset"], "");
  EXPECT_EQ(q["name"], "東京 x");
  EXPECT_TRUE(q.count("flag"));
  EXPECT_FALSE(ParseQuery("a=%zz", &q));
}

}  // namespace
}  // namespace bi::http
