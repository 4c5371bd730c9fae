// SQLite-specific behaviour: every GSI query is served by an index, data survives reopening,
// and lock contention from another process is waited out instead of failing.
#include "store/sqlite_metadata_store.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <thread>

#include "common/config.h"
#include "store/store_factory.h"
#include "tests/store/temp_dir.h"

namespace bi::store {
namespace {

using AV = AttributeValue;

TEST(SqliteMetadataStoreTest, EveryIndexQueryUsesItsIndex) {
  bi::testing::TempDir dir;
  auto store = SqliteMetadataStore::Open(dir.path() / "m.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(CreateAllTables(**store).ok());
  for (const auto& table : AllTables()) {
    for (const auto& index : table.indexes) {
      QueryRequest q{table.name, index.name, AV::S("p")};
      if (index.sort) {
        q.sort = SortKeyCondition::Gt(index.sort->type == KeyType::kNumber ? AV::N(1) : AV::S("a"));
      }
      auto plan = (*store)->ExplainQuery(q);
      ASSERT_TRUE(plan.ok()) << plan.status().ToString();
      EXPECT_NE(plan->find("x_" + table.name + "__" + index.name), std::string::npos)
          << table.name << "." << index.name << ": " << *plan;
      EXPECT_EQ(plan->find("TEMP B-TREE"), std::string::npos) << *plan;  // no sort step
    }
  }
}

TEST(SqliteMetadataStoreTest, PersistsAcrossReopenInWalMode) {
  bi::testing::TempDir dir;
  Config config;
  config.data_dir = dir.path() / "data";
  {
    auto store = OpenMetadataStore(config);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(CreateAllTables(**store).ok());
    ASSERT_TRUE(
        (*store)->Put(tables::kUsers, {{"userId", AV::S("u1")}, {"email", AV::S("a@b")}}).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "data" / "metadata.db"));
  auto store = OpenMetadataStore(config);
  ASSERT_TRUE(store.ok());
  auto got = (*store)->Get(tables::kUsers, {{"userId", AV::S("u1")}});
  ASSERT_TRUE(got.ok() && got->has_value());
  auto tables = (*store)->ListTables();
  EXPECT_EQ(tables->size(), 8u);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "data" / "metadata.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST(SqliteMetadataStoreTest, TablesCreatedByAnotherProcessAreFound) {
  bi::testing::TempDir dir;
  auto a = SqliteMetadataStore::Open(dir.path() / "m.db");
  auto b = SqliteMetadataStore::Open(dir.path() / "m.db");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(CreateAllTables(**b).ok());
  EXPECT_TRUE((*a)->Put(tables::kCards, {{"cardId", AV::S("c")}}).ok());
}

TEST(SqliteMetadataStoreTest, ChangeStampMovesOnEveryCommitFromAnyConnection) {
  bi::testing::TempDir dir;
  SqliteOptions poll_always;
  poll_always.foreign_write_poll_ms = 0;
  auto a = SqliteMetadataStore::Open(dir.path() / "m.db", poll_always);
  auto b = SqliteMetadataStore::Open(dir.path() / "m.db");  // as another process would
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(CreateAllTables(**a).ok());
  auto s0 = (*a)->ChangeStamp();
  ASSERT_TRUE(s0.has_value());
  ASSERT_TRUE((*a)->Get(tables::kCards, {{"cardId", AV::S("c")}}).ok());
  EXPECT_EQ((*a)->ChangeStamp(), s0) << "reads leave the stamp alone";

  ASSERT_TRUE((*a)->Put(tables::kCards, {{"cardId", AV::S("c")}}).ok());
  auto s1 = (*a)->ChangeStamp();
  EXPECT_NE(s1, s0) << "this store's own write";
  ASSERT_TRUE((*b)->Put(tables::kCards, {{"cardId", AV::S("c")}, {"x", AV::N(1)}}).ok());
  auto s2 = (*a)->ChangeStamp();
  EXPECT_NE(s2, s1) << "another connection's write";
  ASSERT_TRUE((*b)->Delete(tables::kCards, {{"cardId", AV::S("c")}}).ok());
  EXPECT_NE((*a)->ChangeStamp(), s2);
}

TEST(SqliteMetadataStoreTest, WaitsOutAWriteLockHeldElsewhere) {
  bi::testing::TempDir dir;
  auto store = SqliteMetadataStore::Open(dir.path() / "m.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(CreateAllTables(**store).ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  // Longer than SQLite's own per-attempt busy timeout: our retry loop must carry it.
  Status s = (*store)->Put(tables::kCards, {{"cardId", AV::S("c")}});
  release.join();
  sqlite3_close(other);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(SqliteMetadataStoreTest, ContentionBeyondPatienceIsUnavailableNotInternal) {
  bi::testing::TempDir dir;
  SqliteOptions opts;
  opts.max_busy_wait_ms = 300;
  auto store = SqliteMetadataStore::Open(dir.path() / "m.db", opts);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(CreateAllTables(**store).ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Status s = (*store)->Put(tables::kCards, {{"cardId", AV::S("c")}});
  sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable) << s.ToString();
}

TEST(SqliteMetadataStoreTest, IntegrityCheckFindsTamperedItems) {
  bi::testing::TempDir dir;
  auto store = SqliteMetadataStore::Open(dir.path() / "m.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(CreateAllTables(**store).ok());
  ASSERT_TRUE((*store)->Put(tables::kCards, {{"cardId", AV::S("c")}}).ok());
  EXPECT_TRUE((*store)->CheckIntegrity().ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "UPDATE t_bi_cards SET body = '{\"cardId\":{\"S\":\"zzz\"}}'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  EXPECT_EQ((*store)->CheckIntegrity().code(), ErrorCode::kCorruption);
}

TEST(SqliteMetadataStoreTest, DynamoEndpointIsNotSilentlyIgnored) {
  Config config;
  config.dynamodb_endpoint = "http://127.0.0.1:1";
  auto store = OpenMetadataStore(config);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->backend_name(), "dynamodb");
}

}  // namespace
}  // namespace bi::store
