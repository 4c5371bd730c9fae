#pragma once
// Reading CSV field text as typed values, and the column types of datasets.
//
// Rules (docs/datasets.md):
// - null: an empty field or a common marker (NULL, null, NA, N/A, n/a, NaN, nan, None, #N/A).
// - bool: true / false in any letter case (0 and 1 are integers).
// - int64: optional sign and digits, no leading zeros ("007" is text: codes, zip codes);
//   a value past int64's range is never wrapped (the column becomes float64 or string).
// - float64: decimal or scientific notation, inf / -inf.
// - date: YYYY-MM-DD or YYYY/MM/DD (month and day may have one digit), a real calendar date.
// - timestamp: a date, 'T' or ' ', HH:MM[:SS[.fraction]], optional zone (Z, +09:00, +0900,
//   +09); stored as microseconds (fractions past 6 digits are truncated), zoned values as UTC.
// Numbers, booleans, dates and timestamps may have surrounding spaces; strings are kept exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bi::ingest {

enum class ColumnType { kInt64, kFloat64, kBool, kDate, kTimestamp, kString };

const char* ColumnTypeName(ColumnType t);  // "int64", "float64", "bool", "date", ...
std::optional<ColumnType> ParseColumnType(std::string_view name);

bool IsNullMarkerText(std::string_view s);
// (Inline: called for every field; most are longer than any marker.)
inline bool IsNullMarker(std::string_view s) {
  return s.empty() || (s.size() <= 4 && IsNullMarkerText(s));
}

enum class IntParse { kOk, kOverflow, kNo };
IntParse ParseInt64(std::string_view s, int64_t* out);
bool ParseFloat64(std::string_view s, double* out);
bool ParseBool(std::string_view s, bool* out);
// Days since 1970-01-01.
bool ParseDate(std::string_view s, int32_t* days);
// Microseconds since the epoch (UTC for zoned values); `zoned` says whether a zone was given.
bool ParseTimestamp(std::string_view s, int64_t* micros, bool* zoned);

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
// ISO text of stored values (preview, CSV download).
std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros, bool utc);

// What one field can be, as bits: inference keeps the AND over a column's non-null fields.
enum Kind : uint8_t {
  kCanInt = 1,
  kCanFloat = 2,
  kCanBool = 4,
  kCanDate = 8,
  kCanTimestamp = 16,
  kOverflowInt = 32,  // an integer literal beyond int64
};
// Kinds of a non-null field (after the null check).
uint8_t ClassifyField(std::string_view s, bool* zoned);

}  // namespace bi::ingest
