#include "scheduler/refresh_schedule.h"

namespace bi::scheduler {
namespace {

// A 422 from the cron or zone parser, pointed at the request field it came from.
Status AtField(const Status& s, const char* field) {
  nlohmann::json details = s.details().is_object() ? s.details() : nlohmann::json::object();
  details["field"] = field;
  return Status::Unprocessable(s.message(), details);
}

}  // namespace

Result<RefreshSchedule> RefreshSchedule::FromJson(const nlohmann::json& value) {
  if (!value.is_object()) {
    return Status::InvalidArgument(
        "refreshSchedule must be an object {\"cron\": ..., \"timeZone\": ...} or null",
        {{"field", "refreshSchedule"}});
  }
  for (const auto& [key, unused] : value.items()) {
    if (key != "cron" && key != "timeZone") {
      return Status::InvalidArgument("refreshSchedule has an unknown field '" + key + "'",
                                     {{"field", "refreshSchedule." + key}});
    }
  }
  auto cron_it = value.find("cron");
  if (cron_it == value.end() || !cron_it->is_string()) {
    return Status::InvalidArgument("refreshSchedule.cron must be a string such as \"0 9 * * *\"",
                                   {{"field", "refreshSchedule.cron"}});
  }
  std::string zone_name = kDefaultTimeZone;
  if (auto zone_it = value.find("timeZone"); zone_it != value.end() && !zone_it->is_null()) {
    if (!zone_it->is_string()) {
      return Status::InvalidArgument(
          "refreshSchedule.timeZone must be a string such as "
          "\"Asia/Tokyo\"",
          {{"field", "refreshSchedule.timeZone"}});
    }
    zone_name = zone_it->get<std::string>();
  }
  auto cron = CronExpression::Parse(cron_it->get<std::string>());
  if (!cron.ok()) return AtField(cron.status(), "refreshSchedule.cron");
  auto zone = FindTimeZone(zone_name);
  if (!zone.ok()) return AtField(zone.status(), "refreshSchedule.timeZone");
  RefreshSchedule schedule(std::move(cron).value(), *zone);
  // Refuse what would sit in the store and never run.
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!schedule.NextAfter(now)) {
    return Status::Unprocessable("cron expression '" + schedule.cron().text() +
                                     "' never fires (no such date within five years)",
                                 {{"field", "refreshSchedule.cron"}});
  }
  return schedule;
}

}  // namespace bi::scheduler
