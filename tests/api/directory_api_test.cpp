// GET /api/directory through the real API over HTTP: any signed-in member finds active users
// (by part of the name or email, any letter case) and groups (by part of the name) to share a
// dashboard with; prefix matches come first; disabled users are left out; only the fields a
// share needs are answered; q and limit are validated; one active user is named by id
// (GET /api/directory/users/{userId}); no token answers 401.

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/api_test_server.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "directory-password-123";

json Body(const HttpReply& r) {
  return json::parse(r.body);
}

std::vector<std::string> Field(const json& items, const char* field) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item[field].get<std::string>());
  return out;
}

class DirectoryApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = api_.CreateUser("admin@example.com", kPassword, true);
    member_ = api_.CreateUser("member@example.com", kPassword, false);
    admin_token_ = api_.Login("admin@example.com", kPassword);
    member_token_ = api_.Login("member@example.com", kPassword);
  }

  repo::User AddUser(const std::string& email, const std::string& name) {
    HttpReply r = api_.Call("POST", "/api/users", admin_token_,
                            {{"email", email}, {"name", name}, {"password", kPassword}});
    EXPECT_EQ(r.status, 201) << r.body;
    auto user = api_.ctx().users.Get(Body(r)["userId"].get<std::string>());
    EXPECT_TRUE(user.ok());
    return *user;
  }
  std::string AddGroup(const std::string& name) {
    HttpReply r = api_.Call("POST", "/api/groups", admin_token_, {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r)["groupId"];
  }
  HttpReply Search(const std::string& query, const std::string& token) {
    return api_.Call("GET", "/api/directory?" + query, token);
  }

  ApiTestServer api_;
  repo::User admin_, member_;
  std::string admin_token_, member_token_;
};

TEST_F(DirectoryApiTest, AMemberFindsUsersByNameOrEmailIgnoringCase) {
  repo::User carol = AddUser("carol@sales.example.com", "Carol Jones");
  AddUser("dave@example.com", "Dave Sales");
  AddUser("erin@example.com", "Erin");

  HttpReply r = Search("q=SALES", member_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = Body(r);
  std::vector<std::string> emails = Field(body["users"], "email");
  EXPECT_EQ(std::set<std::string>(emails.begin(), emails.end()),
            (std::set<std::string>{"carol@sales.example.com", "dave@example.com"}));

  // Exactly the fields a share needs.
  HttpReply by_name = Search("q=carol%20j", member_token_);
  ASSERT_EQ(by_name.status, 200) << by_name.body;
  json users = Body(by_name)["users"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0], (json{{"userId", carol.user_id},
                            {"name", "Carol Jones"},
                            {"email", "carol@sales.example.com"}}));
}

TEST_F(DirectoryApiTest, PrefixMatchesComeFirst) {
  AddUser("zed@example.com", "Anna Berg");          // contains "berg"
  AddUser("berglund@example.com", "Zoe Berglund");  // email starts with "berg"
  HttpReply r = Search("q=berg", member_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(Body(r)["users"], "email"),
            (std::vector<std::string>{"berglund@example.com", "zed@example.com"}));
}

TEST_F(DirectoryApiTest, DisabledUsersAreNotFound) {
  repo::User gone = AddUser("frank@example.com", "Frank");
  HttpReply patch = api_.Call("PATCH", "/api/users/" + gone.user_id, admin_token_,
                              {{"disabled", true}, {"version", gone.version}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  HttpReply r = Search("q=frank", member_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["users"].empty());
}

TEST_F(DirectoryApiTest, AMemberFindsGroupsTheyDoNotBelongTo) {
  std::string sales = AddGroup("Sales team");
  AddGroup("Finance");
  HttpReply r = Search("q=team", member_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["groups"], (json::array({{{"groupId", sales}, {"name", "Sales team"}}})));
}

TEST_F(DirectoryApiTest, LimitCapsEachList) {
  for (int i = 0; i < 25; ++i) {
    AddUser("user" + std::to_string(i) + "@example.com", "Same Name " + std::to_string(i));
  }
  HttpReply all = Search("q=same", member_token_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Body(all)["users"].size(), 20u);  // the default and the most

  HttpReply three = Search("q=same&limit=3", member_token_);
  ASSERT_EQ(three.status, 200) << three.body;
  EXPECT_EQ(Body(three)["users"].size(), 3u);
}

TEST_F(DirectoryApiTest, BadQueriesAnswer400NamingTheField) {
  for (const std::string& query :
       std::vector<std::string>{"", "q=", "q=%20%20", "q=" + std::string(101, 'a')}) {
    HttpReply r = Search(query, member_token_);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(Body(r)["error"]["details"]["field"], "q") << query;
  }
  for (const std::string limit : {"0", "21", "abc", "5x"}) {
    HttpReply r = Search("q=a&limit=" + limit, member_token_);
    EXPECT_EQ(r.status, 400) << limit;
    EXPECT_EQ(Body(r)["error"]["details"]["field"], "limit") << limit;
  }
}

TEST_F(DirectoryApiTest, AMemberNamesOneActiveUserById) {
  repo::User carol = AddUser("carol@example.com", "Carol");
  HttpReply r = api_.Call("GET", "/api/directory/users/" + carol.user_id, member_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r),
            (json{{"userId", carol.user_id}, {"name", "Carol"}, {"email", "carol@example.com"}}));

  HttpReply patch = api_.Call("PATCH", "/api/users/" + carol.user_id, admin_token_,
                              {{"disabled", true}, {"version", carol.version}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(api_.Call("GET", "/api/directory/users/" + carol.user_id, member_token_).status, 404);
  EXPECT_EQ(api_.Call("GET", "/api/directory/users/no-such-user", member_token_).status, 404);
}

TEST_F(DirectoryApiTest, WithoutATokenAnswers401) {
  EXPECT_EQ(Search("q=a", "").status, 401);
  EXPECT_EQ(api_.Call("GET", "/api/directory/users/" + member_.user_id, "").status, 401);
}

}  // namespace
}  // namespace bi::testing
