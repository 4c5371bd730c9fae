// The DynamoDB backend facing answers dynalite never gives: throttling, 5xx and BatchGetItem
// leaving keys unprocessed. A small scripted HTTP server on 127.0.0.1 plays DynamoDB's part
// for these, answering each request with what the test's script says.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "store/dynamodb_metadata_store.h"
#include "store/dynamodb_table_description.h"

namespace bi::store {
namespace {

using AV = AttributeValue;
using nlohmann::json;

struct SeenRequest {
  std::string target;        // X-Amz-Target
  std::string content_type;  // Content-Type
  std::string authorization;
  json body;
};

// One connection per request (answers say Connection: close), served in order. A script
// answering status 0 closes the connection without an answer.
class ScriptedDynamoDb {
 public:
  using Script = std::function<std::pair<int, json>(const SeenRequest&)>;

  explicit ScriptedDynamoDb(Script script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedDynamoDb() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<SeenRequest> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }
  int count(const std::string& target) {
    int n = 0;
    for (const auto& r : seen()) n += r.target == "DynamoDB_20120810." + target;
    return n;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      Handle(c);
      ::close(c);
    }
  }

  void Handle(int c) {
    std::string data;
    char buf[65536];
    size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
      header_end = data.find("\r\n\r\n");
    }
    SeenRequest req;
    size_t content_length = 0;
    size_t line_start = data.find("\r\n") + 2;
    while (line_start < header_end) {
      size_t line_end = data.find("\r\n", line_start);
      std::string line = data.substr(line_start, line_end - line_start);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "x-amz-target") req.target = value;
      if (name == "content-type") req.content_type = value;
      if (name == "authorization") req.authorization = value;
      if (name == "content-length") content_length = std::stoul(value);
      line_start = line_end + 2;
    }
    while (data.size() < header_end + 4 + content_length) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
    }
    req.body = json::parse(data.substr(header_end + 4, content_length), nullptr, false);
    {
      std::lock_guard lock(mu_);
      seen_.push_back(req);
    }
    auto [status, body] = script_(req);
    if (status == 0) return;  // the peer goes away mid-request: no answer at all
    std::string text = body.dump();
    std::string answer = "HTTP/1.1 " + std::to_string(status) +
                         " Scripted\r\nContent-Type: application/x-amz-json-1.0\r\n"
                         "Content-Length: " +
                         std::to_string(text.size()) + "\r\nConnection: close\r\n\r\n" + text;
    size_t off = 0;
    while (off < answer.size()) {
      ssize_t n = ::write(c, answer.data() + off, answer.size() - off);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  Script script_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<SeenRequest> seen_;
};

json Error(const std::string& type) {
  return {{"__type", "com.amazonaws.dynamodb.v20120810#" + type}, {"message", "scripted"}};
}

// DescribeTable of bi_users, ACTIVE.
json UsersDescription() {
  json table = *CreateTableRequest(*FindTableDef(tables::kUsers));
  table["TableStatus"] = "ACTIVE";
  for (auto& g : table["GlobalSecondaryIndexes"]) g["IndexStatus"] = "ACTIVE";
  return {{"Table", table}};
}

std::unique_ptr<DynamoDbMetadataStore> OpenAt(const std::string& endpoint) {
  DynamoDbOptions options;
  options.endpoint = endpoint;
  options.retry.max_attempts = 4;
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(5);
  return DynamoDbMetadataStore::Open(options).value();
}

TEST(DynamoDbFailures, ThrottlingIsRetriedThenAnswered) {
  std::atomic<int> throttles{0};
  ScriptedDynamoDb peer([&](const SeenRequest& r) -> std::pair<int, json> {
    if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
    const char* kinds[] = {"ThrottlingException", "ProvisionedThroughputExceededException",
                           "RequestLimitExceeded"};
    if (throttles < 3) return {400, Error(kinds[throttles++])};
    return {200, {{"Item", {{"userId", {{"S", "u1"}}}, {"n", {{"N", "7"}}}}}}};
  });
  auto store = OpenAt(peer.endpoint());
  auto got = store->Get(tables::kUsers, {{"userId", AV::S("u1")}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((**got).at("n"), AV::N(7));
  EXPECT_EQ(peer.count("GetItem"), 4);
  for (const auto& r : peer.seen()) {
    EXPECT_EQ(r.content_type, "application/x-amz-json-1.0");
    EXPECT_EQ(r.authorization.rfind("AWS4-HMAC-SHA256 Credential=", 0), 0u) << r.authorization;
    EXPECT_NE(r.authorization.find("/ap-northeast-1/dynamodb/aws4_request"), std::string::npos);
  }
  json get = peer.seen().back().body;
  EXPECT_EQ(get, json::parse(R"({"TableName": "bi_users", "Key": {"userId": {"S": "u1"}},
                                 "ConsistentRead": true})"));
}

TEST(DynamoDbFailures, ThrottlingOr5xxThatOutlastsTheRetriesIsUnavailable) {
  for (int status : {400, 500, 503}) {
    ScriptedDynamoDb peer([&](const SeenRequest& r) -> std::pair<int, json> {
      if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
      if (status == 400) return {400, Error("ProvisionedThroughputExceededException")};
      return {status, Error(status == 500 ? "InternalServerError" : "ServiceUnavailable")};
    });
    auto store = OpenAt(peer.endpoint());
    Status put = store->Put(tables::kUsers, {{"userId", AV::S("u1")}});
    EXPECT_EQ(put.code(), ErrorCode::kUnavailable) << status << ": " << put.ToString();
    EXPECT_NE(put.message().find("DynamoDB PutItem"), std::string::npos) << put.message();
    EXPECT_EQ(peer.count("PutItem"), 4) << status;
  }
}

TEST(DynamoDbFailures, APeerGoingAwayMidRequestIsRetriedThenUnavailable) {
  std::atomic<int> dropped{0};
  std::atomic<int> drop_first{2};
  ScriptedDynamoDb peer([&](const SeenRequest& r) -> std::pair<int, json> {
    if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
    if (dropped < drop_first) {
      ++dropped;
      return {0, nullptr};
    }
    return {200, json::object()};
  });
  auto store = OpenAt(peer.endpoint());
  auto got = store->Get(tables::kUsers, {{"userId", AV::S("u1")}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->has_value());
  EXPECT_EQ(peer.count("GetItem"), 3);

  dropped = 0;
  drop_first = 100;
  Status put = store->Put(tables::kUsers, {{"userId", AV::S("u1")}});
  EXPECT_EQ(put.code(), ErrorCode::kUnavailable) << put.ToString();
  EXPECT_NE(put.message().find("DynamoDB PutItem"), std::string::npos) << put.message();
  EXPECT_EQ(dropped.load(), 4);  // every attempt of the retry policy
}

TEST(DynamoDbFailures, BatchGetAsksAgainForUnprocessedKeys) {
  std::atomic<int> batch_calls{0};
  ScriptedDynamoDb peer([&](const SeenRequest& r) -> std::pair<int, json> {
    if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
    const json& keys = r.body["RequestItems"]["bi_users"]["Keys"];
    EXPECT_LE(keys.size(), 100u);
    EXPECT_EQ(r.body["RequestItems"]["bi_users"]["ConsistentRead"], true);
    ++batch_calls;
    // Answers the first key of each request and leaves the rest unprocessed, so every key
    // needs a round of its own; "u-missing-*" keys do not exist.
    json items = json::array();
    const std::string& first = keys[0]["userId"]["S"].get_ref<const std::string&>();
    if (first.rfind("u-missing", 0) != 0) {
      items.push_back({{"userId", {{"S", first}}}, {"name", {{"S", "N " + first}}}});
    }
    json answer = {{"Responses", {{"bi_users", items}}}};
    if (keys.size() > 1) {
      json rest(keys.begin() + 1, keys.end());
      answer["UnprocessedKeys"] = {{"bi_users", {{"Keys", rest}}}};
    }
    return {200, answer};
  });
  auto store = OpenAt(peer.endpoint());
  std::vector<Item> keys = {{{"userId", AV::S("a")}},
                            {{"userId", AV::S("u-missing-1")}},
                            {{"userId", AV::S("b")}},
                            {{"userId", AV::S("a")}}};
  auto got = store->BatchGet(tables::kUsers, keys);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[0]->at("name"), AV::S("N a"));
  EXPECT_FALSE((*got)[1].has_value());
  EXPECT_EQ((*got)[2]->at("name"), AV::S("N b"));
  EXPECT_EQ((*got)[3]->at("name"), AV::S("N a"));
  EXPECT_EQ(batch_calls.load(), 3);  // a, u-missing-1, b: the repeated key is asked once

  // Keys left unprocessed round after round end as kUnavailable, not as missing items.
  ScriptedDynamoDb stuck([&](const SeenRequest& r) -> std::pair<int, json> {
    if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
    return {200,
            {{"Responses", {{"bi_users", json::array()}}},
             {"UnprocessedKeys", {{"bi_users", r.body["RequestItems"]["bi_users"]}}}}};
  });
  auto stuck_store = OpenAt(stuck.endpoint());
  EXPECT_EQ(stuck_store->BatchGet(tables::kUsers, keys).status().code(), ErrorCode::kUnavailable);
}

TEST(DynamoDbFailures, ConditionalCheckFailedIsConflictAndValidationIsInvalidArgument) {
  ScriptedDynamoDb peer([&](const SeenRequest& r) -> std::pair<int, json> {
    if (r.target == "DynamoDB_20120810.DescribeTable") return {200, UsersDescription()};
    if (r.target == "DynamoDB_20120810.PutItem") {
      return {400, Error("ConditionalCheckFailedException")};
    }
    return {400, Error("ValidationException")};
  });
  auto store = OpenAt(peer.endpoint());
  Status put = store->Put(tables::kUsers, {{"userId", AV::S("u")}, {"version", AV::N(3)}},
                          Condition::VersionEquals(2));
  EXPECT_EQ(put.code(), ErrorCode::kConflict);
  EXPECT_EQ(put.details()["expectedVersion"], 2);
  EXPECT_EQ(peer.count("PutItem"), 1);  // a failed condition is an answer, not retried
  EXPECT_EQ(peer.seen().back().body["ConditionExpression"], "#v = :v");
  EXPECT_EQ(store->Delete(tables::kUsers, {{"userId", AV::S("u")}}).code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bi::store
