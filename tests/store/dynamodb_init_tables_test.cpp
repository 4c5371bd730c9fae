// `bi admin init-tables` against dynalite with the real binary: all eight tables with their
// keys and GSIs, ACTIVE when it returns, and a second run changes nothing and succeeds.
#include <gtest/gtest.h>

#include "store/dynamodb_metadata_store.h"
#include "support/bi_process.h"
#include "support/protocol_peer.h"

namespace bi::store {
namespace {

TEST(DynamoDbInitTables, CreatesAllEightActiveAndIsIdempotent) {
  bi::testing::TempDir dir;
  auto peer = bi::testing::ProtocolPeer::Dynalite(dir.path() + "/dynalite");
  for (int run = 0; run < 2; ++run) {
    bi::testing::BiProcess p({"admin", "init-tables", "--data-dir", dir.path()},
                             {{"DYNAMODB_ENDPOINT", peer->endpoint()}});
    ASSERT_EQ(p.Wait().value_or(-1), 0) << p.Output();
    EXPECT_NE(p.Output().find("8 tables ready (dynamodb)"), std::string::npos) << p.Output();
  }
  DynamoDbOptions options;
  options.endpoint = peer->endpoint();
  auto store = DynamoDbMetadataStore::Open(options).value();
  auto names = store->ListTables();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 8u);
  for (const auto& def : AllTables()) {
    auto described = store->Describe(def.name);
    ASSERT_TRUE(described.ok()) << def.name << ": " << described.status().ToString();
    EXPECT_TRUE(described->active) << def.name;
    EXPECT_TRUE(SameTableDefinition(described->def, def)) << def.name;
  }
  // Nothing was kept in the data directory: the tables live in DynamoDB.
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/metadata.db"));
}

TEST(DynamoDbInitTables, UnreachableEndpointFailsWithAClearMessage) {
  bi::testing::TempDir dir;
  bi::testing::BiProcess p({"admin", "init-tables", "--data-dir", dir.path()},
                           {{"DYNAMODB_ENDPOINT", "http://127.0.0.1:9"}});
  EXPECT_EQ(p.Wait().value_or(-1), 1) << p.Output();
  EXPECT_NE(p.Output().find("DynamoDB CreateTable"), std::string::npos) << p.Output();
}

}  // namespace
}  // namespace bi::store
