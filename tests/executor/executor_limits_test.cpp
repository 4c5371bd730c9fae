// Limits and failures: timeout (408 within 10 s + margin, worker freed), memory bomb, fork
// bomb, endless output, crashes; the executor stays healthy after each.

#include <chrono>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

void ExpectHealthyAfter(const std::string& what) {
  ExecReply r = RunCard("result = int(df['qty'].sum())");
  ASSERT_EQ(r.status, 200) << "after " << what << ": " << r.raw;
  EXPECT_EQ(r.json["result"]["value"], 4500) << "after " << what;
}

TEST(ExecutorLimits, InfiniteLoopTimesOutWith408AndFreesTheWorker) {
  ExpectHealthyAfter("start-up");  // both runtimes warm
  ExpectHealthyAfter("start-up");
  const auto start = Clock::now();
  ExecReply r = RunCard("while True:\n    pass\n");
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.status, 408) << r.raw;
  EXPECT_EQ(r.json["error"]["code"], "timeout");
  // The one timing assertion: 10 s plus a small margin.
  EXPECT_LT(elapsed, std::chrono::seconds(12));
  ExpectHealthyAfter("timeout");
  ExpectHealthyAfter("timeout (second worker)");
}

TEST(ExecutorLimits, ShorterTimeoutIsHonoured) {
  ExpectHealthyAfter("start-up");
  const auto start = Clock::now();
  ExecReply r = RunCard("import time\ntime.sleep(30)", {{"limits", {{"timeoutSeconds", 1}}}});
  EXPECT_EQ(r.status, 408) << r.raw;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
}

TEST(ExecutorLimits, MemoryBombIs422MemoryLimit) {
  for (const std::string code : {"x = np.ones(10**10)", "x = 'a' * (3 * 2**30)",
                                 "x = []\nwhile True:\n    x.append(bytearray(10**7))"}) {
    ExecReply r = RunCard(code, {{"limits", {{"memoryMb", 1024}}}});
    EXPECT_EQ(r.status, 422) << code << r.raw;
    EXPECT_EQ(r.json["error"]["code"], "memory_limit") << code << r.raw;
  }
  ExpectHealthyAfter("memory bomb");
}

TEST(ExecutorLimits, ForkBombIsRefused) {
  // os is blocked in the card; reach fork through the real builtins, then through
  // pandas' own module references: the OS layer (seccomp) refuses it either way.
  ExecReply r = RunCard(
      "f = pd.io.common.os.fork\n"
      "while True:\n"
      "    f()\n");
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.json["error"]["details"]["type"], "PermissionError") << r.raw;
  ExpectHealthyAfter("fork bomb");
}

TEST(ExecutorLimits, EndlessOutputIsBoundedAndTimesOut) {
  ExecReply r =
      RunCard("while True:\n    print('spam' * 1000)\n", {{"limits", {{"timeoutSeconds", 2}}}});
  EXPECT_EQ(r.status, 408) << r.raw.substr(0, 300);
  EXPECT_LT(r.raw.size(), 10000u);
  ExpectHealthyAfter("endless output");
}

TEST(ExecutorLimits, SegfaultLeavesTheExecutorHealthy) {
  // A real segfault: numpy reading memory the process does not have.
  ExecReply real = RunCard(
      "class A:\n"
      "    __array_interface__ = {'data': (8, False), 'shape': (1000,), 'typestr': '<i8', "
      "'version': 3}\n"
      "x = np.asarray(A())\n"
      "result = int(x.sum())\n");
  EXPECT_EQ(real.status, 422) << real.raw;
  EXPECT_EQ(real.json["error"]["code"], "card_crashed") << real.raw;
  EXPECT_EQ(real.json["error"]["details"]["signal"], "SIGSEGV") << real.raw;
  ExpectHealthyAfter("segfault");
}

TEST(ExecutorLimits, ExitAndSelfSignalAreCrashesOrErrors) {
  ExecReply exit_call = RunCard("pd.io.common.os._exit(3)");
  EXPECT_EQ(exit_call.status, 422) << exit_call.raw;
  ExecReply sysexit = RunCard("raise SystemExit(2)");
  EXPECT_EQ(sysexit.status, 422) << sysexit.raw;
  EXPECT_EQ(sysexit.json["error"]["details"]["type"], "SystemExit");
  ExpectHealthyAfter("exits");
}

TEST(ExecutorLimits, QueueFullIs503WithRetryAfter) {
  // 2 workers + 2 queue slots: the fifth concurrent request is refused at once.
  ExpectHealthyAfter("start-up");
  std::vector<std::thread> threads;
  std::vector<int> statuses(6);
  std::vector<std::string> retry(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([i, &statuses, &retry] {
      ExecReply r =
          RunCard("import time\ntime.sleep(3)\nresult = 1", {{"limits", {{"timeoutSeconds", 5}}}});
      statuses[i] = r.status;
      if (r.status != 200) std::cerr << "request " << i << ": " << r.raw << "\n";
      retry[i] = r.headers.count("retry-after") ? r.headers["retry-after"] : "";
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Health is answered while every worker is busy.
  HttpReply health = Request(ExecutorEnv::Get().port(), "GET", "/health");
  EXPECT_EQ(health.status, 200);
  for (auto& t : threads) t.join();
  int ok = 0, refused = 0;
  for (int i = 0; i < 6; ++i) {
    if (statuses[i] == 200) ++ok;
    if (statuses[i] == 503) {
      ++refused;
      EXPECT_EQ(retry[i], "1");
    }
  }
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(refused, 2);
}

}  // namespace
}  // namespace bi::testing
