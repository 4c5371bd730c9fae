#include "scheduler/cron_expression.h"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace bi::scheduler {
namespace {

using std::chrono::minutes;
using std::chrono::sys_seconds;

struct FieldSpec {
  const char* name;
  int min;
  int max;
  // Names for min, min+1, ... (months from 1, weekdays from 0), or empty.
  std::vector<std::string_view> names;
};

const std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day-of-month", 1, 31, {}},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    // 7 is accepted as Sunday as well (folded into 0 after parsing).
    {"day-of-week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}};

Status FieldError(const FieldSpec& f, std::string_view item, const std::string& why) {
  return Status::Unprocessable("invalid cron expression: " + std::string(f.name) + " field '" +
                                   std::string(item) + "': " + why,
                               {{"cronField", f.name}});
}

Result<int> ParseValue(const FieldSpec& f, std::string_view text, std::string_view item) {
  if (text.empty()) return FieldError(f, item, "a value is missing");
  if (std::isalpha(static_cast<unsigned char>(text[0]))) {
    std::string upper;
    for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (size_t i = 0; i < f.names.size(); ++i) {
      if (f.names[i] == upper) return f.min + static_cast<int>(i);
    }
    return FieldError(f, item, "'" + std::string(text) + "' is not a name this field accepts");
  }
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return FieldError(f, item, "'" + std::string(text) + "' is not a number");
  }
  if (value < f.min || value > f.max) {
    return FieldError(f, item,
                      std::to_string(value) + " is outside " + std::to_string(f.min) + "-" +
                          std::to_string(f.max));
  }
  return value;
}

// The allowed values of one field as bits, and whether it started with '*'.
Result<uint64_t> ParseField(const FieldSpec& f, std::string_view field, bool* star) {
  *star = !field.empty() && field[0] == '*';
  uint64_t bits = 0;
  size_t pos = 0;
  while (pos <= field.size()) {
    size_t comma = field.find(',', pos);
    if (comma == std::string_view::npos) comma = field.size();
    std::string_view item = field.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) return FieldError(f, field, "empty list item");

    std::string_view range = item;
    int step = 1;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      std::string_view step_text = item.substr(slash + 1);
      auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
          step < 1 || step > f.max) {
        return FieldError(f, item, "the step must be a number from 1 to " + std::to_string(f.max));
      }
    }
    int lo = f.min, hi = f.max;
    if (range != "*") {
      size_t dash = range.find('-');
      auto first = ParseValue(f, range.substr(0, dash), item);
      if (!first.ok()) return first.status();
      lo = *first;
      if (dash != std::string_view::npos) {
        auto last = ParseValue(f, range.substr(dash + 1), item);
        if (!last.ok()) return last.status();
        hi = *last;
        if (hi < lo) return FieldError(f, item, "a range must go from low to high");
      } else {
        // "5/15": from 5 to the end in steps, as cronie reads it; "5": just 5.
        hi = item.find('/') != std::string_view::npos ? f.max : lo;
      }
    }
    for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << v;
    if (comma == field.size()) break;
  }
  return bits;
}

bool Has(uint64_t bits, unsigned value) {
  return (bits >> value) & 1u;
}

// The instant a wall-clock minute denotes in `zone` (see the header for the DST rules).
sys_seconds ToInstant(date::local_time<minutes> local, const TimeZone& zone) {
  const date::local_seconds t{local};
  const date::local_info info = zone.get_info(t);
  switch (info.result) {
    case date::local_info::nonexistent:
      return info.second.begin;  // the moment the clocks jump forward
    case date::local_info::ambiguous:
    case date::local_info::unique:
    default:
      // The first occurrence: the offset in force before the clocks went back.
      return sys_seconds{t.time_since_epoch() - info.first.offset};
  }
}

}  // namespace

Result<CronExpression> CronExpression::Parse(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (pos == text.size()) break;
    size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    fields.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  if (fields.size() != 5) {
    return Status::Unprocessable(
        "invalid cron expression '" + std::string(text) +
            "': expected 5 fields (minute hour day-of-month month day-of-week), got " +
            std::to_string(fields.size()),
        {{"cronField", nullptr}});
  }
  CronExpression e;
  bool star[5];
  uint64_t bits[5];
  for (size_t i = 0; i < 5; ++i) {
    auto parsed = ParseField(kFields[i], fields[i], &star[i]);
    if (!parsed.ok()) return parsed.status();
    bits[i] = *parsed;
  }
  e.minutes_ = bits[0];
  e.hours_ = static_cast<uint32_t>(bits[1]);
  e.days_of_month_ = static_cast<uint32_t>(bits[2]);
  e.months_ = static_cast<uint16_t>(bits[3]);
  uint64_t dow = bits[4];
  if (Has(dow, 7)) dow = (dow | 1u) & 0x7Fu;  // 7 is Sunday too
  e.days_of_week_ = static_cast<uint8_t>(dow);
  e.dom_restricted_ = !star[2];
  e.dow_restricted_ = !star[4];
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) e.text_ += ' ';
    e.text_ += fields[i];
  }
  return e;
}

bool CronExpression::DayMatches(unsigned day_of_month, unsigned weekday) const {
  const bool dom = Has(days_of_month_, day_of_month);
  const bool dow = Has(days_of_week_, weekday);
  if (dom_restricted_ && dow_restricted_) return dom || dow;
  return dom && dow;
}

std::optional<sys_seconds> CronExpression::NextAfter(sys_seconds after,
                                                     const TimeZone& zone) const {
  using date::days;
  // Walk wall-clock minutes from the one after `after`, skipping whole months, days and hours
  // that cannot match, so even a yearly expression takes a few hundred steps.
  auto local = std::chrono::floor<minutes>(zone.to_local(after)) + minutes(1);
  const auto limit = local + days(5 * 366);
  while (local < limit) {
    const auto day = std::chrono::floor<days>(local);
    const date::year_month_day ymd{day};
    if (!Has(months_, static_cast<unsigned>(ymd.month()))) {
      const date::year_month next_month = ymd.year() / ymd.month() + date::months(1);
      local = date::local_days{next_month / 1};
      continue;
    }
    if (!DayMatches(static_cast<unsigned>(ymd.day()), date::weekday{day}.c_encoding())) {
      local = day + days(1);
      continue;
    }
    const auto since_midnight = local - day;
    const auto hour = std::chrono::floor<std::chrono::hours>(since_midnight);
    if (!Has(hours_, static_cast<unsigned>(hour.count()))) {
      local = day + hour + std::chrono::hours(1);
      continue;
    }
    if (!Has(minutes_, static_cast<unsigned>((since_midnight - hour).count()))) {
      local += minutes(1);
      continue;
    }
    const sys_seconds at = ToInstant(local, zone);
    // A minute of the repeated hour maps to its first occurrence, which may be in the past.
    if (at > after) return at;
    local += minutes(1);
  }
  return std::nullopt;
}

}  // namespace bi::scheduler
