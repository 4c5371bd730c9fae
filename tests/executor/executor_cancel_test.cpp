// Cancellation when the HTTP client goes away: a queued request leaves the queue without
// running, a running card's process is killed, its worker is freed, its scratch dir removed.
// The cards here wait for a file the test creates in their scratch dir, so nothing depends on
// how fast the machine is; the only limits are generous "eventually" waits.

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Polls `done` until it holds. The cap only turns a hang into a failure.
bool Eventually(const std::function<bool()>& done) {
  const auto give_up = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < give_up) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

int64_t Stat(const char* name) {
  return ExecutorEnv::Get().service().Stats()[name].get<int64_t>();
}

// The executor's scratch root: the parent of a run's working directory.
fs::path ScratchRoot() {
  ExecReply r = RunCard("result = pd.io.common.os.getcwd()");
  EXPECT_EQ(r.status, 200) << r.raw;
  return fs::path(r.json["result"]["text"].get<std::string>()).parent_path();
}

std::vector<fs::path> RunDirs(const fs::path& root) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.path().filename().string().rfind("run-", 0) == 0) dirs.push_back(e.path());
  return dirs;
}

// Writes its pid to ./pid, then waits until ./go exists (the test creates it), then returns 1.
const char* kWaitingCard =
    "pd.Series([pd.io.common.os.getpid()]).to_csv('pid', index=False, header=False)\n"
    "import time\n"
    "while True:\n"
    "    try:\n"
    "        pd.read_csv('go')\n"
    "        break\n"
    "    except FileNotFoundError:\n"
    "        time.sleep(0.02)\n"
    "result = 1\n";

// The pid a waiting card wrote in `dir`, or -1 while it has not yet.
pid_t CardPid(const fs::path& dir) {
  std::ifstream in(dir / "pid");
  long pid = -1;
  if (!(in >> pid)) return -1;
  return static_cast<pid_t>(pid);
}

void ReleaseWaitingCards(const fs::path& root) {
  for (const auto& dir : RunDirs(root)) std::ofstream(dir / "go") << "x\n";
}

std::string PostExecute(const json& body) {
  const std::string text = body.dump();
  return "POST /execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
         "Content-Length: " +
         std::to_string(text.size()) + "\r\n\r\n" + text;
}

TEST(ExecutorCancel, ClientGoneWhileRunningKillsTheCardAndFreesTheWorker) {
  ExecutorEnv& env = ExecutorEnv::Get();
  const fs::path root = ScratchRoot();
  ASSERT_TRUE(RunDirs(root).empty());
  const int64_t cancelled = Stat("cancelled"), timeouts = Stat("timeouts");

  auto conn = std::make_unique<TestConnection>(env.port());
  ASSERT_TRUE(conn->connected());
  ASSERT_TRUE(conn->Write(PostExecute({{"code", kWaitingCard},
                                       {"datasets", {env.SampleDataset()}},
                                       {"limits", {{"timeoutSeconds", 10}}}})));
  pid_t pid = -1;
  ASSERT_TRUE(Eventually([&] {
    auto dirs = RunDirs(root);
    if (dirs.size() == 1) pid = CardPid(dirs[0]);
    return pid > 0;
  }));
  EXPECT_EQ(Stat("busy"), 1);
  conn.reset();  // the client goes away

  EXPECT_TRUE(Eventually([&] { return Stat("cancelled") == cancelled + 1; }));
  EXPECT_TRUE(Eventually([&] { return Stat("busy") == 0; }));
  EXPECT_EQ(Stat("timeouts"), timeouts);  // stopped by the cancellation, not by its timeout
  // The card's process is gone (killed and reaped), its scratch dir removed.
  EXPECT_TRUE(Eventually([&] { return kill(pid, 0) != 0 && errno == ESRCH; })) << pid;
  EXPECT_TRUE(RunDirs(root).empty());
  ExecReply next = RunCard("result = int(df['qty'].sum())");
  EXPECT_EQ(next.status, 200) << next.raw;
  EXPECT_EQ(next.json["result"]["value"], 4500);
}

TEST(ExecutorCancel, ClientGoneWhileQueuedNeverRuns) {
  ExecutorEnv& env = ExecutorEnv::Get();
  const fs::path root = ScratchRoot();
  // Both workers (the fixture has two) busy with cards waiting for the test.
  std::vector<std::thread> busy;
  std::vector<ExecReply> replies(2);
  for (int i = 0; i < 2; ++i)
    busy.emplace_back([&replies, i] {
      replies[i] = RunCard(kWaitingCard, {{"limits", {{"timeoutSeconds", 10}}}});
    });
  ASSERT_TRUE(Eventually([&] {
    auto dirs = RunDirs(root);
    return dirs.size() == 2 && CardPid(dirs[0]) > 0 && CardPid(dirs[1]) > 0;
  }));
  const int64_t runs = Stat("runs"), cancelled = Stat("cancelled");

  auto conn = std::make_unique<TestConnection>(env.port());
  ASSERT_TRUE(conn->connected());
  ASSERT_TRUE(conn->Write(PostExecute({{"code", "result = 2"}})));
  EXPECT_TRUE(Eventually([&] { return Stat("queued") == 1; }));
  conn.reset();  // the client goes away while its request waits for a worker
  EXPECT_TRUE(Eventually([&] { return Stat("queued") == 0; }));
  EXPECT_EQ(Stat("cancelled"), cancelled + 1);

  ReleaseWaitingCards(root);
  for (auto& t : busy) t.join();
  for (const auto& r : replies) EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Stat("runs"), runs + 2);  // the two waiting cards; the cancelled one never ran
  EXPECT_TRUE(RunDirs(root).empty());
}

}  // namespace
}  // namespace bi::testing
