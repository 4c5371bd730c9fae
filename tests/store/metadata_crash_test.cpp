// A child process writes to the SQLite store and is killed with SIGKILL at random moments; after
// each kill the store must open, pass its integrity check and hold only whole items.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "store/sqlite_metadata_store.h"
#include "tests/store/temp_dir.h"

namespace bi::store {
namespace {

using AV = AttributeValue;

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

[[noreturn]] void ChildWrites(const std::filesystem::path& db, int round) {
  auto store = SqliteMetadataStore::Open(db);
  if (!store.ok()) _exit(2);
  std::mt19937_64 rng(static_cast<uint64_t>(getpid()));
  for (int64_t i = 0;; ++i) {
    std::string payload(rng() % (200 * 1024), '\0');
    for (auto& c : payload) c = static_cast<char>('a' + rng() % 26);
    Item card = {{"cardId", AV::S("r" + std::to_string(round) + "-" + std::to_string(i))},
                 {"ownerId", AV::S("crash")},
                 {"createdAt", AV::N(i)},
                 {"code", AV::S(payload)},
                 {"checksum", AV::S(std::to_string(Fnv1a(payload)))}};
    (*store)->Put(tables::kCards, card);
    if (i % 3 == 0) {
      // Read-modify-write of a counter whose history must always have `version` entries.
      Item key = {{"cardId", AV::S("counter")}};
      auto cur = (*store)->Get(tables::kCards, key);
      if (cur.ok()) {
        int64_t v = cur->has_value() ? *(**cur).at("version").n().ToInt64() : 0;
        AV::List history = cur->has_value() ? (**cur).at("history").l() : AV::List{};
        history.push_back(AV::N(v + 1));
        Item next = {
            {"cardId", AV::S("counter")}, {"version", AV::N(v + 1)}, {"history", AV::L(history)}};
        (*store)->Put(tables::kCards, next,
                      v == 0 ? Condition::NotExists() : Condition::VersionEquals(v));
      }
    }
    if (i % 5 == 4) {
      (*store)->Delete(
          tables::kCards,
          {{"cardId", AV::S("r" + std::to_string(round) + "-" + std::to_string(i - 2))}});
    }
  }
}

TEST(MetadataCrashTest, SigkillDuringWritesLeavesOnlyWholeItems) {
  bi::testing::TempDir dir;
  auto db = dir.path() / "metadata.db";
  {
    auto store = SqliteMetadataStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(CreateAllTables(**store).ok());
  }
  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  size_t seen_items = 0;
  for (int round = 0; round < 12; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ChildWrites(db, round);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);

    auto store = SqliteMetadataStore::Open(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Status integrity = (*store)->CheckIntegrity();
    ASSERT_TRUE(integrity.ok()) << integrity.ToString();
    std::string cursor;
    size_t items = 0;
    do {
      auto page = (*store)->Scan(tables::kCards, 100, cursor);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (const auto& item : page->items) {
        ++items;
        if (item.at("cardId").s() == "counter") {
          int64_t v = *item.at("version").n().ToInt64();
          ASSERT_EQ(item.at("history").l().size(), static_cast<size_t>(v));
          continue;
        }
        ASSERT_EQ(item.at("checksum").s(), std::to_string(Fnv1a(item.at("code").s())));
      }
      cursor = page->cursor;
    } while (!cursor.empty());
    seen_items = items;
  }
  EXPECT_GT(seen_items, 0u) << "the children never wrote anything";
}

}  // namespace
}  // namespace bi::store
