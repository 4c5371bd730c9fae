// Groups through the real API over HTTP: create/read/patch/delete with validation and versions,
// case-insensitive unique names, admin-only routes (403 for members), membership deciding who
// sees a group (404 for everyone else, exactly as for a missing one), member management with
// its audit lines, and a group's deletion taking its memberships and dashboard shares with it.

#include <algorithm>
#include <mutex>
#include <set>

#include <gtest/gtest.h>

#include "api/api_test_server.h"
#include "common/log.h"
#include "repo/repositories.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "group-password-123";

json Body(const HttpReply& r) {
  return json::parse(r.body);
}

std::set<std::string> Names(const json& page) {
  std::set<std::string> out;
  for (const auto& g : page["items"]) out.insert(g["name"].get<std::string>());
  return out;
}

class GroupApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting([this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += line;
    });
    admin_ = api_.CreateUser("admin@example.com", kPassword, true);
    alice_ = api_.CreateUser("alice@example.com", kPassword, false);
    bob_ = api_.CreateUser("bob@example.com", kPassword, false);
    admin_token_ = api_.Login("admin@example.com", kPassword);
    alice_token_ = api_.Login("alice@example.com", kPassword);
    bob_token_ = api_.Login("bob@example.com", kPassword);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  json CreateGroup(const std::string& name, const std::string& description = "") {
    json body = {{"name", name}};
    if (!description.empty()) body["description"] = description;
    HttpReply r = api_.Call("POST", "/api/groups", admin_token_, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r);
  }
  void AddMember(const std::string& group_id, const std::string& user_id) {
    HttpReply r = api_.Call("POST", "/api/groups/" + group_id + "/members", admin_token_,
                            {{"userId", user_id}});
    EXPECT_EQ(r.status, 201) << r.body;
  }
  std::string Log() {
    log::Flush();
    std::lock_guard lock(mu_);
    return log_;
  }

  ApiTestServer api_;
  repo::User admin_, alice_, bob_;
  std::string admin_token_, alice_token_, bob_token_;
  std::mutex mu_;
  std::string log_;
};

TEST_F(GroupApiTest, AdminCreatesAndReadsAGroup) {
  json g = CreateGroup("  Sales team  ", "the sellers");
  EXPECT_EQ(g["name"], "Sales team");  // trimmed
  EXPECT_EQ(g["description"], "the sellers");
  EXPECT_EQ(g["memberCount"], 0);
  EXPECT_EQ(g["version"], 1);
  EXPECT_GT(g["createdAt"].get<int64_t>(), 0);
  EXPECT_EQ(g["createdAt"], g["updatedAt"]);
  const std::string id = g["groupId"];
  ASSERT_FALSE(id.empty());

  HttpReply got = api_.Call("GET", "/api/groups/" + id, admin_token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Body(got), g);

  HttpReply list = api_.Call("GET", "/api/groups", admin_token_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Body(list)["items"].size(), 1u);
  EXPECT_EQ(Body(list)["items"][0]["groupId"], id);
  EXPECT_TRUE(Body(list)["nextCursor"].is_null());

  // No description: an empty one.
  EXPECT_EQ(CreateGroup("Finance")["description"], "");
  EXPECT_NE(Log().find("\"group_created\""), std::string::npos);
}

TEST_F(GroupApiTest, NamesAndDescriptionsAreValidated) {
  auto create = [&](const json& body) {
    return api_.Call("POST", "/api/groups", admin_token_, body);
  };
  for (const json& body : {json{{"description", "x"}}, json{{"name", "   "}}, json{{"name", ""}},
                           json{{"name", 5}}, json{{"name", std::string(101, 'a')}}}) {
    HttpReply r = create(body);
    EXPECT_EQ(r.status, 400) << body.dump();
    EXPECT_EQ(Body(r)["error"]["details"]["field"], "name") << body.dump();
  }
  HttpReply typo = create({{"name", "ok"}, {"desc", "x"}});
  EXPECT_EQ(typo.status, 400);
  HttpReply long_description = create({{"name", "ok"}, {"description", std::string(1001, 'd')}});
  EXPECT_EQ(long_description.status, 400);
  EXPECT_EQ(Body(long_description)["error"]["details"]["field"], "description");
  HttpReply typed_description = create({{"name", "ok"}, {"description", 3}});
  EXPECT_EQ(typed_description.status, 400);

  // Limits count characters, not bytes: 100 three-byte characters (and padding) are fine.
  std::string kana;
  for (int i = 0; i < 100; ++i) kana += "あ";
  EXPECT_EQ(CreateGroup(" " + kana + " ")["name"], kana);
  EXPECT_EQ(create({{"name", kana + "あ"}}).status, 400);
  EXPECT_EQ(
      create({{"name", std::string(100, 'b')}, {"description", std::string(1000, 'd')}}).status,
      201);
  // Nothing invalid was stored.
  EXPECT_EQ(Body(api_.Call("GET", "/api/groups", admin_token_))["items"].size(), 2u);
}

TEST_F(GroupApiTest, NamesAreUniqueCaseInsensitively) {
  json sales = CreateGroup("Sales");
  json ops = CreateGroup("Ops");
  HttpReply dup = api_.Call("POST", "/api/groups", admin_token_, {{"name", " sALES "}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(Body(dup)["error"]["code"], "conflict");
  EXPECT_EQ(Body(dup)["error"]["details"]["field"], "name");

  // Renaming onto a taken name is a 409 and changes nothing.
  const std::string ops_id = ops["groupId"];
  HttpReply clash = api_.Call("PATCH", "/api/groups/" + ops_id, admin_token_,
                              {{"name", "SALES"}, {"version", 1}});
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(Body(clash)["error"]["details"]["field"], "name");
  EXPECT_EQ(Body(api_.Call("GET", "/api/groups/" + ops_id, admin_token_))["name"], "Ops");

  // A group may change the case of its own name.
  const std::string sales_id = sales["groupId"];
  HttpReply recase = api_.Call("PATCH", "/api/groups/" + sales_id, admin_token_,
                               {{"name", "SALES"}, {"version", 1}});
  ASSERT_EQ(recase.status, 200) << recase.body;
  EXPECT_EQ(Body(recase)["name"], "SALES");

  // A rename frees the old name; a delete frees the name.
  HttpReply rename = api_.Call("PATCH", "/api/groups/" + ops_id, admin_token_,
                               {{"name", "Operations"}, {"version", 1}});
  ASSERT_EQ(rename.status, 200) << rename.body;
  CreateGroup("ops");
  EXPECT_EQ(api_.Call("DELETE", "/api/groups/" + sales_id, admin_token_).status, 204);
  CreateGroup("Sales");
}

TEST_F(GroupApiTest, PatchNeedsTheCurrentVersion) {
  json g = CreateGroup("Sales", "before");
  const std::string path = "/api/groups/" + g["groupId"].get<std::string>();

  HttpReply no_version = api_.Call("PATCH", path, admin_token_, {{"name", "x"}});
  EXPECT_EQ(no_version.status, 400);
  EXPECT_EQ(Body(no_version)["error"]["details"]["field"], "version");
  EXPECT_EQ(api_.Call("PATCH", path, admin_token_, {{"name", " "}, {"version", 1}}).status, 400);
  EXPECT_EQ(api_.Call("PATCH", path, admin_token_, {{"owner", "x"}, {"version", 1}}).status, 400);

  api_.clock().Advance(std::chrono::seconds(5));
  HttpReply described =
      api_.Call("PATCH", path, admin_token_, {{"description", "after"}, {"version", 1}});
  ASSERT_EQ(described.status, 200) << described.body;
  json d = Body(described);
  EXPECT_EQ(d["name"], "Sales");  // untouched
  EXPECT_EQ(d["description"], "after");
  EXPECT_EQ(d["version"], 2);
  EXPECT_GT(d["updatedAt"].get<int64_t>(), d["createdAt"].get<int64_t>());

  HttpReply stale = api_.Call("PATCH", path, admin_token_, {{"name", "Other"}, {"version", 1}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale)["error"]["details"]["currentVersion"], 2);
  EXPECT_EQ(Body(api_.Call("GET", path, admin_token_))["name"], "Sales");

  HttpReply missing =
      api_.Call("PATCH", "/api/groups/nope", admin_token_, {{"name", "x"}, {"version", 1}});
  EXPECT_EQ(missing.status, 404);
}

TEST_F(GroupApiTest, MembersCannotManageGroups) {
  json g = CreateGroup("Sales");
  const std::string id = g["groupId"];
  AddMember(id, alice_.user_id);
  // Even a member of the group: managing groups is for admins.
  struct Call {
    std::string method, path;
    json body;
  };
  for (const Call& c : std::vector<Call>{
           {"POST", "/api/groups", {{"name", "Mine"}}},
           {"PATCH", "/api/groups/" + id, {{"name", "Mine"}, {"version", 1}}},
           {"DELETE", "/api/groups/" + id, nullptr},
           {"POST", "/api/groups/" + id + "/members", {{"userId", bob_.user_id}}},
           {"DELETE", "/api/groups/" + id + "/members/" + alice_.user_id, nullptr},
       }) {
    HttpReply r = api_.Call(c.method, c.path, alice_token_, c.body);
    EXPECT_EQ(r.status, 403) << c.method << " " << c.path << " " << r.body;
    EXPECT_EQ(api_.Call(c.method, c.path, "", c.body).status, 401) << c.method << " " << c.path;
  }
  // Nothing changed.
  json after = Body(api_.Call("GET", "/api/groups/" + id, admin_token_));
  EXPECT_EQ(after["name"], "Sales");
  EXPECT_EQ(after["version"], 1);
  EXPECT_EQ(after["memberCount"], 1);
  EXPECT_EQ(Body(api_.Call("GET", "/api/groups", admin_token_))["items"].size(), 1u);
}

TEST_F(GroupApiTest, OnlyMembersAndAdminsSeeAGroup) {
  json sales = CreateGroup("Sales");
  json ops = CreateGroup("Ops");
  const std::string sales_id = sales["groupId"], ops_id = ops["groupId"];
  AddMember(sales_id, alice_.user_id);
  AddMember(sales_id, bob_.user_id);
  AddMember(ops_id, bob_.user_id);

  EXPECT_EQ(Names(Body(api_.Call("GET", "/api/groups", admin_token_))),
            (std::set<std::string>{"Sales", "Ops"}));
  EXPECT_EQ(Names(Body(api_.Call("GET", "/api/groups", alice_token_))),
            (std::set<std::string>{"Sales"}));
  EXPECT_EQ(Names(Body(api_.Call("GET", "/api/groups", bob_token_))),
            (std::set<std::string>{"Sales", "Ops"}));

  HttpReply mine = api_.Call("GET", "/api/groups/" + sales_id, alice_token_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Body(mine)["memberCount"], 2);

  // Not a member: the same 404 as a group that does not exist, so existence does not leak.
  HttpReply hidden = api_.Call("GET", "/api/groups/" + ops_id, alice_token_);
  HttpReply absent = api_.Call("GET", "/api/groups/no-such-group", alice_token_);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(Body(hidden)["error"]["message"], "group " + ops_id + " not found");
  EXPECT_EQ(Body(absent)["error"]["message"], "group no-such-group not found");
  EXPECT_EQ(api_.Call("GET", "/api/groups/" + ops_id + "/members", alice_token_).status, 404);
  EXPECT_EQ(api_.Call("GET", "/api/groups/no-such-group/members", admin_token_).status, 404);

  // Members see who else is in their group.
  HttpReply members = api_.Call("GET", "/api/groups/" + sales_id + "/members", alice_token_);
  ASSERT_EQ(members.status, 200) << members.body;
  std::set<std::string> emails;
  const json listed = Body(members);  // kept alive: the loop reads into it
  for (const auto& m : listed["items"]) {
    emails.insert(m["email"].get<std::string>());
    EXPECT_TRUE(m["userId"].is_string());
    EXPECT_TRUE(m["name"].is_string());
    EXPECT_GT(m["addedAt"].get<int64_t>(), 0);
  }
  EXPECT_EQ(emails, (std::set<std::string>{"alice@example.com", "bob@example.com"}));

  // Removal takes effect on the next request.
  EXPECT_EQ(
      api_.Call("DELETE", "/api/groups/" + sales_id + "/members/" + alice_.user_id, admin_token_)
          .status,
      204);
  EXPECT_EQ(api_.Call("GET", "/api/groups/" + sales_id, alice_token_).status, 404);
  EXPECT_EQ(api_.Call("GET", "/api/groups/" + sales_id + "/members", alice_token_).status, 404);
  EXPECT_TRUE(Body(api_.Call("GET", "/api/groups", alice_token_))["items"].empty());
}

TEST_F(GroupApiTest, AddingAndRemovingMembers) {
  const std::string id = CreateGroup("Sales")["groupId"];
  const std::string members = "/api/groups/" + id + "/members";

  HttpReply added = api_.Call("POST", members, admin_token_, {{"userId", alice_.user_id}});
  ASSERT_EQ(added.status, 201) << added.body;
  json m = Body(added);
  EXPECT_EQ(m["userId"], alice_.user_id);
  EXPECT_EQ(m["email"], "alice@example.com");
  EXPECT_EQ(m["name"], alice_.name);
  EXPECT_EQ(m["addedAt"], api_.clock().NowMillis());
  std::string log = Log();
  EXPECT_NE(log.find("\"event\":\"group_member_added\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"group_id\":\"" + id + "\""), std::string::npos);
  EXPECT_NE(log.find("\"user_id\":\"" + alice_.user_id + "\""), std::string::npos);
  EXPECT_NE(log.find("\"actor_id\":\"" + admin_.user_id + "\""), std::string::npos);

  HttpReply again = api_.Call("POST", members, admin_token_, {{"userId", alice_.user_id}});
  EXPECT_EQ(again.status, 409) << again.body;
  HttpReply no_user = api_.Call("POST", members, admin_token_, {{"userId", "no-such-user"}});
  EXPECT_EQ(no_user.status, 404);
  EXPECT_EQ(Body(no_user)["error"]["message"], "user no-such-user not found");
  HttpReply no_group = api_.Call("POST", "/api/groups/no-such-group/members", admin_token_,
                                 {{"userId", alice_.user_id}});
  EXPECT_EQ(no_group.status, 404);
  EXPECT_EQ(Body(no_group)["error"]["message"], "group no-such-group not found");
  EXPECT_EQ(api_.Call("POST", members, admin_token_, json::object()).status, 400);
  EXPECT_EQ(api_.Call("POST", members, admin_token_, {{"userId", 7}}).status, 400);
  EXPECT_EQ(Body(api_.Call("GET", "/api/groups/" + id, admin_token_))["memberCount"], 1);

  const std::string alice_path = members + "/" + alice_.user_id;
  EXPECT_EQ(api_.Call("DELETE", alice_path, admin_token_).status, 204);
  log = Log();
  EXPECT_NE(log.find("\"event\":\"group_member_removed\""), std::string::npos) << log;
  EXPECT_EQ(api_.Call("DELETE", alice_path, admin_token_).status, 404);
  EXPECT_EQ(api_.Call("DELETE", members + "/" + bob_.user_id, admin_token_).status, 404);
  EXPECT_EQ(Body(api_.Call("GET", "/api/groups/" + id, admin_token_))["memberCount"], 0);
  EXPECT_TRUE(Body(api_.Call("GET", members, admin_token_))["items"].empty());
}

TEST_F(GroupApiTest, MemberListsPageAndSkipDeletedUsers) {
  const std::string id = CreateGroup("Sales")["groupId"];
  const std::string members = "/api/groups/" + id + "/members";
  repo::User carol = api_.CreateUser("carol@example.com", kPassword, false);
  for (const auto* u : {&alice_, &bob_, &carol}) AddMember(id, u->user_id);

  EXPECT_EQ(api_.Call("GET", members + "?limit=0", admin_token_).status, 400);
  std::set<std::string> seen;
  std::string target = members + "?limit=2";
  int pages = 0;
  while (true) {
    HttpReply r = api_.Call("GET", target, admin_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    json page = Body(r);
    EXPECT_LE(page["items"].size(), 2u);
    for (const auto& m : page["items"]) seen.insert(m["userId"].get<std::string>());
    ++pages;
    if (page["nextCursor"].is_null()) break;
    target = members + "?limit=2&cursor=" + page["nextCursor"].get<std::string>();
    ASSERT_LT(pages, 5) << "paging does not end";
  }
  EXPECT_GE(pages, 2);
  EXPECT_EQ(seen, (std::set<std::string>{alice_.user_id, bob_.user_id, carol.user_id}));

  // A deleted user is not listed as a member.
  ASSERT_EQ(api_.Call("DELETE", "/api/users/" + carol.user_id, admin_token_).status, 204);
  std::set<std::string> after;
  const json remaining = Body(api_.Call("GET", members, admin_token_));
  for (const auto& m : remaining["items"]) after.insert(m["userId"].get<std::string>());
  EXPECT_EQ(after, (std::set<std::string>{alice_.user_id, bob_.user_id}));
}

TEST_F(GroupApiTest, DeletingAGroupRemovesItsMembershipsAndShares) {
  const std::string id = CreateGroup("Sales")["groupId"];
  const std::string other = CreateGroup("Ops")["groupId"];
  AddMember(id, alice_.user_id);
  AddMember(id, bob_.user_id);
  AddMember(other, bob_.user_id);

  // Shares of two dashboards to the group, and ones that must survive: to the other group and to
  // a user directly.
  repo::ShareRepository shares(*api_.ctx().store);
  auto share = [&](const std::string& dashboard, const std::string& to, repo::ShareTarget type) {
    repo::DashboardShare s;
    s.dashboard_id = dashboard;
    s.shared_to_id = to;
    s.shared_to_type = type;
    s.permission = repo::Permission::kEdit;
    s.created_by = admin_.user_id;
    auto created = shares.Create(s);
    EXPECT_TRUE(created.ok()) << created.status().message();
    return created.ok() ? created->share_id : std::string();
  };
  const std::string gone1 = share("dash-1", id, repo::ShareTarget::kGroup);
  const std::string gone2 = share("dash-2", id, repo::ShareTarget::kGroup);
  const std::string kept_group = share("dash-1", other, repo::ShareTarget::kGroup);
  const std::string kept_user = share("dash-1", bob_.user_id, repo::ShareTarget::kUser);

  const std::string path = "/api/groups/" + id;
  EXPECT_EQ(api_.Call("DELETE", path + "?version=abc", admin_token_).status, 400);
  HttpReply stale = api_.Call("DELETE", path + "?version=7", admin_token_);
  EXPECT_EQ(stale.status, 409) << stale.body;
  // A refused delete keeps everything.
  EXPECT_EQ(Body(api_.Call("GET", path, alice_token_))["memberCount"], 2);
  EXPECT_TRUE(shares.Get(gone1).ok());

  EXPECT_EQ(api_.Call("DELETE", path + "?version=1", admin_token_).status, 204);
  EXPECT_EQ(api_.Call("GET", path, admin_token_).status, 404);
  EXPECT_EQ(api_.Call("GET", path + "/members", admin_token_).status, 404);
  EXPECT_EQ(api_.Call("DELETE", path, admin_token_).status, 404);

  repo::MemberRepository members(*api_.ctx().store);
  auto left = members.ListByGroup(id, repo::PageRequest{});
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->items.empty());
  EXPECT_TRUE(Body(api_.Call("GET", "/api/groups", alice_token_))["items"].empty());
  EXPECT_EQ(Names(Body(api_.Call("GET", "/api/groups", bob_token_))),
            (std::set<std::string>{"Ops"}));

  EXPECT_EQ(shares.Get(gone1).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(shares.Get(gone2).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(shares.Get(kept_group).ok());
  EXPECT_TRUE(shares.Get(kept_user).ok());

  std::string log = Log();
  EXPECT_NE(log.find("\"group_deleted\""), std::string::npos);
  EXPECT_NE(log.find("\"event\":\"dashboard_share_changed\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"reason\":\"group_deleted\""), std::string::npos);
  EXPECT_NE(log.find("\"dashboard_id\":\"dash-2\""), std::string::npos);
  EXPECT_NE(log.find("\"shared_with\":\"" + id + "\""), std::string::npos);
}

}  // namespace
}  // namespace bi::testing
