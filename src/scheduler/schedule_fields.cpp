#include "scheduler/schedule_fields.h"

#include <chrono>

#include "scheduler/refresh_schedule.h"

namespace bi::scheduler {

Status ApplyRefreshSchedule(const nlohmann::json& value, int64_t now_ms,
                            store::AttributeValue* schedule, int64_t* next_refresh_at) {
  if (value.is_null()) {
    *schedule = store::AttributeValue::Null();
    *next_refresh_at = 0;
    return Status::Ok();
  }
  auto parsed = RefreshSchedule::FromJson(value);
  if (!parsed.ok()) return parsed.status();
  // From now on: a new or changed schedule does not fire for times already past.
  const std::chrono::sys_seconds now{std::chrono::seconds(now_ms / 1000)};
  auto next = parsed->NextAfter(now);
  if (!next) {
    return Status::Unprocessable("cron expression '" + parsed->cron().text() + "' never fires",
                                 {{"field", "refreshSchedule.cron"}});
  }
  auto stored = store::FromPlainJson(parsed->ToJson());
  if (!stored.ok()) return stored.status();
  *schedule = std::move(stored).value();
  *next_refresh_at = static_cast<int64_t>(next->time_since_epoch().count()) * 1000;
  return Status::Ok();
}

void AddRefreshScheduleJson(const store::AttributeValue& schedule, int64_t next_refresh_at,
                            nlohmann::json& out) {
  const bool scheduled = schedule.is_map();
  out["refreshSchedule"] = scheduled ? store::ToPlainJson(schedule) : nlohmann::json(nullptr);
  out["nextRefreshAt"] = scheduled ? nlohmann::json(next_refresh_at) : nlohmann::json(nullptr);
}

}  // namespace bi::scheduler
