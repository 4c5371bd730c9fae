// The metadata-store conformance suite: what every backend must do identically.
#include "tests/store/metadata_conformance.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace bi::store::testing {
namespace {

using AV = AttributeValue;

AV S(std::string s) {
  return AV::S(std::move(s));
}
AV N(int64_t n) {
  return AV::N(n);
}
AV Num(std::string_view text) {
  return AV::N(Number::Parse(text).value());
}

Item Dataset(const std::string& id, const std::string& owner, int64_t created) {
  return {{"datasetId", S(id)},
          {"ownerId", S(owner)},
          {"createdAt", N(created)},
          {"name", S("ds " + id)},
          {"version", N(1)}};
}

// Reads every page of a query, checking page sizes and that no cursor repeats.
std::vector<Item> QueryAll(MetadataStore& store, QueryRequest r, int* pages = nullptr) {
  std::vector<Item> all;
  std::set<std::string> cursors;
  int n = 0;
  while (true) {
    auto page = store.Query(r);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    EXPECT_LE(page->items.size(), static_cast<size_t>(r.limit));
    all.insert(all.end(), page->items.begin(), page->items.end());
    ++n;
    if (page->cursor.empty()) break;
    EXPECT_TRUE(cursors.insert(page->cursor).second) << "cursor repeated";
    r.cursor = page->cursor;
  }
  if (pages) *pages = n;
  return all;
}

std::vector<std::string> Ids(const std::vector<Item>& items, const std::string& attr) {
  std::vector<std::string> ids;
  for (const auto& i : items) ids.push_back(i.at(attr).s());
  return ids;
}

}  // namespace

const TableDef& EventsTable() {
  static const TableDef def = {
      "test_events",
      {"stream", KeyType::kString},
      KeyAttr{"seq", KeyType::kNumber},
      {{"EventsByKind", {"kind", KeyType::kString}, KeyAttr{"label", KeyType::kString}}}};
  return def;
}

void MetadataConformance::SetUp() {
  auto opened = GetParam().open(dir_.path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  ASSERT_TRUE(CreateAllTables(*store_).ok());
  ASSERT_TRUE(store_->CreateTable(EventsTable()).ok());
}

TEST_P(MetadataConformance, CreateTablesIsIdempotentAndListsAllEight) {
  ASSERT_TRUE(CreateAllTables(store()).ok());
  ASSERT_TRUE(CreateAllTables(store()).ok());
  auto names = store().ListTables();
  ASSERT_TRUE(names.ok());
  for (const auto& def : AllTables()) {
    EXPECT_NE(std::find(names->begin(), names->end(), def.name), names->end()) << def.name;
  }
  EXPECT_EQ(AllTables().size(), 8u);
  TableDef changed = AllTables()[0];
  changed.indexes.clear();
  EXPECT_EQ(store().CreateTable(changed).code(), ErrorCode::kConflict);
}

TEST_P(MetadataConformance, RoundTripsEveryAttributeType) {
  AV::Map nested = {{"deep", AV::L({N(1), S("二"), AV::Null(), AV::Bool(false)})},
                    {"empty_map", AV::M({})}};
  Item item = {
      {"userId", S("u-ユーザー-😀")},
      {"email", S("ünïcödé@例え.jp")},
      {"null", AV::Null()},
      {"empty", S("")},
      {"text", S("日本語テキスト, emoji 👩‍💻, \"quotes\", \\ and \n newline, tab\t")},
      {"int", N(-9007199254740993LL)},
      {"big", Num("12345678901234567890123456789012345678")},
      {"tiny", Num("1e-130")},
      {"huge", Num("9.9999999999999999999999999999999999999E+125")},
      {"dec", Num("-0.000123")},
      {"t", AV::Bool(true)},
      {"f", AV::Bool(false)},
      {"list", AV::L({S("a"), N(2), AV::M(nested), AV::L({})})},
      {"map", AV::M(nested)},
      {"属性", S("名前付き属性")},
  };
  ASSERT_TRUE(store().Put(tables::kUsers, item).ok());
  auto got = store().Get(tables::kUsers, {{"userId", S("u-ユーザー-😀")}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, item);
  EXPECT_EQ((**got).at("big").n().text(), "12345678901234567890123456789012345678");
  // The same item comes back through the GSI unchanged.
  QueryRequest q{tables::kUsers, indexes::kUsersByEmail, S("ünïcödé@例え.jp")};
  auto page = store().Query(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0], item);
}

TEST_P(MetadataConformance, NumbersAreCanonical) {
  Item item = {{"userId", S("n")},
               {"a", Num("1.50")},
               {"b", Num("1e3")},
               {"c", Num("-0")},
               {"d", AV::N(Number::FromDouble(0.1).value())}};
  ASSERT_TRUE(store().Put(tables::kUsers, item).ok());
  auto got = store().Get(tables::kUsers, {{"userId", S("n")}});
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((**got).at("a").n().text(), "1.5");
  EXPECT_EQ((**got).at("b").n().text(), "1000");
  EXPECT_EQ((**got).at("c").n().text(), "0");
  EXPECT_EQ((**got).at("d").n().ToDouble(), 0.1);
}

TEST_P(MetadataConformance, LargeItemsUpToTheLimit) {
  std::string big(390 * 1024, 'x');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  Item item = {{"cardId", S("big")}, {"code", S(big)}};
  ASSERT_TRUE(store().Put(tables::kCards, item).ok());
  auto got = store().Get(tables::kCards, {{"cardId", S("big")}});
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, item);
  Item too_big = {{"cardId", S("big2")}, {"code", S(std::string(401 * 1024, 'y'))}};
  EXPECT_EQ(store().Put(tables::kCards, too_big).code(), ErrorCode::kInvalidArgument);
}

TEST_P(MetadataConformance, MissingItemsAndTables) {
  auto got = store().Get(tables::kCards, {{"cardId", S("nope")}});
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  EXPECT_TRUE(store().Delete(tables::kCards, {{"cardId", S("nope")}}).ok());
  EXPECT_EQ(store().Delete(tables::kCards, {{"cardId", S("nope")}}, Condition::Exists()).code(),
            ErrorCode::kConflict);
  auto page = store().Query({tables::kCards, indexes::kCardsByOwner, S("nobody")});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_TRUE(page->cursor.empty());
  EXPECT_EQ(store().Get("bi_nonexistent", {{"id", S("x")}}).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store().Put("bi_nonexistent", {{"id", S("x")}}).code(), ErrorCode::kNotFound);
}

TEST_P(MetadataConformance, RejectsBadKeysAndContent) {
  auto put = [&](Item item) { return store().Put(tables::kDatasets, item).code(); };
  EXPECT_EQ(put({{"name", S("no key")}}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(put({{"datasetId", N(1)}}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(put({{"datasetId", S("")}}), ErrorCode::kInvalidArgument);
  // GSI key attributes must have their declared types.
  EXPECT_EQ(put({{"datasetId", S("d")}, {"ownerId", S("o")}, {"createdAt", S("yesterday")}}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(put({{"datasetId", S("d")}, {"name", S(std::string("bad \xff utf8"))}}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().Get(tables::kDatasets, {{"datasetId", S("d")}, {"x", S("y")}}).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().Get(tables::kGroupMembers, {{"groupId", S("g")}}).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(MetadataConformance, ConditionalPutAndDelete) {
  Item v1 = Dataset("d1", "o", 1);
  ASSERT_TRUE(store().Put(tables::kDatasets, v1, Condition::NotExists()).ok());
  EXPECT_EQ(store().Put(tables::kDatasets, v1, Condition::NotExists()).code(),
            ErrorCode::kConflict);
  Item v2 = v1;
  v2["version"] = N(2);
  v2["name"] = S("renamed");
  EXPECT_EQ(store().Put(tables::kDatasets, v2, Condition::VersionEquals(7)).code(),
            ErrorCode::kConflict);
  ASSERT_TRUE(store().Put(tables::kDatasets, v2, Condition::VersionEquals(1)).ok());
  // The stale writer loses: no lost update.
  Item stale = v1;
  stale["name"] = S("stale");
  stale["version"] = N(2);
  EXPECT_EQ(store().Put(tables::kDatasets, stale, Condition::VersionEquals(1)).code(),
            ErrorCode::kConflict);
  auto got = store().Get(tables::kDatasets, {{"datasetId", S("d1")}});
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((**got).at("name").s(), "renamed");
  EXPECT_EQ(
      store().Put(tables::kDatasets, Dataset("d9", "o", 1), Condition::VersionEquals(1)).code(),
      ErrorCode::kConflict);
  EXPECT_EQ(store().Put(tables::kDatasets, Dataset("d9", "o", 1), Condition::Exists()).code(),
            ErrorCode::kConflict);
  EXPECT_TRUE(store().Put(tables::kDatasets, v2, Condition::Exists()).ok());
  EXPECT_EQ(store()
                .Delete(tables::kDatasets, {{"datasetId", S("d1")}}, Condition::VersionEquals(1))
                .code(),
            ErrorCode::kConflict);
  EXPECT_TRUE(store()
                  .Delete(tables::kDatasets, {{"datasetId", S("d1")}}, Condition::VersionEquals(2))
                  .ok());
  got = store().Get(tables::kDatasets, {{"datasetId", S("d1")}});
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST_P(MetadataConformance, ConditionalWriteRacesHaveExactlyOneWinner) {
  constexpr int kThreads = 8, kRounds = 15;
  for (int round = 0; round < kRounds; ++round) {
    std::string id = "race-" + std::to_string(round);
    // Creation race.
    std::atomic<int> created{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Item item = Dataset(id, "owner-" + std::to_string(t), t);
        Status s = store().Put(tables::kDatasets, item, Condition::NotExists());
        (s.ok() ? created : s.code() == ErrorCode::kConflict ? conflicts : other)++;
      });
    }
    for (auto& th : threads) th.join();
    threads.clear();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(conflicts.load(), kThreads - 1);
    EXPECT_EQ(other.load(), 0);
    // Update race: everyone read version 1.
    std::atomic<int> updated{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Item item = Dataset(id, "o", 5);
        item["version"] = N(2);
        item["writer"] = N(t);
        if (store().Put(tables::kDatasets, item, Condition::VersionEquals(1)).ok()) updated++;
      });
    }
    for (auto& th : threads) th.join();
    threads.clear();
    EXPECT_EQ(updated.load(), 1);
    // Delete race.
    std::atomic<int> deleted{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        if (store().Delete(tables::kDatasets, {{"datasetId", S(id)}}, Condition::Exists()).ok()) {
          deleted++;
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(deleted.load(), 1);
  }
}

TEST_P(MetadataConformance, GsiQueryOrdersRangesAndPaginates) {
  // 240 datasets for one owner (createdAt with ties), 40 for another, 5 without an owner.
  std::vector<std::pair<int64_t, std::string>> expected;
  for (int i = 0; i < 240; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "a%03d", (i * 37) % 240);
    int64_t created = 1700000000000LL + i / 3;  // three items share each timestamp
    ASSERT_TRUE(store().Put(tables::kDatasets, Dataset(id, "owner-a", created)).ok());
    expected.emplace_back(created, id);
  }
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(
        store().Put(tables::kDatasets, Dataset("b" + std::to_string(i), "owner-b", i)).ok());
  }
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store().Put(tables::kDatasets, {{"datasetId", S("c" + std::to_string(i))}}).ok());
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> asc_ids;
  for (const auto& e : expected) asc_ids.push_back(e.second);

  QueryRequest q{tables::kDatasets, indexes::kDatasetsByOwner, S("owner-a")};
  q.limit = 7;
  int pages = 0;
  auto all = QueryAll(store(), q, &pages);
  EXPECT_EQ(Ids(all, "datasetId"), asc_ids);
  EXPECT_GE(pages, 240 / 7);

  q.ascending = false;
  q.limit = 50;
  auto desc = QueryAll(store(), q);
  ASSERT_EQ(desc.size(), 240u);
  for (size_t i = 1; i < desc.size(); ++i) {
    EXPECT_GE(desc[i - 1].at("createdAt").n().ToInt64(), desc[i].at("createdAt").n().ToInt64());
  }
  auto desc_ids = Ids(desc, "datasetId");
  std::set<std::string> unique(desc_ids.begin(), desc_ids.end());
  EXPECT_EQ(unique.size(), 240u);

  const int64_t base = 1700000000000LL;
  auto count = [&](SortKeyCondition c, bool ascending = true) {
    QueryRequest r{tables::kDatasets, indexes::kDatasetsByOwner, S("owner-a"), c, ascending, 9};
    return QueryAll(store(), r).size();
  };
  EXPECT_EQ(count(SortKeyCondition::Eq(N(base + 10))), 3u);
  EXPECT_EQ(count(SortKeyCondition::Between(N(base + 10), N(base + 19))), 30u);
  EXPECT_EQ(count(SortKeyCondition::Between(N(base + 10), N(base + 19)), false), 30u);
  EXPECT_EQ(count(SortKeyCondition::Lt(N(base + 10))), 30u);
  EXPECT_EQ(count(SortKeyCondition::Le(N(base + 10))), 33u);
  EXPECT_EQ(count(SortKeyCondition::Gt(N(base + 69))), 30u);
  EXPECT_EQ(count(SortKeyCondition::Ge(N(base + 69))), 33u);
  EXPECT_EQ(count(SortKeyCondition::Gt(N(base + 1000))), 0u);

  auto b = QueryAll(store(), {tables::kDatasets, indexes::kDatasetsByOwner, S("owner-b")});
  EXPECT_EQ(b.size(), 40u);

  auto scanned = 0u;
  std::string cursor;
  do {
    auto page = store().Scan(tables::kDatasets, 33, cursor);
    ASSERT_TRUE(page.ok());
    scanned += page->items.size();
    cursor = page->cursor;
  } while (!cursor.empty());
  EXPECT_EQ(scanned, 285u);
}

TEST_P(MetadataConformance, UpdatesMoveItemsBetweenIndexPartitions) {
  ASSERT_TRUE(
      store()
          .Put(tables::kCards, {{"cardId", S("c1")}, {"ownerId", S("x")}, {"createdAt", N(5)}})
          .ok());
  ASSERT_TRUE(
      store()
          .Put(tables::kCards, {{"cardId", S("c1")}, {"ownerId", S("y")}, {"createdAt", N(5)}})
          .ok());
  EXPECT_TRUE(QueryAll(store(), {tables::kCards, indexes::kCardsByOwner, S("x")}).empty());
  EXPECT_EQ(QueryAll(store(), {tables::kCards, indexes::kCardsByOwner, S("y")}).size(), 1u);
  // Without the sort attribute, the item leaves the index.
  ASSERT_TRUE(store().Put(tables::kCards, {{"cardId", S("c1")}, {"ownerId", S("y")}}).ok());
  EXPECT_TRUE(QueryAll(store(), {tables::kCards, indexes::kCardsByOwner, S("y")}).empty());
  ASSERT_TRUE(store().Delete(tables::kCards, {{"cardId", S("c1")}}).ok());
}

TEST_P(MetadataConformance, CompositeKeysAndBaseTableQueries) {
  for (int g = 0; g < 3; ++g) {
    for (int u = 0; u < 30; ++u) {
      Item m = {{"groupId", S("g" + std::to_string(g))},
                {"userId", S((u % 2 ? "user-" : "svc-") + std::to_string(100 + u))},
                {"addedAt", N(u)}};
      ASSERT_TRUE(store().Put(tables::kGroupMembers, m, Condition::NotExists()).ok());
    }
  }
  Item dup = {{"groupId", S("g1")}, {"userId", S("user-101")}};
  EXPECT_EQ(store().Put(tables::kGroupMembers, dup, Condition::NotExists()).code(),
            ErrorCode::kConflict);
  auto got = store().Get(tables::kGroupMembers, {{"groupId", S("g1")}, {"userId", S("user-101")}});
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((**got).at("addedAt").n().ToInt64(), 1);

  QueryRequest q{tables::kGroupMembers, "", S("g1")};
  q.limit = 4;
  auto members = QueryAll(store(), q);
  ASSERT_EQ(members.size(), 30u);
  EXPECT_TRUE(std::is_sorted(members.begin(), members.end(), [](const Item& a, const Item& b) {
    return a.at("userId").s() < b.at("userId").s();
  }));
  q.sort = SortKeyCondition::BeginsWith("user-");
  EXPECT_EQ(QueryAll(store(), q).size(), 15u);
  q.sort = SortKeyCondition::Between(S("svc-100"), S("svc-110"));
  EXPECT_EQ(QueryAll(store(), q).size(), 6u);

  QueryRequest by_user{tables::kGroupMembers, indexes::kMembersByUser, S("user-105")};
  by_user.ascending = false;
  by_user.limit = 2;
  EXPECT_EQ(Ids(QueryAll(store(), by_user), "groupId"),
            (std::vector<std::string>{"g2", "g1", "g0"}));

  ASSERT_TRUE(store()
                  .Delete(tables::kGroupMembers, {{"groupId", S("g1")}, {"userId", S("user-105")}},
                          Condition::Exists())
                  .ok());
  by_user.ascending = true;
  EXPECT_EQ(Ids(QueryAll(store(), by_user), "groupId"), (std::vector<std::string>{"g0", "g2"}));
}

TEST_P(MetadataConformance, TwoIndexesOnShares) {
  for (int i = 0; i < 20; ++i) {
    Item share = {{"shareId", S("s" + std::to_string(i))},
                  {"dashboardId", S(i < 12 ? "dash-1" : "dash-2")},
                  {"sharedToId", S(i % 4 == 0 ? "group-1" : "user-" + std::to_string(i % 3))},
                  {"sharedToType", S(i % 4 == 0 ? "group" : "user")},
                  {"permission", S(i % 2 ? "edit" : "view")},
                  {"createdAt", N(1000 + i)}};
    ASSERT_TRUE(store().Put(tables::kDashboardShares, share).ok());
  }
  EXPECT_EQ(QueryAll(store(), {tables::kDashboardShares, indexes::kSharesByDashboard, S("dash-1")})
                .size(),
            12u);
  EXPECT_EQ(
      QueryAll(store(), {tables::kDashboardShares, indexes::kSharesByTarget, S("group-1")}).size(),
      5u);
  QueryRequest q{tables::kDashboardShares, indexes::kSharesByDashboard, S("dash-2"),
                 SortKeyCondition::Ge(N(1015))};
  EXPECT_EQ(Ids(QueryAll(store(), q), "shareId"),
            (std::vector<std::string>{"s15", "s16", "s17", "s18", "s19"}));
}

TEST_P(MetadataConformance, NumberSortKeysAndStringIndexRanges) {
  for (int i = 0; i < 60; ++i) {
    Item e = {{"stream", S("st")},
              {"seq", i % 2 ? N(-i) : Num(std::to_string(i) + ".5")},
              {"kind", S(i % 3 ? "click" : "view")},
              {"label", S("l-" + std::to_string(1000 + i))}};
    ASSERT_TRUE(store().Put(EventsTable().name, e).ok());
  }
  QueryRequest q{EventsTable().name, "", S("st")};
  q.limit = 11;
  auto all = QueryAll(store(), q);
  ASSERT_EQ(all.size(), 60u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].at("seq").n().Compare(all[i].at("seq").n()), 0);
  }
  q.sort = SortKeyCondition::Between(N(-10), Num("10.5"));
  EXPECT_EQ(QueryAll(store(), q).size(), 11u);  // -9,-7,...,-1 (5) and 0.5..10.5 (6)
  auto got = store().Get(EventsTable().name, {{"stream", S("st")}, {"seq", Num("4.5")}});
  ASSERT_TRUE(got.ok() && got->has_value());

  QueryRequest k{EventsTable().name, "EventsByKind", S("view"),
                 SortKeyCondition::BeginsWith("l-102")};
  k.limit = 2;
  EXPECT_EQ(Ids(QueryAll(store(), k), "label"),
            (std::vector<std::string>{"l-1021", "l-1024", "l-1027"}));
}

TEST_P(MetadataConformance, RejectsBadQueries) {
  QueryRequest q{tables::kUsers, indexes::kUsersByEmail, S("a@b")};
  q.cursor = "not a cursor!";
  EXPECT_EQ(store().Query(q).status().code(), ErrorCode::kInvalidArgument);
  q.cursor.clear();
  q.sort = SortKeyCondition::Eq(S("x"));  // UsersByEmail has no sort key
  EXPECT_EQ(store().Query(q).status().code(), ErrorCode::kInvalidArgument);
  QueryRequest bad_index{tables::kUsers, "NoSuchIndex", S("a")};
  EXPECT_EQ(store().Query(bad_index).status().code(), ErrorCode::kInvalidArgument);
  QueryRequest bad_type{tables::kDatasets, indexes::kDatasetsByOwner, N(3)};
  EXPECT_EQ(store().Query(bad_type).status().code(), ErrorCode::kInvalidArgument);
  QueryRequest bad_limit{tables::kDatasets, indexes::kDatasetsByOwner, S("o")};
  bad_limit.limit = 0;
  EXPECT_EQ(store().Query(bad_limit).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(MetadataConformance, ConcurrentReadersAndWritersStayConsistent) {
  constexpr int kWriters = 4, kPerWriter = 60;
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
        if (!store()
                 .Put(tables::kDashboards,
                      {{"dashboardId", S(id)}, {"ownerId", S("shared")}, {"createdAt", N(i)}})
                 .ok()) {
          errors++;
        }
      }
    });
  }
  threads.emplace_back([&] {
    while (!done) {
      auto page = store().Query({tables::kDashboards, indexes::kDashboardsByOwner, S("shared")});
      if (!page.ok()) errors++;
    }
  });
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  done = true;
  threads.back().join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(QueryAll(store(), {tables::kDashboards, indexes::kDashboardsByOwner, S("shared"),
                               std::nullopt, true, 1000})
                .size(),
            static_cast<size_t>(kWriters * kPerWriter));
  EXPECT_TRUE(store().CheckIntegrity().ok());
}

}  // namespace bi::store::testing
