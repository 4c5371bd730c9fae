#include "common/config.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace bi {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::string kGoodSecret = "0123456789abcdef0123456789abcdef";

TEST(ConfigTest, DefaultsAreEmbeddedLocal) {
  auto c = LoadConfig(FakeEnv({}), {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->env, Environment::kLocal);
  EXPECT_EQ(c->api_port, 8000);
  EXPECT_EQ(c->executor_port, 8080);
  EXPECT_EQ(c->data_dir, "./data");
  EXPECT_EQ(c->aws_region, "ap-northeast-1");
  EXPECT_TRUE(c->dynamodb_endpoint.empty());
  EXPECT_EQ(c->cors_origins.front(), "http://localhost:3000");
}

TEST(ConfigTest, ReadsTheGuidesVariables) {
  auto c = LoadConfig(FakeEnv({{"ENV", "staging"},
                               {"JWT_SECRET_KEY", kGoodSecret},
                               {"DYNAMODB_ENDPOINT", "http://dynamodb-local:8000"},
                               {"S3_ENDPOINT", "http://minio:9000"},
                               {"S3_ACCESS_KEY", "minioadmin"},
                               {"S3_SECRET_KEY", "minioadmin"},
                               {"S3_BUCKET_DATASETS", "bi-datasets"},
                               {"EXECUTOR_ENDPOINT", "http://executor:8080"},
                               {"VERTEX_AI_PROJECT_ID", "proj"},
                               {"GOOGLE_APPLICATION_CREDENTIALS", "/app/secrets/gcp-sa.json"},
                               {"AWS_REGION", "us-east-1"},
                               {"CORS_ORIGINS", "https://a.example, https://b.example,"},
                               {"API_PORT", "9000"},
                               {"EXECUTOR_PORT", "9090"},
                               {"BI_DATA_DIR", "/var/lib/bi"}}),
                      {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->env, Environment::kStaging);
  EXPECT_EQ(c->dynamodb_endpoint, "http://dynamodb-local:8000");
  EXPECT_EQ(c->s3_endpoint, "http://minio:9000");
  EXPECT_EQ(c->executor_endpoint, "http://executor:8080");
  EXPECT_EQ(c->aws_region, "us-east-1");
  EXPECT_EQ(c->cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(c->api_port, 9000);
  EXPECT_EQ(c->executor_port, 9090);
  EXPECT_EQ(c->data_dir, "/var/lib/bi");
}

TEST(ConfigTest, FlagsOverrideEnvironment) {
  ConfigOverrides o;
  o.port = 1234;
  o.data_dir = "/tmp/x";
  o.host = "127.0.0.1";
  auto c = LoadConfig(FakeEnv({{"API_PORT", "9000"}, {"BI_DATA_DIR", "/var/lib/bi"}}), o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->api_port, 1234);
  EXPECT_EQ(c->data_dir, "/tmp/x");
  EXPECT_EQ(c->host, "127.0.0.1");
}

TEST(ConfigTest, RejectsBadValues) {
  EXPECT_FALSE(LoadConfig(FakeEnv({{"ENV", "prod"}}), {}).ok());
  EXPECT_FALSE(LoadConfig(FakeEnv({{"API_PORT", "80a"}}), {}).ok());
  EXPECT_FALSE(LoadConfig(FakeEnv({{"API_PORT", "70000"}}), {}).ok());
  EXPECT_FALSE(LoadConfig(FakeEnv({{"BI_LOG_LEVEL", "loud"}}), {}).ok());
  ConfigOverrides o;
  o.port = -1;
  EXPECT_FALSE(LoadConfig(FakeEnv({}), o).ok());
}

TEST(ConfigTest, ShortJwtSecretIsRefusedWithAClearMessage) {
  for (const char* env : {"local", "staging", "production"}) {
    auto c = LoadConfig(FakeEnv({{"ENV", env}, {"JWT_SECRET_KEY", "too-short"}}), {});
    ASSERT_FALSE(c.ok()) << env;
    EXPECT_NE(c.status().message().find("at least 32 characters"), std::string::npos);
    // The message must not echo the secret itself.
    EXPECT_EQ(c.status().message().find("too-short"), std::string::npos);
  }
}

class JwtSecretTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("bi-config-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(JwtSecretTest, MissingInProductionRefusesToStart) {
  auto c = LoadConfig(FakeEnv({{"ENV", "production"}}), {});
  ASSERT_TRUE(c.ok());
  c->data_dir = dir_;
  bool generated = false;
  Status s = EnsureJwtSecret(*c, &generated);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("JWT_SECRET_KEY is required"), std::string::npos);
}

TEST_F(JwtSecretTest, LocalModeGeneratesAPrivateKeyOnceAndReusesIt) {
  auto c = LoadConfig(FakeEnv({}), {});
  ASSERT_TRUE(c.ok());
  c->data_dir = dir_;
  bool generated = false;
  ASSERT_TRUE(EnsureJwtSecret(*c, &generated).ok());
  EXPECT_TRUE(generated);
  EXPECT_GE(c->jwt_secret.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "jwt_secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto again = LoadConfig(FakeEnv({}), {});
  again->data_dir = dir_;
  ASSERT_TRUE(EnsureJwtSecret(*again, &generated).ok());
  EXPECT_FALSE(generated);
  EXPECT_EQ(again->jwt_secret, c->jwt_secret);
}

TEST_F(JwtSecretTest, GivenKeyIsKeptAndNothingIsWritten) {
  auto c = LoadConfig(FakeEnv({{"JWT_SECRET_KEY", kGoodSecret}}), {});
  ASSERT_TRUE(c.ok());
  c->data_dir = dir_;
  bool generated = true;
  ASSERT_TRUE(EnsureJwtSecret(*c, &generated).ok());
  EXPECT_FALSE(generated);
  EXPECT_EQ(c->jwt_secret, kGoodSecret);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "jwt_secret"));
}

TEST(ConfigTest, RedactedJsonHidesSecrets) {
  auto c = LoadConfig(FakeEnv({{"JWT_SECRET_KEY", kGoodSecret},
                               {"S3_ENDPOINT", "http://minio:9000"},
                               {"S3_ACCESS_KEY", "AKIAEXAMPLEKEY"},
                               {"S3_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG"}}),
                      {});
  ASSERT_TRUE(c.ok());
  std::string dumped = c->ToRedactedJson().dump();
  EXPECT_EQ(dumped.find(kGoodSecret), std::string::npos);
  EXPECT_EQ(dumped.find("wJalrXUtnFEMI"), std::string::npos);
  EXPECT_EQ(dumped.find("AKIAEXAMPLEKEY"), std::string::npos);
  EXPECT_NE(dumped.find("[set]"), std::string::npos);
}

}  // namespace
}  // namespace bi
