// The command line of the real binary: help, version, and exit code 2 for usage errors.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::testing {
namespace {

int RunBi(std::vector<std::string> args, std::string* output = nullptr) {
  BiProcess p(std::move(args));
  auto code = p.Wait();
  if (output) *output = p.Output();
  return code.value_or(-1);
}

TEST(CliTest, VersionAndHelp) {
  std::string out;
  EXPECT_EQ(RunBi({"--version"}, &out), 0);
  EXPECT_EQ(out.rfind("bi ", 0), 0u);
  EXPECT_EQ(RunBi({"--help"}, &out), 0);
  for (const char* command : {"serve", "api", "executor", "admin"})
    EXPECT_NE(out.find(command), std::string::npos) << command;
  EXPECT_EQ(RunBi({"serve", "--help"}, &out), 0);
  EXPECT_NE(out.find("--executor-port"), std::string::npos);
}

TEST(CliTest, UsageErrorsExitWith2) {
  std::string out;
  EXPECT_EQ(RunBi({}, &out), 2);
  EXPECT_EQ(RunBi({"frobnicate"}, &out), 2);
  EXPECT_NE(out.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(RunBi({"admin", "nope"}, &out), 2);
  EXPECT_EQ(RunBi({"serve", "--bogus"}, &out), 2);
  EXPECT_NE(out.find("unknown flag --bogus"), std::string::npos);
  EXPECT_EQ(RunBi({"serve", "--port"}, &out), 2);
  EXPECT_EQ(RunBi({"serve", "--port", "eighty"}, &out), 2);
  EXPECT_EQ(RunBi({"serve", "extra"}, &out), 2);
}

TEST(CliTest, ShowConfigRedactsSecrets) {
  TempDir dir;
  BiProcess p({"admin", "show-config", "--data-dir", dir.path()},
              {{"JWT_SECRET_KEY", "a-very-long-secret-value-for-testing-0123"},
               {"S3_ENDPOINT", "http://127.0.0.1:9"},
               {"S3_ACCESS_KEY", "access-key-id"},
               {"S3_SECRET_KEY", "the-s3-secret-key-value"}});
  ASSERT_EQ(p.Wait().value_or(-1), 0);
  std::string out = p.Output();
  EXPECT_NE(out.find("\"data_dir\": \"" + dir.path() + "\""), std::string::npos);
  EXPECT_EQ(out.find("a-very-long-secret-value"), std::string::npos);
  EXPECT_EQ(out.find("the-s3-secret-key-value"), std::string::npos);
}

TEST(CliTest, InitTablesCreatesAllEightIdempotently) {
  TempDir dir;
  for (int run = 0; run < 2; ++run) {
    BiProcess p({"admin", "init-tables", "--data-dir", dir.path()});
    ASSERT_EQ(p.Wait().value_or(-1), 0) << p.Output();
    std::string out = p.Output();
    for (const char* table :
         {"bi_users", "bi_datasets", "bi_cards", "bi_dashboards", "bi_filter_views", "bi_groups",
          "bi_group_members", "bi_dashboard_shares"})
      EXPECT_NE(out.find(table), std::string::npos) << table;
    EXPECT_NE(out.find("8 tables ready"), std::string::npos) << out;
  }
}

TEST(CliTest, CreateUserReadsThePasswordFromStdinAndTheUserCanLogIn) {
  TempDir dir;
  std::string cmd = std::string("echo 'created-by-cli-1' | ") + BI_BINARY_PATH +
                    " admin create-user --email Ops@Example.com --name Ops --admin --data-dir " +
                    dir.path() + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  char buf[512] = {0};
  size_t n = std::fread(buf, 1, sizeof buf - 1, pipe);
  int status = ::pclose(pipe);
  std::string out(buf, n);
  ASSERT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_NE(out.find("created admin ops@example.com"), std::string::npos) << out;
  EXPECT_EQ(out.find("created-by-cli-1"), std::string::npos);

  // A second user with the same email is refused; a short password too.
  std::string again = std::string("echo 'created-by-cli-1' | ") + BI_BINARY_PATH +
                      " admin create-user --email ops@example.com --name Again --data-dir " +
                      dir.path() + " >/dev/null 2>&1";
  EXPECT_NE(WEXITSTATUS(std::system(again.c_str())), 0);
  std::string weak = std::string("echo 'short' | ") + BI_BINARY_PATH +
                     " admin create-user --email weak@example.com --name W --data-dir " +
                     dir.path() + " >/dev/null 2>&1";
  EXPECT_NE(WEXITSTATUS(std::system(weak.c_str())), 0);
  EXPECT_EQ(RunBi({"admin", "create-user", "--name", "NoEmail", "--data-dir", dir.path()}), 2);

  BiProcess serve({"serve", "--host", "127.0.0.1", "--port", "0", "--executor-port", "0",
                   "--data-dir", dir.path()});
  int port = serve.WaitForPort("api");
  ASSERT_GT(port, 0) << serve.Output();
  HttpReply r = Request(port, "POST", "/api/auth/login",
                        R"({"email":"ops@example.com","password":"created-by-cli-1"})",
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace bi::testing
