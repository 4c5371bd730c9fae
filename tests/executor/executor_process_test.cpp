// POST /execute through the real binary: `bi executor` (with and without the shared secret)
// and `bi serve` (executor on 127.0.0.1), and a missing Python runtime -> 503 with the reason.

#include <signal.h>

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;

std::vector<std::string> ExecutorArgs(const TempDir& dir) {
  return {"executor", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.path()};
}

// SIGTERM: the process stops its zygotes and removes its scratch root, then exits 0.
void ExpectCleanStop(BiProcess& bi) {
  bi.Signal(SIGTERM);
  EXPECT_EQ(bi.Wait(std::chrono::seconds(60)), 0) << bi.Output();
}

TEST(ExecutorProcess, BiExecutorRunsCardsOnItsDataDir) {
  TempDir dir;
  auto store = blob::LocalBlobStore::Open(std::filesystem::path(dir.path()) / "blobs");
  ASSERT_TRUE(store.ok());
  auto keys = WriteSampleDataset(**store, "d1", 100);
  BiProcess bi(ExecutorArgs(dir), {{"BI_EXECUTOR_WORKERS", "1"}});
  int port = bi.WaitForPort("executor");
  ASSERT_GT(port, 0) << bi.Output();
  ExecReply r = Execute(port, {{"code", "df.groupby('region')['qty'].sum()"},
                               {"datasets", {{{"datasetId", "d1"}, {"blobKeys", keys}}}}});
  ASSERT_EQ(r.status, 200) << r.raw << bi.Output();
  EXPECT_EQ(r.json["result"]["totalRows"], 5);
  ExpectCleanStop(bi);
}

TEST(ExecutorProcess, SharedSecretIsRequiredWhenSet) {
  TempDir dir;
  BiProcess bi(ExecutorArgs(dir),
               {{"BI_EXECUTOR_WORKERS", "1"}, {"EXECUTOR_SHARED_SECRET", "s3cret-for-tests-123"}});
  int port = bi.WaitForPort("executor");
  ASSERT_GT(port, 0) << bi.Output();
  EXPECT_EQ(Execute(port, {{"code", "1"}}).status, 401);
  EXPECT_EQ(Execute(port, {{"code", "1"}}, {{"X-Executor-Secret", "wrong"}}).status, 401);
  ExecReply ok = Execute(port, {{"code", "1"}}, {{"X-Executor-Secret", "s3cret-for-tests-123"}});
  EXPECT_EQ(ok.status, 200) << ok.raw;
  ExecReply bearer =
      Execute(port, {{"code", "1"}}, {{"Authorization", "Bearer s3cret-for-tests-123"}});
  EXPECT_EQ(bearer.status, 200) << bearer.raw;
  EXPECT_EQ(Request(port, "GET", "/health").status, 200);  // health needs no secret
  // The secret never reaches the card.
  ExecReply env = Execute(port, {{"code", "str(dict(pd.io.common.os.environ))"}},
                          {{"X-Executor-Secret", "s3cret-for-tests-123"}});
  ASSERT_EQ(env.status, 200) << env.raw;
  EXPECT_EQ(env.raw.find("s3cret"), std::string::npos);
  ExpectCleanStop(bi);
}

TEST(ExecutorProcess, BiServeOffersExecuteOnLoopback) {
  TempDir dir;
  BiProcess bi({"serve", "--host", "127.0.0.1", "--port", "0", "--executor-port", "0", "--data-dir",
                dir.path()},
               {{"BI_EXECUTOR_WORKERS", "1"}});
  int port = bi.WaitForPort("executor");
  ASSERT_GT(port, 0) << bi.Output();
  ExecReply r = Execute(port, {{"code", "result = 6 * 7"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["value"], 42);
  ExpectCleanStop(bi);
}

TEST(ExecutorProcess, MissingRuntimeIs503WithTheReason) {
  TempDir dir;
  BiProcess bi(ExecutorArgs(dir),
               {{"BI_EXECUTOR_WORKERS", "1"}, {"BI_EXECUTOR_PYTHON", "/nonexistent/python3"}});
  int port = bi.WaitForPort("executor");
  ASSERT_GT(port, 0) << bi.Output();
  ExecReply r = Execute(port, {{"code", "1"}});
  EXPECT_EQ(r.status, 503) << r.raw;
  EXPECT_EQ(r.json["error"]["details"]["reason"], "runtime_missing") << r.raw;
  EXPECT_FALSE(r.headers["retry-after"].empty());
  EXPECT_EQ(Request(port, "GET", "/health").status, 200);
  ExpectCleanStop(bi);
}

TEST(ExecutorProcess, BrokenRuntimeIs503WithTheReason) {
  TempDir dir;
  // An interpreter that cannot import the libraries: the harness reports why.
  std::string fake = dir.path() + "/python3";
  {
    FILE* f = fopen(fake.c_str(), "w");
    fputs("#!/bin/sh\necho 'boom' >&2\nexit 3\n", f);
    fclose(f);
    chmod(fake.c_str(), 0755);
  }
  BiProcess bi(ExecutorArgs(dir), {{"BI_EXECUTOR_WORKERS", "1"}, {"BI_EXECUTOR_PYTHON", fake}});
  int port = bi.WaitForPort("executor");
  ASSERT_GT(port, 0) << bi.Output();
  ExecReply r = Execute(port, {{"code", "1"}});
  EXPECT_EQ(r.status, 503) << r.raw;
  EXPECT_EQ(r.json["error"]["details"]["reason"], "runtime_broken") << r.raw;
  ExpectCleanStop(bi);
}

}  // namespace
}  // namespace bi::testing
