#include "ingest/csv_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bi::ingest {
namespace {

// Bytes of slack past the data in the buffer, so the scanner may load 64 bytes anywhere before
// the end of the data.
constexpr size_t kPad = 64;

// The first position in [p, end) holding the delimiter, '\n' or '\r' (end if none): the end of
// an unquoted field. 16 bytes per step with SSE2; reads may pass `end` by up to 15 bytes.
// Finds the ends of unquoted fields: the next delimiter, '\n' or '\r' at or after a position.
// With SSE2 it marks those bytes in 64-byte windows (one bit each) and keeps the last window,
// so the fields of a record mostly cost a shift and a bit scan. Reads may pass `end` by up to
// 63 bytes (the buffer's slack); hits past `end` are cut to `end`.
class FieldScanner {
 public:
  explicit FieldScanner(char delim)
#if defined(__SSE2__)
      : d_(_mm_set1_epi8(delim)),
        lf_(_mm_set1_epi8('\n')),
        cr_(_mm_set1_epi8('\r')){}
#else
      : delim_(delim) {
  }
#endif

        size_t End(const char* b, size_t p, size_t end) {
#if defined(__SSE2__)
    while (p < end) {
      if (p < base_ || p >= base_ + 64) Mark(b, p);
      uint64_t m = bits_ >> (p - base_);
      if (m != 0) return std::min(end, p + static_cast<size_t>(__builtin_ctzll(m)));
      p = base_ + 64;
    }
    return end;
#else
    while (p < end && b[p] != delim_ && b[p] != '\n' && b[p] != '\r') ++p;
    return p;
#endif
  }

 private:
#if defined(__SSE2__)
  void Mark(const char* b, size_t p) {
    uint64_t bits = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + p + 16 * k));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d_), _mm_cmpeq_epi8(v, lf_)),
                                 _mm_cmpeq_epi8(v, cr_));
      bits |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * k);
    }
    bits_ = bits;
    base_ = p;
  }
  __m128i d_, lf_, cr_;
  size_t base_ = SIZE_MAX;  // the window [base_, base_ + 64) bits_ describes
  uint64_t bits_ = 0;
#else
  char delim_;
#endif
};

}  // namespace

CsvReader::CsvReader(blob::ByteSource& source, CsvDialect dialect, size_t block_bytes)
    : source_(source), dialect_(dialect), block_bytes_(std::max<size_t>(block_bytes, 1)) {}

Status CsvReader::Fill() {
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    base_offset_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  if (buf_.size() < end_ + block_bytes_ + kPad)
    buf_.resize(std::max(buf_.size() * 2, end_ + block_bytes_ + kPad));
  auto n = source_.Read(buf_.data() + end_, block_bytes_);
  if (!n.ok()) return n.status();
  if (*n == 0) eof_ = true;
  end_ += *n;
  return Status::Ok();
}

CsvReader::ParseResult CsvReader::Parse(bool eof) {
  const char* b = buf_.data();
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  FieldScanner scanner(delim);
  size_t p = pos_;
  int64_t lines = 0;
  size_t col = 0;
  fields_.clear();
  escaped_.clear();
  scratch_.clear();
  // After a field: a delimiter (next field), a line end or the end of input (record done).
  auto after_field = [&](size_t& q, bool& done) -> ParseResult {
    if (q >= end_) {
      done = true;  // only reached at eof
      return ParseResult::kComplete;
    }
    char c = b[q];
    if (c == delim) {
      ++q;
      ++col;
      done = false;
      return ParseResult::kComplete;
    }
    if (c == '\n') {
      ++q;
      ++lines;
      done = true;
      return ParseResult::kComplete;
    }
    if (c == '\r') {
      if (q + 1 < end_) {
        q += b[q + 1] == '\n' ? 2 : 1;
      } else if (!eof) {
        return ParseResult::kNeedMore;
      } else {
        ++q;
      }
      ++lines;
      done = true;
      return ParseResult::kComplete;
    }
    error_reason_ = "unexpected character after a closing quote";
    error_column_ = col;
    return ParseResult::kError;
  };
  for (;;) {
    if (p < end_ && b[p] == quote) {
      size_t q = p + 1, seg = q;
      bool escaped = false;
      size_t scratch_begin = scratch_.size();
      for (;;) {
        const void* hit = q < end_ ? std::memchr(b + q, quote, end_ - q) : nullptr;
        if (hit == nullptr) {
          if (!eof) return ParseResult::kNeedMore;
          error_reason_ = "a quoted field is not closed before the end of the file";
          error_column_ = col;
          return ParseResult::kError;
        }
        size_t h = static_cast<const char*>(hit) - b;
        lines += std::count(b + q, b + h, '\n');
        if (h + 1 >= end_ && !eof) return ParseResult::kNeedMore;
        if (h + 1 < end_ && b[h + 1] == quote) {  // doubled quote
          scratch_.append(b + seg, h + 1 - seg);
          escaped = true;
          q = seg = h + 2;
          continue;
        }
        if (escaped) {
          scratch_.append(b + seg, h - seg);
          // scratch_ may still grow: point the field at it once the record is complete.
          escaped_.push_back({fields_.size(), scratch_begin, scratch_.size() - scratch_begin});
          fields_.emplace_back();
        } else {
          fields_.emplace_back(b + p + 1, h - p - 1);
        }
        p = h + 1;
        break;
      }
    } else {
      size_t s = p;
      p = scanner.End(b, p, end_);
      if (p >= end_ && !eof) return ParseResult::kNeedMore;
      fields_.emplace_back(b + s, p - s);
    }
    bool done = false;
    ParseResult r = after_field(p, done);
    if (r != ParseResult::kComplete) return r;
    if (done) break;
  }
  parsed_end_ = p;
  parsed_lines_ = lines;
  return ParseResult::kComplete;
}

Result<bool> CsvReader::Next() {
  for (;;) {
    // Blank lines are skipped (and counted).
    bool need_more = false;
    while (pos_ < end_) {
      char c = buf_[pos_];
      if (c == '\n') {
        ++pos_;
        ++line_;
      } else if (c == '\r') {
        if (pos_ + 1 < end_) {
          pos_ += buf_[pos_ + 1] == '\n' ? 2 : 1;
        } else if (eof_) {
          ++pos_;
        } else {
          need_more = true;
          break;
        }
        ++line_;
      } else {
        break;
      }
    }
    if (pos_ >= end_ || need_more) {
      if (eof_ && pos_ >= end_) return false;
      BI_RETURN_IF_ERROR(Fill());
      continue;
    }
    ParseResult r = Parse(eof_);
    if (r == ParseResult::kNeedMore) {
      BI_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (r == ParseResult::kError) {
      return Status::Unprocessable(error_reason_ + " (row " + std::to_string(record_ + 1) +
                                       ", column " + std::to_string(error_column_ + 1) + ")",
                                   {{"row", record_ + 1},
                                    {"line", line_},
                                    {"column", error_column_ + 1},
                                    {"reason", error_reason_}});
    }
    for (const Escaped& e : escaped_) fields_[e.field] = {scratch_.data() + e.begin, e.size};
    record_bytes_ = std::string_view(buf_.data() + pos_, parsed_end_ - pos_);
    ++record_;
    record_line_ = line_;
    line_ += parsed_lines_;
    pos_ = parsed_end_;
    return true;
  }
}

}  // namespace bi::ingest
