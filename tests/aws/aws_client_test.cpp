// AwsClient against a real HTTP server on 127.0.0.1: what goes on the wire is signed (the
// server re-derives the signature from what it received), what is retried and what is not,
// timeouts, connection reuse and use from several threads.

#include "aws/aws_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "local_http_server.h"
#include "resign_received.h"

namespace bi::aws {
namespace {

using testing::Answer;
using testing::LocalHttpServer;
using testing::ReceivedRequest;
using namespace std::chrono_literals;

constexpr char kSecret[] = "client-test-secret-key-do-not-print";

// Fixed credentials with a session token; counts how often the client asked.
class TestCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> Get() override {
    ++calls;
    if (!failure.ok()) return failure;
    return Credentials{"AKIDCLIENTTEST", kSecret, "client-session-token", std::nullopt};
  }
  std::atomic<int> calls{0};
  Status failure;
};

RetryPolicy FastRetries(int attempts) {
  RetryPolicy retry;
  retry.max_attempts = attempts;
  retry.base_delay = 1ms;
  retry.max_delay = 5ms;
  return retry;
}

AwsEndpoint Endpoint(const std::string& url, const std::string& service) {
  AwsEndpoint endpoint;
  endpoint.url = url;
  endpoint.scope = {"ap-northeast-1", service};
  endpoint.connect_timeout = 2000ms;
  endpoint.request_timeout = 10000ms;
  return endpoint;
}

std::string HeaderValueOf(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return "";
}

// What the client's Authorization must be, derived from the bytes the server received.
std::string ExpectedAuthorization(const ReceivedRequest& received, const SigningScope& scope) {
  return testing::ResignReceived(received, "AKIDCLIENTTEST", kSecret, scope);
}

TEST(AwsClient, DynamoDbStyleRequestIsSignedAsSent) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{
        200, {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amzn-RequestId", "R1"}}, "{}"};
  });
  auto credentials = std::make_shared<TestCredentials>();
  AwsClient client(Endpoint(server.url(), "dynamodb"), credentials, FastRetries(3));
  AwsRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  request.body = R"({"TableName":"bi_cards","Key":{"pk":{"S":"card#1"}}})";
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{}");
  EXPECT_EQ(response->Header("x-amzn-requestid"), "R1");  // names lowercased
  EXPECT_EQ(response->Header("X-Amzn-RequestId"), "");

  ASSERT_EQ(server.requests(), 1);
  const ReceivedRequest received = server.received().front();
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.target, "/");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.Header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(received.Header("x-amz-target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(received.Header("x-amz-security-token"), "client-session-token");
  EXPECT_EQ(received.Header("x-amz-content-sha256"), "");  // S3 only
  const std::string authorization = received.Header("authorization");
  EXPECT_EQ(authorization.rfind("AWS4-HMAC-SHA256 Credential=AKIDCLIENTTEST/", 0), 0u);
  EXPECT_NE(authorization.find("/ap-northeast-1/dynamodb/aws4_request, SignedHeaders=content-type;"
                               "host;x-amz-date;x-amz-security-token;x-amz-target, Signature="),
            std::string::npos)
      << authorization;
  EXPECT_EQ(authorization, ExpectedAuthorization(received, {"ap-northeast-1", "dynamodb"}));
  EXPECT_EQ(authorization.find(kSecret), std::string::npos);
}

TEST(AwsClient, S3StyleRequestEncodesKeyAndQueryAsSigned) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, ""}; });
  AwsClient client(Endpoint(server.url(), "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(3));
  AwsRequest request;
  request.method = "PUT";
  request.path = "/datasets/v1/a b+c/\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf$.parquet";
  request.query = {{"uploadId", "a/b+c=="}, {"partNumber", "2"}};
  request.body = std::string("part bytes\0with a zero", 22);
  request.headers = {{"x-amz-meta-empty", ""}, {"x-amz-meta-owner", "u_1"}};
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(server.requests(), 1);
  const ReceivedRequest received = server.received().front();
  EXPECT_EQ(received.target,
            "/datasets/v1/a%20b%2Bc/%E3%83%87%E3%83%BC%E3%82%BF%24.parquet"
            "?uploadId=a%2Fb%2Bc%3D%3D&partNumber=2");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.Header("x-amz-content-sha256"), Sha256Hex(request.body));
  bool empty_header_sent = false;
  for (const auto& [name, value] : received.headers)
    if (name == "x-amz-meta-empty" && value.empty()) empty_header_sent = true;
  EXPECT_TRUE(empty_header_sent) << "a signed empty header must be sent";
  EXPECT_NE(received.Header("authorization").find("x-amz-meta-empty;x-amz-meta-owner"),
            std::string::npos);
  // libcurl's form content type would be stored with the object; none is sent.
  EXPECT_EQ(received.Header("content-type"), "");
  EXPECT_EQ(received.Header("authorization"),
            ExpectedAuthorization(received, {"ap-northeast-1", "s3"}));
}

TEST(AwsClient, ClientOwnedHeadersAreNotSentTwice) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, ""}; });
  AwsClient client(Endpoint(server.url(), "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(2));
  AwsRequest request;
  request.method = "PUT";
  request.path = "/bucket/key";
  request.body = "streamed elsewhere";
  request.headers = {{"Host", "evil.example"},
                     {"Authorization", "AWS4-HMAC-SHA256 forged"},
                     {"X-Amz-Date", "20000101T000000Z"},
                     {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  const ReceivedRequest received = server.received().front();
  int hosts = 0, authorizations = 0, dates = 0;
  for (const auto& [name, value] : received.headers) {
    hosts += name == "host";
    authorizations += name == "authorization";
    dates += name == "x-amz-date";
  }
  EXPECT_EQ(hosts, 1);
  EXPECT_EQ(authorizations, 1);
  EXPECT_EQ(dates, 1);
  EXPECT_EQ(received.Header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_NE(received.Header("x-amz-date"), "20000101T000000Z");
  EXPECT_EQ(received.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  // The server side re-derives with the body's hash unless told: UNSIGNED-PAYLOAD is a header
  // it signs, and the payload line of the canonical request is that same word.
  RequestToSign check;
  check.method = "PUT";
  check.host = received.Header("host");
  check.path = "/bucket/key";
  check.headers = {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  const Credentials credentials{"AKIDCLIENTTEST", kSecret, "client-session-token", std::nullopt};
  EXPECT_EQ(received.Header("authorization"),
            HeaderValueOf(SignV4(check, credentials, {"ap-northeast-1", "s3"},
                                 testing::FromAmzDate(received.Header("x-amz-date"))),
                          "Authorization"));
}

TEST(AwsClient, MalformedRequestsAreRefusedBeforeSending) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, ""}; });
  AwsClient client(Endpoint(server.url(), "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(2));
  AwsRequest injected;
  injected.headers = {{"x-amz-meta-note", "a\r\nX-Injected: 1"}};
  auto refused = client.Send(injected);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  AwsRequest bad_method;
  bad_method.method = "get it";
  EXPECT_EQ(client.Send(bad_method).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(server.requests(), 0);
}

TEST(AwsClient, GetWithRangeAndHeadWork) {
  LocalHttpServer server([](const ReceivedRequest& r) {
    if (r.method == "HEAD") return Answer{200, {{"ETag", "\"abc\""}}, "0123456789"};
    return Answer{206, {{"Content-Range", "bytes 0-3/10"}}, "0123"};
  });
  AwsClient client(Endpoint(server.url() + "/", "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(2));
  AwsRequest get;
  get.path = "/bucket/key";
  get.headers = {{"Range", "bytes=0-3"}};
  auto got = client.Send(get);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->status, 206);
  EXPECT_EQ(got->body, "0123");
  EXPECT_EQ(got->Header("content-range"), "bytes 0-3/10");

  AwsRequest head;
  head.method = "HEAD";
  head.path = "/bucket/key";
  auto headed = client.Send(head);
  ASSERT_TRUE(headed.ok()) << headed.status().ToString();
  EXPECT_EQ(headed->status, 200);
  EXPECT_EQ(headed->body, "");
  EXPECT_EQ(headed->Header("etag"), "\"abc\"");
  EXPECT_EQ(headed->Header("content-length"), "10");
  for (const auto& received : server.received())
    EXPECT_EQ(received.Header("authorization"),
              ExpectedAuthorization(received, {"ap-northeast-1", "s3"}));
}

TEST(AwsClient, RetriesA500ThenSucceeds) {
  std::atomic<int> seen{0};
  LocalHttpServer server([&](const ReceivedRequest&) {
    return ++seen == 1 ? Answer{500, {}, "InternalError"} : Answer{200, {}, "ok"};
  });
  auto credentials = std::make_shared<TestCredentials>();
  AwsClient client(Endpoint(server.url(), "dynamodb"), credentials, FastRetries(3));
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(credentials->calls, 2) << "each attempt is signed afresh";
}

TEST(AwsClient, Retries429) {
  std::atomic<int> seen{0};
  LocalHttpServer server([&](const ReceivedRequest&) {
    return ++seen < 3 ? Answer{429, {}, "SlowDown"} : Answer{200, {}, "ok"};
  });
  AwsClient client(Endpoint(server.url(), "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(5));
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(server.requests(), 3);
}

TEST(AwsClient, ExhaustedRetriesAreUnavailableNamingTheEndpoint) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{503, {}, "ServiceUnavailable"};
  });
  AwsClient client(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(),
                   FastRetries(3));
  auto response = client.Send(AwsRequest{});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  const std::string& message = response.status().message();
  EXPECT_NE(message.find(server.url()), std::string::npos) << message;
  EXPECT_NE(message.find("503"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSecret), std::string::npos);
  EXPECT_EQ(response.status().details()["attempts"], 3);
  EXPECT_EQ(response.status().details()["status"], 503);
  EXPECT_EQ(response.status().details().dump().find(kSecret), std::string::npos);
  EXPECT_EQ(server.requests(), 3);
}

TEST(AwsClient, ClientErrorsAreReturnedAsIs) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{
        400,
        {{"Content-Type", "application/x-amz-json-1.0"}},
        R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"})"};
  });
  AwsClient client(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(),
                   FastRetries(5));
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("ConditionalCheckFailedException"), std::string::npos);
  EXPECT_EQ(server.requests(), 1);

  LocalHttpServer not_found([](const ReceivedRequest&) { return Answer{404, {}, "NoSuchKey"}; });
  AwsClient s3(Endpoint(not_found.url(), "s3"), std::make_shared<TestCredentials>(),
               FastRetries(5));
  auto missing = s3.Send(AwsRequest{});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(not_found.requests(), 1);
}

TEST(AwsClient, ThrottleAnswersAreRetriedWhenThePolicySaysSo) {
  std::atomic<int> seen{0};
  LocalHttpServer server([&](const ReceivedRequest&) {
    if (++seen == 1)
      return Answer{400, {}, R"({"__type":"com.amazon.coral.availability#ThrottlingException"})"};
    return Answer{200, {}, "{}"};
  });
  RetryPolicy retry = FastRetries(3);
  retry.is_throttle = [](const AwsResponse& r) {
    return r.status == 400 && r.body.find("ThrottlingException") != std::string::npos;
  };
  AwsClient client(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(), retry);
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(server.requests(), 2);

  // The same answer without the policy's say-so is the caller's to handle.
  seen = 0;
  AwsClient plain(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(),
                  FastRetries(3));
  auto first = plain.Send(AwsRequest{});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, 400);
  EXPECT_EQ(server.requests(), 3);
}

TEST(AwsClient, ConnectionRefusedIsUnavailableAfterRetries) {
  const std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedLocalPort());
  auto credentials = std::make_shared<TestCredentials>();
  AwsClient client(Endpoint(url, "s3"), credentials, FastRetries(4));
  auto response = client.Send(AwsRequest{});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(response.status().message().find(url), std::string::npos)
      << response.status().message();
  EXPECT_EQ(response.status().details()["attempts"], 4);
  EXPECT_FALSE(response.status().details().contains("status"));
  EXPECT_EQ(credentials->calls, 4);
}

TEST(AwsClient, DroppedConnectionIsRetried) {
  std::atomic<int> seen{0};
  LocalHttpServer server([&](const ReceivedRequest&) {
    Answer answer{200, {}, "ok"};
    answer.close_without_answer = ++seen == 1;
    return answer;
  });
  AwsClient client(Endpoint(server.url(), "s3"), std::make_shared<TestCredentials>(),
                   FastRetries(3));
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(server.requests(), 2);
}

TEST(AwsClient, ASlowAttemptTimesOutAndIsRetried) {
  std::atomic<int> seen{0};
  LocalHttpServer server([&](const ReceivedRequest&) {
    Answer answer{200, {}, "ok"};
    if (++seen == 1) answer.delay = 1500ms;
    return answer;
  });
  AwsEndpoint endpoint = Endpoint(server.url(), "dynamodb");
  endpoint.request_timeout = 300ms;
  AwsClient client(endpoint, std::make_shared<TestCredentials>(), FastRetries(3));
  auto response = client.Send(AwsRequest{});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(server.requests(), 2);
}

TEST(AwsClient, AlwaysSlowIsUnavailable) {
  LocalHttpServer server([](const ReceivedRequest&) {
    Answer answer{200, {}, "late"};
    answer.delay = 800ms;
    return answer;
  });
  AwsEndpoint endpoint = Endpoint(server.url(), "dynamodb");
  endpoint.request_timeout = 200ms;
  AwsClient client(endpoint, std::make_shared<TestCredentials>(), FastRetries(2));
  auto response = client.Send(AwsRequest{});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(response.status().message().find("in time"), std::string::npos)
      << response.status().message();
}

TEST(AwsClient, SequentialRequestsReuseOneConnection) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, "ok"}; });
  AwsClient client(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(),
                   FastRetries(2));
  for (int i = 0; i < 6; ++i) {
    AwsRequest request;
    request.method = "POST";
    request.body = "{\"n\":" + std::to_string(i) + "}";
    auto response = client.Send(request);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
  }
  EXPECT_EQ(server.requests(), 6);
  EXPECT_EQ(server.connections(), 1);
}

TEST(AwsClient, ParallelSendsFromManyThreads) {
  LocalHttpServer server([](const ReceivedRequest& r) { return Answer{200, {}, r.body}; });
  AwsClient client(Endpoint(server.url(), "dynamodb"), std::make_shared<TestCredentials>(),
                   FastRetries(2));
  constexpr int kThreads = 4, kEach = 10;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        AwsRequest request;
        request.method = "POST";
        request.body = std::to_string(t) + ":" + std::to_string(i);
        auto response = client.Send(request);
        if (response.ok() && response->status == 200 && response->body == request.body) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good, kThreads * kEach);
  EXPECT_EQ(server.requests(), kThreads * kEach);
  EXPECT_LE(server.connections(), kThreads) << "idle connections are reused";
}

TEST(AwsClient, CredentialsErrorIsReturnedWithoutSending) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, "ok"}; });
  auto credentials = std::make_shared<TestCredentials>();
  credentials->failure = Status::Unavailable("the container credentials endpoint is down");
  AwsClient client(Endpoint(server.url(), "s3"), credentials, FastRetries(3));
  auto response = client.Send(AwsRequest{});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message(), "the container credentials endpoint is down");
  EXPECT_EQ(server.requests(), 0);
}

TEST(AwsClient, BadEndpointOrPathIsInvalidArgument) {
  AwsClient no_scheme(Endpoint("127.0.0.1:4567", "s3"), std::make_shared<TestCredentials>());
  auto response = no_scheme.Send(AwsRequest{});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kInvalidArgument);

  AwsClient client(Endpoint("http://127.0.0.1:1", "s3"), std::make_shared<TestCredentials>());
  AwsRequest relative;
  relative.path = "bucket/key";
  auto bad_path = client.Send(relative);
  ASSERT_FALSE(bad_path.ok());
  EXPECT_EQ(bad_path.status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bi::aws
