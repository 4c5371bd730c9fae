#pragma once
// Streaming Parquet writer for flat schemas.
//
// Callers append column batches (one ColumnBuffer per field, equal lengths) as they produce
// them; the writer keeps at most one row group of input in memory and writes it out when it
// reaches the target size, so an importer never holds a whole dataset. Close() writes the
// footer. Files are standard Parquet (format version 1 data pages, Thrift compact footer) and
// are checked against DuckDB and hyparquet in tests/parquet.
//
// Per column chunk: dictionary encoding (PLAIN dictionary page + RLE_DICTIONARY data pages)
// unless the dictionary would exceed `dictionary_max_bytes` or would not be smaller than
// PLAIN, in which case the chunk is PLAIN. Definition levels use the RLE hybrid. Statistics
// (min, max, null count) are written per chunk with TYPE_ORDER column orders.
//
// Not thread-safe (with WriterOptions::threads above 1 it uses threads of its own inside
// calls). After any error the writer is unusable (every later call fails).
// Destroying a writer without Close() leaves an incomplete file (no footer) behind.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "parquet/column_buffer.h"
#include "parquet/io.h"
#include "parquet/schema.h"

namespace bi::parquet {

enum class Compression : uint8_t { kUncompressed, kSnappy, kZstd };

struct WriterOptions {
  Compression compression = Compression::kZstd;
  int zstd_level = 3;
  // A row group is written when its buffered input reaches either limit.
  int64_t row_group_rows = 122880;      // DuckDB's default, good for pruning
  int64_t row_group_bytes = 128 << 20;  // in-memory bytes of buffered input
  int64_t page_bytes = 1 << 20;         // target encoded bytes per data page
  bool dictionary = true;
  int64_t dictionary_max_bytes = 1 << 20;  // PLAIN size of a dictionary page, above: PLAIN
  bool statistics = true;
  // Strings longer than this are left out of min/max statistics (null_count is still written).
  size_t max_statistics_bytes = 256;
  std::string created_by = "bi-tool parquet";
  // Column chunks of a row group are encoded (dictionary, pages, compression) on up to this
  // many threads at once; the file is the same for any number.
  int threads = 1;
};

class FileWriter {
 public:
  // Fails with InvalidArgument for an empty schema, duplicate or empty names, or types the
  // writer cannot store.
  static Result<std::unique_ptr<FileWriter>> Open(std::unique_ptr<OutputStream> out, Schema schema,
                                                  WriterOptions options = {});
  static Result<std::unique_ptr<FileWriter>> Create(const std::string& path, Schema schema,
                                                    WriterOptions options = {});
  ~FileWriter();

  // Appends rows. columns[i] must have schema.fields[i]'s type (dictionary-coded buffers are
  // accepted) and all the same length; a null in a non-nullable field is InvalidArgument.
  Status WriteBatch(const std::vector<ColumnBuffer>& columns);
  Status WriteBatch(const std::vector<const ColumnBuffer*>& columns);
  // Writes buffered rows as a row group now (no-op when nothing is buffered).
  Status FlushRowGroup();
  // Key-value metadata written into the footer (later values replace earlier ones).
  void SetMetadata(const std::string& key, const std::string& value);
  // Flushes, writes the footer and closes the stream.
  Status Close();

  int64_t rows_written() const;  // rows handed to WriteBatch so far
  int64_t row_groups_written() const;
  const Schema& schema() const;

  class Impl;

 private:
  explicit FileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Convenience: writes `columns` as one batch to `path`.
Status WriteFile(const std::string& path, const Schema& schema,
                 const std::vector<ColumnBuffer>& columns, const WriterOptions& options = {},
                 const std::map<std::string, std::string>& metadata = {});

}  // namespace bi::parquet
