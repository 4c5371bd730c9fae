// The directory, for every signed-in user: GET /api/directory?q=&limit= finds the people and
// groups a dashboard can be shared with, since owners who are not admins cannot list users
// (GET /api/users is admin-only) and see only their own groups; GET /api/directory/users/{userId}
// names one active user (e.g. the owner of a dashboard shared with me). It answers just enough
// to pick a share target or name a person: active users' id, name and email, and groups' id and
// name; never roles, disabled users, members or anything else.
//
// Matching ignores ASCII letter case and looks for `q` anywhere in a user's name or email or a
// group's name; names or emails that start with `q` come first, then by name. Users and groups
// are read in full for each search (the tool serves an in-house team, hundreds of users, not
// millions).

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_router.h"
#include "api/json_fields.h"
#include "repo/repositories.h"

namespace bi::api {
namespace {

using nlohmann::json;

constexpr int kMaxResults = 20;
constexpr size_t kMaxQueryLength = 100;

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// How well `fields` match the lower-cased query: 0 a field starts with it, 1 contains it,
// -1 no match.
int MatchRank(const std::string& needle, std::initializer_list<std::string_view> fields) {
  int best = -1;
  for (std::string_view field : fields) {
    const auto at = AsciiLower(field).find(needle);
    if (at == std::string::npos) continue;
    const int rank = at == 0 ? 0 : 1;
    if (best < 0 || rank < best) best = rank;
  }
  return best;
}

struct Hit {
  int rank;
  std::string sort_name;
  json body;
};

// Best matches first, then by name (case-insensitive), at most `limit`.
json Best(std::vector<Hit> hits, int limit) {
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.sort_name < b.sort_name;
  });
  json out = json::array();
  for (size_t i = 0; i < hits.size() && i < static_cast<size_t>(limit); ++i) {
    out.push_back(std::move(hits[i].body));
  }
  return out;
}

Result<std::vector<Hit>> MatchingUsers(repo::UserRepository& users, const std::string& needle) {
  std::vector<Hit> hits;
  repo::PageRequest page;
  page.limit = 1000;
  while (true) {
    auto batch = users.List(page);
    if (!batch.ok()) return batch.status();
    for (const auto& u : batch->items) {
      if (u.disabled) continue;
      const int rank = MatchRank(needle, {u.name, u.email});
      if (rank < 0) continue;
      hits.push_back({rank,
                      AsciiLower(u.name),
                      {{"userId", u.user_id}, {"name", u.name}, {"email", u.email}}});
    }
    if (batch->cursor.empty()) break;
    page.cursor = batch->cursor;
  }
  return hits;
}

Result<std::vector<Hit>> MatchingGroups(repo::GroupRepository& groups, const std::string& needle) {
  std::vector<Hit> hits;
  repo::PageRequest page;
  page.limit = 1000;
  while (true) {
    auto batch = groups.List(page);
    if (!batch.ok()) return batch.status();
    for (const auto& g : batch->items) {
      const int rank = MatchRank(needle, {g.name});
      if (rank < 0) continue;
      hits.push_back({rank, AsciiLower(g.name), {{"groupId", g.group_id}, {"name", g.name}}});
    }
    if (batch->cursor.empty()) break;
    page.cursor = batch->cursor;
  }
  return hits;
}

Result<int> LimitFromQuery(const http::Request& req) {
  auto raw = req.query_param("limit");
  if (!raw) return kMaxResults;
  int limit = 0;
  try {
    size_t used = 0;
    limit = std::stoi(*raw, &used);
    if (used != raw->size()) limit = 0;
  } catch (const std::exception&) {
    limit = 0;
  }
  if (limit < 1 || limit > kMaxResults) {
    return Status::InvalidArgument("limit must be from 1 to 20", {{"field", "limit"}});
  }
  return limit;
}

}  // namespace

void AddDirectoryRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();
  auto groups =
      std::make_shared<repo::GroupRepository>(*ctx.store, [&ctx] { return ctx.clock.NowMillis(); });

  routes.Signed(
      http::Verb::get, "/api/directory",
      [&ctx, groups](http::Request& req, const auth::Caller&) -> Result<http::Response> {
        const std::string q = Trimmed(req.query_param("q").value_or(""));
        if (q.empty()) {
          return Status::InvalidArgument("q is required (part of a name or email)",
                                         {{"field", "q"}});
        }
        if (q.size() > kMaxQueryLength) {
          return Status::InvalidArgument("q must be at most 100 characters", {{"field", "q"}});
        }
        auto limit = LimitFromQuery(req);
        if (!limit.ok()) return limit.status();
        const std::string needle = AsciiLower(q);
        auto users = MatchingUsers(ctx.users, needle);
        if (!users.ok()) return users.status();
        auto found_groups = MatchingGroups(*groups, needle);
        if (!found_groups.ok()) return found_groups.status();
        return http::Response::Json({{"users", Best(std::move(*users), *limit)},
                                     {"groups", Best(std::move(*found_groups), *limit)}});
      });

  routes.Signed(http::Verb::get, "/api/directory/users/{userId}",
                [&ctx](http::Request& req, const auth::Caller&) -> Result<http::Response> {
                  auto user = ctx.users.Get(req.path_param("userId"));
                  // A disabled user is as unknown here as a missing one.
                  if (!user.ok() || user->disabled) {
                    if (!user.ok() && user.status().code() != ErrorCode::kNotFound) {
                      return user.status();
                    }
                    return Status::NotFound("user not found");
                  }
                  return http::Response::Json(
                      {{"userId", user->user_id}, {"name", user->name}, {"email", user->email}});
                });
}

}  // namespace bi::api
