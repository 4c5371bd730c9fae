#pragma once
// CSV -> Parquet parts: the import pipeline behind POST /api/datasets and `bi admin import`.
//
//   source bytes (a file, or a byte range of a spooled upload)
//   -> encoding: detected (encoding.h) or given; non-UTF-8 is converted to a UTF-8 work file
//      by a thread of its own, parsed as it grows
//   -> delimiter: given, or sniffed among , TAB ; | when "auto"
//   -> header names; types inferred from the first rows (values.h)
//   -> one pass: field counts, UTF-8 validity, conversion to typed column batches (each value
//      also checks its column's type still holds) and their statistics, in chunks of the text
//      parsed side by side by `threads` workers (chunk starts guessed at line ends, checked
//      in file order, parsed again where the guess was wrong) -> parquet::FileWriter on a
//      thread of its own (column chunks encoded in parallel), a new part every rows_per_part
//      rows
//   -> only if a later value widens a column: inference over the rest of the file, then a
//      second conversion pass with the final types (the result is whole-file inference)
//
// Every pass streams (one read block and a few batches in memory). Every failure is a Status with
// kUnprocessable and details {row, line, column, columnName, reason} where they apply; the work
// directory is the caller's to delete. Thread-safety: one import per call; calls are
// independent.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "ingest/values.h"

namespace bi::ingest {

inline constexpr uint64_t kMaxImportBytes = 100ull << 20;  // runbook 5.3: 100 MB

struct ImportOptions {
  std::optional<std::string> encoding;  // unset: detect
  std::string delimiter = ",";          // one character, "tab", or "auto" (sniff)
  bool has_header = true;
  std::string quote = "\"";                        // '"' or '\''
  bool lenient = false;                            // pad short rows with nulls, drop extra fields
  std::map<std::string, ColumnType> column_types;  // per-column overrides of inference
  int64_t rows_per_part = 1'000'000;
  int64_t batch_rows = 65536;  // the rows types are first inferred from (at most chunk_bytes)
  // The text is parsed in chunks of about this many bytes (cut at line ends), several at a
  // time: the unit of parallel parsing, and of the batches handed to the Parquet writer.
  uint64_t chunk_bytes = 2 << 20;
  // Above 1: that many threads parse and convert chunks side by side, the Parquet encoding
  // runs on a thread of its own and non-UTF-8 text is decoded on another while it is parsed.
  // 1: one at a time on the caller's thread (the decoding finishes before parsing starts).
  int threads = 2;
  // Called now and then with (phase, bytes done, bytes total); phase is "infer" or "write".
  std::function<void(const char*, uint64_t, uint64_t)> progress;
};

struct ImportSource {
  std::string path;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct ImportedColumn {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool nullable = false;
  bool utc = false;  // timestamps with zones: instants in UTC
  int64_t null_count = 0;
  int64_t distinct_estimate = 0;
  nlohmann::json min;  // null when no values
  nlohmann::json max;
};

struct ImportResult {
  std::vector<ImportedColumn> columns;
  int64_t row_count = 0;
  uint64_t source_bytes = 0;
  std::string encoding;                 // canonical name
  std::string delimiter;                // the one character used
  std::vector<std::string> part_files;  // local Parquet files in order (in work_dir)
  std::vector<int64_t> part_rows;
  uint64_t stored_bytes = 0;
};

// Imports `source` into Parquet files under `work_dir` (which must exist).
Result<ImportResult> ImportCsv(const ImportSource& source, const ImportOptions& options,
                               const std::string& work_dir);

// Parses the `columnTypes` form value: a JSON object {"column": "int64", ...}.
Result<std::map<std::string, ColumnType>> ParseColumnTypes(const std::string& json_text);

// The schema entry stored in the dataset record and returned by the API.
nlohmann::json ColumnJson(const ImportedColumn& c);

}  // namespace bi::ingest
