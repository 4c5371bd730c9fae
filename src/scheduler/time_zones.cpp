#include "scheduler/time_zones.h"

#include <exception>

namespace bi::scheduler {

Result<const TimeZone*> FindTimeZone(std::string_view name) {
  // The database also accepts names such as "../x" as file paths on some builds; only names
  // made of the characters IANA uses are looked up.
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.find("..") != std::string_view::npos) {
    return Status::Unprocessable("unknown time zone '" + std::string(name) + "'",
                                 {{"field", "timeZone"}});
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) {
      return Status::Unprocessable("unknown time zone '" + std::string(name) + "'",
                                   {{"field", "timeZone"}});
    }
  }
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return Status::Unprocessable(
        "unknown time zone '" + std::string(name) + "' (use an IANA name such as Asia/Tokyo)",
        {{"field", "timeZone"}});
  }
}

}  // namespace bi::scheduler
