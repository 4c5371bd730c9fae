#pragma once
// A deterministic mixed table that exercises every type the writer stores: nulls, empty and
// non-ASCII (Japanese, emoji) strings, extreme numbers (incl. -0.0, inf, NaN, denormals),
// pre-epoch and far-future dates and timestamps, low- and high-cardinality strings.
// Shared by the gtests and the interop tool so DuckDB/hyparquet check the very same data.

#include <cstdint>
#include <string>
#include <vector>

#include "parquet/column_buffer.h"
#include "parquet/schema.h"

namespace bi::parquet::testing {

struct Table {
  Schema schema;
  std::vector<ColumnBuffer> columns;
  int64_t rows() const { return columns.empty() ? 0 : columns[0].length; }
};

// rows >= 0; the first rows hold the extreme values, the rest is seeded pseudo-random.
Table MakeSampleTable(int64_t rows, uint64_t seed = 42);

// Canonical text of row `r` of a column, used to compare with independent readers:
// null -> "null"; ints/dates/timestamps -> decimal ticks; doubles "%.17g", floats "%.9g"
// (nan, inf, -inf spelled so); bools true/false; strings verbatim; binary lowercase hex.
std::string CanonicalValue(const ColumnBuffer& c, int64_t r);

// Writes {"columns":[{"name","type","unit","utc"}...],"rows":[[...],...]} with canonical
// values as JSON strings (null as JSON null).
std::string TableToJson(const Schema& schema, const std::vector<ColumnBuffer>& columns);

}  // namespace bi::parquet::testing
