#pragma once
// A streaming RFC 4180 CSV tokenizer over UTF-8 bytes: quoted fields with delimiters, doubled
// quotes and line breaks inside; CRLF, LF or CR line ends; a missing final line end; blank
// lines skipped (they are counted for line numbers). It reads its source in blocks and keeps
// only the current block (plus a record that spans blocks) in memory.
//
// Not thread-safe. Fields returned by fields() stay valid until the next call to Next().

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "blob/byte_source.h"
#include "common/status.h"

namespace bi::ingest {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
};

class CsvReader {
 public:
  // `block_bytes` is the read size (tests use tiny blocks to cross every boundary).
  CsvReader(blob::ByteSource& source, CsvDialect dialect, size_t block_bytes = 1 << 20);

  // Reads the next record: true, or false at the end of the input. Malformed quoting is
  // kUnprocessable with details {row, line, column, reason}.
  Result<bool> Next();

  const std::vector<std::string_view>& fields() const { return fields_; }
  // The current record's bytes as read (quotes, delimiters and its line end included).
  std::string_view record_bytes() const { return record_bytes_; }
  // 1-based number of the current record (the header, if any, is record 1).
  int64_t record() const { return record_; }
  // 1-based physical line on which the current record starts.
  int64_t line() const { return record_line_; }
  // Bytes of input consumed up to the end of the current record.
  uint64_t consumed() const { return base_offset_ + pos_; }
  // 1-based physical line at consumed(): where the next record (or blank line) starts.
  int64_t next_line() const { return line_; }

  // For a reader whose source starts in the middle of a file, at a record boundary: `records`
  // records and `line - 1` line breaks come before it, so record() and line() (and the row and
  // line of errors) count from the start of the file. Call before the first Next().
  void SetStart(int64_t records, int64_t line) {
    record_ = records;
    line_ = line;
  }

  // Reuses the memory of `buffer` (its contents do not matter) for reading, before the first
  // Next(); ReleaseBuffer() hands it back. Readers made one after another on one thread then
  // do not fault in fresh pages for every block.
  void AdoptBuffer(std::string buffer) {
    if (end_ == 0) buf_ = std::move(buffer);
  }
  std::string ReleaseBuffer() {
    pos_ = end_ = 0;
    return std::move(buf_);
  }

 private:
  enum class ParseResult { kComplete, kNeedMore, kError };
  ParseResult Parse(bool eof);
  Status Fill();

  blob::ByteSource& source_;
  CsvDialect dialect_;
  size_t block_bytes_;
  std::string buf_;
  size_t pos_ = 0;  // start of the next record in buf_
  size_t end_ = 0;  // bytes of buf_ holding data
  bool eof_ = false;
  uint64_t base_offset_ = 0;  // input offset of buf_[0]
  std::vector<std::string_view> fields_;
  std::string_view record_bytes_;
  struct Escaped {  // a field unescaped into scratch_
    size_t field, begin, size;
  };
  std::vector<Escaped> escaped_;
  std::string scratch_;  // unescaped quoted fields
  int64_t record_ = 0;
  int64_t line_ = 1;  // line at pos_
  int64_t record_line_ = 0;
  size_t parsed_end_ = 0;     // set by Parse on success
  int64_t parsed_lines_ = 0;  // line breaks consumed by the record (incl. its end)
  std::string error_reason_;
  size_t error_column_ = 0;
};

}  // namespace bi::ingest
