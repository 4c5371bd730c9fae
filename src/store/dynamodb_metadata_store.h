#pragma once
// The DynamoDB backend of the metadata store, over DynamoDB's JSON protocol (dynamodb_rpc.h):
// items are stored as they are (DynamoDB JSON, numbers as their decimal text), writes carry
// their Condition as a ConditionExpression so DynamoDB makes check-and-write atomic, Query pages
// are cut so that the store's order holds (dynamodb_query_page.h), and every table's key schema
// comes from DescribeTable, cached after the first use.
//
// Reads are strongly consistent where DynamoDB allows it (GetItem, BatchGetItem, Scan and Query
// on a table); Query on a GSI is eventually consistent, as the contract says.
// Thread-safety: all methods may be called concurrently.

#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "aws/aws_client.h"
#include "aws/credentials.h"
#include "store/dynamodb_rpc.h"
#include "store/dynamodb_table_description.h"
#include "store/metadata_store.h"

namespace bi::store {

struct DynamoDbOptions {
  std::string endpoint;  // "http://127.0.0.1:4567" or "https://dynamodb.<region>.amazonaws.com"
  std::string region = "ap-northeast-1";
  // Null: the default chain (environment, ECS task role), with dummy keys allowed for an
  // endpoint that is not AWS's (local peers accept any signature).
  std::shared_ptr<aws::CredentialsProvider> credentials;
  aws::RetryPolicy retry;  // is_throttle is DynamoDB's
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{10000};
  // How long CreateTable waits for a new table (and its GSIs) to become ACTIVE.
  std::chrono::milliseconds table_active_timeout{std::chrono::minutes(10)};
};

class DynamoDbMetadataStore final : public MetadataStore {
 public:
  // Checks the options; contacts DynamoDB only on first use, so a process starts while it is
  // unreachable and works once it is back.
  static Result<std::unique_ptr<DynamoDbMetadataStore>> Open(DynamoDbOptions options);

  std::string_view backend_name() const override { return "dynamodb"; }
  // Creates the table (PAY_PER_REQUEST, GSIs projecting ALL) and waits until it and its
  // indexes are ACTIVE. An existing table is compared with `def` via DescribeTable.
  Status CreateTable(const TableDef& def) override;
  Result<std::vector<std::string>> ListTables() override;
  Status Put(std::string_view table, const Item& item,
             const Condition& condition = Condition::None()) override;
  Result<std::optional<Item>> Get(std::string_view table, const Item& key) override;
  // BatchGetItem, at most 100 keys per call; keys DynamoDB leaves unprocessed are asked for
  // again with backoff.
  Result<std::vector<std::optional<Item>>> BatchGet(std::string_view table,
                                                    const std::vector<Item>& keys) override;
  Status Delete(std::string_view table, const Item& key,
                const Condition& condition = Condition::None()) override;
  Result<Page> Query(const QueryRequest& request) override;
  Result<Page> Scan(std::string_view table, int limit, std::string_view cursor) override;
  // Every table of AllTables() and every table created through this store that exists: its
  // description must be readable, ACTIVE and (for the eight) as AllTables() defines it, and
  // every item must decode and carry its keys with their declared types. Reads every item.
  Status CheckIntegrity() override;

  // DescribeTable: the table's definition and whether it is ACTIVE.
  Result<DescribedTable> Describe(std::string_view table);

 private:
  DynamoDbMetadataStore(DynamoDbOptions options, aws::AwsEndpoint endpoint,
                        std::shared_ptr<aws::CredentialsProvider> credentials);
  Result<TableDef> LookupTable(std::string_view name);
  // Calls an operation on `table`; ResourceNotFound becomes "table ... does not exist".
  Result<nlohmann::json> CallOnTable(std::string_view operation, const nlohmann::json& request,
                                     std::string_view table);
  Status WaitUntilActive(const std::string& table);
  Status CheckTableItems(const TableDef& def);

  DynamoDbOptions options_;
  DynamoDbRpc rpc_;
  std::shared_mutex defs_mu_;  // guards defs_
  std::unordered_map<std::string, TableDef> defs_;
};

}  // namespace bi::store
