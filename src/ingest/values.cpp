#include "ingest/values.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace bi::ingest {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEq(std::string_view a, const char* b) {
  size_t n = std::char_traits<char>::length(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses the date at the start of `s`; `used` gets its length.
bool ParseDatePrefix(std::string_view s, int32_t* days, size_t* used) {
  int y, m, d;
  // Fast path: YYYY-MM-DD (or with '/').
  if (s.size() >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4] && Digits(s, 0, 4, &y) &&
      Digits(s, 5, 2, &m) && Digits(s, 8, 2, &d) &&
      (s.size() == 10 || s[10] < '0' || s[10] > '9')) {
    if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
    *days =
        static_cast<int32_t>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
    *used = 10;
    return true;
  }
  if (!Digits(s, 0, 4, &y) || s.size() < 6) return false;
  char sep = s[4];
  if (sep != '-' && sep != '/') return false;
  size_t i = 5;
  size_t mlen = (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ? 2 : 1;
  if (!Digits(s, i, mlen, &m)) return false;
  i += mlen;
  if (i >= s.size() || s[i] != sep) return false;
  ++i;
  size_t dlen = (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ? 2 : 1;
  if (!Digits(s, i, dlen, &d)) return false;
  i += dlen;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days =
      static_cast<int32_t>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
  *used = i;
  return true;
}

}  // namespace

const char* ColumnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kInt64:
      return "int64";
    case ColumnType::kFloat64:
      return "float64";
    case ColumnType::kBool:
      return "bool";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTimestamp:
      return "timestamp";
    case ColumnType::kString:
      return "string";
  }
  return "string";
}

std::optional<ColumnType> ParseColumnType(std::string_view name) {
  for (ColumnType t : {ColumnType::kInt64, ColumnType::kFloat64, ColumnType::kBool,
                       ColumnType::kDate, ColumnType::kTimestamp, ColumnType::kString}) {
    if (name == ColumnTypeName(t)) return t;
  }
  if (name == "int" || name == "integer") return ColumnType::kInt64;
  if (name == "float" || name == "double" || name == "number") return ColumnType::kFloat64;
  if (name == "boolean") return ColumnType::kBool;
  if (name == "datetime") return ColumnType::kTimestamp;
  if (name == "text") return ColumnType::kString;
  return std::nullopt;
}

bool IsNullMarkerText(std::string_view s) {
  // Called for every short field (most are numbers): compare whole words, no memcmp calls.
  auto word = [&s] {
    uint32_t w = 0;
    for (size_t i = 0; i < s.size(); ++i) w |= uint32_t(uint8_t(s[i])) << (8 * i);
    return w;
  };
  auto w3 = [](const char(&t)[4]) {
    return uint32_t(uint8_t(t[0])) | uint32_t(uint8_t(t[1])) << 8 | uint32_t(uint8_t(t[2])) << 16;
  };
  auto w4 = [](const char(&t)[5]) {
    return uint32_t(uint8_t(t[0])) | uint32_t(uint8_t(t[1])) << 8 | uint32_t(uint8_t(t[2])) << 16 |
           uint32_t(uint8_t(t[3])) << 24;
  };
  switch (s.size()) {
    case 0:
      return true;
    case 2:
      return s[0] == 'N' && s[1] == 'A';
    case 3: {
      uint32_t w = word();
      return w == w3("N/A") || w == w3("n/a") || w == w3("NaN") || w == w3("nan") || w == w3("#NA");
    }
    case 4: {
      uint32_t w = word();
      return w == w4("NULL") || w == w4("null") || w == w4("Null") || w == w4("None") ||
             w == w4("#N/A");
    }
    default:
      return false;
  }
}

IntParse ParseInt64(std::string_view s, int64_t* out) {
  s = TrimSpaces(s);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  size_t digits = s.size() - i;
  if (digits == 0 || digits > 64) return IntParse::kNo;
  if (s[i] == '0' && digits > 1) return IntParse::kNo;  // leading zeros: a code, not a number
  uint64_t v = 0;
  bool overflow = false;
  for (size_t k = i; k < s.size(); ++k) {
    unsigned d = static_cast<unsigned char>(s[k]) - '0';
    if (d > 9) return IntParse::kNo;
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) overflow = true;
    v = v * 10 + d;
  }
  const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (overflow || v > limit) return IntParse::kOverflow;
  *out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return IntParse::kOk;
}

bool ParseFloat64(std::string_view s, double* out) {
  s = TrimSpaces(s);
  if (s.empty()) return false;
  bool neg = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return false;
  if ((body[0] == 'i' || body[0] == 'I') && (IEq(body, "inf") || IEq(body, "infinity"))) {
    *out = neg ? -INFINITY : INFINITY;
    return true;
  }
  // Digits, at most one '.', an optional exponent; no leading zeros before more digits.
  // The digits are also gathered into `m` (exact while there are at most 19 of them).
  size_t i = 0, int_digits = 0, frac_digits = 0;
  uint64_t m = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
    m = m * 10 + static_cast<unsigned>(body[i] - '0');
    ++i, ++int_digits;
  }
  if (int_digits > 1 && body[0] == '0') return false;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
      m = m * 10 + static_cast<unsigned>(body[i] - '0');
      ++i, ++frac_digits;
    }
  }
  if (int_digits + frac_digits == 0) return false;
  const bool exponent = i < body.size() && (body[i] == 'e' || body[i] == 'E');
  if (exponent) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t e = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++e;
    if (e == 0) return false;
  }
  if (i != body.size()) return false;
  // Up to 15 significant digits and no exponent: the digits as an integer and a power of ten
  // are both exact doubles, so one division is correctly rounded (what from_chars gives).
  if (!exponent && int_digits + frac_digits <= 15) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double v = static_cast<double>(m) / kPow10[frac_digits];
    *out = neg ? -v : v;
    return true;
  }
  double v;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Underflow to zero or overflow to infinity, as strtod does.
    v = std::strtod(std::string(body).c_str(), nullptr);
  } else if (r.ec != std::errc() || r.ptr != body.data() + body.size()) {
    return false;
  }
  *out = neg ? -v : v;
  return true;
}

bool ParseBool(std::string_view s, bool* out) {
  s = TrimSpaces(s);
  // Letters only differ from their upper case in bit 0x20.
  if (s.size() == 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' && (s[2] | 0x20) == 'u' &&
      (s[3] | 0x20) == 'e') {
    *out = true;
    return true;
  }
  if (s.size() == 5 && (s[0] | 0x20) == 'f' && (s[1] | 0x20) == 'a' && (s[2] | 0x20) == 'l' &&
      (s[3] | 0x20) == 's' && (s[4] | 0x20) == 'e') {
    *out = false;
    return true;
  }
  return false;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ParseDate(std::string_view s, int32_t* days) {
  s = TrimSpaces(s);
  size_t used = 0;
  return ParseDatePrefix(s, days, &used) && used == s.size();
}

bool ParseTimestamp(std::string_view s, int64_t* micros, bool* zoned) {
  s = TrimSpaces(s);
  int32_t days;
  size_t i = 0;
  if (!ParseDatePrefix(s, &days, &i)) return false;
  *zoned = false;
  if (i == s.size()) {  // a bare date is midnight
    *micros = int64_t{days} * 86400000000LL;
    return true;
  }
  if (s[i] != 'T' && s[i] != ' ') return false;
  ++i;
  int hh, mm, ss = 0;
  if (!Digits(s, i, 2, &hh) || i + 2 >= s.size() || s[i + 2] != ':' || !Digits(s, i + 3, 2, &mm))
    return false;
  i += 5;
  int64_t frac_us = 0;
  if (i < s.size() && s[i] == ':') {
    if (!Digits(s, i + 1, 2, &ss)) return false;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      size_t n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n < 6) frac_us = frac_us * 10 + (s[i] - '0');
        ++n;
        ++i;
      }
      if (n == 0 || n > 9) return false;
      for (size_t k = n; k < 6; ++k) frac_us *= 10;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return false;
  int64_t offset_s = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' || s[i] == 'z') {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i] == '-' ? -1 : 1;
      int oh, om = 0;
      if (!Digits(s, i + 1, 2, &oh)) return false;
      i += 3;
      if (i < s.size() && s[i] == ':') {
        if (!Digits(s, i + 1, 2, &om)) return false;
        i += 3;
      } else if (i < s.size()) {
        if (!Digits(s, i, 2, &om)) return false;
        i += 2;
      }
      if (oh > 18 || om > 59) return false;
      offset_s = sign * (oh * 3600 + om * 60);
    } else {
      return false;
    }
    if (i != s.size()) return false;
    *zoned = true;
  }
  int64_t secs = int64_t{days} * 86400 + hh * 3600 + mm * 60 + ss - offset_s;
  *micros = secs * 1000000 + frac_us;
  return true;
}

std::string FormatDate(int32_t days) {
  int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatTimestamp(int64_t micros, bool utc) {
  int64_t secs = micros / 1000000, us = micros % 1000000;
  if (us < 0) {
    us += 1000000;
    secs -= 1;
  }
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  std::string out = FormatDate(static_cast<int32_t>(days));
  char buf[48];
  if (us) {
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%06d", static_cast<int>(rem / 3600),
                  static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60),
                  static_cast<int>(us));
  } else {
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(rem / 3600),
                  static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60));
  }
  out += buf;
  if (utc) out += "Z";
  return out;
}

uint8_t ClassifyField(std::string_view s, bool* zoned) {
  *zoned = false;
  std::string_view t = TrimSpaces(s);
  if (t.empty()) return 0;
  char c = t[0];
  uint8_t kinds = 0;
  if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    int64_t iv;
    IntParse ip = ParseInt64(t, &iv);
    if (ip == IntParse::kOk) return kCanInt | kCanFloat;
    double dv;
    if (ip == IntParse::kOverflow) return kCanFloat | kOverflowInt;
    if (ParseFloat64(t, &dv)) return kCanFloat;
    if (t.size() >= 8 && c >= '0' && c <= '9') {
      int32_t days;
      if (ParseDate(t, &days)) return kCanDate | kCanTimestamp;
      int64_t us;
      if (ParseTimestamp(t, &us, zoned)) return kCanTimestamp;
    }
    return 0;
  }
  if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
    bool b;
    if (ParseBool(t, &b)) kinds |= kCanBool;
  } else if (c == 'i' || c == 'I') {
    double dv;
    if (ParseFloat64(t, &dv)) kinds |= kCanFloat;
  }
  return kinds;
}

}  // namespace bi::ingest
