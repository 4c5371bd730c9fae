// The DynamoDB and S3 backends against the official AWS CLI (Debian's awscli): items and
// objects this project writes are read back by `aws dynamodb` / `aws s3`, and what the CLI
// writes is read by the project, with the exact types, bytes and key spellings.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "blob/blob_factory.h"
#include "common/config.h"
#include "store/attribute_value.h"
#include "store/store_factory.h"
#include "store/table_schema.h"
#include "support/bi_process.h"
#include "support/protocol_peer.h"

namespace bi {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kBucket[] = "bi-datasets";

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class AwsCliInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dynamodb_ = testing::ProtocolPeer::Dynalite(dir_.path() + "/dynalite");
    s3_ = testing::ProtocolPeer::S3rver(dir_.path() + "/s3rver", {kBucket});
    config_.data_dir = dir_.path() + "/data";
    config_.dynamodb_endpoint = dynamodb_->endpoint();
    config_.s3_endpoint = s3_->endpoint();
    config_.s3_access_key = "S3RVER";
    config_.s3_secret_key = "S3RVER";
    config_.s3_bucket_datasets = kBucket;
    fs::create_directories(dir_.path() + "/home");
  }

  // Runs `aws <args>` against `endpoint` with s3rver's account and a private HOME.
  CliResult Aws(const std::string& endpoint, const std::vector<std::string>& args) {
    std::string command = "env -i PATH=/usr/bin:/bin HOME=" + ShellQuote(dir_.path() + "/home") +
                          " AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER"
                          " AWS_DEFAULT_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true"
                          " AWS_PAGER= aws --endpoint-url " +
                          endpoint + " --output json";
    for (const auto& a : args) command += " " + ShellQuote(a);
    command += " 2>&1";
    CliResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      result.output.append(buffer, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

  std::unique_ptr<store::MetadataStore> OpenStore() {
    auto store = store::OpenMetadataStore(config_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE(store::CreateAllTables(**store).ok());
    return std::move(store).value();
  }

  std::unique_ptr<blob::BlobStore> OpenBlobs() {
    auto blobs = blob::OpenBlobStore(config_);
    EXPECT_TRUE(blobs.ok()) << blobs.status().ToString();
    return std::move(blobs).value();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ProtocolPeer> dynamodb_;
  std::unique_ptr<testing::ProtocolPeer> s3_;
  Config config_;
};

// Every attribute type, Japanese text and a number beyond double precision.
store::Item SampleCard() {
  using store::AttributeValue;
  auto exact = store::Number::Parse("12345678901234567890.5");
  return {
      {"cardId", AttributeValue::S("card-相互運用")},
      {"ownerId", AttributeValue::S("user-1")},
      {"createdAt", AttributeValue::N(1'700'000'000'000)},
      {"title", AttributeValue::S("売上 ①㈱")},
      {"exact", exact.ok() ? AttributeValue::N(*exact) : AttributeValue::Null()},
      {"enabled", AttributeValue::Bool(true)},
      {"nothing", AttributeValue::Null()},
      {"tags", AttributeValue::L({AttributeValue::S("a"), AttributeValue::N(2)})},
      {"display", AttributeValue::M({{"format", AttributeValue::S("0.0%")}})},
  };
}

TEST_F(AwsCliInteropTest, TheCliReadsTheItemsTheStoreWrites) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Put(store::tables::kCards, SampleCard()).ok());

  CliResult tables = Aws(dynamodb_->endpoint(), {"dynamodb", "list-tables"});
  ASSERT_EQ(tables.exit_code, 0) << tables.output;
  EXPECT_EQ(json::parse(tables.output)["TableNames"].size(), store::AllTables().size());

  CliResult got =
      Aws(dynamodb_->endpoint(), {"dynamodb", "get-item", "--table-name", store::tables::kCards,
                                  "--key", json{{"cardId", {{"S", "card-相互運用"}}}}.dump()});
  ASSERT_EQ(got.exit_code, 0) << got.output;
  json item = json::parse(got.output)["Item"];
  EXPECT_EQ(item, store::ItemToDynamoJson(SampleCard())) << item.dump();

  CliResult described = Aws(dynamodb_->endpoint(),
                            {"dynamodb", "describe-table", "--table-name", store::tables::kCards});
  ASSERT_EQ(described.exit_code, 0) << described.output;
  json table = json::parse(described.output)["Table"];
  EXPECT_EQ(table["TableStatus"], "ACTIVE");
  EXPECT_EQ(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  ASSERT_EQ(table["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["IndexName"], store::indexes::kCardsByOwner);
}

TEST_F(AwsCliInteropTest, TheStoreReadsTheItemsTheCliWrites) {
  auto store = OpenStore();
  json wire = store::ItemToDynamoJson(SampleCard());
  wire["cardId"] = {{"S", "from-cli"}};
  CliResult put = Aws(dynamodb_->endpoint(), {"dynamodb", "put-item", "--table-name",
                                              store::tables::kCards, "--item", wire.dump()});
  ASSERT_EQ(put.exit_code, 0) << put.output;

  auto got = store->Get(store::tables::kCards, {{"cardId", store::AttributeValue::S("from-cli")}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  store::Item expected = SampleCard();
  expected["cardId"] = store::AttributeValue::S("from-cli");
  EXPECT_EQ(store::ItemToDynamoJson(**got), store::ItemToDynamoJson(expected));

  // And through the owner index, as the API lists a user's cards.
  store::QueryRequest query;
  query.table = store::tables::kCards;
  query.index = store::indexes::kCardsByOwner;
  query.partition = store::AttributeValue::S("user-1");
  auto page = store->Query(query);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].at("title").s(), "売上 ①㈱");
}

TEST_F(AwsCliInteropTest, TheCliReadsTheObjectsTheStoreWrites) {
  auto blobs = OpenBlobs();
  const std::string key = "datasets/ds 1/v1/データ.parquet";
  const std::string small = "PAR1 small object \x01\x02\x03";
  ASSERT_TRUE(blobs->PutString(key, small).ok());
  // Large enough for a multipart upload.
  std::string large(20 * 1024 * 1024 + 123, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>((i * 131) % 251);
  ASSERT_TRUE(blobs->PutString("datasets/large.bin", large).ok());

  CliResult listed = Aws(s3_->endpoint(), {"s3api", "list-objects-v2", "--bucket", kBucket});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  const json listing = json::parse(listed.output);
  std::vector<std::string> keys;
  for (const auto& object : listing["Contents"]) keys.push_back(object["Key"]);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"datasets/ds 1/v1/データ.parquet", "datasets/large.bin"}))
      << listed.output;

  const std::string small_copy = dir_.path() + "/small-copy";
  const std::string large_copy = dir_.path() + "/large-copy";
  CliResult a =
      Aws(s3_->endpoint(), {"s3", "cp", std::string("s3://") + kBucket + "/" + key, small_copy});
  ASSERT_EQ(a.exit_code, 0) << a.output;
  CliResult b =
      Aws(s3_->endpoint(),
          {"s3", "cp", std::string("s3://") + kBucket + "/datasets/large.bin", large_copy});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  auto read_all = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(read_all(small_copy), small);
  EXPECT_TRUE(read_all(large_copy) == large);
}

TEST_F(AwsCliInteropTest, TheStoreReadsTheObjectsTheCliWrites) {
  auto blobs = OpenBlobs();
  const std::string local = dir_.path() + "/upload.bin";
  std::string data(9 * 1024 * 1024, '\0');  // the CLI uploads this in parts (8 MB threshold)
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 7) % 256);
  std::ofstream(local, std::ios::binary) << data;
  CliResult put = Aws(s3_->endpoint(),
                      {"s3", "cp", local, std::string("s3://") + kBucket + "/from-cli/ファイル 1"});
  ASSERT_EQ(put.exit_code, 0) << put.output;

  auto info = blobs->Head("from-cli/ファイル 1");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, data.size());
  auto whole = blobs->GetString("from-cli/ファイル 1");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_TRUE(*whole == data);
  auto part = blobs->GetString("from-cli/ファイル 1", blob::ByteRange{1000, 24});
  ASSERT_TRUE(part.ok()) << part.status().ToString();
  EXPECT_EQ(*part, data.substr(1000, 24));
  auto page = blobs->List("from-cli/");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->blobs.size(), 1u);
  EXPECT_EQ(page->blobs[0].key, "from-cli/ファイル 1");
}

}  // namespace
}  // namespace bi
