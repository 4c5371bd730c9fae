// The command line of the real binary: help, version, and exit code 2 for usage errors.

#include <gtest/gtest.h>

#include "support/bi_process.h"

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

}  // namespace
}  // namespace bi::testing
