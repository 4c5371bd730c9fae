// The authorization matrix: every endpoint of the API, called by each kind of caller, answers
// exactly the status in the table below. Objects a caller cannot see are 404, never 403, so
// existence does not leak. The table is the one place to add a new endpoint: a test fails when
// the router has a route the table does not list (or the other way round).
//
// Each case runs against a fresh "world" made by the owner: a dataset, a card on it, a dashboard
// with the card and a filter, shared for viewing with `viewer` and a group of `gviewer`, for
// editing with `editor` and a group of `geditor`, a shared filter view, and a share to a bystander.
// No executor is configured, so runs that pass authorization answer 503 (a dashboard run answers
// 200 with each card's 503 inside).

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "api/api_test_server.h"
#include "common/log.h"

namespace bi::testing {
namespace {

using nlohmann::json;

const std::string kPassword = "matrix-password-123";
// Callers, in the order of the expected-status columns.
const std::vector<std::string> kRoles = {"owner",   "admin",   "viewer", "editor",
                                         "gviewer", "geditor", "member", "anonymous"};

enum class Body { kNone, kJson, kUpload };

struct Case {
  Case(std::string method, std::string path, std::vector<int> expected, Body body = Body::kNone,
       std::string json_body = "", std::string route = "")
      : method(std::move(method)),
        path(std::move(path)),
        expected(std::move(expected)),
        body(body),
        json_body(std::move(json_body)),
        route(std::move(route)) {}
  std::string method;
  std::string path;           // with {dataset} {card} {dashboard} {view} {share} {group} {user} ...
  std::vector<int> expected;  // one per role, in kRoles order
  Body body;
  std::string json_body;  // JSON with the same placeholders
  std::string route;      // the router's pattern (defaults to `path`)
};

// clang-format off
const std::vector<Case> kMatrix = {
  //                                                     owner admin view  edit  gview gedit member anon
  {"GET",    "/api/health",                               {200, 200,  200,  200,  200,  200,  200,  200}},
  // Public on purpose, for Prometheus inside the network (docs/metrics.md: never routed publicly).
  {"GET",    "/metrics",                                  {200, 200,  200,  200,  200,  200,  200,  200}},
  {"POST",   "/api/auth/login",                           {401, 401,  401,  401,  401,  401,  401,  401}, Body::kJson,
   R"j({"email":"nobody-{n}@example.com","password":"not-the-password"})j"},
  {"GET",    "/api/auth/me",                              {200, 200,  200,  200,  200,  200,  200,  401}},
  {"POST",   "/api/auth/logout",                          {204, 204,  204,  204,  204,  204,  204,  401}},
  {"PUT",    "/api/users/me/password",                    {403, 403,  403,  403,  403,  403,  403,  401}, Body::kJson,
   R"j({"currentPassword":"wrong-password-1","newPassword":"another-password-2"})j"},
  {"GET",    "/api/users",                                {403, 200,  403,  403,  403,  403,  403,  401}},
  {"POST",   "/api/users",                                {403, 201,  403,  403,  403,  403,  403,  401}, Body::kJson,
   R"j({"email":"new-{n}@example.com","name":"New","password":"new-user-password","role":"member"})j"},
  {"GET",    "/api/users/{user}",                         {403, 200,  403,  403,  403,  403,  403,  401}, Body::kNone, "", "/api/users/{userId}"},
  {"PATCH",  "/api/users/{user}",                         {403, 200,  403,  403,  403,  403,  403,  401}, Body::kJson,
   R"j({"name":"Renamed","version":{user_version}})j", "/api/users/{userId}"},
  {"DELETE", "/api/users/{user}",                         {403, 204,  403,  403,  403,  403,  403,  401}, Body::kNone, "", "/api/users/{userId}"},

  {"POST",   "/api/datasets",                             {201, 201,  201,  201,  201,  201,  201,  401}, Body::kUpload},
  {"GET",    "/api/datasets",                             {200, 200,  200,  200,  200,  200,  200,  401}},
  {"GET",    "/api/datasets/{dataset}",                   {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/datasets/{datasetId}"},
  {"PATCH",  "/api/datasets/{dataset}",                   {200, 200,  404,  404,  404,  404,  404,  401}, Body::kJson,
   R"j({"name":"renamed","version":1})j", "/api/datasets/{datasetId}"},
  {"DELETE", "/api/datasets/{dataset}",                   {204, 204,  404,  404,  404,  404,  404,  401}, Body::kNone, "", "/api/datasets/{datasetId}"},
  {"PUT",    "/api/datasets/{dataset}/data",              {200, 200,  404,  404,  404,  404,  404,  401}, Body::kUpload, "", "/api/datasets/{datasetId}/data"},
  {"GET",    "/api/datasets/{dataset}/preview",           {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/datasets/{datasetId}/preview"},
  {"GET",    "/api/datasets/{dataset}/download",          {200, 200,  404,  404,  404,  404,  404,  401}, Body::kNone, "", "/api/datasets/{datasetId}/download"},

  {"POST",   "/api/cards",                                {201, 201,  404,  404,  404,  404,  404,  401}, Body::kJson,
   R"j({"title":"t","datasetId":"{dataset}","code":"len(df)"})j"},
  {"GET",    "/api/cards",                                {200, 200,  200,  200,  200,  200,  200,  401}},
  {"GET",    "/api/cards/{card}",                         {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/cards/{cardId}"},
  {"PATCH",  "/api/cards/{card}",                         {200, 200,  403,  200,  403,  200,  404,  401}, Body::kJson,
   R"j({"title":"renamed","version":1})j", "/api/cards/{cardId}"},
  {"DELETE", "/api/cards/{card}",                         {204, 204,  403,  403,  403,  403,  404,  401}, Body::kNone, "", "/api/cards/{cardId}"},
  {"POST",   "/api/cards/preview",                        {503, 503,  404,  404,  404,  404,  404,  401}, Body::kJson,
   R"j({"datasetId":"{dataset}","code":"len(df)"})j"},
  {"POST",   "/api/cards/{card}/run",                     {503, 503,  503,  503,  503,  503,  404,  401}, Body::kNone, "", "/api/cards/{cardId}/run"},

  {"POST",   "/api/dashboards",                           {201, 201,  201,  201,  201,  201,  201,  401}, Body::kJson, R"j({"title":"mine"})j"},
  {"GET",    "/api/dashboards",                           {200, 200,  200,  200,  200,  200,  200,  401}},
  {"GET",    "/api/shared-with-me",                       {200, 200,  200,  200,  200,  200,  200,  401}},
  {"GET",    "/api/dashboards/{dashboard}",               {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/dashboards/{dashboardId}"},
  {"PATCH",  "/api/dashboards/{dashboard}",               {200, 200,  403,  200,  403,  200,  404,  401}, Body::kJson,
   R"j({"title":"renamed","version":1})j", "/api/dashboards/{dashboardId}"},
  {"DELETE", "/api/dashboards/{dashboard}",               {204, 204,  403,  403,  403,  403,  404,  401}, Body::kNone, "", "/api/dashboards/{dashboardId}"},
  {"POST",   "/api/dashboards/{dashboard}/run",           {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/dashboards/{dashboardId}/run"},
  {"GET",    "/api/dashboards/{dashboard}/filters/r/values", {503, 503, 503, 503,  503,  503,  404,  401}, Body::kNone, "",
   "/api/dashboards/{dashboardId}/filters/{filterId}/values"},
  {"GET",    "/api/dashboards/{dashboard}/filter-views",  {200, 200,  200,  200,  200,  200,  404,  401}, Body::kNone, "", "/api/dashboards/{dashboardId}/filter-views"},
  {"POST",   "/api/dashboards/{dashboard}/filter-views",  {201, 201,  201,  201,  201,  201,  404,  401}, Body::kJson,
   R"j({"name":"my view","values":{"r":"east"}})j", "/api/dashboards/{dashboardId}/filter-views"},
  {"PATCH",  "/api/filter-views/{view}",                  {200, 200,  403,  403,  403,  403,  404,  401}, Body::kJson,
   R"j({"name":"renamed","version":1})j", "/api/filter-views/{filterViewId}"},
  {"DELETE", "/api/filter-views/{view}",                  {204, 204,  403,  403,  403,  403,  404,  401}, Body::kNone, "", "/api/filter-views/{filterViewId}"},
  {"GET",    "/api/dashboards/{dashboard}/shares",        {200, 200,  403,  403,  403,  403,  404,  401}, Body::kNone, "", "/api/dashboards/{dashboardId}/shares"},
  {"POST",   "/api/dashboards/{dashboard}/shares",        {201, 201,  403,  403,  403,  403,  404,  401}, Body::kJson,
   R"j({"targetType":"user","targetId":"{member}","permission":"view"})j", "/api/dashboards/{dashboardId}/shares"},
  {"DELETE", "/api/dashboards/{dashboard}/shares/{share}", {204, 204, 403,  403,  403,  403,  404,  401}, Body::kNone, "",
   "/api/dashboards/{dashboardId}/shares/{shareId}"},

  {"GET",    "/api/groups",                               {200, 200,  200,  200,  200,  200,  200,  401}},
  {"POST",   "/api/groups",                               {403, 201,  403,  403,  403,  403,  403,  401}, Body::kJson, R"j({"name":"new group {n}"})j"},
  {"GET",    "/api/groups/{group}",                       {404, 200,  404,  404,  200,  404,  404,  401}, Body::kNone, "", "/api/groups/{groupId}"},
  {"PATCH",  "/api/groups/{group}",                       {403, 200,  403,  403,  403,  403,  403,  401}, Body::kJson,
   R"j({"description":"changed","version":1})j", "/api/groups/{groupId}"},
  {"DELETE", "/api/groups/{group}",                       {403, 204,  403,  403,  403,  403,  403,  401}, Body::kNone, "", "/api/groups/{groupId}"},
  {"GET",    "/api/groups/{group}/members",               {404, 200,  404,  404,  200,  404,  404,  401}, Body::kNone, "", "/api/groups/{groupId}/members"},
  {"POST",   "/api/groups/{group}/members",               {403, 201,  403,  403,  403,  403,  403,  401}, Body::kJson,
   R"j({"userId":"{member}"})j", "/api/groups/{groupId}/members"},
  {"DELETE", "/api/groups/{group}/members/{gviewer}",     {403, 204,  403,  403,  403,  403,  403,  401}, Body::kNone, "",
   "/api/groups/{groupId}/members/{userId}"},
  {"GET",    "/api/directory?q=view",                     {200, 200,  200,  200,  200,  200,  200,  401}, Body::kNone, "", "/api/directory"},
  {"GET",    "/api/directory/users/{member}",             {200, 200,  200,  200,  200,  200,  200,  401}, Body::kNone, "",
   "/api/directory/users/{userId}"},
};
// clang-format on

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log::SetSinkForTesting([](std::string_view) {});
    // Nothing listens on port 1: runs that pass authorization meet an absent executor (503).
    api_ = new ApiTestServer(WithExecutor("", "http://127.0.0.1:1"));
    for (const auto& role : kRoles) {
      if (role == "anonymous") continue;
      users_[role] = api_->CreateUser(role + "@example.com", kPassword, role == "admin").user_id;
    }
  }
  static void TearDownTestSuite() {
    delete api_;
    log::SetSinkForTesting(nullptr);
  }

  // A fresh world owned by `owner` for case `c`; returns the placeholder values.
  std::map<std::string, std::string> MakeWorld(const Case& c) {
    const int n = ++counter_;
    std::map<std::string, std::string> w = {{"{n}", std::to_string(n)}};
    for (const auto& [role, id] : users_) w["{" + role + "}"] = id;
    const std::string owner_token = Token("owner");
    HttpReply up = api_->Upload("POST", "/api/datasets", owner_token, {{"name", "d"}},
                                "region,qty\neast,1\nwest,2\n");
    EXPECT_EQ(up.status, 201) << up.body;
    w["{dataset}"] = json::parse(up.body)["datasetId"];
    auto& ctx = api_->ctx();
    const cards::Viewer owner{users_["owner"], false};
    cards::CardDraft card;
    card.title = "c";
    card.dataset_id = w["{dataset}"];
    card.code = "len(df)";
    w["{card}"] = ctx.cards.Create(owner, card)->card_id;
    dashboards::DashboardDraft dash;
    dash.title = "board";
    dash.layout = json::array({{{"cardId", w["{card}"]}}});
    dash.filters = json::array({{{"filterId", "r"}, {"column", "region"}, {"kind", "select"}}});
    const dashboards::Viewer downer{users_["owner"], false};
    w["{dashboard}"] = ctx.dashboards.Create(downer, dash)->dashboard_id;
    repo::GroupRepository groups(*ctx.store);
    repo::MemberRepository members(*ctx.store);
    repo::Group gv, ge;
    gv.name = "viewers " + w["{n}"];
    ge.name = "editors " + w["{n}"];
    const std::string gv_id = groups.Create(gv)->group_id;
    const std::string ge_id = groups.Create(ge)->group_id;
    EXPECT_TRUE(members.Add(gv_id, users_["gviewer"]).ok());
    EXPECT_TRUE(members.Add(ge_id, users_["geditor"]).ok());
    w["{group}"] = gv_id;
    auto share = [&](repo::ShareTarget type, const std::string& id, repo::Permission p) {
      auto put = ctx.shares.Put(downer, w["{dashboard}"], {type, id, p});
      EXPECT_TRUE(put.ok()) << put.status().ToString();
      return put->first.share_id;
    };
    share(repo::ShareTarget::kUser, users_["viewer"], repo::Permission::kView);
    share(repo::ShareTarget::kUser, users_["editor"], repo::Permission::kEdit);
    share(repo::ShareTarget::kGroup, gv_id, repo::Permission::kView);
    share(repo::ShareTarget::kGroup, ge_id, repo::Permission::kEdit);
    // A bystander's share, for the share-removal case.
    w["{share}"] = share(repo::ShareTarget::kUser, Bystander(), repo::Permission::kView);
    dashboards::FilterViewDraft view;
    view.name = "shared view";
    view.shared = true;
    w["{view}"] = ctx.filter_views.Create(downer, w["{dashboard}"], view)->filter_view_id;
    // A user for the user-administration cases (deleted by one of them); hashing a password is
    // slow on purpose, so only those cases make one.
    if (c.path.find("{user}") == std::string::npos) return w;
    auto target = ctx.user_admin.Create(
        {"target-" + w["{n}"] + "@example.com", "Target", kPassword, repo::Role::kMember});
    w["{user}"] = target->user_id;
    w["{user_version}"] = std::to_string(target->version);
    return w;
  }

  std::string Bystander() {
    if (bystander_.empty())
      bystander_ = api_->CreateUser("bystander@example.com", kPassword, false).user_id;
    return bystander_;
  }

  // A token per role; logout needs one of its own, so `fresh` logs in again.
  std::string Token(const std::string& role, bool fresh = false) {
    if (role == "anonymous") return "";
    if (fresh || !tokens_.count(role)) {
      std::string t = api_->Login(role + "@example.com", kPassword);
      if (fresh) return t;
      tokens_[role] = t;
    }
    return tokens_[role];
  }

  static ApiTestServer* api_;
  static std::map<std::string, std::string> users_;
  static std::map<std::string, std::string> tokens_;
  static std::string bystander_;
  static std::atomic<int> counter_;
};

ApiTestServer* AuthorizationMatrixTest::api_ = nullptr;
std::map<std::string, std::string> AuthorizationMatrixTest::users_;
std::map<std::string, std::string> AuthorizationMatrixTest::tokens_;
std::string AuthorizationMatrixTest::bystander_;
std::atomic<int> AuthorizationMatrixTest::counter_{0};

TEST_F(AuthorizationMatrixTest, EveryRouteIsInTheMatrix) {
  std::set<std::string> routed, listed;
  for (const auto& r : api_->router().routes())
    routed.insert(std::string(boost::beast::http::to_string(r.method)) + " " + r.pattern);
  for (const auto& c : kMatrix)
    listed.insert(c.method + " " + (c.route.empty() ? c.path : c.route));
  for (const auto& r : routed) EXPECT_TRUE(listed.count(r)) << "not in the matrix: " << r;
  for (const auto& l : listed) EXPECT_TRUE(routed.count(l)) << "not a route: " << l;
}

TEST_F(AuthorizationMatrixTest, EveryCallerGetsExactlyTheExpectedStatus) {
  for (const Case& c : kMatrix) {
    ASSERT_EQ(c.expected.size(), kRoles.size()) << c.path;
    for (size_t r = 0; r < kRoles.size(); ++r) {
      const std::string& role = kRoles[r];
      auto w = MakeWorld(c);
      std::string path = c.path, body = c.json_body;
      for (const auto& [k, v] : w) {
        ReplaceAll(path, k, v);
        ReplaceAll(body, k, v);
      }
      const std::string token = Token(role, c.path == "/api/auth/logout");
      HttpReply reply;
      if (c.body == Body::kUpload) {
        if (token.empty()) {
          reply = Request(
              api_->port(), c.method, path, "x",
              {{"Content-Type", std::string("multipart/form-data; boundary=") + kUploadBoundary}});
        } else {
          reply = api_->Upload(c.method, path, token, {{"name", "up"}}, "a,b\n1,2\n");
        }
      } else {
        reply = api_->Call(c.method, path, token, body.empty() ? json() : json::parse(body));
      }
      EXPECT_EQ(reply.status, c.expected[r])
          << c.method << " " << c.path << " as " << role << ": " << reply.body;
      if (reply.status == 403 || reply.status == 404) {
        // Refusals use the error format and never echo another user's object.
        EXPECT_TRUE(json::parse(reply.body).contains("error")) << reply.body;
      }
    }
  }
}

}  // namespace
}  // namespace bi::testing
