// The DynamoDB backend against dynalite, beyond the conformance suite: queries whose pages
// DynamoDB cuts at 1 MB, racing conditional writers, BatchGet, table definitions that
// differ, items other tools wrote, and dynalite going away mid-way and coming back.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/dynamodb_metadata_store.h"
#include "store/dynamodb_rpc.h"
#include "support/protocol_peer.h"
#include "tests/store/temp_dir.h"

namespace bi::store {
namespace {

using AV = AttributeValue;

class DynamoDbStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    peer_ = bi::testing::ProtocolPeer::Dynalite((dir_.path() / "dynalite").string());
    store_ = Open();
    ASSERT_TRUE(CreateAllTables(*store_).ok());
  }

  std::unique_ptr<DynamoDbMetadataStore> Open(aws::RetryPolicy retry = {}) {
    DynamoDbOptions options;
    options.endpoint = peer_->endpoint();
    options.retry = retry;
    return DynamoDbMetadataStore::Open(options).value();
  }

  // Sends a raw DynamoDB request, as another tool would.
  Result<nlohmann::json> Raw(std::string_view operation, const nlohmann::json& request) {
    aws::AwsEndpoint endpoint{peer_->endpoint(), {"ap-northeast-1", "dynamodb"}};
    aws::CredentialsChainOptions chain;
    chain.allow_dummy_for_local_peer = true;
    DynamoDbRpc rpc(endpoint, aws::MakeCredentialsChain(chain), {});
    return rpc.Call(operation, request);
  }

  bi::testing::TempDir dir_;
  std::unique_ptr<bi::testing::ProtocolPeer> peer_;
  std::unique_ptr<DynamoDbMetadataStore> store_;
};

TEST_F(DynamoDbStoreTest, QueriesReadOnWhenDynamoDbCutsAPageAtOneMegabyte) {
  // 30 cards of 200 KB with one owner: DynamoDB answers at most ~5 per request.
  std::string code(200 * 1024, 'c');
  for (int i = 0; i < 30; ++i) {
    Item card = {{"cardId", AV::S("c" + std::to_string(100 + i))},
                 {"ownerId", AV::S("big")},
                 {"createdAt", AV::N(i % 4)},
                 {"code", AV::S(code)}};
    ASSERT_TRUE(store_->Put(tables::kCards, card).ok());
  }
  QueryRequest q{tables::kCards, indexes::kCardsByOwner, AV::S("big")};
  q.limit = 1000;
  auto page = store_->Query(q);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->items.size(), 30u);
  EXPECT_TRUE(page->cursor.empty());
  for (size_t i = 1; i < page->items.size(); ++i) {
    const Item& a = page->items[i - 1];
    const Item& b = page->items[i];
    auto ka = std::make_pair(a.at("createdAt").n().ToInt64(), a.at("cardId").s());
    auto kb = std::make_pair(b.at("createdAt").n().ToInt64(), b.at("cardId").s());
    EXPECT_LT(ka, kb);
  }
  // Scan pages are cut the same way; the cursor carries on.
  size_t scanned = 0;
  int pages = 0;
  std::string cursor;
  do {
    auto s = store_->Scan(tables::kCards, 1000, cursor);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scanned += s->items.size();
    cursor = s->cursor;
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(scanned, 30u);
  EXPECT_GT(pages, 1);
}

TEST_F(DynamoDbStoreTest, EightRacingConditionalWritersHaveOneWinner) {
  for (int round = 0; round < 5; ++round) {
    std::string id = "g-" + std::to_string(round);
    std::atomic<int> won{0}, lost{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        Item group = {{"groupId", AV::S(id)},
                      {"name", AV::S("by " + std::to_string(t))},
                      {"version", AV::N(1)}};
        Status s = store_->Put(tables::kGroups, group, Condition::NotExists());
        (s.ok() ? won : s.code() == ErrorCode::kConflict ? lost : other)++;
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(lost.load(), 7);
    EXPECT_EQ(other.load(), 0);
  }
}

TEST_F(DynamoDbStoreTest, BatchGetAnswersEveryKeyInOrder) {
  for (int i = 0; i < 230; i += 2) {
    ASSERT_TRUE(
        store_->Put(tables::kUsers, {{"userId", AV::S("u" + std::to_string(i))}, {"n", AV::N(i)}})
            .ok());
  }
  std::vector<Item> keys;
  for (int i = 229; i >= 0; --i) keys.push_back({{"userId", AV::S("u" + std::to_string(i))}});
  keys.push_back({{"userId", AV::S("u4")}});  // asked twice
  auto got = store_->BatchGet(tables::kUsers, keys);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), keys.size());
  for (size_t k = 0; k < 230; ++k) {
    int i = 229 - static_cast<int>(k);
    if (i % 2) {
      EXPECT_FALSE((*got)[k].has_value()) << i;
    } else {
      ASSERT_TRUE((*got)[k].has_value()) << i;
      EXPECT_EQ((*got)[k]->at("n"), AV::N(i));
    }
  }
  ASSERT_TRUE(got->back().has_value());
  EXPECT_EQ(got->back()->at("n"), AV::N(4));
  EXPECT_TRUE(store_->BatchGet(tables::kUsers, {})->empty());
  EXPECT_EQ(store_->BatchGet(tables::kUsers, {{{"userId", AV::N(1)}}}).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->BatchGet("bi_missing", {{{"id", AV::S("x")}}}).status().code(),
            ErrorCode::kNotFound);
}

TEST_F(DynamoDbStoreTest, ExistingTablesAreComparedWithTheirDefinition) {
  // Another process (a second store) creating the same tables: fine.
  auto other = Open();
  EXPECT_TRUE(CreateAllTables(*other).ok());
  TableDef changed = *FindTableDef(tables::kDashboardShares);
  changed.indexes.pop_back();
  EXPECT_EQ(other->CreateTable(changed).code(), ErrorCode::kConflict);
  auto described = store_->Describe(tables::kDashboardShares);
  ASSERT_TRUE(described.ok());
  EXPECT_TRUE(described->active);
  EXPECT_TRUE(SameTableDefinition(described->def, *FindTableDef(tables::kDashboardShares)));
  EXPECT_TRUE(store_->CheckIntegrity().ok());
  // The store learns a table it did not create from DescribeTable.
  auto fresh = Open();
  ASSERT_TRUE(fresh->Put(tables::kGroupMembers, {{"groupId", AV::S("g")}}).code() ==
              ErrorCode::kInvalidArgument);
  EXPECT_TRUE(
      fresh->Put(tables::kGroupMembers, {{"groupId", AV::S("g")}, {"userId", AV::S("u")}}).ok());
}

TEST_F(DynamoDbStoreTest, ItemsOfTypesThisProjectDoesNotStoreAreReportedClearly) {
  ASSERT_TRUE(Raw("PutItem", {{"TableName", tables::kUsers},
                              {"Item", {{"userId", {{"S", "cli"}}}, {"tags", {{"SS", {"a"}}}}}}})
                  .ok());
  auto got = store_->Get(tables::kUsers, {{"userId", AV::S("cli")}});
  EXPECT_EQ(got.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(got.status().message().find("bi_users"), std::string::npos);
  EXPECT_EQ(store_->CheckIntegrity().code(), ErrorCode::kCorruption);
  // Items the CLI writes with the project's types read back exactly.
  ASSERT_TRUE(Raw("PutItem", {{"TableName", tables::kUsers},
                              {"Item", {{"userId", {{"S", "cli2"}}}, {"n", {{"N", "1.50"}}}}}})
                  .ok());
  auto cli2 = store_->Get(tables::kUsers, {{"userId", AV::S("cli2")}});
  ASSERT_TRUE(cli2.ok() && cli2->has_value());
  EXPECT_EQ((**cli2).at("n").n().text(), "1.5");
}

TEST_F(DynamoDbStoreTest, IntegrityCheckFindsATableWithOtherIndexes) {
  ASSERT_TRUE(store_->Put(tables::kCards, {{"cardId", AV::S("c")}}).ok());
  EXPECT_TRUE(store_->CheckIntegrity().ok());
  // Someone recreates bi_cards without its GSI.
  ASSERT_TRUE(Raw("DeleteTable", {{"TableName", tables::kCards}}).ok());
  while (Raw("DescribeTable", {{"TableName", tables::kCards}}).ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  TableDef bare = *FindTableDef(tables::kCards);
  bare.indexes.clear();
  auto other = Open();
  ASSERT_TRUE(other->CreateTable(bare).ok());
  Status check = store_->CheckIntegrity();
  EXPECT_EQ(check.code(), ErrorCode::kCorruption) << check.ToString();
  EXPECT_NE(check.message().find("bi_cards"), std::string::npos);
  // Asking for the table as defined conflicts with what is there now.
  EXPECT_EQ(store_->CreateTable(*FindTableDef(tables::kCards)).code(), ErrorCode::kConflict);
}

TEST_F(DynamoDbStoreTest, PeerDownIsUnavailableAndTheSameStoreRecovers) {
  aws::RetryPolicy quick;
  quick.max_attempts = 2;
  quick.base_delay = std::chrono::milliseconds(5);
  auto store = Open(quick);
  Item item = {{"datasetId", AV::S("d1")}, {"ownerId", AV::S("o")}, {"createdAt", AV::N(1)}};
  ASSERT_TRUE(store->Put(tables::kDatasets, item).ok());

  peer_->Stop();
  Status put = store->Put(tables::kDatasets, item);
  EXPECT_EQ(put.code(), ErrorCode::kUnavailable) << put.ToString();
  EXPECT_NE(put.message().find("DynamoDB PutItem"), std::string::npos) << put.message();
  EXPECT_EQ(store->Get(tables::kDatasets, {{"datasetId", AV::S("d1")}}).status().code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(
      store->Query({tables::kDatasets, indexes::kDatasetsByOwner, AV::S("o")}).status().code(),
      ErrorCode::kUnavailable);
  EXPECT_EQ(store->ListTables().status().code(), ErrorCode::kUnavailable);
  // A store that never reached it fails the same way on first use.
  auto never = Open(quick);
  EXPECT_EQ(never->Get(tables::kUsers, {{"userId", AV::S("u")}}).status().code(),
            ErrorCode::kUnavailable);

  peer_->Start();
  auto got = store->Get(tables::kDatasets, {{"datasetId", AV::S("d1")}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, item);
  EXPECT_TRUE(store->Put(tables::kDatasets, item, Condition::Exists()).ok());
  EXPECT_TRUE(never->Get(tables::kUsers, {{"userId", AV::S("u")}}).ok());
}

TEST_F(DynamoDbStoreTest, OpenChecksTheEndpoint) {
  DynamoDbOptions options;
  options.endpoint = "localhost:8000";
  EXPECT_EQ(DynamoDbMetadataStore::Open(options).status().code(), ErrorCode::kInvalidArgument);
  options.endpoint = "ftp://x";
  EXPECT_EQ(DynamoDbMetadataStore::Open(options).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->backend_name(), "dynamodb");
}

}  // namespace
}  // namespace bi::store
