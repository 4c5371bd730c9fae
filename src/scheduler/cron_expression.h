#pragma once
// A 5-field cron expression ("minute hour day-of-month month day-of-week", as crontab(5))
// and when it next fires in an IANA time zone.
//
// Fields: `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b-c`; month names
// JAN-DEC and day names SUN-SAT (either case); day-of-week 0-7 with 0 and 7 both Sunday. As in
// Vixie cron, when both day-of-month and day-of-week are restricted (neither starts with `*`)
// a day matches if either does. Macros (@daily) and seconds fields are not accepted.
//
// Times are wall-clock times in the zone, with these rules where daylight saving shifts:
// - a time that does not exist (the hour skipped in spring) fires at the moment the clocks
//   jump, once, so a daily 02:30 job in New York still runs on that day;
// - a time that occurs twice (the hour repeated in autumn) fires once, at its first occurrence.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "scheduler/time_zones.h"

namespace bi::scheduler {

class CronExpression {
 public:
  // kUnprocessable with the field and the reason when `text` is not a valid expression.
  static Result<CronExpression> Parse(std::string_view text);

  // The first fire time strictly after `after`, or nullopt if none within five years (such
  // as "0 0 30 2 *": February 30th never comes).
  std::optional<std::chrono::sys_seconds> NextAfter(std::chrono::sys_seconds after,
                                                    const TimeZone& zone) const;

  const std::string& text() const { return text_; }

 private:
  // Bit i set: value i allowed.
  uint64_t minutes_ = 0;        // 0-59
  uint32_t hours_ = 0;          // 0-23
  uint32_t days_of_month_ = 0;  // 1-31
  uint16_t months_ = 0;         // 1-12
  uint8_t days_of_week_ = 0;    // 0-6, Sunday 0
  bool dom_restricted_ = false;
  bool dow_restricted_ = false;
  std::string text_;

  bool DayMatches(unsigned day_of_month, unsigned weekday) const;
};

}  // namespace bi::scheduler
