#include "cards/result_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "blob/local_blob_store.h"
#include "support/bi_process.h"

namespace bi::cards {
namespace {

using bi::testing::TempDir;

ResultPtr Made(const std::string& document, int64_t at, int status = 200) {
  auto r = std::make_shared<CachedResult>();
  r->status = status;
  r->document = document;
  r->created_ms = at;
  return r;
}

class ResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto blobs = blob::LocalBlobStore::Open(std::filesystem::path(dir_.path()));
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(blobs).value();
  }

  // A producer that counts its calls and returns `document`.
  ResultCache::Producer Counting(const std::string& document, int status = 200) {
    return [this, document, status]() -> Result<ResultPtr> {
      ++runs_;
      return Made(document, clock_.NowMillis(), status);
    };
  }

  TempDir dir_;
  std::unique_ptr<blob::LocalBlobStore> blobs_;
  ManualClock clock_{1'700'000'000'000};
  std::atomic<int> runs_{0};
};

TEST_F(ResultCacheTest, SecondLookupIsServedFromMemory) {
  ResultCache cache(blobs_.get(), 1 << 20, 60'000, clock_);
  auto first = cache.GetOrRun("k1", false, Counting("{\"result\":1}"));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->cached);
  clock_.Advance(std::chrono::milliseconds(500));
  auto second = cache.GetOrRun("k1", false, Counting("{\"result\":2}"));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->cached);
  EXPECT_EQ(second->result->document, "{\"result\":1}");
  EXPECT_EQ(second->result->created_ms, clock_.NowMillis() - 500);
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(cache.stats().memory_hits, 1);
}

TEST_F(ResultCacheTest, RefreshRunsAgainAndReplacesTheEntry) {
  ResultCache cache(blobs_.get(), 1 << 20, 60'000, clock_);
  ASSERT_TRUE(cache.GetOrRun("k", false, Counting("{\"v\":1}")).ok());
  auto fresh = cache.GetOrRun("k", true, Counting("{\"v\":2}"));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->cached);
  auto again = cache.GetOrRun("k", false, Counting("{\"v\":3}"));
  EXPECT_EQ(again->result->document, "{\"v\":2}");
  EXPECT_EQ(runs_, 2);
}

TEST_F(ResultCacheTest, AnotherInstanceReusesTheStoredResult) {
  {
    ResultCache cache(blobs_.get(), 1 << 20, 60'000, clock_);
    ASSERT_TRUE(cache.GetOrRun("shared", false, Counting("{\"result\":\"x\"}")).ok());
  }
  ResultCache restarted(blobs_.get(), 1 << 20, 60'000, clock_);
  auto hit = restarted.GetOrRun("shared", false, Counting("{\"result\":\"y\"}"));
  ASSERT_TRUE(hit.ok());
  EXPECT_TRUE(hit->cached);
  EXPECT_EQ(hit->result->document, "{\"result\":\"x\"}");
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(restarted.stats().blob_hits, 1);
  EXPECT_TRUE(blobs_->Head(ResultCache::BlobKeyFor("shared")).ok());
}

TEST_F(ResultCacheTest, ResultsOlderThanTheMaximumAgeRunAgain) {
  ResultCache cache(blobs_.get(), 1 << 20, 1'000, clock_);
  ASSERT_TRUE(cache.GetOrRun("k", false, Counting("{\"v\":1}")).ok());
  clock_.Advance(std::chrono::milliseconds(1'001));
  auto later = cache.GetOrRun("k", false, Counting("{\"v\":2}"));
  EXPECT_FALSE(later->cached);
  EXPECT_EQ(runs_, 2);
}

TEST_F(ResultCacheTest, FailuresAreNeitherKeptNorStored) {
  ResultCache cache(blobs_.get(), 1 << 20, 60'000, clock_);
  auto failed = cache.GetOrRun("k", false, Counting("{\"code\":\"user_code_error\"}", 422));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->result->status, 422);
  auto errored = cache.GetOrRun(
      "k", false, []() -> Result<ResultPtr> { return Status::Unavailable("executor down"); });
  EXPECT_EQ(errored.status().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(blobs_->Head(ResultCache::BlobKeyFor("k")).ok());
  ASSERT_TRUE(cache.GetOrRun("k", false, Counting("{\"v\":1}")).ok());
  EXPECT_EQ(runs_, 2);
}

TEST_F(ResultCacheTest, TheMemoryBudgetEvictsTheLeastRecentlyUsed) {
  const std::string big(400, 'x');
  ResultCache cache(nullptr, 1000, 60'000, clock_);
  ASSERT_TRUE(cache.GetOrRun("a", false, Counting("\"" + big + "\"")).ok());
  ASSERT_TRUE(cache.GetOrRun("b", false, Counting("\"" + big + "\"")).ok());
  ASSERT_TRUE(cache.GetOrRun("a", false, Counting("unused")).ok());           // a is now the newest
  ASSERT_TRUE(cache.GetOrRun("c", false, Counting("\"" + big + "\"")).ok());  // evicts b
  EXPECT_LE(cache.stats().bytes, 1000);
  EXPECT_EQ(runs_, 3);
  EXPECT_TRUE(cache.GetOrRun("a", false, Counting("unused"))->cached);
  EXPECT_FALSE(cache.GetOrRun("b", false, Counting("\"" + big + "\""))->cached);
}

TEST_F(ResultCacheTest, SimultaneousIdenticalRunsExecuteOnce) {
  ResultCache cache(blobs_.get(), 1 << 20, 60'000, clock_);
  std::atomic<bool> release{false};
  ResultCache::Producer slow = [&]() -> Result<ResultPtr> {
    ++runs_;
    while (!release) std::this_thread::yield();  // held until every caller is waiting
    return Made("{\"v\":42}", clock_.NowMillis());
  };
  std::vector<std::thread> callers;
  std::atomic<int> served{0};
  for (int i = 0; i < 20; ++i) {
    callers.emplace_back([&] {
      auto r = cache.GetOrRun("same", false, slow);
      if (r.ok() && r->result->document == "{\"v\":42}") ++served;
    });
  }
  while (cache.stats().coalesced < 19) std::this_thread::yield();
  release = true;
  for (auto& t : callers) t.join();
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(served, 20);
}

TEST_F(ResultCacheTest, WaitersShareTheLeadersFailure) {
  ResultCache cache(nullptr, 1 << 20, 60'000, clock_);
  std::atomic<bool> release{false};
  ResultCache::Producer failing = [&]() -> Result<ResultPtr> {
    ++runs_;
    while (!release) std::this_thread::yield();
    return Status::Unavailable("executor down");
  };
  std::vector<std::thread> callers;
  std::atomic<int> unavailable{0};
  for (int i = 0; i < 5; ++i) {
    callers.emplace_back([&] {
      if (cache.GetOrRun("k", false, failing).status().code() == ErrorCode::kUnavailable)
        ++unavailable;
    });
  }
  while (cache.stats().coalesced < 4) std::this_thread::yield();
  release = true;
  for (auto& t : callers) t.join();
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(unavailable, 5);
}

}  // namespace
}  // namespace bi::cards
