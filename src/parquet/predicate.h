#pragma once
// Row-group pruning from column-chunk statistics (min, max, null count).
//
// A Predicate is a simple comparison of one column against literals; a list of predicates is
// a conjunction. CanMatch answers "might any row of this row group satisfy it?": false only
// when the statistics prove no row can, so pruning never drops a matching row. Missing or
// unusable statistics (NaN literals, strings longer than the writer kept, mismatched types)
// always answer true.
//
// Literal types: bool, int64 (also for dates as days and timestamps as ticks in the column's
// own unit), double, string. Ints and doubles compare numerically with each other.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bi::parquet {

using Scalar = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct Predicate {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIn, kIsNull, kIsNotNull };
  std::string column;
  Op op = Op::kEq;
  std::vector<Scalar> values;  // one for comparisons, any number for kIn, none for null tests
};

// Decoded statistics of one column chunk, in the column's logical domain.
struct ColumnStatistics {
  std::optional<int64_t> null_count;
  int64_t num_values = 0;  // rows in the chunk
  Scalar min, max;         // monostate when unknown
};

bool CanMatch(const Predicate& p, const ColumnStatistics& s);

}  // namespace bi::parquet
