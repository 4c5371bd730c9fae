#pragma once
// Small string helpers used across components.

#include <string>
#include <string_view>

namespace bi {

// `s` without leading and trailing spaces, tabs and line breaks.
inline std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::string();
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

}  // namespace bi
