// Interop with the official AWS CLI (Debian `awscli`): the CLI sends real S3 and DynamoDB
// requests to a local HTTP server, and this project's signer, given only the bytes the server
// received, must produce the very Authorization the CLI sent. So our SigV4 agrees with AWS's
// own for keys with spaces, '+' and UTF-8, ranges, bodies, queries and session tokens.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aws/sigv4.h"
#include "local_http_server.h"
#include "resign_received.h"

namespace bi::aws {
namespace {

using testing::Answer;
using testing::LocalHttpServer;
using testing::ReceivedRequest;

constexpr char kAwsCli[] = "/usr/bin/aws";
constexpr char kKeyId[] = "AKIDAWSCLITEST";
constexpr char kSecret[] = "awscli-test-secret-key";
constexpr char kToken[] = "awscli-session-token";
constexpr char kRegion[] = "ap-northeast-1";

class AwsCliSigning : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::access(kAwsCli, X_OK), 0)
        << kAwsCli << " is missing: install Debian's awscli (scripts/install-deps.sh)";
    char pattern[] = "/tmp/bi-aws-cli-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Runs the CLI with only our test credentials in its environment; its output goes to a
  // log shown when the run fails.
  int RunCli(const std::vector<std::string>& args, const std::string& endpoint_url) {
    std::vector<std::string> argv = {kAwsCli};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint-url", endpoint_url, "--no-cli-pager"});
    const std::vector<std::string> env = {
        "PATH=/usr/bin:/bin",
        "HOME=" + dir_,
        std::string("AWS_ACCESS_KEY_ID=") + kKeyId,
        std::string("AWS_SECRET_ACCESS_KEY=") + kSecret,
        std::string("AWS_SESSION_TOKEN=") + kToken,
        std::string("AWS_DEFAULT_REGION=") + kRegion,
        "AWS_CONFIG_FILE=" + dir_ + "/config",
        "AWS_SHARED_CREDENTIALS_FILE=" + dir_ + "/credentials",
        "AWS_EC2_METADATA_DISABLED=true",
        "AWS_MAX_ATTEMPTS=1",
    };
    const std::string log = dir_ + "/cli.log";
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> cargv, cenv;
      for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
      for (const auto& e : env) cenv.push_back(const_cast<char*>(e.c_str()));
      cargv.push_back(nullptr);
      cenv.push_back(nullptr);
      ::execve(kAwsCli, cargv.data(), cenv.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    cli_output_ = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Every request the server got carries the Authorization our signer computes for it.
  void ExpectOurSignatureMatches(const LocalHttpServer& server, const std::string& service) {
    const auto received = server.received();
    ASSERT_FALSE(received.empty());
    for (const ReceivedRequest& r : received) {
      EXPECT_EQ(r.Header("x-amz-security-token"), kToken);
      EXPECT_NE(r.Header("authorization")
                    .find(std::string("/") + kRegion + "/" + service + "/aws4_request"),
                std::string::npos);
      EXPECT_EQ(r.Header("authorization"),
                testing::ResignReceived(r, kKeyId, kSecret, {kRegion, service}))
          << r.method << " " << r.target;
      const std::string content_sha = r.Header("x-amz-content-sha256");
      if (service == "s3") {
        EXPECT_NE(r.Header("authorization").find("x-amz-content-sha256;x-amz-date"),
                  std::string::npos);
        if (content_sha != "UNSIGNED-PAYLOAD") {
          EXPECT_EQ(content_sha, Sha256Hex(r.body)) << r.method << " " << r.target;
        }
      }
    }
  }

  std::string dir_;
  std::string cli_output_;
};

TEST_F(AwsCliSigning, S3GetObjectWithRangeAndAnAwkwardKey) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{206,
                  {{"Content-Type", "application/octet-stream"},
                   {"Content-Range", "bytes 0-3/100"},
                   {"ETag", "\"0123456789abcdef0123456789abcdef\""},
                   {"Last-Modified", "Mon, 23 Nov 2026 09:00:00 GMT"}},
                  "PAR1"};
  });
  ASSERT_EQ(RunCli({"s3api", "get-object", "--bucket", "bi-datasets", "--key",
                    "datasets/ds 1/a+b (\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf).parquet", "--range",
                    "bytes=0-3", dir_ + "/out"},
                   server.url()),
            0)
      << cli_output_;
  ASSERT_EQ(server.requests(), 1);
  const ReceivedRequest r = server.received().front();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.Header("range"), "bytes=0-3");
  EXPECT_EQ(r.target.rfind("/bi-datasets/datasets/ds%201/a%2Bb%20%28", 0), 0u) << r.target;
  ExpectOurSignatureMatches(server, "s3");
}

TEST_F(AwsCliSigning, S3PutObjectWithBody) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{200, {{"ETag", "\"0123456789abcdef0123456789abcdef\""}}, ""};
  });
  {
    std::ofstream body(dir_ + "/body");
    body << "id,region,qty\n1,east,3\n2,west,5\n";
  }
  ASSERT_EQ(RunCli({"s3api", "put-object", "--bucket", "bi-datasets", "--key",
                    "uploads/tok_1/part 0000.csv", "--body", dir_ + "/body", "--content-type",
                    "text/csv"},
                   server.url()),
            0)
      << cli_output_;
  ASSERT_GE(server.requests(), 1);
  const ReceivedRequest r = server.received().back();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.body, "id,region,qty\n1,east,3\n2,west,5\n");
  ExpectOurSignatureMatches(server, "s3");
}

TEST_F(AwsCliSigning, S3ListObjectsV2Query) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{200,
                  {{"Content-Type", "application/xml"}},
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                  "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                  "<Name>bi-datasets</Name><Prefix>datasets/ds 1/</Prefix><KeyCount>0</KeyCount>"
                  "<MaxKeys>7</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>"};
  });
  ASSERT_EQ(RunCli({"s3api", "list-objects-v2", "--bucket", "bi-datasets", "--prefix",
                    "datasets/ds 1/", "--max-keys", "7", "--start-after", "datasets/ds 1/a=b&c"},
                   server.url()),
            0)
      << cli_output_;
  ASSERT_EQ(server.requests(), 1);
  const ReceivedRequest r = server.received().front();
  EXPECT_NE(r.target.find("list-type=2"), std::string::npos) << r.target;
  ExpectOurSignatureMatches(server, "s3");
}

TEST_F(AwsCliSigning, DynamoDbGetItem) {
  LocalHttpServer server([](const ReceivedRequest&) {
    return Answer{200, {{"Content-Type", "application/x-amz-json-1.0"}}, "{}"};
  });
  ASSERT_EQ(RunCli({"dynamodb", "get-item", "--table-name", "bi_cards", "--key",
                    R"({"pk":{"S":"card#1"},"sk":{"S":"meta \u30c7"}})"},
                   server.url()),
            0)
      << cli_output_;
  ASSERT_EQ(server.requests(), 1);
  const ReceivedRequest r = server.received().front();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.Header("x-amz-target"), "DynamoDB_20120810.GetItem");
  ExpectOurSignatureMatches(server, "dynamodb");
}

}  // namespace
}  // namespace bi::aws
