#include "store/number.h"

#include <charconv>
#include <cmath>

namespace bi::store {
namespace {

// value = (negative ? -1 : 1) * 0.digits * 10^exponent; digits has no leading or trailing zero.
struct Decimal {
  bool negative = false;
  std::string digits;  // empty for zero
  int64_t exponent = 0;
};

bool ParseDecimal(std::string_view s, Decimal* out) {
  size_t i = 0;
  Decimal d;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  std::string all;  // integer and fraction digits
  int64_t int_digits = 0;
  bool any = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    all.push_back(s[i++]);
    ++int_digits;
    any = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      all.push_back(s[i++]);
      any = true;
    }
  }
  if (!any) return false;
  int64_t exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= s.size()) return false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      exp = exp * 10 + (s[i++] - '0');
      if (exp > 100000) return false;
    }
    if (eneg) exp = -exp;
  }
  if (i != s.size()) return false;
  size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) {
    *out = Decimal{};
    return true;
  }
  size_t last = all.find_last_not_of('0');
  d.digits = all.substr(first, last - first + 1);
  d.exponent = int_digits - static_cast<int64_t>(first) + exp;
  *out = d;
  return true;
}

std::string Format(const Decimal& d) {
  if (d.digits.empty()) return "0";
  std::string out = d.negative ? "-" : "";
  int64_t n = static_cast<int64_t>(d.digits.size());
  if (d.exponent <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-d.exponent), '0');
    out += d.digits;
  } else if (d.exponent >= n) {
    out += d.digits;
    out.append(static_cast<size_t>(d.exponent - n), '0');
  } else {
    out += d.digits.substr(0, static_cast<size_t>(d.exponent));
    out += '.';
    out += d.digits.substr(static_cast<size_t>(d.exponent));
  }
  return out;
}

}  // namespace

Number::Number(int64_t v) : text_(std::to_string(v)) {}

Result<Number> Number::Parse(std::string_view text) {
  Decimal d;
  if (!ParseDecimal(text, &d)) {
    return Status::InvalidArgument("not a number: '" + std::string(text.substr(0, 64)) + "'");
  }
  if (d.digits.size() > 38) {
    return Status::InvalidArgument("number has more than 38 significant digits");
  }
  // DynamoDB range: 1E-130 <= |x| < 1E+126.
  if (!d.digits.empty() && (d.exponent > 126 || d.exponent < -129)) {
    return Status::InvalidArgument("number magnitude out of range");
  }
  Number n;
  n.text_ = Format(d);
  return n;
}

Result<Number> Number::FromDouble(double v) {
  if (!std::isfinite(v)) return Status::InvalidArgument("number must be finite");
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return Parse(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

std::optional<int64_t> Number::ToInt64() const {
  if (text_.find('.') != std::string::npos) return std::nullopt;
  int64_t v = 0;
  auto r = std::from_chars(text_.data(), text_.data() + text_.size(), v);
  if (r.ec != std::errc() || r.ptr != text_.data() + text_.size()) return std::nullopt;
  return v;
}

double Number::ToDouble() const {
  double v = 0;
  std::from_chars(text_.data(), text_.data() + text_.size(), v);
  return v;
}

int Number::Compare(const Number& other) const {
  Decimal a, b;
  ParseDecimal(text_, &a);
  ParseDecimal(other.text_, &b);
  auto sign = [](const Decimal& d) { return d.digits.empty() ? 0 : (d.negative ? -1 : 1); };
  int sa = sign(a), sb = sign(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int mag;  // compare magnitudes
  if (a.exponent != b.exponent) {
    mag = a.exponent < b.exponent ? -1 : 1;
  } else {
    int c = a.digits.compare(b.digits);
    mag = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return sa > 0 ? mag : -mag;
}

}  // namespace bi::store
