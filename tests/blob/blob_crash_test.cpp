// A child process writes objects and publishes sets into the local blob store and is killed with
// SIGKILL at random moments; after each kill the store must open, pass its integrity check,
// show no temporary file, hold only whole objects and a manifest whose parts are all whole.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "blob/local_blob_store.h"
#include "blob/publication.h"
#include "tests/blob/pattern_source.h"
#include "tests/store/temp_dir.h"

namespace bi::blob {
namespace {

using testing::PatternSource;
using testing::VerifyPattern;

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// Every object's size and content follow from its key alone.
uint64_t SizeFor(std::string_view key) {
  return Fnv1a(key) % (3 << 20);
}

Status PutFor(BlobStore& store, const std::string& key) {
  PatternSource source(Fnv1a(key), SizeFor(key));
  return store.Put(key, source);
}

[[noreturn]] void ChildWrites(const std::filesystem::path& root, int round) {
  auto store = LocalBlobStore::Open(root);
  if (!store.ok()) _exit(2);
  for (int i = 0;; ++i) {
    PutFor(**store, "objects/" + std::to_string(round) + "/" + std::to_string(i));
    if (i % 2 == 0) {
      auto pub = Publisher::Begin(**store, "datasets/crash/data/");
      if (!pub.ok()) continue;
      for (int p = 0; p < 3; ++p) {
        std::string name = "part-000" + std::to_string(p) + ".parquet";
        std::string key = "datasets/crash/data/g-" + pub->generation() + "/" + name;
        PatternSource source(Fnv1a(key), SizeFor(key));
        pub->Put(name, source);
      }
      pub->Commit();
    }
    if (i % 4 == 3)
      (*store)->Delete("objects/" + std::to_string(round) + "/" + std::to_string(i - 1));
  }
}

bool Whole(BlobStore& store, const std::string& key, uint64_t size) {
  if (size != SizeFor(key)) return false;
  auto source = store.Open(key);
  if (!source.ok()) return false;
  bool ok = false;
  return VerifyPattern(**source, Fnv1a(key), 0, &ok) == size && ok;
}

TEST(BlobCrashTest, SigkillDuringWritesLeavesOnlyWholeObjects) {
  bi::testing::TempDir dir;
  auto root = dir.path() / "blobs";
  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  size_t objects = 0;
  bool published = false;
  for (int round = 0; round < 12; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ChildWrites(root, round);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 250));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);

    auto store = LocalBlobStore::Open(root, LocalBlobOptions{0});  // clears the dead child's temps
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->CheckIntegrity().ok());
    for (auto& e : std::filesystem::recursive_directory_iterator(root)) {
      ASSERT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << e.path();
    }
    std::string cursor;
    objects = 0;
    do {
      auto page = (*store)->List("", cursor, 500);
      ASSERT_TRUE(page.ok());
      for (const auto& b : page->blobs) {
        if (b.key.find("manifest.json") != std::string::npos) continue;
        ASSERT_TRUE(Whole(**store, b.key, b.size)) << b.key;
        ++objects;
      }
      cursor = page->cursor;
    } while (!cursor.empty());
    auto manifest = ReadManifest(**store, "datasets/crash/data/");
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    if (manifest->has_value()) {
      published = true;
      ASSERT_EQ((*manifest)->parts.size(), 3u);
      for (const auto& part : (*manifest)->parts) {
        ASSERT_TRUE(Whole(**store, part.key, part.size)) << part.key;
      }
    }
  }
  EXPECT_GT(objects, 0u) << "the children never wrote anything";
  EXPECT_TRUE(published) << "the children never published";
}

}  // namespace
}  // namespace bi::blob
