#pragma once
// The `refreshSchedule` of a dashboard or card as the API takes and returns it:
// {"cron": "0 9 * * MON-FRI", "timeZone": "Asia/Tokyo"}; `timeZone` may be left out (the
// default zone). Reading one validates both parts, so a stored schedule always has a next fire
// time and the API answers a bad one with 422 naming the field.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "scheduler/cron_expression.h"
#include "scheduler/time_zones.h"

namespace bi::scheduler {

class RefreshSchedule {
 public:
  // From the request body's value. kUnprocessable with details.field
  // ("refreshSchedule.cron" / "refreshSchedule.timeZone") on a bad value, an unknown zone, or
  // an expression that never fires; kInvalidArgument when it is not an object of strings.
  static Result<RefreshSchedule> FromJson(const nlohmann::json& value);

  nlohmann::json ToJson() const { return {{"cron", cron_.text()}, {"timeZone", zone_->name()}}; }

  // The first fire time strictly after `after`; nullopt if none within five years.
  std::optional<std::chrono::sys_seconds> NextAfter(std::chrono::sys_seconds after) const {
    return cron_.NextAfter(after, *zone_);
  }

  const CronExpression& cron() const { return cron_; }
  const TimeZone& zone() const { return *zone_; }

 private:
  RefreshSchedule(CronExpression cron, const TimeZone* zone)
      : cron_(std::move(cron)), zone_(zone) {}
  CronExpression cron_;
  const TimeZone* zone_;
};

}  // namespace bi::scheduler
