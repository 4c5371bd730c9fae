// The DynamoDB backend's pure parts, without a peer: the exact DynamoDB JSON of attribute
// values, the request bodies it builds (CreateTable, conditions, key conditions), how it reads
// table descriptions and error answers, and how Query pages are cut and ordered.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store/dynamodb_expressions.h"
#include "store/dynamodb_query_page.h"
#include "store/dynamodb_rpc.h"
#include "store/dynamodb_table_description.h"

namespace bi::store {
namespace {

using AV = AttributeValue;
using nlohmann::json;

AV Num(std::string_view text) {
  return AV::N(Number::Parse(text).value());
}

TEST(DynamoDbJson, AttributeValuesMapExactly) {
  Item item = {{"s", AV::S("日本 \"q\"")},
               {"n", Num("-12.50")},
               {"big", Num("12345678901234567890123456789012345678")},
               {"t", AV::Bool(true)},
               {"z", AV::Null()},
               {"l", AV::L({AV::S("a"), AV::N(1), AV::L({})})},
               {"m", AV::M({{"k", AV::Bool(false)}, {"e", AV::M({})}})}};
  json expected = json::parse(R"({
    "s": {"S": "日本 \"q\""}, "n": {"N": "-12.5"},
    "big": {"N": "12345678901234567890123456789012345678"},
    "t": {"BOOL": true}, "z": {"NULL": true},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"L": []}]},
    "m": {"M": {"k": {"BOOL": false}, "e": {"M": {}}}}})");
  EXPECT_EQ(ItemToDynamoJson(item), expected);
  auto back = ItemFromDynamoJson(expected);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, item);
  // DynamoDB may answer numbers in another spelling; they read back canonical.
  auto other = ItemFromDynamoJson(json::parse(R"({"n": {"N": "1.0E+3"}})"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->at("n").n().text(), "1000");
  // Types this project does not store are refused, not silently changed.
  for (const char* wire : {R"({"x": {"SS": ["a"]}})", R"({"x": {"B": "AAE="}})",
                           R"({"x": {"NS": ["1"]}})", R"({"x": {"BS": ["AAE="]}})"}) {
    EXPECT_FALSE(ItemFromDynamoJson(json::parse(wire)).ok()) << wire;
  }
}

TEST(DynamoDbRequests, CreateTableFromDefinition) {
  auto req = CreateTableRequest(*FindTableDef(tables::kGroupMembers));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(*req, json::parse(R"({
    "TableName": "bi_group_members",
    "AttributeDefinitions": [{"AttributeName": "groupId", "AttributeType": "S"},
                             {"AttributeName": "userId", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "groupId", "KeyType": "HASH"},
                  {"AttributeName": "userId", "KeyType": "RANGE"}],
    "BillingMode": "PAY_PER_REQUEST",
    "GlobalSecondaryIndexes": [{"IndexName": "MembersByUser",
      "KeySchema": [{"AttributeName": "userId", "KeyType": "HASH"},
                    {"AttributeName": "groupId", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "ALL"}}]})"));
  auto users = CreateTableRequest(*FindTableDef(tables::kUsers));
  ASSERT_TRUE(users.ok());
  EXPECT_EQ((*users)["AttributeDefinitions"].size(), 2u);

  TableDef clash = {"t_clash",
                    {"id", KeyType::kString},
                    std::nullopt,
                    {{"ByNum", {"id", KeyType::kNumber}, std::nullopt}}};
  EXPECT_EQ(CreateTableRequest(clash).status().code(), ErrorCode::kInvalidArgument);
}

TEST(DynamoDbRequests, DescriptionsReadBackAsTheirDefinition) {
  for (const auto& def : AllTables()) {
    json table = *CreateTableRequest(def);
    table["TableStatus"] = "ACTIVE";
    if (table.contains("GlobalSecondaryIndexes")) {
      for (auto& g : table["GlobalSecondaryIndexes"]) g["IndexStatus"] = "ACTIVE";
      std::reverse(table["GlobalSecondaryIndexes"].begin(), table["GlobalSecondaryIndexes"].end());
    }
    auto described = ParseTableDescription(table);
    ASSERT_TRUE(described.ok()) << def.name << described.status().ToString();
    EXPECT_TRUE(SameTableDefinition(described->def, def)) << def.name;
    EXPECT_TRUE(described->active);
    if (!def.indexes.empty()) {
      table["GlobalSecondaryIndexes"][0]["IndexStatus"] = "CREATING";
      EXPECT_FALSE(ParseTableDescription(table)->active) << def.name;
      table["GlobalSecondaryIndexes"][0]["Projection"] = {{"ProjectionType", "KEYS_ONLY"}};
      EXPECT_EQ(ParseTableDescription(table).status().code(), ErrorCode::kCorruption);
    }
  }
  TableDef cards = *FindTableDef(tables::kCards);
  TableDef other = cards;
  other.indexes[0].sort->type = KeyType::kString;
  EXPECT_FALSE(SameTableDefinition(cards, other));
  json binary = *CreateTableRequest(cards);
  binary["AttributeDefinitions"][0]["AttributeType"] = "B";
  EXPECT_EQ(ParseTableDescription(binary).status().code(), ErrorCode::kCorruption);
}

TEST(DynamoDbRequests, WriteConditions) {
  const TableDef& ds = *FindTableDef(tables::kDatasets);
  json r = json::object();
  AddWriteCondition(r, ds, Condition::None());
  EXPECT_EQ(r, json::object());
  AddWriteCondition(r, ds, Condition::NotExists());
  EXPECT_EQ(r["ConditionExpression"], "attribute_not_exists(#pk)");
  EXPECT_EQ(r["ExpressionAttributeNames"], json({{"#pk", "datasetId"}}));
  r = json::object();
  AddWriteCondition(r, ds, Condition::Exists());
  EXPECT_EQ(r["ConditionExpression"], "attribute_exists(#pk)");
  r = json::object();
  AddWriteCondition(r, ds, Condition::VersionEquals(41, "rev"));
  EXPECT_EQ(r, json::parse(R"({"ConditionExpression": "#v = :v",
    "ExpressionAttributeNames": {"#v": "rev"},
    "ExpressionAttributeValues": {":v": {"N": "41"}}})"));
  Status failed = ConditionFailed(Condition::VersionEquals(3));
  EXPECT_EQ(failed.code(), ErrorCode::kConflict);
  EXPECT_EQ(failed.details()["expectedVersion"], 3);
  EXPECT_EQ(ConditionFailed(Condition::NotExists()).code(), ErrorCode::kConflict);
}

TEST(DynamoDbRequests, KeyConditionForEveryOperator) {
  KeyAttr pk{"ownerId", KeyType::kString};
  KeyAttr sk{"createdAt", KeyType::kNumber};
  auto expr = [&](std::optional<SortKeyCondition> c) {
    json r = json::object();
    AddKeyCondition(r, pk, AV::S("o"), sk, c);
    EXPECT_EQ(r["ExpressionAttributeNames"]["#pk"], "ownerId");
    EXPECT_EQ(r["ExpressionAttributeValues"][":pk"], json({{"S", "o"}}));
    return r["KeyConditionExpression"].get<std::string>();
  };
  EXPECT_EQ(expr(std::nullopt), "#pk = :pk");
  EXPECT_EQ(expr(SortKeyCondition::Eq(AV::N(1))), "#pk = :pk AND #sk = :a");
  EXPECT_EQ(expr(SortKeyCondition::Lt(AV::N(1))), "#pk = :pk AND #sk < :a");
  EXPECT_EQ(expr(SortKeyCondition::Le(AV::N(1))), "#pk = :pk AND #sk <= :a");
  EXPECT_EQ(expr(SortKeyCondition::Gt(AV::N(1))), "#pk = :pk AND #sk > :a");
  EXPECT_EQ(expr(SortKeyCondition::Ge(AV::N(1))), "#pk = :pk AND #sk >= :a");
  EXPECT_EQ(expr(SortKeyCondition::Between(AV::N(1), AV::N(2))),
            "#pk = :pk AND #sk BETWEEN :a AND :b");
  EXPECT_EQ(expr(SortKeyCondition::BeginsWith("x")), "#pk = :pk AND begins_with(#sk, :a)");
  json r = json::object();
  AddKeyCondition(r, pk, AV::S("o"), sk, SortKeyCondition::Between(Num("1.5"), AV::N(9)));
  EXPECT_EQ(r["ExpressionAttributeValues"][":a"], json({{"N", "1.5"}}));
  EXPECT_EQ(r["ExpressionAttributeValues"][":b"], json({{"N", "9"}}));
}

TEST(DynamoDbRequests, ResumeConditionsKeepTheRangeFromTheCursorOn) {
  using Op = SortKeyCondition::Op;
  AV from = AV::N(5);
  struct Case {
    std::optional<SortKeyCondition> asked;
    bool ascending;
    Op op;
    int64_t lo, hi;  // expected bounds (hi only for BETWEEN)
  };
  const Case cases[] = {
      {std::nullopt, true, Op::kGe, 5, 0},
      {std::nullopt, false, Op::kLe, 5, 0},
      {SortKeyCondition::Lt(AV::N(9)), true, Op::kBetween, 5, 9},
      {SortKeyCondition::Le(AV::N(9)), true, Op::kBetween, 5, 9},
      {SortKeyCondition::Gt(AV::N(1)), true, Op::kGe, 5, 0},
      {SortKeyCondition::Between(AV::N(1), AV::N(9)), true, Op::kBetween, 5, 9},
      {SortKeyCondition::Lt(AV::N(9)), false, Op::kLe, 5, 0},
      {SortKeyCondition::Gt(AV::N(1)), false, Op::kBetween, 1, 5},
      {SortKeyCondition::Ge(AV::N(1)), false, Op::kBetween, 1, 5},
      {SortKeyCondition::Between(AV::N(1), AV::N(9)), false, Op::kBetween, 1, 5},
      {SortKeyCondition::Eq(AV::N(5)), false, Op::kEq, 5, 0},
  };
  for (const auto& c : cases) {
    SortKeyCondition got = ResumeCondition(c.asked, from, c.ascending);
    EXPECT_EQ(got.op, c.op);
    EXPECT_EQ(got.value, AV::N(c.lo));
    if (c.op == Op::kBetween) EXPECT_EQ(got.upper, AV::N(c.hi));
  }
  SortKeyCondition prefix =
      ResumeCondition(SortKeyCondition::BeginsWith("user-"), AV::S("user-7"), false);
  EXPECT_EQ(prefix.op, Op::kBetween);
  EXPECT_EQ(prefix.value, AV::S("user-"));
  EXPECT_EQ(prefix.upper, AV::S("user-7"));
  EXPECT_TRUE(SortConditionHolds(SortKeyCondition::BeginsWith("ab"), AV::S("abc")));
  EXPECT_FALSE(SortConditionHolds(SortKeyCondition::BeginsWith("ab"), AV::S("b")));
  EXPECT_TRUE(SortConditionHolds(SortKeyCondition::Lt(Num("10")), Num("9.99")));
  // UTF-8 byte order, as DynamoDB compares strings.
  EXPECT_LT(CompareKeyValues(AV::S("z"), AV::S("é")), 0);
}

TEST(DynamoDbErrors, MapToStoreErrorKinds) {
  auto code = [](int status, const std::string& type) {
    std::string body =
        R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":"m"})";
    return DynamoDbErrorStatus("PutItem", status, body).code();
  };
  EXPECT_EQ(code(400, "ConditionalCheckFailedException"), ErrorCode::kConflict);
  EXPECT_EQ(code(400, "ResourceInUseException"), ErrorCode::kConflict);
  EXPECT_EQ(code(400, "ResourceNotFoundException"), ErrorCode::kNotFound);
  EXPECT_EQ(code(400, "ValidationException"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(400, "ThrottlingException"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(400, "UnrecognizedClientException"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(500, "InternalServerError"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(400, "SomethingNew"), ErrorCode::kInternal);
  Status s = DynamoDbErrorStatus(
      "Query", 400,
      R"({"__type":"com.amazon.coral.validate#ValidationException","Message":"bad key"})");
  EXPECT_EQ(s.message(), "DynamoDB Query: ValidationException: bad key");
  EXPECT_EQ(DynamoDbErrorStatus("GetItem", 502, "<html>").message(), "DynamoDB GetItem: HTTP 502");

  aws::AwsResponse throttled{400, {}, R"({"__type":"x#ProvisionedThroughputExceededException"})"};
  EXPECT_TRUE(IsDynamoDbThrottle(throttled));
  throttled.body = R"({"__type":"x#RequestLimitExceeded"})";
  EXPECT_TRUE(IsDynamoDbThrottle(throttled));
  throttled.body = R"({"__type":"x#ThrottlingException"})";
  EXPECT_TRUE(IsDynamoDbThrottle(throttled));
  throttled.body = R"({"__type":"x#ConditionalCheckFailedException"})";
  EXPECT_FALSE(IsDynamoDbThrottle(throttled));
}

// An in-memory partition in DynamoDB's order: by sort value, ties in an arbitrary (here
// shuffled) order, as dynalite and DynamoDB order GSI ties by a hash of the table key.
std::vector<Item> DynamoOrder(std::vector<Item> items, bool ascending) {
  std::mt19937 rng(7);
  std::shuffle(items.begin(), items.end(), rng);
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    int c = CompareKeyValues(a.at("createdAt"), b.at("createdAt"));
    return ascending ? c < 0 : c > 0;
  });
  return items;
}

TEST(DynamoDbQueryPages, TiesComeInTableKeyOrderAcrossPages) {
  const TableDef& ds = *FindTableDef(tables::kDatasets);
  const IndexDef* index = ds.FindIndex(indexes::kDatasetsByOwner);
  std::vector<Item> items;
  for (int i = 0; i < 50; ++i) {
    items.push_back({{"datasetId", AV::S("d" + std::to_string(100 + (i * 7) % 50))},
                     {"ownerId", AV::S("o")},
                     {"createdAt", AV::N(i / 6)}});  // groups of six equal sort values
  }
  for (bool ascending : {true, false}) {
    for (int limit : {1, 4, 6, 7, 50, 100}) {
      std::vector<Item> expected = items;
      std::sort(expected.begin(), expected.end(), [&](const Item& a, const Item& b) {
        auto ka = std::make_pair(a.at("createdAt").n().ToInt64(), a.at("datasetId").s());
        auto kb = std::make_pair(b.at("createdAt").n().ToInt64(), b.at("datasetId").s());
        return ascending ? ka < kb : ka > kb;
      });
      QueryRequest r{
          tables::kDatasets, indexes::kDatasetsByOwner, AV::S("o"), std::nullopt, ascending, limit};
      std::vector<Item> got;
      for (int pages = 0; pages < 100; ++pages) {
        std::optional<Item> cursor;
        if (!r.cursor.empty()) cursor = DecodeCursor(r.cursor).value();
        auto b = QueryPageBuilder::Make(ds, index, r, cursor);
        ASSERT_TRUE(b.ok());
        // What DynamoDB would answer for the resume condition: everything from its group on.
        for (const Item& item : DynamoOrder(items, ascending)) {
          if (const AV* from = b->resume_from()) {
            SortKeyCondition c = ResumeCondition(std::nullopt, *from, ascending);
            if (!SortConditionHolds(c, item.at("createdAt"))) continue;
          }
          if (!b->Add(item)) break;
        }
        Page page = b->Finish();
        EXPECT_LE(page.items.size(), static_cast<size_t>(limit));
        got.insert(got.end(), page.items.begin(), page.items.end());
        if (page.cursor.empty()) break;
        r.cursor = page.cursor;
      }
      EXPECT_EQ(got, expected) << "limit " << limit << (ascending ? " asc" : " desc");
    }
  }
}

TEST(DynamoDbQueryPages, RejectsACursorOfAnotherQuery) {
  const TableDef& ds = *FindTableDef(tables::kDatasets);
  QueryRequest r{tables::kDatasets, indexes::kDatasetsByOwner, AV::S("o")};
  Item table_only = {{"datasetId", AV::S("d")}};
  EXPECT_EQ(QueryPageBuilder::Make(ds, ds.FindIndex(indexes::kDatasetsByOwner), r, table_only)
                .status()
                .code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bi::store
