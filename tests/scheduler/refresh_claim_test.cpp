// Claiming due refreshes: with two scheduler instances (two connections to one SQLite store,
// as two API processes would have) racing over the same due dashboards, each refresh is taken
// exactly once; a refresh missed many times over is taken once; what is not due is not taken.

#include "scheduler/refresh_claim.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/sqlite_metadata_store.h"
#include "tests/store/temp_dir.h"

namespace bi::scheduler {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;
// 2026-03-02 10:00 UTC, a Monday.
constexpr int64_t kNowMs = 1772445600000;

class RefreshClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = store::SqliteMetadataStore::Open(dir_.path() / "meta.db");
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    first_ = std::move(a).value();
    ASSERT_TRUE(store::CreateAllTables(*first_).ok());
    auto b = store::SqliteMetadataStore::Open(dir_.path() / "meta.db");
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    second_ = std::move(b).value();
  }

  std::string CreateDue(const char* cron, int64_t next_refresh_at) {
    repo::DashboardRepository repo(*first_, [] { return kNowMs; });
    repo::Dashboard d;
    d.owner_id = "u1";
    d.name = "d";
    d.refresh_schedule = store::AttributeValue::M(
        {{"cron", store::AttributeValue::S(cron)}, {"timeZone", store::AttributeValue::S("UTC")}});
    d.next_refresh_at = next_refresh_at;
    auto created = repo.Create(d);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->dashboard_id;
  }

  bi::testing::TempDir dir_;
  std::unique_ptr<store::MetadataStore> first_, second_;
};

TEST_F(RefreshClaimTest, TwoInstancesTakeEachDueRefreshExactlyOnce) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(CreateDue("0 * * * *", kNowMs));
  std::vector<std::atomic<int>> taken(ids.size());
  auto instance = [&](store::MetadataStore& store) {
    repo::DashboardRepository repo(store, [] { return kNowMs; });
    // Every instance tries every refresh several times, as its ticks would.
    for (int round = 0; round < 3; ++round) {
      for (size_t i = 0; i < ids.size(); ++i) {
        auto claimed = ClaimDueRefresh(repo, ids[i], kNowMs);
        ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
        if (*claimed) ++taken[i];
      }
    }
  };
  std::thread a(instance, std::ref(*first_));
  std::thread b(instance, std::ref(*second_));
  a.join();
  b.join();
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(taken[i].load(), 1) << ids[i];

  // The claim moved the next fire time to the next hour.
  repo::DashboardRepository repo(*first_, [] { return kNowMs; });
  EXPECT_EQ(repo.Get(ids[0])->next_refresh_at, kNowMs + kHourMs);
}

TEST_F(RefreshClaimTest, MissedRefreshesAreTakenOnce) {
  // Hourly, last due three days ago: everything was down since.
  const std::string id = CreateDue("0 * * * *", kNowMs - 72 * kHourMs);
  repo::DashboardRepository repo(*second_, [] { return kNowMs; });
  EXPECT_TRUE(*ClaimDueRefresh(repo, id, kNowMs + 60'000));
  EXPECT_FALSE(*ClaimDueRefresh(repo, id, kNowMs + 60'000));
  EXPECT_EQ(repo.Get(id)->next_refresh_at, kNowMs + kHourMs);
  // Due again at the next hour.
  EXPECT_TRUE(*ClaimDueRefresh(repo, id, kNowMs + kHourMs));
}

TEST_F(RefreshClaimTest, NothingIsTakenBeforeItIsDueOrWithoutASchedule) {
  const std::string later = CreateDue("0 * * * *", kNowMs + kHourMs);
  repo::DashboardRepository repo(*first_, [] { return kNowMs; });
  EXPECT_FALSE(*ClaimDueRefresh(repo, later, kNowMs));
  repo::Dashboard plain;
  plain.owner_id = "u1";
  plain.name = "no schedule";
  const std::string unscheduled = repo.Create(plain)->dashboard_id;
  EXPECT_FALSE(*ClaimDueRefresh(repo, unscheduled, kNowMs));
  EXPECT_FALSE(*ClaimDueRefresh(repo, "no-such-dashboard", kNowMs));
}

}  // namespace
}  // namespace bi::scheduler
