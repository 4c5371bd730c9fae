#pragma once
// IANA time zones by name, from the system's tz database (Debian's tzdata under
// /usr/share/zoneinfo), through Howard Hinnant's date library (Debian:
// libhowardhinnant-date-dev, built to read the OS database). GCC 12's libstdc++ has no C++20
// std::chrono::locate_zone yet; date/tz.h is the library that became it, with the same API,
// so moving to std::chrono later is a change of namespace.

#include <string>
#include <string_view>

#include <date/tz.h>

#include "common/status.h"

namespace bi::scheduler {

using TimeZone = date::time_zone;

// The zone a schedule uses when it names none (the spec's users are in Japan).
inline constexpr char kDefaultTimeZone[] = "Asia/Tokyo";

// kUnprocessable naming the zone when it is not in the tz database.
Result<const TimeZone*> FindTimeZone(std::string_view name);

}  // namespace bi::scheduler
