#pragma once
// Parquet reader for flat schemas: footer, schema, statistics, and column chunks decoded into
// ColumnBuffers (values + validity; strings as offsets + bytes, or dictionary codes +
// dictionary on request).
//
// Untrusted input: every offset, length and count from the file is checked before use, and
// the limits in ReaderOptions bound what one call may allocate. Malformed files produce
// Status::Corruption with a message; they never crash, hang or over-allocate.
//
// A FileReader is immutable after Open, so one instance may serve several threads reading
// different (or the same) column chunks concurrently.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "parquet/column_buffer.h"
#include "parquet/format.h"
#include "parquet/io.h"
#include "parquet/predicate.h"
#include "parquet/schema.h"

namespace bi::parquet {

struct ReaderOptions {
  uint64_t max_footer_bytes = 256ull << 20;
  // Upper bound on rows per row group, and so on one chunk's output (8 bytes a row for
  // int64). Writers use far less (ours and DuckDB's 122,880; Arrow's 1Mi).
  int64_t max_row_group_rows = int64_t{1} << 25;
  // Upper bound on one page's uncompressed size.
  uint64_t max_page_bytes = 512ull << 20;
  // Upper bound on the string bytes one ReadColumnChunk may produce (dictionary
  // materialisation and DELTA_BYTE_ARRAY prefixes can expand small input).
  uint64_t max_string_bytes = 1ull << 30;
};

struct ReadOptions {
  // Strings of a dictionary-encoded chunk come back as int32 codes + dictionary instead of
  // materialised bytes (falls back to plain if a chunk switches to PLAIN pages midway).
  bool keep_dictionary = false;
};

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(std::shared_ptr<RandomAccessFile> file,
                                                  ReaderOptions options = {});
  static Result<std::unique_ptr<FileReader>> OpenFile(const std::string& path,
                                                      ReaderOptions options = {});

  const Schema& schema() const { return schema_; }
  int64_t num_rows() const { return meta_.num_rows; }
  int num_row_groups() const { return static_cast<int>(meta_.row_groups.size()); }
  int64_t row_group_num_rows(int row_group) const;
  const format::FileMetaData& metadata() const { return meta_; }
  // Footer key-value metadata.
  std::optional<std::string> GetMetadata(const std::string& key) const;

  ColumnStatistics Statistics(int row_group, int column) const;
  // Row groups (ascending) that may contain rows satisfying all predicates. Unknown columns
  // are InvalidArgument.
  Result<std::vector<int>> SelectRowGroups(const std::vector<Predicate>& conjunction) const;

  // One column of one row group.
  Result<ColumnBuffer> ReadColumnChunk(int row_group, int column,
                                       const ReadOptions& options = {}) const;
  // Selected columns (by index) of selected row groups, each column concatenated across the
  // row groups in the given order. Dictionary-coded chunks are merged into one dictionary.
  Result<std::vector<ColumnBuffer>> Read(const std::vector<int>& columns,
                                         const std::vector<int>& row_groups,
                                         const ReadOptions& options = {}) const;
  // Everything: all columns of all row groups.
  Result<std::vector<ColumnBuffer>> ReadAll(const ReadOptions& options = {}) const;

 private:
  FileReader() = default;
  Status Init();

  std::shared_ptr<RandomAccessFile> file_;
  ReaderOptions options_;
  format::FileMetaData meta_;
  Schema schema_;
  uint64_t data_end_ = 0;  // start of the footer: column chunks must end before it
};

// Appends src's rows to dst (same type). Dictionary-coded buffers are merged: the result's
// dictionary holds distinct strings and codes are remapped.
Status AppendColumn(ColumnBuffer* dst, const ColumnBuffer& src);

}  // namespace bi::parquet
