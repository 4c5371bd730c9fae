#include "parquet/predicate.h"

#include <cmath>

namespace bi::parquet {

namespace {

// Three-way comparison when both sides are comparable; nullopt otherwise.
std::optional<int> Compare(const Scalar& a, const Scalar& b) {
  auto num = [](const Scalar& s) -> std::optional<double> {
    if (auto* i = std::get_if<int64_t>(&s)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&s)) return *d;
    if (auto* b = std::get_if<bool>(&s)) return *b ? 1.0 : 0.0;
    return std::nullopt;
  };
  if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) {
    int64_t x = std::get<int64_t>(a), y = std::get<int64_t>(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (std::holds_alternative<std::string>(a) || std::holds_alternative<std::string>(b)) {
    if (!std::holds_alternative<std::string>(a) || !std::holds_alternative<std::string>(b)) {
      return std::nullopt;
    }
    int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  auto x = num(a), y = num(b);
  if (!x || !y || std::isnan(*x) || std::isnan(*y)) return std::nullopt;
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

}  // namespace

bool CanMatch(const Predicate& p, const ColumnStatistics& s) {
  using Op = Predicate::Op;
  if (p.op == Op::kIsNull) return !s.null_count || *s.null_count > 0;
  if (p.op == Op::kIsNotNull) return !s.null_count || *s.null_count < s.num_values;
  // Comparisons never match a null, so an all-null chunk cannot match.
  if (s.null_count && *s.null_count >= s.num_values) return false;
  if (std::holds_alternative<std::monostate>(s.min) ||
      std::holds_alternative<std::monostate>(s.max)) {
    return true;
  }
  auto in_range = [&](const Scalar& v) {
    auto lo = Compare(v, s.min), hi = Compare(v, s.max);
    if (!lo || !hi) return true;
    return *lo >= 0 && *hi <= 0;
  };
  if (p.op == Op::kIn) {
    for (const auto& v : p.values) {
      if (std::holds_alternative<std::monostate>(v)) continue;  // NULL never equals
      if (in_range(v)) return true;
    }
    return false;
  }
  if (p.values.size() != 1) return true;
  const Scalar& v = p.values[0];
  if (std::holds_alternative<std::monostate>(v)) return false;  // comparison with NULL
  switch (p.op) {
    case Op::kEq:
      return in_range(v);
    case Op::kLt: {
      auto c = Compare(s.min, v);
      return !c || *c < 0;
    }
    case Op::kLe: {
      auto c = Compare(s.min, v);
      return !c || *c <= 0;
    }
    case Op::kGt: {
      auto c = Compare(s.max, v);
      return !c || *c > 0;
    }
    case Op::kGe: {
      auto c = Compare(s.max, v);
      return !c || *c >= 0;
    }
    default:
      return true;
  }
}

}  // namespace bi::parquet
