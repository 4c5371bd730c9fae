#include "scheduler/refresh_claim.h"

#include <chrono>

#include "scheduler/refresh_schedule.h"

namespace bi::scheduler {
namespace {

template <typename Repo>
Result<bool> Claim(Repo& repo, const std::string& id, int64_t now_ms) {
  auto record = repo.Get(id);
  if (record.status().code() == ErrorCode::kNotFound) return false;
  if (!record.ok()) return record.status();
  auto entity = std::move(record).value();
  if (!entity.refresh_schedule.is_map() || entity.next_refresh_at > now_ms) return false;
  auto schedule = RefreshSchedule::FromJson(store::ToPlainJson(entity.refresh_schedule));
  if (!schedule.ok()) return schedule.status();
  const std::chrono::sys_seconds now{std::chrono::seconds(now_ms / 1000)};
  auto next = schedule->NextAfter(now);
  // No fire time left: keep the schedule, but never due again.
  entity.next_refresh_at =
      next ? static_cast<int64_t>(next->time_since_epoch().count()) * 1000 : INT64_MAX;
  auto written = repo.Update(std::move(entity));  // conditioned on the version read above
  if (written.status().code() == ErrorCode::kConflict) return false;
  if (!written.ok()) return written.status();
  return true;
}

}  // namespace

Result<bool> ClaimDueRefresh(repo::DashboardRepository& dashboards, const std::string& id,
                             int64_t now_ms) {
  return Claim(dashboards, id, now_ms);
}

Result<bool> ClaimDueRefresh(repo::CardRepository& cards, const std::string& id, int64_t now_ms) {
  return Claim(cards, id, now_ms);
}

}  // namespace bi::scheduler
