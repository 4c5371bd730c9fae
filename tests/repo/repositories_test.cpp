// Repositories over every metadata backend (parameterised like the store conformance suite).
#include "repo/repositories.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/forwarding_metadata_store.h"
#include "store/sqlite_metadata_store.h"
#include "tests/store/dynalite_store.h"
#include "tests/store/temp_dir.h"

namespace bi::repo {
namespace {

using store::AttributeValue;
using AV = AttributeValue;

struct Backend {
  std::string name;
  std::function<Result<std::unique_ptr<store::MetadataStore>>(const std::filesystem::path&)> open;
};
void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}

class RepositoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ASSERT_TRUE(store::CreateAllTables(*store_).ok());
  }
  // A clock that ticks one millisecond per reading.
  Clock clock() {
    return [this] { return now_++; };
  }
  bi::testing::TempDir dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::atomic<int64_t> now_{1700000000000};
};

User NewUser(std::string email) {
  User u;
  u.email = std::move(email);
  u.name = "ユーザー";
  u.password_hash = "$argon2id$...";
  return u;
}

TEST_P(RepositoryTest, IdsAreRandomAndUrlSafe) {
  std::set<std::string> ids;
  for (int i = 0; i < 2000; ++i) {
    std::string id = NewId();
    EXPECT_EQ(id.size(), 22u);  // 128 bits
    EXPECT_EQ(
        id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 2000u);
}

TEST_P(RepositoryTest, UserLifecycleWithUniqueEmails) {
  UserRepository users(*store_, clock());
  auto alice = users.Create(NewUser("  Alice@Example.COM "));
  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  EXPECT_EQ(alice->email, "alice@example.com");
  EXPECT_EQ(alice->version, 1);
  EXPECT_GE(alice->created_at, 1700000000000);  // the test clock
  EXPECT_EQ(alice->updated_at, alice->created_at);
  EXPECT_EQ(users.Create(NewUser("ALICE@example.com")).status().code(), ErrorCode::kConflict);

  auto found = users.FindByEmail("alice@EXAMPLE.com");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user_id, alice->user_id);
  EXPECT_EQ((*found)->name, "ユーザー");
  EXPECT_FALSE(users.FindByEmail("bob@example.com")->has_value());

  User changed = *alice;
  changed.role = Role::kAdmin;
  auto v2 = users.Update(changed);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_GT(v2->updated_at, v2->created_at);
  // The same stale copy again: conflict, and the stored user is unchanged.
  changed.name = "lost update";
  auto stale = users.Update(changed);
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(stale.status().details()["currentVersion"], 2);
  EXPECT_EQ(users.Get(alice->user_id)->name, "ユーザー");
  EXPECT_EQ(users.Get(alice->user_id)->role, Role::kAdmin);

  // Email change frees the old address and takes the new one.
  auto bob = users.Create(NewUser("bob@example.com"));
  ASSERT_TRUE(bob.ok());
  User moved = *v2;
  moved.email = "bob@example.com";
  EXPECT_EQ(users.Update(moved).status().code(), ErrorCode::kConflict);
  moved.email = "alice2@example.com";
  auto v3 = users.Update(moved);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_FALSE(users.FindByEmail("alice@example.com")->has_value());
  EXPECT_TRUE(users.Create(NewUser("alice@example.com")).ok());

  auto all = users.List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 3u);  // guard items are not users

  EXPECT_EQ(users.Delete(bob->user_id, 7).code(), ErrorCode::kConflict);
  ASSERT_TRUE(users.Delete(bob->user_id).ok());
  EXPECT_EQ(users.Get(bob->user_id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(users.Delete(bob->user_id).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(users.Create(NewUser("bob@example.com")).ok());
  EXPECT_EQ(users.Create(NewUser("   ")).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(RepositoryTest, StaleEmailGuardOfACrashedCreateIsTakenOver) {
  // A create that claimed the email and died before writing the user.
  ASSERT_TRUE(store_
                  ->Put(store::tables::kUsers, {{"userId", AV::S("unique#email#carol@example.com")},
                                                {"guardOwner", AV::S("ghost")},
                                                {"version", AV::N(1)}})
                  .ok());
  UserRepository users(*store_, clock());
  EXPECT_TRUE(users.Create(NewUser("carol@example.com")).ok());
  EXPECT_EQ(users.Create(NewUser("carol@example.com")).status().code(), ErrorCode::kConflict);

  // A fresh guard may belong to a create still in flight: it holds until its lease runs out.
  ASSERT_TRUE(store_
                  ->Put(store::tables::kUsers, {{"userId", AV::S("unique#email#dave@example.com")},
                                                {"guardOwner", AV::S("in-flight")},
                                                {"claimedAt", AV::N(now_.load())},
                                                {"version", AV::N(1)}})
                  .ok());
  EXPECT_EQ(users.Create(NewUser("dave@example.com")).status().code(), ErrorCode::kConflict);
  now_ += kGuardLeaseMs;
  EXPECT_TRUE(users.Create(NewUser("dave@example.com")).ok());
}

TEST_P(RepositoryTest, ConcurrentCreatesWithOneEmailHaveOneWinner) {
  UserRepository users(*store_, clock());
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto u = users.Create(NewUser("race@example.com"));
      (u.ok() ? ok : conflict)++;
      if (!u.ok()) {
        EXPECT_EQ(u.status().code(), ErrorCode::kConflict);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 7);
}

TEST_P(RepositoryTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  DashboardRepository dashboards(*store_, clock());
  Dashboard d;
  d.owner_id = "owner";
  d.name = "0";
  auto created = dashboards.Create(d);
  ASSERT_TRUE(created.ok());
  constexpr int kThreads = 4, kIncrements = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        while (true) {
          auto cur = dashboards.Get(created->dashboard_id);
          ASSERT_TRUE(cur.ok());
          cur->name = std::to_string(std::stoi(cur->name) + 1);
          auto s = dashboards.Update(*cur);
          if (s.ok()) break;
          ASSERT_EQ(s.status().code(), ErrorCode::kConflict);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  auto final_state = dashboards.Get(created->dashboard_id);
  EXPECT_EQ(final_state->name, std::to_string(kThreads * kIncrements));
  EXPECT_EQ(final_state->version, 1 + kThreads * kIncrements);
}

TEST_P(RepositoryTest, DatasetsRoundTripAndListNewestFirst) {
  DatasetRepository datasets(*store_, clock());
  Dataset d;
  d.owner_id = "u1";
  d.name = "売上 2026";
  d.description = "monthly";
  d.schema = AV::L(
      {AV::M({{"name", AV::S("日付")}, {"type", AV::S("date")}}),
       AV::M(
           {{"name", AV::S("amount")}, {"type", AV::S("float64")}, {"nullable", AV::Bool(true)}})});
  d.row_count = 123456;
  d.source_bytes = 99 << 20;
  d.stored_bytes = 12 << 20;
  d.source_encoding = "cp932";
  d.delimiter = "\t";
  d.data_version = 3;
  d.data_prefix = "datasets/x/data/";
  d.data_generation = "0190abc";
  auto created = datasets.Create(d);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto got = datasets.Get(created->dataset_id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(store::ItemToPlainJson(ToItem(*got)), store::ItemToPlainJson(ToItem(*created)));
  EXPECT_EQ(got->schema, d.schema);
  EXPECT_EQ(got->delimiter, "\t");

  for (int i = 0; i < 30; ++i) {
    Dataset more;
    more.owner_id = i % 3 ? "u1" : "u2";
    more.name = "d" + std::to_string(i);
    ASSERT_TRUE(datasets.Create(more).ok());
  }
  PageRequest page;
  page.limit = 4;
  std::vector<Dataset> all;
  do {
    auto p = datasets.ListByOwner("u1", page);
    ASSERT_TRUE(p.ok());
    all.insert(all.end(), p->items.begin(), p->items.end());
    page.cursor = p->cursor;
  } while (!page.cursor.empty());
  ASSERT_EQ(all.size(), 21u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i - 1].created_at, all[i].created_at);
  EXPECT_EQ(all.back().name, "売上 2026");  // the oldest
}

TEST_P(RepositoryTest, CardsDashboardsAndFilterViews) {
  CardRepository cards(*store_, clock());
  Card c;
  c.owner_id = "u1";
  c.title = "KPI";
  c.dataset_id = "ds1";
  c.extra_datasets = AV::M({{"targets", AV::S("ds2")}});
  c.code = "result = df.groupby('a').sum()\n";
  c.display = AV::M({{"type", AV::S("bar")}, {"stacked", AV::Bool(true)}});
  auto card = cards.Create(c);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(cards.Get(card->card_id)->code, c.code);
  EXPECT_EQ(cards.Get(card->card_id)->extra_datasets, c.extra_datasets);
  EXPECT_EQ(cards.ListByOwner("u1", {})->items.size(), 1u);

  DashboardRepository dashboards(*store_, clock());
  Dashboard d;
  d.owner_id = "u1";
  d.name = "Sales";
  d.layout = AV::L({AV::M({{"cardId", AV::S(card->card_id)}, {"x", AV::N(0)}, {"w", AV::N(6)}})});
  d.filters = AV::L({AV::M({{"column", AV::S("region")}, {"type", AV::S("select")}})});
  auto dash = dashboards.Create(d);
  ASSERT_TRUE(dash.ok());
  EXPECT_EQ(dashboards.Get(dash->dashboard_id)->layout, d.layout);

  FilterViewRepository views(*store_, clock());
  for (int i = 0; i < 3; ++i) {
    FilterView v;
    v.dashboard_id = dash->dashboard_id;
    v.owner_id = "u1";
    v.name = "view " + std::to_string(i);
    v.values = AV::M({{"region", AV::L({AV::S("関東")})}});
    ASSERT_TRUE(views.Create(v).ok());
  }
  PageRequest oldest_first;
  oldest_first.newest_first = false;
  auto list = views.ListByDashboard(dash->dashboard_id, oldest_first);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[0].name, "view 0");
  EXPECT_EQ(list->items[0].values.m().at("region").l()[0].s(), "関東");
  ASSERT_TRUE(views.Delete(list->items[0].filter_view_id, list->items[0].version).ok());
  EXPECT_EQ(views.ListByDashboard(dash->dashboard_id, {})->items.size(), 2u);
}

TEST_P(RepositoryTest, GroupsMembersAndShares) {
  GroupRepository groups(*store_, clock());
  Group g;
  g.name = "Sales";
  g.description = "営業部";
  auto sales = groups.Create(g);
  ASSERT_TRUE(sales.ok());
  g.name = " sales ";
  EXPECT_EQ(groups.Create(g).status().code(), ErrorCode::kConflict);
  g.name = "Ops";
  auto ops = groups.Create(g);
  ASSERT_TRUE(ops.ok());
  EXPECT_EQ((*groups.FindByName("Sales"))->group_id, sales->group_id);
  Group renamed = *ops;
  renamed.name = "SALES";
  EXPECT_EQ(groups.Update(renamed).status().code(), ErrorCode::kConflict);
  renamed.name = "Operations";
  ASSERT_TRUE(groups.Update(renamed).ok());
  EXPECT_FALSE(groups.FindByName("Ops")->has_value());
  EXPECT_EQ(groups.List({})->items.size(), 2u);

  MemberRepository members(*store_, clock());
  ASSERT_TRUE(members.Add(sales->group_id, "u1").ok());
  ASSERT_TRUE(members.Add(sales->group_id, "u2").ok());
  ASSERT_TRUE(members.Add(ops->group_id, "u1").ok());
  EXPECT_EQ(members.Add(sales->group_id, "u1").status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(*members.IsMember(sales->group_id, "u2"));
  EXPECT_EQ(members.ListByGroup(sales->group_id, {})->items.size(), 2u);
  EXPECT_EQ(members.ListByUser("u1", {})->items.size(), 2u);
  ASSERT_TRUE(members.Remove(sales->group_id, "u2").ok());
  EXPECT_EQ(members.Remove(sales->group_id, "u2").code(), ErrorCode::kNotFound);
  EXPECT_FALSE(*members.IsMember(sales->group_id, "u2"));
  ASSERT_TRUE(members.RemoveAll(sales->group_id).ok());
  EXPECT_TRUE(members.ListByGroup(sales->group_id, {})->items.empty());
  EXPECT_EQ(members.ListByUser("u1", {})->items.size(), 1u);

  ShareRepository shares(*store_, clock());
  DashboardShare s;
  s.dashboard_id = "dash1";
  s.shared_to_id = sales->group_id;
  s.shared_to_type = ShareTarget::kGroup;
  s.permission = Permission::kEdit;
  s.created_by = "u1";
  auto share = shares.Create(s);
  ASSERT_TRUE(share.ok());
  s.shared_to_id = "u3";
  s.shared_to_type = ShareTarget::kUser;
  s.permission = Permission::kView;
  ASSERT_TRUE(shares.Create(s).ok());
  EXPECT_EQ(shares.ListByDashboard("dash1", {})->items.size(), 2u);
  auto to_group = shares.ListByTarget(sales->group_id, {});
  ASSERT_EQ(to_group->items.size(), 1u);
  EXPECT_EQ(to_group->items[0].permission, Permission::kEdit);
  EXPECT_EQ(to_group->items[0].shared_to_type, ShareTarget::kGroup);
  ASSERT_TRUE(groups.Delete(sales->group_id).ok());
  EXPECT_FALSE(groups.FindByName("Sales")->has_value());
  g.name = "sales";
  EXPECT_TRUE(groups.Create(g).ok());  // the name is free again
}

TEST_P(RepositoryTest, CorruptItemsAreReportedNotGuessed) {
  ASSERT_TRUE(
      store_->Put(store::tables::kCards, {{"cardId", AV::S("c1")}, {"ownerId", AV::S("u")}}).ok());
  CardRepository cards(*store_);
  EXPECT_EQ(cards.Get("c1").status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(cards.Get("missing").status().code(), ErrorCode::kNotFound);
}

Card SmallCard(std::string title) {
  Card c;
  c.owner_id = "u1";
  c.title = std::move(title);
  c.dataset_id = "d1";
  c.code = "result = 1";
  return c;
}

// Get reuses records read at an unchanged ChangeStamp; none of that may ever hide a write.
TEST_P(RepositoryTest, RepeatedReadsSeeEveryWrite) {
  CardRepository reader(*store_, clock());
  CardRepository writer(*store_, clock());
  auto created = writer.Create(SmallCard("first"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = created->card_id;
  EXPECT_EQ(reader.Get(id)->title, "first");
  EXPECT_EQ(reader.Get(id)->title, "first");

  Card changed = *created;
  changed.title = "second";
  ASSERT_TRUE(writer.Update(changed).ok());
  auto after = reader.Get(id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->title, "second");
  EXPECT_EQ(after->version, 2);

  // A write straight to the store, not through any repository, counts too (another process's
  // writes: SqliteMetadataStoreTest.ChangeStampMovesOnEveryCommitFromAnyConnection).
  ASSERT_TRUE(store_->Delete(store::tables::kCards, {{"cardId", AV::S(id)}}).ok());
  EXPECT_EQ(reader.Get(id).status().code(), ErrorCode::kNotFound);
}

TEST_P(RepositoryTest, CachedReadsOnlyNeverReachesTheStore) {
  CardRepository cards(*store_, clock());
  auto created = cards.Create(SmallCard("t"));
  ASSERT_TRUE(created.ok());
  const bool caches = store_->ChangeStamp().has_value();
  {
    CachedReadsOnly memory_only;
    EXPECT_EQ(cards.Get(created->card_id).status().code(), ErrorCode::kUnavailable);
  }
  ASSERT_TRUE(cards.Get(created->card_id).ok());  // read, and kept where the backend allows
  CachedReadsOnly memory_only;
  EXPECT_EQ(cards.Get(created->card_id).ok(), caches);
  EXPECT_EQ(cards.Get("missing").status().code(), ErrorCode::kUnavailable);
}

TEST_P(RepositoryTest, GetManyReadsInOrderWithGapsForMissingRecords) {
  CardRepository cards(*store_, clock());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto created = cards.Create(SmallCard("card " + std::to_string(i)));
    ASSERT_TRUE(created.ok());
    ids.push_back(created->card_id);
  }
  ASSERT_TRUE(cards.Get(ids[1]).ok());  // one of them possibly in the read cache already
  auto many = cards.GetMany({ids[2], "missing", ids[0], ids[1], ids[2]});
  ASSERT_TRUE(many.ok()) << many.status().ToString();
  ASSERT_EQ(many->size(), 5u);
  EXPECT_EQ((*many)[0]->title, "card 2");
  EXPECT_EQ((*many)[1], nullptr);
  EXPECT_EQ((*many)[2]->title, "card 0");
  EXPECT_EQ((*many)[3]->title, "card 1");
  EXPECT_EQ((*many)[4]->title, "card 2");
  // A change is seen by the next read.
  Card changed = *(*many)[2];
  changed.title = "renamed";
  ASSERT_TRUE(cards.Update(changed).ok());
  EXPECT_EQ((*cards.GetMany({ids[0]}))[0]->title, "renamed");
  EXPECT_TRUE(cards.GetMany({})->empty());
}

TEST_P(RepositoryTest, FailedEntityWriteReleasesTheEmailGuard) {
  // A store whose writes to the users table fail after the guard was claimed.
  class FailUserPuts : public store::ForwardingMetadataStore {
   public:
    using ForwardingMetadataStore::ForwardingMetadataStore;
    Status Put(std::string_view table, const store::Item& item,
               const store::Condition& condition) override {
      auto id = item.find("userId");
      if (fail && id != item.end() && !UniqueGuard::IsGuardKey(id->second.s())) {
        return Status::Unavailable("injected");
      }
      return ForwardingMetadataStore::Put(table, item, condition);
    }
    bool fail = true;
  } faulty(*store_);
  UserRepository users(faulty, clock());
  EXPECT_EQ(users.Create(NewUser("erin@example.com")).status().code(), ErrorCode::kUnavailable);
  faulty.fail = false;
  EXPECT_TRUE(users.Create(NewUser("erin@example.com")).ok());  // not blocked by a lease
}

INSTANTIATE_TEST_SUITE_P(
    Sqlite, RepositoryTest,
    ::testing::Values(Backend{
        "sqlite",
        [](const std::filesystem::path& dir) -> Result<std::unique_ptr<store::MetadataStore>> {
          auto s = store::SqliteMetadataStore::Open(dir / "metadata.db");
          if (!s.ok()) return s.status();
          return std::unique_ptr<store::MetadataStore>(std::move(s).value());
        }}),
    [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(DynamoDb, RepositoryTest,
                         ::testing::Values(Backend{"dynamodb", store::testing::OpenDynaliteStore}),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace bi::repo
