#pragma once
// A DynamoDB number: a signed decimal with at most 38 significant digits and a magnitude
// between 1E-130 and 9.99...E+125 (or zero). Held in one canonical text form (no exponent, no
// leading or trailing zeros, "-0" is "0"), so equal numbers have equal text and an item
// round-trips unchanged through every backend, whatever form the backend answers with.
// Immutable value type; safe to share between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::store {

class Number {
 public:
  Number() : text_("0") {}
  explicit Number(int64_t v);

  // Accepts plain or exponent notation ("12", "-1.50", "1e3", "2.5E-7"); rejects anything else,
  // more than 38 significant digits and magnitudes out of DynamoDB's range.
  static Result<Number> Parse(std::string_view text);
  // Shortest text that reads back to the same double; NaN and infinities are rejected.
  static Result<Number> FromDouble(double v);

  const std::string& text() const { return text_; }
  // The value if it is an integer that fits in int64.
  std::optional<int64_t> ToInt64() const;
  // Nearest double (exact for integers up to 2^53, e.g. epoch milliseconds).
  double ToDouble() const;

  // Numeric order (-1, 0, 1).
  int Compare(const Number& other) const;
  bool operator==(const Number& o) const { return text_ == o.text_; }
  bool operator<(const Number& o) const { return Compare(o) < 0; }

 private:
  std::string text_;
};

}  // namespace bi::store
