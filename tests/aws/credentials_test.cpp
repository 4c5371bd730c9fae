// The credentials chain: explicit keys, environment variables, the ECS container endpoint
// (served by a real HTTP server on 127.0.0.1 that counts its requests) and the local-peer
// dummies; and that no error message ever carries a secret.

#include "aws/credentials.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <map>

#include "aws/container_credentials.h"
#include "common/log.h"
#include "local_http_server.h"

namespace bi::aws {
namespace {

using std::chrono::system_clock;
using testing::Answer;
using testing::LocalHttpServer;
using testing::ReceivedRequest;

constexpr const char* kAwsVariables[] = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                         "AWS_SESSION_TOKEN",
                                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"};
constexpr char kContainerSecret[] = "container-secret-key-0123456789abcdef";
constexpr char kRelativeUri[] = "/v2/credentials/6f1c0a3e-task-role";

// Each test starts with none of the chain's variables set and leaves the process as it was.
class CredentialsChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kAwsVariables) {
      if (const char* value = std::getenv(name)) saved_[name] = value;
      ::unsetenv(name);
    }
  }
  void TearDown() override {
    for (const char* name : kAwsVariables) ::unsetenv(name);
    for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  std::map<std::string, std::string> saved_;
};

std::string Iso8601(system_clock::time_point t) {
  const std::time_t tt = system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

// The container endpoint: answers with credentials valid for `valid_for` from now, or fails.
struct ContainerEndpoint {
  std::atomic<int> valid_for_seconds{3600};
  std::atomic<int> fail_with_status{0};
  std::atomic<int> serial{0};
  LocalHttpServer server{[this](const ReceivedRequest& request) { return Answer_(request); }};

  Answer Answer_(const ReceivedRequest& request) {
    if (request.target != kRelativeUri) return {404, {}, "no such credentials"};
    // A failing endpoint may still echo secrets; the client must not repeat its body.
    if (fail_with_status != 0)
      return {fail_with_status.load(), {}, std::string("oops ") + kContainerSecret};
    const int n = ++serial;
    nlohmann::json doc = {{"RoleArn", "arn:aws:iam::123456789012:role/bi-task"},
                          {"AccessKeyId", "ASIACONTAINER" + std::to_string(n)},
                          {"SecretAccessKey", kContainerSecret},
                          {"Token", "container-session-token-" + std::to_string(n)},
                          {"Expiration", Iso8601(system_clock::now() +
                                                 std::chrono::seconds(valid_for_seconds.load()))}};
    return {200, {{"Content-Type", "application/json"}}, doc.dump()};
  }
};

std::shared_ptr<CredentialsProvider> ContainerChain(const ContainerEndpoint& endpoint) {
  ::setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", kRelativeUri, 1);
  CredentialsChainOptions options;
  options.container_endpoint_host = endpoint.server.url();
  options.allow_dummy_for_local_peer = true;  // the container endpoint still comes first
  return MakeCredentialsChain(options);
}

TEST_F(CredentialsChainTest, ExplicitKeysComeFirst) {
  ::setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "environment-secret", 1);
  CredentialsChainOptions options;
  options.access_key_id = "AKIAEXPLICIT";
  options.secret_access_key = "explicit-secret";
  auto credentials = MakeCredentialsChain(options)->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIAEXPLICIT");
  EXPECT_EQ(credentials->secret_access_key, "explicit-secret");
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
}

TEST_F(CredentialsChainTest, HalfOfTheExplicitKeysIsAnError) {
  CredentialsChainOptions options;
  options.access_key_id = "AKIAEXPLICIT";
  auto credentials = MakeCredentialsChain(options)->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("S3_SECRET_KEY"), std::string::npos);

  CredentialsChainOptions only_secret;
  only_secret.secret_access_key = "explicit-secret-value";
  auto other = MakeCredentialsChain(only_secret)->Get();
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message().find("explicit-secret-value"), std::string::npos);
}

TEST_F(CredentialsChainTest, EnvironmentWithSessionToken) {
  ::setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "environment-secret", 1);
  ::setenv("AWS_SESSION_TOKEN", "environment-token", 1);
  auto provider = MakeCredentialsChain({});
  // Read once at construction: later changes do not switch identity.
  ::setenv("AWS_ACCESS_KEY_ID", "AKIALATER", 1);
  auto credentials = provider->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKIAENVIRONMENT");
  EXPECT_EQ(credentials->secret_access_key, "environment-secret");
  EXPECT_EQ(credentials->session_token, "environment-token");
}

TEST_F(CredentialsChainTest, LongLivedSecretsAreRedactedFromLogs) {
  ::setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "redaction-probe-secret-Zq81xV0p", 1);
  ::setenv("AWS_SESSION_TOKEN", "redaction-probe-token-Hn27cW4k", 1);
  auto provider = MakeCredentialsChain({});
  std::string captured;
  log::SetSinkForTesting([&](std::string_view text) { captured += text; });
  log::Warn("aws_redaction_probe")
      .Str("secret", "redaction-probe-secret-Zq81xV0p")
      .Str("token", "redaction-probe-token-Hn27cW4k");
  log::Flush();
  log::SetSinkForTesting(nullptr);
  EXPECT_NE(captured.find("aws_redaction_probe"), std::string::npos);
  EXPECT_EQ(captured.find("redaction-probe-secret-Zq81xV0p"), std::string::npos) << captured;
  EXPECT_EQ(captured.find("redaction-probe-token-Hn27cW4k"), std::string::npos) << captured;
}

TEST_F(CredentialsChainTest, HalfOfTheEnvironmentIsAnError) {
  ::setenv("AWS_SECRET_ACCESS_KEY", "environment-secret", 1);
  auto credentials = MakeCredentialsChain({})->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_EQ(credentials.status().message().find("environment-secret"), std::string::npos);
}

TEST_F(CredentialsChainTest, DummiesOnlyForALocalPeer) {
  CredentialsChainOptions local;
  local.allow_dummy_for_local_peer = true;
  auto dummy = MakeCredentialsChain(local)->Get();
  ASSERT_TRUE(dummy.ok());
  EXPECT_FALSE(dummy->access_key_id.empty());
  EXPECT_FALSE(dummy->secret_access_key.empty());

  auto none = MakeCredentialsChain({})->Get();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(none.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST_F(CredentialsChainTest, EnvironmentBeatsTheContainerEndpoint) {
  ContainerEndpoint endpoint;
  ::setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "environment-secret", 1);
  auto credentials = ContainerChain(endpoint)->Get();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "AKIAENVIRONMENT");
  EXPECT_EQ(endpoint.server.requests(), 0);
}

TEST_F(CredentialsChainTest, ContainerCredentialsAreFetchedOnceWhileFresh) {
  ContainerEndpoint endpoint;
  auto provider = ContainerChain(endpoint);
  EXPECT_EQ(endpoint.server.requests(), 0) << "fetched on demand, not at construction";
  auto first = provider->Get();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->access_key_id, "ASIACONTAINER1");
  EXPECT_EQ(first->secret_access_key, kContainerSecret);
  EXPECT_EQ(first->session_token, "container-session-token-1");
  ASSERT_TRUE(first->expiration.has_value());
  EXPECT_GT(*first->expiration, system_clock::now() + std::chrono::minutes(55));

  for (int i = 0; i < 5; ++i) {
    auto again = provider->Get();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->access_key_id, "ASIACONTAINER1");
  }
  EXPECT_EQ(endpoint.server.requests(), 1);
  EXPECT_EQ(endpoint.server.received().front().target, kRelativeUri);
}

TEST_F(CredentialsChainTest, ContainerCredentialsNearExpiryAreFetchedAgain) {
  ContainerEndpoint endpoint;
  endpoint.valid_for_seconds = 4 * 60;  // inside the five-minute refresh window
  auto provider = ContainerChain(endpoint);
  auto first = provider->Get();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->access_key_id, "ASIACONTAINER1");
  endpoint.valid_for_seconds = 3600;
  auto second = provider->Get();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->access_key_id, "ASIACONTAINER2");
  auto third = provider->Get();
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->access_key_id, "ASIACONTAINER2");
  EXPECT_EQ(endpoint.server.requests(), 2);
}

TEST_F(CredentialsChainTest, EndpointDownUsesCachedCredentialsWhileStillValid) {
  ContainerEndpoint endpoint;
  endpoint.valid_for_seconds = 4 * 60;
  auto provider = ContainerChain(endpoint);
  ASSERT_TRUE(provider->Get().ok());
  endpoint.fail_with_status = 500;
  auto cached = provider->Get();
  ASSERT_TRUE(cached.ok()) << cached.status().ToString();
  EXPECT_EQ(cached->access_key_id, "ASIACONTAINER1");
  EXPECT_EQ(endpoint.server.requests(), 2) << "it did try to refresh";
}

TEST_F(CredentialsChainTest, EndpointDownAndNothingValidIsUnavailable) {
  ContainerEndpoint endpoint;
  endpoint.valid_for_seconds = -10;  // already expired when served
  auto provider = ContainerChain(endpoint);
  ASSERT_TRUE(provider->Get().ok());
  endpoint.fail_with_status = 500;
  auto failed = provider->Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kUnavailable);
  const std::string& message = failed.status().message();
  EXPECT_NE(message.find("container credentials"), std::string::npos) << message;
  EXPECT_NE(message.find("500"), std::string::npos) << message;
  EXPECT_EQ(message.find(kContainerSecret), std::string::npos) << message;
  EXPECT_EQ(message.find(kRelativeUri), std::string::npos) << message;
  EXPECT_EQ(failed.status().details().dump().find(kContainerSecret), std::string::npos);
}

TEST_F(CredentialsChainTest, UnreachableEndpointIsUnavailable) {
  ::setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", kRelativeUri, 1);
  CredentialsChainOptions options;
  options.container_endpoint_host =
      "http://127.0.0.1:" + std::to_string(testing::UnusedLocalPort());
  auto failed = MakeCredentialsChain(options)->Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(failed.status().message().find(options.container_endpoint_host), std::string::npos)
      << failed.status().message();
}

TEST(ContainerCredentialsProvider, AnswerWithoutKeysIsUnavailableAndNotEchoed) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{200, {}, std::string(R"({"SecretAccessKey":")") + kContainerSecret + "\"}"};
  });
  ContainerCredentialsProvider provider(server.url() + kRelativeUri);
  auto failed = provider.Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(failed.status().message().find("AccessKeyId"), std::string::npos);
  EXPECT_EQ(failed.status().message().find(kContainerSecret), std::string::npos);
}

TEST(ContainerCredentialsProvider, NotJsonIsUnavailable) {
  LocalHttpServer server([](const ReceivedRequest&) { return Answer{200, {}, "<html>"}; });
  ContainerCredentialsProvider provider(server.url() + kRelativeUri);
  auto failed = provider.Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kUnavailable);
}

TEST(ParseIso8601, ZoneFormsAndRejects) {
  const auto base = system_clock::from_time_t(1763900000);  // 2025-11-23T12:13:20Z
  EXPECT_EQ(ParseIso8601("2025-11-23T12:13:20Z"), base);
  EXPECT_EQ(ParseIso8601("2025-11-23T12:13:20.123Z"), base);
  EXPECT_EQ(ParseIso8601("2025-11-23T21:13:20+09:00"), base);
  EXPECT_EQ(ParseIso8601("2025-11-23T10:13:20-02:00"), base);
  EXPECT_FALSE(ParseIso8601("2025-11-23T12:13:20").has_value());  // no zone
  EXPECT_FALSE(ParseIso8601("2025-13-23T12:13:20Z").has_value());
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
  EXPECT_FALSE(ParseIso8601("2025-11-23T12:13:20Zjunk").has_value());
}

}  // namespace
}  // namespace bi::aws
