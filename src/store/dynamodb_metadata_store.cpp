// The DynamoDB metadata backend: the MetadataStore operations as DynamoDB requests.
#include "store/dynamodb_metadata_store.h"

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

#include "store/dynamodb_expressions.h"
#include "store/dynamodb_query_page.h"

namespace bi::store {
namespace {

constexpr size_t kBatchGetMaxKeys = 100;  // DynamoDB's limit per BatchGetItem call
constexpr int kBatchGetMaxRounds = 10;    // rounds for keys DynamoDB keeps leaving unprocessed

// Sleeps for the attempt's exponential delay with jitter (half to all of it), so many waiters
// do not poll in step.
void SleepBackoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap) {
  thread_local std::mt19937 rng{std::random_device{}()};
  auto delay = base * (int64_t{1} << std::min(attempt, 16));
  delay = std::min<std::chrono::milliseconds>(delay, cap);
  std::uniform_int_distribution<int64_t> half_to_full(delay.count() / 2, delay.count());
  std::this_thread::sleep_for(std::chrono::milliseconds(half_to_full(rng)));
}

std::string Host(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of(":/", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

bool IsAwsHost(const std::string& host) {
  return host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn");
}

// An item DynamoDB returned; one this project cannot represent (binary or set attributes
// written by other tools) is reported with the table it is in.
Result<Item> ReadItem(const nlohmann::json& j, std::string_view table) {
  auto item = ItemFromDynamoJson(j);
  if (!item.ok()) {
    return Status::Corruption("an item in DynamoDB table " + std::string(table) +
                              " cannot be read: " + item.status().message());
  }
  return item;
}

// The canonical text of a key, to match BatchGetItem's answers (in any order) to the keys.
std::string KeyText(const Item& key) {
  return ItemToDynamoJson(key).dump();
}

}  // namespace

DynamoDbMetadataStore::DynamoDbMetadataStore(DynamoDbOptions options, aws::AwsEndpoint endpoint,
                                             std::shared_ptr<aws::CredentialsProvider> credentials)
    : options_(std::move(options)),
      rpc_(std::move(endpoint), std::move(credentials), options_.retry) {}

Result<std::unique_ptr<DynamoDbMetadataStore>> DynamoDbMetadataStore::Open(
    DynamoDbOptions options) {
  std::string scheme = options.endpoint.substr(0, options.endpoint.find("://"));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if ((scheme != "http" && scheme != "https") ||
      options.endpoint.find("://") == std::string::npos || Host(options.endpoint).empty()) {
    return Status::InvalidArgument("DYNAMODB_ENDPOINT must be an http:// or https:// URL, not '" +
                                   options.endpoint + "'");
  }
  if (options.region.empty()) return Status::InvalidArgument("AWS_REGION must not be empty");
  auto credentials = options.credentials;
  if (!credentials) {
    aws::CredentialsChainOptions chain;
    chain.allow_dummy_for_local_peer = !IsAwsHost(Host(options.endpoint));
    credentials = aws::MakeCredentialsChain(chain);
  }
  aws::AwsEndpoint endpoint;
  endpoint.url = options.endpoint;
  endpoint.scope = {options.region, "dynamodb"};
  endpoint.connect_timeout = options.connect_timeout;
  endpoint.request_timeout = options.request_timeout;
  return std::unique_ptr<DynamoDbMetadataStore>(
      new DynamoDbMetadataStore(std::move(options), std::move(endpoint), std::move(credentials)));
}

Result<nlohmann::json> DynamoDbMetadataStore::CallOnTable(std::string_view operation,
                                                          const nlohmann::json& request,
                                                          std::string_view table) {
  auto answer = rpc_.Call(operation, request);
  if (!answer.ok() && answer.status().code() == ErrorCode::kNotFound) {
    // Deleted (or never created) behind our back: forget what we knew of it.
    std::unique_lock lock(defs_mu_);
    defs_.erase(std::string(table));
    return Status::NotFound("table " + std::string(table) + " does not exist");
  }
  return answer;
}

Result<DescribedTable> DynamoDbMetadataStore::Describe(std::string_view table) {
  auto answer = CallOnTable("DescribeTable", {{"TableName", table}}, table);
  if (!answer.ok()) return answer.status();
  return ParseTableDescription(answer->value("Table", nlohmann::json()));
}

Result<TableDef> DynamoDbMetadataStore::LookupTable(std::string_view name) {
  {
    std::shared_lock lock(defs_mu_);
    auto it = defs_.find(std::string(name));
    if (it != defs_.end()) return it->second;
  }
  if (name.empty()) return Status::NotFound("table name is empty");
  auto described = Describe(name);
  if (!described.ok()) return described.status();
  // A table still being created is not remembered: its definition is only final once ACTIVE.
  if (described->active) {
    std::unique_lock lock(defs_mu_);
    defs_[described->def.name] = described->def;
  }
  return described->def;
}

Status DynamoDbMetadataStore::WaitUntilActive(const std::string& table) {
  const auto deadline = std::chrono::steady_clock::now() + options_.table_active_timeout;
  for (int attempt = 0;; ++attempt) {
    auto described = Describe(table);
    if (!described.ok()) return described.status();
    if (described->active) return Status::Ok();
    if (described->status == "DELETING") {
      return Status::Unavailable("DynamoDB table " + table + " is being deleted");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("DynamoDB table " + table + " is still " + described->status +
                                 " after waiting for it to become ACTIVE");
    }
    SleepBackoff(attempt, std::chrono::milliseconds(20), std::chrono::milliseconds(1000));
  }
}

Status DynamoDbMetadataStore::CreateTable(const TableDef& def) {
  BI_RETURN_IF_ERROR(def.Validate());
  auto request = CreateTableRequest(def);
  if (!request.ok()) return request.status();
  auto created = rpc_.Call("CreateTable", *request);
  if (!created.ok()) {
    if (created.status().code() != ErrorCode::kConflict) return created.status();
    // ResourceInUse: it exists (maybe still being created by someone else). Same = ok.
    auto existing = Describe(def.name);
    if (!existing.ok() && existing.status().code() != ErrorCode::kCorruption) {
      return existing.status();
    }
    if (!existing.ok() || !SameTableDefinition(existing->def, def)) {
      return Status::Conflict("table " + def.name + " exists with a different definition");
    }
  }
  BI_RETURN_IF_ERROR(WaitUntilActive(def.name));
  std::unique_lock lock(defs_mu_);
  defs_[def.name] = def;
  return Status::Ok();
}

Result<std::vector<std::string>> DynamoDbMetadataStore::ListTables() {
  std::vector<std::string> names;
  nlohmann::json request = {{"Limit", 100}};
  while (true) {
    auto answer = rpc_.Call("ListTables", request);
    if (!answer.ok()) return answer.status();
    for (const auto& n : answer->value("TableNames", nlohmann::json::array())) {
      if (n.is_string()) names.push_back(n.get<std::string>());
    }
    auto next = answer->find("LastEvaluatedTableName");
    if (next == answer->end() || !next->is_string()) break;
    request["ExclusiveStartTableName"] = *next;
  }
  std::sort(names.begin(), names.end());
  return names;
}

Status DynamoDbMetadataStore::Put(std::string_view table, const Item& item,
                                  const Condition& condition) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKeyedItem(*def, item));
  nlohmann::json request = {{"TableName", def->name}, {"Item", ItemToDynamoJson(item)}};
  AddWriteCondition(request, *def, condition);
  auto answer = CallOnTable("PutItem", request, table);
  if (!answer.ok()) {
    if (answer.status().code() == ErrorCode::kConflict) return ConditionFailed(condition);
    return answer.status();
  }
  return Status::Ok();
}

Result<std::optional<Item>> DynamoDbMetadataStore::Get(std::string_view table, const Item& key) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKey(*def, key));
  nlohmann::json request = {
      {"TableName", def->name}, {"Key", ItemToDynamoJson(key)}, {"ConsistentRead", true}};
  auto answer = CallOnTable("GetItem", request, table);
  if (!answer.ok()) return answer.status();
  auto found = answer->find("Item");
  if (found == answer->end()) return std::optional<Item>();
  auto item = ReadItem(*found, table);
  if (!item.ok()) return item.status();
  return std::optional<Item>(std::move(item).value());
}

Result<std::vector<std::optional<Item>>> DynamoDbMetadataStore::BatchGet(
    std::string_view table, const std::vector<Item>& keys) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  // DynamoDB rejects a request naming one key twice: ask once, answer every position.
  std::unordered_map<std::string, std::vector<size_t>> positions;
  std::vector<const Item*> unique;
  for (size_t i = 0; i < keys.size(); ++i) {
    BI_RETURN_IF_ERROR(ValidateKey(*def, keys[i]));
    auto& at = positions[KeyText(keys[i])];
    if (at.empty()) unique.push_back(&keys[i]);
    at.push_back(i);
  }
  std::vector<std::optional<Item>> result(keys.size());
  for (size_t begin = 0; begin < unique.size(); begin += kBatchGetMaxKeys) {
    nlohmann::json pending = nlohmann::json::array();
    for (size_t i = begin; i < std::min(unique.size(), begin + kBatchGetMaxKeys); ++i) {
      pending.push_back(ItemToDynamoJson(*unique[i]));
    }
    for (int round = 0; !pending.empty(); ++round) {
      if (round == kBatchGetMaxRounds) {
        return Status::Unavailable("DynamoDB BatchGetItem left " + std::to_string(pending.size()) +
                                   " keys of table " + def->name +
                                   " unprocessed (throttled); try again shortly");
      }
      if (round > 0) {
        SleepBackoff(round, options_.retry.base_delay, options_.retry.max_delay);
      }
      nlohmann::json request = {
          {"RequestItems",
           {{def->name, {{"Keys", std::move(pending)}, {"ConsistentRead", true}}}}}};
      auto answer = CallOnTable("BatchGetItem", request, table);
      if (!answer.ok()) return answer.status();
      const auto& items = answer->value("Responses", nlohmann::json::object())
                              .value(def->name, nlohmann::json::array());
      for (const auto& j : items) {
        auto item = ReadItem(j, table);
        if (!item.ok()) return item.status();
        auto at = positions.find(KeyText(KeyOf(*def, *item)));
        if (at == positions.end()) continue;
        for (size_t i : at->second) result[i] = *item;
      }
      pending = answer->value("UnprocessedKeys", nlohmann::json::object())
                    .value(def->name, nlohmann::json::object())
                    .value("Keys", nlohmann::json::array());
    }
  }
  return result;
}

Status DynamoDbMetadataStore::Delete(std::string_view table, const Item& key,
                                     const Condition& condition) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  BI_RETURN_IF_ERROR(ValidateKey(*def, key));
  nlohmann::json request = {{"TableName", def->name}, {"Key", ItemToDynamoJson(key)}};
  AddWriteCondition(request, *def, condition);
  auto answer = CallOnTable("DeleteItem", request, table);
  if (!answer.ok()) {
    if (answer.status().code() == ErrorCode::kConflict) return ConditionFailed(condition);
    return answer.status();
  }
  return Status::Ok();
}

Result<Page> DynamoDbMetadataStore::Query(const QueryRequest& r) {
  auto def = LookupTable(r.table);
  if (!def.ok()) return def.status();
  auto index = ValidateQuery(*def, r);
  if (!index.ok()) return index.status();
  std::optional<Item> cursor;
  if (!r.cursor.empty()) {
    auto decoded = DecodeCursor(r.cursor);
    if (!decoded.ok()) return decoded.status();
    cursor = std::move(decoded).value();
  }
  auto builder = QueryPageBuilder::Make(*def, *index, r, std::move(cursor));
  if (!builder.ok()) return builder.status();

  const KeyAttr& partition_key = *index ? (*index)->partition : def->partition;
  const std::optional<KeyAttr>& sort_key = *index ? (*index)->sort : def->sort;
  std::optional<SortKeyCondition> sort = r.sort;
  if (const AttributeValue* from = builder->resume_from()) {
    sort = ResumeCondition(r.sort, *from, r.ascending);
  }
  nlohmann::json request = {
      {"TableName", def->name}, {"ScanIndexForward", r.ascending}, {"Limit", r.limit + 1}};
  if (*index) {
    request["IndexName"] = (*index)->name;  // GSIs only serve eventually consistent reads
  } else {
    request["ConsistentRead"] = true;
  }
  AddKeyCondition(request, partition_key, r.partition, sort_key, sort);
  while (true) {
    auto answer = CallOnTable("Query", request, r.table);
    if (!answer.ok()) return answer.status();
    bool decided = false;
    for (const auto& j : answer->value("Items", nlohmann::json::array())) {
      auto item = ReadItem(j, r.table);
      if (!item.ok()) return item.status();
      if (!builder->Add(std::move(item).value())) {
        decided = true;
        break;
      }
    }
    auto next = answer->find("LastEvaluatedKey");
    if (decided || next == answer->end() || next->empty()) break;
    request["ExclusiveStartKey"] = *next;
  }
  return builder->Finish();
}

Result<Page> DynamoDbMetadataStore::Scan(std::string_view table, int limit,
                                         std::string_view cursor) {
  auto def = LookupTable(table);
  if (!def.ok()) return def.status();
  if (limit < 1 || limit > kMaxPageSize) return Status::InvalidArgument("limit must be 1..1000");
  // One more than asked: the page then knows whether more follow (no empty last page).
  nlohmann::json request = {
      {"TableName", def->name}, {"Limit", limit + 1}, {"ConsistentRead", true}};
  if (!cursor.empty()) {
    auto last = DecodeCursor(cursor);
    if (!last.ok()) return last.status();
    if (!ValidateKey(*def, *last).ok()) {
      return Status::InvalidArgument("cursor does not belong to this table");
    }
    request["ExclusiveStartKey"] = ItemToDynamoJson(*last);
  }
  auto answer = CallOnTable("Scan", request, table);
  if (!answer.ok()) return answer.status();
  Page page;
  for (const auto& j : answer->value("Items", nlohmann::json::array())) {
    auto item = ReadItem(j, table);
    if (!item.ok()) return item.status();
    page.items.push_back(std::move(item).value());
  }
  bool more = answer->contains("LastEvaluatedKey") && !(*answer)["LastEvaluatedKey"].empty();
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.resize(static_cast<size_t>(limit));
    more = true;
  }
  if (more && !page.items.empty()) page.cursor = EncodeCursor(KeyOf(*def, page.items.back()));
  return page;
}

Status DynamoDbMetadataStore::CheckTableItems(const TableDef& def) {
  std::string cursor;
  do {
    auto page = Scan(def.name, kMaxPageSize, cursor);
    if (!page.ok()) return page.status();
    for (const auto& item : page->items) {
      Status valid = ValidateKeyedItem(def, item);
      if (!valid.ok()) return Status::Corruption("table " + def.name + ": " + valid.message());
    }
    cursor = page->cursor;
  } while (!cursor.empty());
  return Status::Ok();
}

Status DynamoDbMetadataStore::CheckIntegrity() {
  auto names = ListTables();
  if (!names.ok()) return names.status();
  std::vector<TableDef> expected;
  {
    std::shared_lock lock(defs_mu_);
    for (const auto& [name, def] : defs_) expected.push_back(def);
  }
  for (const auto& def : AllTables()) {
    bool known = std::any_of(expected.begin(), expected.end(),
                             [&](const TableDef& d) { return d.name == def.name; });
    if (!known) expected.push_back(def);
  }
  for (const auto& def : expected) {
    if (!std::binary_search(names->begin(), names->end(), def.name)) continue;
    auto described = Describe(def.name);
    if (!described.ok()) return described.status();
    if (!SameTableDefinition(described->def, def)) {
      return Status::Corruption("DynamoDB table " + def.name +
                                " has keys or indexes other than its definition");
    }
    if (!described->active) {
      return Status::Unavailable("DynamoDB table " + def.name + " is " + described->status +
                                 ", not ACTIVE");
    }
    BI_RETURN_IF_ERROR(CheckTableItems(def));
  }
  return Status::Ok();
}

}  // namespace bi::store
