#include "ingest/importer.h"

#include <fcntl.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "blob/byte_source.h"
#include "ingest/csv_reader.h"
#include "ingest/encoding.h"
#include "parquet/dictionary_builder.h"
#include "parquet/writer.h"

namespace bi::ingest {
namespace {

constexpr size_t kSampleBytes = 256 * 1024;
constexpr size_t kBlockBytes = 1 << 20;

Result<std::unique_ptr<blob::ByteSource>> OpenRange(const std::string& path, uint64_t offset,
                                                    uint64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path);
  return std::unique_ptr<blob::ByteSource>(new blob::FileSource(fd, offset, length));
}

Result<std::string> ReadSample(const ImportSource& src, size_t n) {
  auto in = OpenRange(src.path, src.offset, std::min<uint64_t>(src.length, n));
  if (!in.ok()) return in.status();
  return blob::ReadAll(**in);
}

// HyperLogLog with 2^11 registers (about 2% error), with linear counting for small sets.
class DistinctSketch {
 public:
  DistinctSketch() : reg_(kM, 0) {}
  // `h` must be a well-mixed 64-bit hash of the value.
  void Add(uint64_t h) {
    uint32_t idx = static_cast<uint32_t>(h >> (64 - kBits));
    uint64_t rest = (h << kBits) | (uint64_t{1} << (kBits - 1));
    uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    if (rank > reg_[idx]) reg_[idx] = rank;
  }
  // The sketch of the union of both sets (what adding every value to one sketch gives).
  void Merge(const DistinctSketch& o) {
    for (size_t i = 0; i < reg_.size(); ++i) reg_[i] = std::max(reg_[i], o.reg_[i]);
  }
  int64_t Estimate() const {
    double sum = 0;
    int zeros = 0;
    for (uint8_t r : reg_) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    const double m = kM;
    double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);
    return static_cast<int64_t>(std::llround(e));
  }

 private:
  static constexpr int kBits = 11;
  static constexpr int kM = 1 << kBits;
  std::vector<uint8_t> reg_;
};

// API statistics of one column, gathered while converting (reset if the pass is redone).
struct ColumnStats {
  int64_t null_count = 0;
  DistinctSketch sketch;
  bool has_minmax = false;
  int64_t imin = 0, imax = 0;
  double dmin = 0, dmax = 0;
  std::string smin, smax;
};

// a < b in byte order; the first 8 bytes (as a big-endian word) settle most comparisons
// without a call.
bool Below(std::string_view a, std::string_view b) {
  if (a.size() >= 8 && b.size() >= 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data(), 8);
    std::memcpy(&y, b.data(), 8);
    if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y);
  }
  return a < b;
}

// Adds the statistics of later rows (another chunk of the same column) to `into`.
void MergeStats(ColumnStats& into, const ColumnStats& from) {
  into.null_count += from.null_count;
  into.sketch.Merge(from.sketch);
  if (!from.has_minmax) return;
  if (!into.has_minmax) {
    into.has_minmax = true;
    into.imin = from.imin;
    into.imax = from.imax;
    into.dmin = from.dmin;
    into.dmax = from.dmax;
    into.smin = from.smin;
    into.smax = from.smax;
    return;
  }
  into.imin = std::min(into.imin, from.imin);
  into.imax = std::max(into.imax, from.imax);
  into.dmin = std::min(into.dmin, from.dmin);
  into.dmax = std::max(into.dmax, from.dmax);
  if (Below(from.smin, into.smin)) into.smin = from.smin;
  if (Below(into.smax, from.smax)) into.smax = from.smax;
}

struct ColumnState {
  std::string name;
  uint8_t mask = 0xFF;  // kinds every non-null value seen so far allows
  bool any_value = false;
  bool real_float = false;  // a non-integer float was seen
  bool zoned = false;
  bool forced = false;                    // type given by the caller
  ColumnType type = ColumnType::kString;  // what values are converted to
  bool utc = false;
  // A string column only because no value decided it yet (no values, or only integers past
  // int64): a later value may still give it a type, so every value is classified.
  bool undecided = false;
  ColumnStats stats;
};

ColumnType FinalType(const ColumnState& c) {
  if (!c.any_value) return ColumnType::kString;
  if ((c.mask & kCanInt) && !(c.mask & kOverflowInt)) return ColumnType::kInt64;
  if (c.mask & kCanFloat) return c.real_float ? ColumnType::kFloat64 : ColumnType::kString;
  if (c.mask & kCanBool) return ColumnType::kBool;
  if (c.mask & kCanDate) return ColumnType::kDate;
  if (c.mask & kCanTimestamp) return ColumnType::kTimestamp;
  return ColumnType::kString;
}

// Inference: narrows the column's kinds by one non-null field.
void Observe(ColumnState& c, std::string_view f) {
  c.any_value = true;
  bool zoned = false;
  uint8_t kinds = ClassifyField(f, &zoned);
  c.mask &= kinds;
  if ((kinds & kCanFloat) && !(kinds & kCanInt) && !(kinds & kOverflowInt)) c.real_float = true;
  if (zoned) c.zoned = true;
}

// Text no later value can change: no need to classify values any more.
bool Settled(const ColumnState& c) {
  return c.forced || (c.any_value && c.mask == 0);
}

// Adds what a chunk's copy of the column observed (classification only narrows: the order of
// chunks does not matter).
void MergeObservations(ColumnState& into, const ColumnState& from) {
  into.mask &= from.mask;
  into.any_value |= from.any_value;
  into.real_float |= from.real_float;
  into.zoned |= from.zoned;
  if (into.undecided && Settled(into)) into.undecided = false;
}

Status FieldError(const CsvReader& r, size_t col, const std::string& name, std::string reason,
                  const std::string& message) {
  return Status::Unprocessable(message + " (row " + std::to_string(r.record()) + ", column " +
                                   std::to_string(col + 1) + " '" + name + "')",
                               {{"row", r.record()},
                                {"line", r.line()},
                                {"column", col + 1},
                                {"columnName", name},
                                {"reason", std::move(reason)}});
}

Status NotUtf8(const CsvReader& r, size_t col, const std::string& name) {
  return FieldError(r, col, name, "undecodable bytes", "bytes that are not valid UTF-8");
}

// Column names: kept exactly, empty ones named column_N, duplicates suffixed _2, _3, ...
std::vector<std::string> UniqueNames(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string base = raw[i];
    if (base.empty()) base = "column_" + std::to_string(i + 1);
    std::string name = base;
    for (int k = 2; used.count(name); ++k) name = base + "_" + std::to_string(k);
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

Result<char> ResolveDelimiter(const std::string& d, std::string_view sample, char quote) {
  if (d == "tab" || d == "\\t") return '\t';
  if (d == "auto") {
    // Pick the candidate that splits the first lines into the same number (>1) of fields,
    // preferring more fields.
    char best = ',';
    size_t best_fields = 0;
    for (char c : {',', '\t', ';', '|'}) {
      blob::StringSource src{std::string(sample)};
      CsvReader reader(src, CsvDialect{c, quote});
      size_t fields = 0;
      bool consistent = true;
      int lines = 0;
      while (lines < 50) {
        auto more = reader.Next();
        if (!more.ok() || !*more) break;
        // The sample may cut the last record: ignore a short last line.
        if (lines == 0)
          fields = reader.fields().size();
        else if (reader.fields().size() != fields && reader.consumed() < sample.size())
          consistent = false;
        ++lines;
      }
      if (consistent && fields > 1 && fields > best_fields) {
        best = c;
        best_fields = fields;
      }
    }
    return best;
  }
  if (d.size() != 1 || d[0] == '\r' || d[0] == '\n' || d[0] == quote ||
      static_cast<unsigned char>(d[0]) >= 0x80 || std::isalnum(static_cast<unsigned char>(d[0]))) {
    return Status::Unprocessable(
        "delimiter must be one ASCII punctuation or space character, \"tab\" or \"auto\"",
        {{"field", "delimiter"}, {"reason", "bad delimiter"}});
  }
  return d[0];
}

// Where the converted text ends: the row and column a decoding error lies in.
nlohmann::json LocateEnd(const std::string& utf8_path, CsvDialect dialect) {
  auto in = blob::FileSource::Open(utf8_path);
  if (!in.ok()) return nlohmann::json::object();
  CsvReader reader(**in, dialect);
  int64_t row = 1, line = 1;
  size_t column = 1;
  for (;;) {
    auto more = reader.Next();
    if (!more.ok()) {
      const auto& d = more.status().details();
      if (d.is_object())
        return {{"row", d.value("row", 0)},
                {"line", d.value("line", 0)},
                {"column", d.value("column", 0)}};
      break;
    }
    if (!*more) break;
    row = reader.record();
    line = reader.line();
    column = std::max<size_t>(reader.fields().size(), 1);
  }
  return {{"row", row}, {"line", line}, {"column", column}};
}

class PartWriter {
 public:
  // `threads`: how many column chunks are encoded at once.
  PartWriter(std::string work_dir, parquet::Schema schema, ImportResult* result, int threads)
      : dir_(std::move(work_dir)), schema_(std::move(schema)), result_(result), threads_(threads) {}

  Status Write(const std::vector<parquet::ColumnBuffer>& batch, int64_t rows, int64_t per_part) {
    int64_t done = 0;
    while (done < rows) {
      if (!writer_) BI_RETURN_IF_ERROR(Open());
      int64_t take = std::min(rows - done, per_part - rows_in_part_);
      if (done == 0 && take == rows) {
        BI_RETURN_IF_ERROR(writer_->WriteBatch(batch));
      } else {
        std::vector<parquet::ColumnBuffer> slice;
        for (const auto& c : batch) slice.push_back(Slice(c, done, take));
        BI_RETURN_IF_ERROR(writer_->WriteBatch(slice));
      }
      rows_in_part_ += take;
      done += take;
      if (rows_in_part_ >= per_part) BI_RETURN_IF_ERROR(Close());
    }
    return Status::Ok();
  }

  Status Close() {
    if (!writer_) return Status::Ok();
    BI_RETURN_IF_ERROR(writer_->Close());
    writer_.reset();
    std::error_code ec;
    result_->stored_bytes += std::filesystem::file_size(result_->part_files.back(), ec);
    result_->part_rows.push_back(rows_in_part_);
    rows_in_part_ = 0;
    return Status::Ok();
  }

 private:
  Status Open() {
    char name[64];
    std::snprintf(name, sizeof name, "/part-%04zu.parquet", result_->part_files.size());
    std::string path = dir_ + name;
    // No fsync: parts are work files; the blob store syncs the copy it publishes.
    auto out = parquet::CreateLocalFile(path, /*sync=*/false);
    if (!out.ok()) return out.status();
    parquet::WriterOptions options;
    // ZSTD level 1 (Arrow's default; DuckDB uses 3): about a sixth less CPU for the import
    // than level 3, parts about 8% larger.
    options.zstd_level = 1;
    options.threads = threads_;
    auto w = parquet::FileWriter::Open(std::move(out).value(), schema_, options);
    if (!w.ok()) return w.status();
    writer_ = std::move(w).value();
    writer_->SetMetadata("bi.writer", "bi-tool importer");
    result_->part_files.push_back(path);
    return Status::Ok();
  }

  static parquet::ColumnBuffer Slice(const parquet::ColumnBuffer& c, int64_t start, int64_t n) {
    parquet::ColumnBuffer out(c.type);
    for (int64_t r = start; r < start + n; ++r) {
      if (!c.IsValid(r)) {
        out.AppendNull();
        continue;
      }
      switch (c.type) {
        case parquet::ValueType::kBool:
          out.AppendBool(c.values.data()[r] != 0);
          break;
        case parquet::ValueType::kDouble:
          out.AppendDouble(c.Values<double>()[r]);
          break;
        case parquet::ValueType::kDate:
          out.AppendInt(c.Values<int32_t>()[r]);
          break;
        case parquet::ValueType::kString:
          out.AppendString(c.StringAt(r));
          break;
        default:
          out.AppendInt(c.Values<int64_t>()[r]);
      }
    }
    return out;
  }

  std::string dir_;
  parquet::Schema schema_;
  ImportResult* result_;
  int threads_;
  std::unique_ptr<parquet::FileWriter> writer_;
  int64_t rows_in_part_ = 0;
};

using Batch = std::vector<parquet::ColumnBuffer>;

// Recycles batches (their buffers keep their capacity) between the parsers that fill them and
// the writer that empties them. Thread-safe.
class BatchPool {
 public:
  explicit BatchPool(std::vector<parquet::ValueType> types) : types_(std::move(types)) {}
  Batch Get() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        Batch b = std::move(free_.back());
        free_.pop_back();
        return b;
      }
    }
    Batch b;
    for (parquet::ValueType t : types_) b.emplace_back(t);
    return b;
  }
  void Put(Batch b) {
    if (b.size() != types_.size()) return;
    for (auto& c : b) c.Clear();
    std::lock_guard lock(mu_);
    free_.push_back(std::move(b));
  }

 private:
  std::vector<parquet::ValueType> types_;
  std::mutex mu_;
  std::vector<Batch> free_;
};

// Encodes batches (dictionary, compression) on a thread of its own while the parsers fill the
// next ones. At most kQueued batches wait; written batches go back to the pool. With
// threaded=false it writes inline.
class BackgroundWriter {
 public:
  BackgroundWriter(PartWriter& parts, int64_t per_part, bool threaded, BatchPool& pool)
      : parts_(parts), per_part_(per_part), pool_(pool) {
    if (threaded) thread_ = std::thread([this] { Loop(); });
  }
  ~BackgroundWriter() { (void)Finish(); }

  Status Submit(Batch batch, int64_t rows) {
    if (!thread_.joinable()) {
      Status s = parts_.Write(batch, rows, per_part_);
      pool_.Put(std::move(batch));
      return s;
    }
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return queue_.size() < kQueued || !error_.ok(); });
    if (!error_.ok()) return error_;
    queue_.emplace_back(std::move(batch), rows);
    cv_.notify_all();
    return Status::Ok();
  }

  // Waits for every submitted batch; the first error, if any.
  Status Finish() {
    if (thread_.joinable()) {
      {
        std::lock_guard lock(mu_);
        closed_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
    return error_;
  }

 private:
  static constexpr size_t kQueued = 4;

  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return !queue_.empty() || closed_; });
      if (queue_.empty()) return;
      auto [batch, rows] = std::move(queue_.front());
      queue_.pop_front();
      Status s = error_;
      lock.unlock();
      if (s.ok()) s = parts_.Write(batch, rows, per_part_);
      pool_.Put(std::move(batch));
      lock.lock();
      if (!s.ok() && error_.ok()) error_ = s;
      cv_.notify_all();
    }
  }

  PartWriter& parts_;
  int64_t per_part_;
  BatchPool& pool_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<Batch, int64_t>> queue_;
  bool closed_ = false;
  Status error_;
};

// A source that remembers whether a read failed: tells a decoding error (the source's) from
// the parser's own.
class TrackedSource final : public blob::ByteSource {
 public:
  explicit TrackedSource(std::unique_ptr<blob::ByteSource> in) : in_(std::move(in)) {}
  Result<size_t> Read(char* dst, size_t n) override {
    auto r = in_->Read(dst, n);
    if (!r.ok()) failed_ = true;
    return r;
  }
  bool failed() const { return failed_; }

 private:
  std::unique_ptr<blob::ByteSource> in_;
  bool failed_ = false;
};

parquet::ValueType StorageType(ColumnType t) {
  switch (t) {
    case ColumnType::kInt64:
      return parquet::ValueType::kInt64;
    case ColumnType::kFloat64:
      return parquet::ValueType::kDouble;
    case ColumnType::kBool:
      return parquet::ValueType::kBool;
    case ColumnType::kDate:
      return parquet::ValueType::kDate;
    case ColumnType::kTimestamp:
      return parquet::ValueType::kTimestamp;
    case ColumnType::kString:
      return parquet::ValueType::kString;
  }
  return parquet::ValueType::kString;
}

uint64_t HashDouble(double v) {
  if (v == 0) v = 0;  // -0.0 and 0.0 are one value
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return parquet::HashWord(bits);
}

// Decodes a non-UTF-8 source into a UTF-8 work file on a thread of its own while the import
// parses what is decoded so far: Open() gives readers that follow the file as it grows and,
// at the end of what could be decoded, return the decoding error (if any).
class BackgroundDecoder {
 public:
  static Result<std::unique_ptr<BackgroundDecoder>> Start(std::unique_ptr<Utf8Converter> conv,
                                                          std::unique_ptr<blob::ByteSource> in,
                                                          std::string path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::IoError("cannot create " + path);
    auto d = std::unique_ptr<BackgroundDecoder>(
        new BackgroundDecoder(std::move(conv), std::move(in), std::move(path), fd));
    d->thread_ = std::thread([p = d.get()] { p->Run(); });
    return d;
  }
  ~BackgroundDecoder() {
    {
      std::lock_guard lock(mu_);
      cancel_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

  const std::string& path() const { return path_; }
  // Waits until `n` bytes are decoded or decoding ended; the bytes decoded by then.
  uint64_t WaitFor(uint64_t n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return written_ >= n || done_; });
    return written_;
  }
  // Waits for the end; the decoding status (kUnprocessable with details for bad bytes).
  Status Finish() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_; });
    return status_;
  }
  uint64_t error_offset() const { return conv_->error_offset(); }

  // A reader of the decoded text from `offset` on.
  Result<std::unique_ptr<blob::ByteSource>> Open(uint64_t offset = 0) {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError("cannot open " + path_);
    return std::unique_ptr<blob::ByteSource>(new Follower(*this, fd, offset));
  }

 private:
  class Follower final : public blob::ByteSource {
   public:
    Follower(BackgroundDecoder& d, int fd, uint64_t pos) : d_(d), fd_(fd), pos_(pos) {}
    ~Follower() override { ::close(fd_); }
    Result<size_t> Read(char* dst, size_t n) override {
      uint64_t avail;
      {
        std::unique_lock lock(d_.mu_);
        d_.cv_.wait(lock, [&] { return d_.written_ > pos_ || d_.done_; });
        avail = d_.written_;
        if (avail <= pos_) {
          if (d_.status_.ok()) return size_t{0};
          return d_.status_;
        }
      }
      n = static_cast<size_t>(std::min<uint64_t>(n, avail - pos_));
      for (;;) {
        ssize_t r = ::pread(fd_, dst, n, static_cast<off_t>(pos_));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return Status::IoError("cannot read " + d_.path_);
        pos_ += static_cast<uint64_t>(r);
        return static_cast<size_t>(r);
      }
    }

   private:
    BackgroundDecoder& d_;
    int fd_;
    uint64_t pos_;
  };

  BackgroundDecoder(std::unique_ptr<Utf8Converter> conv, std::unique_ptr<blob::ByteSource> in,
                    std::string path, int fd)
      : conv_(std::move(conv)), in_(std::move(in)), path_(std::move(path)), fd_(fd) {}

  void Run() {
    std::string chunk(kBlockBytes, '\0'), converted;
    Status status;
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (cancel_) break;
      }
      auto n = in_->Read(chunk.data(), chunk.size());
      if (!n.ok()) {
        status = n.status();
        break;
      }
      converted.clear();
      Status s = conv_->Convert(std::string_view(chunk.data(), *n), *n == 0, &converted);
      if (!WriteAll(converted)) {
        status = Status::IoError("cannot write " + path_);
        break;
      }
      {
        std::lock_guard lock(mu_);
        written_ += converted.size();
      }
      cv_.notify_all();
      if (!s.ok()) {
        status = s;
        break;
      }
      if (*n == 0) break;
    }
    ::close(fd_);
    {
      std::lock_guard lock(mu_);
      status_ = status;
      done_ = true;
    }
    cv_.notify_all();
  }

  bool WriteAll(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t r = ::write(fd_, data.data() + off, data.size() - off);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      off += static_cast<size_t>(r);
    }
    return true;
  }

  std::unique_ptr<Utf8Converter> conv_;
  std::unique_ptr<blob::ByteSource> in_;
  std::string path_;
  int fd_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t written_ = 0;
  bool done_ = false, cancel_ = false;
  Status status_;
};

// The CSV text -> Parquet parts. Types are decided on the first rows; then one pass
// converts every row to those types, each conversion also checking the type still holds. If a
// later value widens a column after rows were converted, inference finishes over the rest of
// the file (classification only) and a second pass converts with the final types: the result
// is always whole-file inference, and a file whose first rows are representative is read
// once (plus those rows twice).
//
// A conversion pass splits the text into chunks of about chunk_bytes that worker threads
// parse and convert side by side; the caller's thread takes their results in file order and
// hands the batches to the Parquet writer (a thread of its own). A worker cannot know where
// records begin without reading everything before its chunk (a quoted field may hold line
// breaks), so it guesses: its chunk starts after the first line end at or past its nominal
// offset, and it stops at the first record that starts at or past the next chunk's guessed
// start. Taken in order, chunk k is kept only if it started exactly where chunk k-1 ended,
// which proves the guess (chunk k-1 ended at a true record boundary); otherwise (the guessed
// line end was inside a quoted field) it is parsed again from there. Workers count rows and
// lines from 0 and report widened columns and errors without trusting their numbers or their
// view of the columns (a copy taken before the pass): the caller parses such a chunk again,
// in order, with the rows and lines before it and the columns as they are by then, which is
// what one pass from the start would do. So errors carry file-wide row and line numbers, the
// first error in file order wins, and inference is over the whole file.
class CsvImport {
 public:
  // A reader of the UTF-8 text from a byte offset on.
  using Opener = std::function<Result<std::unique_ptr<blob::ByteSource>>(uint64_t)>;
  // `text_length` (for progress) is the text's length or an estimate.
  CsvImport(const ImportOptions& options, Opener open_text, uint64_t text_length,
            CsvDialect dialect, bool validate_utf8, std::string work_dir, ImportResult* result)
      : opt_(options),
        open_text_(std::move(open_text)),
        text_length_(text_length),
        dialect_(dialect),
        validate_utf8_(validate_utf8),
        work_dir_(std::move(work_dir)),
        result_(result) {}

  Status Run() {
    BI_RETURN_IF_ERROR(Open());
    BI_RETURN_IF_ERROR(ReadHeader());
    // Types from the first batch_rows rows, or the first chunk_bytes of rows if less: this
    // runs on one thread before the parallel pass can start, so it is kept short.
    int64_t rows = 0;
    bool more = true;
    if (!first_is_data_) {
      data_start_ = reader_->consumed();
      data_record_ = reader_->record();
      data_line_ = reader_->next_line();
      BI_RETURN_IF_ERROR(NextRecord(&more));
    }
    const int64_t sample_rows = std::max<int64_t>(opt_.batch_rows, 1);
    const uint64_t sample_end = data_start_ + ChunkBytes();
    while (more && rows < sample_rows && (rows == 0 || reader_->consumed() < sample_end)) {
      if (!RecordOk(*reader_)) BI_RETURN_IF_ERROR(CheckRecord(*reader_));
      ObserveRecord();
      ++rows;
      BI_RETURN_IF_ERROR(NextRecord(&more));
    }
    if (rows == 0) {
      return Status::Unprocessable("the file has a header but no data rows",
                                   {{"row", 2}, {"reason", "no data rows"}});
    }
    SetTypes();
    bool speculative = more;  // rows remain that the sample did not see
    for (;;) {
      bool widened = false;
      BI_RETURN_IF_ERROR(Convert(speculative, &widened));
      if (!widened) return Status::Ok();
      // Rows already converted have the old type: infer over the rest, then convert again.
      BI_RETURN_IF_ERROR(InferRest());
      DiscardParts();
      SetTypes();
      speculative = false;
    }
  }

  std::vector<ColumnState>& columns() { return cols_; }
  // Whether the import failed because the text could not be read (for non-UTF-8 input: the
  // decoding error) where the parser got to, in file order, rather than on an error of its own.
  bool source_failed() const { return source_failed_; }

 private:
  static constexpr uint64_t kToEnd = UINT64_MAX;

  // One chunk's parse: where it began, where it was to stop and where it ended (text offsets),
  // what it found, and its rows.
  struct Chunk {
    enum class Outcome { kOk, kWidened, kFailed };
    uint64_t start = kToEnd, stop = kToEnd, end = 0;
    int64_t records = 0, lines = 0;
    bool eof = false;
    Outcome outcome = Outcome::kOk;
    Status status;
    bool source_failed = false;
    Batch batch;
    std::vector<ColumnState> cols;  // the chunk's copy: its observations and statistics
    // Kept when a column widened, positioned at that record: inference goes on from there.
    std::unique_ptr<TrackedSource> source;
    std::unique_ptr<CsvReader> reader;
  };

  // Chunks parsed ahead by the workers, handed to the caller in order.
  struct Schedule {
    std::mutex mu;
    std::condition_variable cv;
    int64_t next = 0;          // the next chunk a worker takes
    int64_t taken = 0;         // chunks the caller has taken
    int64_t last = INT64_MAX;  // no chunk after this one (its stop is the end of the text)
    bool stop = false;
    std::map<int64_t, Chunk> done;
  };

  Status Open() {
    auto in = open_text_(0);
    if (!in.ok()) return in.status();
    reader_.reset();
    source_ = std::make_unique<TrackedSource>(std::move(in).value());
    reader_ = std::make_unique<CsvReader>(*source_, dialect_, kBlockBytes);
    return Status::Ok();
  }

  Status NextRecord(bool* more) {
    auto r = reader_->Next();
    if (!r.ok()) {
      source_failed_ = source_->failed();
      return r.status();
    }
    *more = *r;
    return Status::Ok();
  }

  Status ReadHeader() {
    bool more = false;
    BI_RETURN_IF_ERROR(NextRecord(&more));
    if (!more) return Status::Unprocessable("the file has no rows", {{"reason", "empty file"}});
    const auto& fields = reader_->fields();
    std::vector<std::string> raw;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (validate_utf8_ && !IsValidUtf8(fields[i]))
        return NotUtf8(*reader_, i, "column_" + std::to_string(i + 1));
      raw.emplace_back(opt_.has_header ? std::string(fields[i]) : std::string());
    }
    std::vector<std::string> names = UniqueNames(raw);
    ncols_ = names.size();
    cols_.resize(ncols_);
    for (size_t i = 0; i < ncols_; ++i) cols_[i].name = names[i];
    for (const auto& [name, type] : opt_.column_types) {
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) {
        return Status::Unprocessable(
            "columnTypes names a column the file does not have: '" + name + "'",
            {{"field", "columnTypes"}, {"columnName", name}});
      }
      ColumnState& c = cols_[it - names.begin()];
      c.forced = true;
      c.type = type;
    }
    first_is_data_ = !opt_.has_header;
    return Status::Ok();
  }

  // Whether the current record has the header's shape and valid bytes (the common case).
  bool RecordOk(const CsvReader& r) const {
    return r.fields().size() == ncols_ && (!validate_utf8_ || IsValidUtf8(r.record_bytes()));
  }
  bool ShapeOk(const CsvReader& r) const { return r.fields().size() == ncols_ || opt_.lenient; }

  // The current record's shape and encoding.
  Status CheckRecord(const CsvReader& r) const {
    if (RecordOk(r)) return Status::Ok();
    const auto& fields = r.fields();
    if (fields.size() != ncols_ && !opt_.lenient) {
      return Status::Unprocessable(
          "row " + std::to_string(r.record()) + " has " + std::to_string(fields.size()) +
              " fields, the header has " + std::to_string(ncols_),
          {{"row", r.record()},
           {"line", r.line()},
           {"column", std::min(fields.size(), ncols_) + 1},
           {"expectedFields", ncols_},
           {"actualFields", fields.size()},
           {"reason", fields.size() > ncols_ ? "too many fields" : "too few fields"}});
    }
    // One check over the record's bytes; fields only to say which one is bad (and a bad
    // field dropped in lenient mode is no error).
    if (validate_utf8_ && !IsValidUtf8(r.record_bytes())) {
      size_t n = std::min(fields.size(), ncols_);
      for (size_t i = 0; i < n; ++i) {
        if (!IsValidUtf8(fields[i])) return NotUtf8(r, i, cols_[i].name);
      }
    }
    return Status::Ok();
  }

  void ObserveRecord() {
    const auto& fields = reader_->fields();
    size_t n = std::min(fields.size(), ncols_);
    for (size_t i = 0; i < n; ++i) {
      ColumnState& c = cols_[i];
      if (Settled(c) || IsNullMarker(fields[i])) continue;
      Observe(c, fields[i]);
    }
  }

  // Classifies the current record and every one after it.
  Status InferRest() {
    ObserveRecord();
    uint64_t next_progress = 0;
    for (;;) {
      bool more = false;
      BI_RETURN_IF_ERROR(NextRecord(&more));
      if (!more) return Status::Ok();
      if (!RecordOk(*reader_)) BI_RETURN_IF_ERROR(CheckRecord(*reader_));
      ObserveRecord();
      uint64_t at = reader_start_ + reader_->consumed();
      if (opt_.progress && at >= next_progress) {
        opt_.progress("infer", at, text_length_);
        next_progress = at + (8 << 20);
      }
    }
  }

  void SetTypes() {
    for (ColumnState& c : cols_) {
      c.stats = ColumnStats();
      if (c.forced) continue;
      c.type = FinalType(c);
      c.utc = c.zoned;
      c.undecided = c.type == ColumnType::kString && !Settled(c);
    }
  }

  // Removes the parts of an abandoned pass.
  void DiscardParts() {
    std::error_code ec;
    for (const auto& f : result_->part_files) std::filesystem::remove(f, ec);
    result_->part_files.clear();
    result_->part_rows.clear();
    result_->stored_bytes = 0;
    result_->row_count = 0;
  }

  // Where the first line after `offset` begins: past the first line end (LF, CRLF or CR) at or
  // after it; kToEnd when the text ends first.
  Result<uint64_t> LineStartAfter(uint64_t offset) {
    auto in = open_text_(offset);
    if (!in.ok()) return in.status();
    char buf[4096];
    uint64_t at = offset;
    bool after_cr = false;
    for (;;) {
      auto n = (*in)->Read(buf, sizeof buf);
      if (!n.ok()) return n.status();
      if (*n == 0) return after_cr ? at : kToEnd;
      if (after_cr) return buf[0] == '\n' ? at + 1 : at;
      for (size_t i = 0; i < *n; ++i) {
        if (buf[i] == '\n') return at + i + 1;
        if (buf[i] != '\r') continue;
        if (i + 1 < *n) return at + i + 1 + (buf[i + 1] == '\n' ? 1 : 0);
        after_cr = true;
      }
      at += *n;
    }
  }

  // The guessed start of chunk k (kToEnd past the last line end, or when unreadable).
  uint64_t GuessedStart(int64_t k) {
    if (k == 0) return data_start_;
    auto at = LineStartAfter(data_start_ + static_cast<uint64_t>(k) * ChunkBytes());
    return at.ok() ? *at : kToEnd;
  }
  uint64_t ChunkBytes() const { return std::max<uint64_t>(opt_.chunk_bytes, 1); }

  // Parses and converts the records from `start` until one starts at or past `stop` (or the
  // text ends). `record_base` and `line_base` number the rows and lines before `start`;
  // `cols` is the chunk's copy of the columns (its statistics start empty).
  // `buffer` lends the reader its memory.
  Chunk ParseChunk(uint64_t start, uint64_t stop, int64_t record_base, int64_t line_base,
                   std::vector<ColumnState> cols, bool speculative, BatchPool& pool,
                   std::string* buffer) {
    Chunk ch;
    ch.start = start;
    ch.stop = stop;
    ch.end = start;
    ch.cols = std::move(cols);
    for (ColumnState& c : ch.cols) c.stats = ColumnStats();
    auto in = open_text_(start);
    if (!in.ok()) {
      ch.outcome = Chunk::Outcome::kFailed;
      ch.status = in.status();
      return ch;
    }
    ch.source = std::make_unique<TrackedSource>(std::move(in).value());
    ch.reader = std::make_unique<CsvReader>(*ch.source, dialect_, kBlockBytes);
    CsvReader& reader = *ch.reader;
    reader.SetStart(record_base, line_base);
    reader.AdoptBuffer(std::move(*buffer));
    ch.batch = pool.Get();
    const bool validate = speculative && validate_utf8_;
    int64_t rows = 0;
    for (;;) {
      if (start + reader.consumed() >= stop) break;
      auto more = reader.Next();
      if (!more.ok()) {
        ch.outcome = Chunk::Outcome::kFailed;
        ch.status = more.status();
        ch.source_failed = ch.source->failed();
        break;
      }
      if (!*more) {
        ch.eof = true;
        break;
      }
      bool widened = false;
      Status s = ConvertRecord(reader, ch.cols, ch.batch, speculative, validate, &widened);
      if (!s.ok()) {
        ch.outcome = Chunk::Outcome::kFailed;
        ch.status = s;
        break;
      }
      if (widened) {
        ch.outcome = Chunk::Outcome::kWidened;
        return ch;  // the reader stays at the record
      }
      ++rows;
    }
    ch.end = start + reader.consumed();
    ch.records = rows;
    ch.lines = reader.next_line() - line_base;
    if (ch.outcome == Chunk::Outcome::kOk) GatherStats(ch.batch, rows, ch.cols);
    *buffer = reader.ReleaseBuffer();
    ch.reader.reset();
    ch.source.reset();
    return ch;
  }

  // A worker: parses chunks ahead of the caller, at most `window` chunks past the one the caller
  // waits for, each from its guessed start with the columns as they were before the pass.
  void Work(Schedule& sched, int64_t window, const std::vector<ColumnState>& cols, bool speculative,
            BatchPool& pool) {
    std::string buffer;
    for (;;) {
      int64_t k;
      {
        std::unique_lock lock(sched.mu);
        sched.cv.wait(lock, [&] {
          return sched.stop || sched.next > sched.last || sched.next < sched.taken + window;
        });
        if (sched.stop || sched.next > sched.last) return;
        k = sched.next++;
      }
      Chunk ch;
      uint64_t start = GuessedStart(k);
      uint64_t stop = GuessedStart(k + 1);
      if (start == kToEnd) {
        ch.stop = kToEnd;  // nothing starts in this chunk
      } else {
        ch = ParseChunk(start, stop, 0, 1, cols, speculative, pool, &buffer);
        ch.reader.reset();  // a widened chunk is parsed again by the caller anyway
        ch.source.reset();
      }
      {
        std::lock_guard lock(sched.mu);
        if (ch.stop == kToEnd) sched.last = std::min(sched.last, k);
        sched.done.emplace(k, std::move(ch));
      }
      sched.cv.notify_all();
    }
  }

  // Converts every row to the columns' types into Parquet parts. `speculative`: the types come
  // from a sample, so records are checked and a value that does not fit an inferred type sets
  // `widened` and stops the pass at that record (reader_ is left on it).
  Status Convert(bool speculative, bool* widened) {
    parquet::Schema schema;
    std::vector<parquet::ValueType> types;
    for (const ColumnState& c : cols_) {
      parquet::Field f = parquet::Field::Of(c.name, StorageType(c.type), true);
      if (c.type == ColumnType::kTimestamp) {
        f.unit = parquet::TimeUnit::kMicros;
        f.utc_adjusted = c.utc;
      }
      schema.fields.push_back(f);
      types.push_back(f.type);
    }
    PartWriter parts(work_dir_, schema, result_, std::max(opt_.threads, 1));
    BatchPool pool(types);
    const int64_t per_part = std::max<int64_t>(opt_.rows_per_part, 1);
    const int workers = opt_.threads > 1 ? opt_.threads : 0;
    BackgroundWriter writer(parts, per_part, workers > 0, pool);

    Schedule sched;
    const std::vector<ColumnState> snapshot = cols_;
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&] { Work(sched, 2 * workers + 2, snapshot, speculative, pool); });
    }
    struct Joiner {
      Schedule& sched;
      std::vector<std::thread>& threads;
      ~Joiner() {
        {
          std::lock_guard lock(sched.mu);
          sched.stop = true;
        }
        sched.cv.notify_all();
        for (auto& t : threads) t.join();
      }
    } joiner{sched, threads};

    std::string buffer;
    uint64_t expected = data_start_;  // where the next chunk must start
    int64_t record_base = data_record_, line_base = data_line_, rows = 0;
    uint64_t next_progress = 0;
    for (int64_t k = 0;; ++k) {
      Chunk ch;
      if (workers > 0) {
        std::unique_lock lock(sched.mu);
        sched.cv.wait(lock, [&] { return sched.done.count(k) > 0; });
        ch = std::move(sched.done[k]);
        sched.done.erase(k);
        sched.taken = k + 1;
        lock.unlock();
        sched.cv.notify_all();
      } else {
        ch.start = expected;
        ch.stop = GuessedStart(k + 1);
        ch.outcome = Chunk::Outcome::kFailed;  // parsed below
      }
      if (ch.start != expected || ch.outcome != Chunk::Outcome::kOk) {
        // A wrong guess, a widened column or an error: parse it again here, in order.
        pool.Put(std::move(ch.batch));
        ch = ParseChunk(expected, ch.stop, record_base, line_base, cols_, speculative, pool,
                        &buffer);
      }
      if (ch.outcome == Chunk::Outcome::kFailed) {
        source_failed_ = ch.source_failed;
        return ch.status;
      }
      for (size_t i = 0; i < ncols_; ++i) MergeObservations(cols_[i], ch.cols[i]);
      if (ch.outcome == Chunk::Outcome::kWidened) {
        *widened = true;
        reader_start_ = ch.start;
        reader_ = std::move(ch.reader);
        source_ = std::move(ch.source);
        return Status::Ok();
      }
      for (size_t i = 0; i < ncols_; ++i) MergeStats(cols_[i].stats, ch.cols[i].stats);
      rows += ch.records;
      record_base += ch.records;
      line_base += ch.lines;
      expected = ch.end;
      if (ch.records > 0) {
        BI_RETURN_IF_ERROR(writer.Submit(std::move(ch.batch), ch.records));
      } else {
        pool.Put(std::move(ch.batch));
      }
      if (opt_.progress && expected >= next_progress) {
        opt_.progress("write", expected, text_length_);
        next_progress = expected + (8 << 20);
      }
      if (ch.eof) break;
    }
    BI_RETURN_IF_ERROR(writer.Finish());
    BI_RETURN_IF_ERROR(parts.Close());
    result_->row_count = rows;
    if (opt_.progress) opt_.progress("write", text_length_, text_length_);
    return Status::Ok();
  }

  // Converts the reader's current record into `batch` (the checks of a speculative pass
  // included). A value that does not fit sets `widened` (speculative passes) or is an error;
  // either way `batch` is then incomplete.
  Status ConvertRecord(const CsvReader& reader, std::vector<ColumnState>& cols, Batch& batch,
                       bool speculative, bool validate, bool* widened) const {
    // Encoding: values that parse as numbers, dates or booleans are ASCII, so only text
    // is checked here (a bad byte elsewhere fails to parse and is reported below).
    if (speculative && !ShapeOk(reader)) BI_RETURN_IF_ERROR(CheckRecord(reader));
    const auto& fields = reader.fields();
    for (size_t i = 0; i < ncols_; ++i) {
      std::string_view f = i < fields.size() ? fields[i] : std::string_view();
      Fit fit = ConvertField(cols[i], batch[i], f, speculative, validate);
      if (fit == Fit::kOk) continue;
      if (validate && !RecordOk(reader)) BI_RETURN_IF_ERROR(CheckRecord(reader));
      if (fit == Fit::kWiden) {
        *widened = true;
        return Status::Ok();
      }
      const ColumnState& c = cols[i];
      if (!c.forced)
        return Status::Internal("import: value does not fit its inferred type (column '" + c.name +
                                "')");
      return FieldError(reader, i, c.name, "value does not fit the column type",
                        "value '" + std::string(f.substr(0, 64)) + "' is not " + Expected(c.type));
    }
    return Status::Ok();
  }

  static const char* Expected(ColumnType t) {
    switch (t) {
      case ColumnType::kInt64:
        return "an int64";
      case ColumnType::kFloat64:
        return "a float64";
      case ColumnType::kBool:
        return "a bool (true or false)";
      case ColumnType::kDate:
        return "a date (YYYY-MM-DD)";
      case ColumnType::kTimestamp:
        return "a timestamp (ISO 8601)";
      case ColumnType::kString:
        return "a string";
    }
    return "";
  }

  enum class Fit { kOk, kWiden, kBad };

  // Appends one field to its column's batch.
  static Fit ConvertField(ColumnState& c, parquet::ColumnBuffer& b, std::string_view f,
                          bool speculative, bool validate) {
    if (IsNullMarker(f)) {
      b.AppendNull();
      return Fit::kOk;
    }
    // A value that does not parse widens the column (or is an error).
    auto no_fit = [&] {
      if (c.forced || !speculative) return Fit::kBad;
      Observe(c, f);
      return Fit::kWiden;
    };
    switch (c.type) {
      case ColumnType::kInt64: {
        int64_t v;
        if (ParseInt64(f, &v) != IntParse::kOk) return no_fit();
        b.AppendInt(v);
        break;
      }
      case ColumnType::kFloat64: {
        double v;
        if (!ParseFloat64(f, &v)) return no_fit();
        b.AppendDouble(v);
        break;
      }
      case ColumnType::kBool: {
        bool v;
        if (!ParseBool(f, &v)) return no_fit();
        b.AppendBool(v);
        break;
      }
      case ColumnType::kDate: {
        int32_t v;
        if (!ParseDate(f, &v)) return no_fit();
        b.AppendInt(v);
        break;
      }
      case ColumnType::kTimestamp: {
        int64_t v;
        bool zoned;
        if (!ParseTimestamp(f, &v, &zoned)) return no_fit();
        // A first zoned value in a column inferred as wall-clock time changes its type.
        if (zoned && !c.utc && !c.forced && speculative) return no_fit();
        b.AppendInt(v);
        break;
      }
      case ColumnType::kString: {
        if (validate && !IsValidUtf8(f)) return Fit::kBad;
        if (c.undecided && speculative) {
          Observe(c, f);
          if (FinalType(c) != ColumnType::kString) return Fit::kWiden;
          if (Settled(c)) c.undecided = false;
        }
        b.AppendString(f);
        break;
      }
    }
    return Fit::kOk;
  }

  // Adds a converted batch to the statistics of `cols` (a chunk's copy of the columns).
  void GatherStats(const Batch& batch, int64_t rows, std::vector<ColumnState>& cols) const {
    for (size_t i = 0; i < ncols_; ++i) {
      ColumnStats& st = cols[i].stats;
      const parquet::ColumnBuffer& b = batch[i];
      st.null_count += b.null_count;
      switch (cols[i].type) {
        case ColumnType::kInt64:
        case ColumnType::kTimestamp:
          IntStats(b, b.Values<int64_t>(), rows, &st);
          break;
        case ColumnType::kDate:
          IntStats(b, b.Values<int32_t>(), rows, &st);
          break;
        case ColumnType::kBool:
          IntStats(b, b.values.data(), rows, &st);
          break;
        case ColumnType::kFloat64: {
          const double* v = b.Values<double>();
          for (int64_t r = 0; r < rows; ++r) {
            if (!b.IsValid(r)) continue;
            st.sketch.Add(HashDouble(v[r]));
            if (!std::isfinite(v[r])) continue;
            if (!st.has_minmax || v[r] < st.dmin) st.dmin = v[r];
            if (!st.has_minmax || v[r] > st.dmax) st.dmax = v[r];
            st.has_minmax = true;
          }
          break;
        }
        case ColumnType::kString: {
          const int64_t* off = b.offsets.as<int64_t>();
          const char* data = reinterpret_cast<const char*>(b.data.data());
          for (int64_t r = 0; r < rows; ++r) {
            if (!b.IsValid(r)) continue;
            std::string_view v(data + off[r], static_cast<size_t>(off[r + 1] - off[r]));
            st.sketch.Add(parquet::HashBytes(reinterpret_cast<const uint8_t*>(v.data()), v.size()));
            if (!st.has_minmax) {
              st.smin.assign(v.substr(0, 256));
              st.smax.assign(v.substr(0, 256));
              st.has_minmax = true;
            } else if (Below(v, st.smin)) {
              st.smin.assign(v.substr(0, 256));
            } else if (Below(st.smax, v)) {
              st.smax.assign(v.substr(0, 256));
            }
          }
          break;
        }
      }
    }
  }

  template <typename T>
  static void IntStats(const parquet::ColumnBuffer& b, const T* v, int64_t rows, ColumnStats* st) {
    int64_t lo = st->imin, hi = st->imax;
    bool any = st->has_minmax;
    for (int64_t r = 0; r < rows; ++r) {
      if (!b.IsValid(r)) continue;
      int64_t x = static_cast<int64_t>(v[r]);
      st->sketch.Add(parquet::HashWord(static_cast<uint64_t>(x)));
      if (!any) {
        lo = hi = x;
        any = true;
      }
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    st->imin = lo;
    st->imax = hi;
    st->has_minmax = any;
  }

  const ImportOptions& opt_;
  Opener open_text_;
  uint64_t text_length_;
  CsvDialect dialect_;
  bool validate_utf8_;
  std::string work_dir_;
  ImportResult* result_;
  std::unique_ptr<TrackedSource> source_;
  std::unique_ptr<CsvReader> reader_;
  uint64_t reader_start_ = 0;  // text offset reader_ started at
  std::vector<ColumnState> cols_;
  size_t ncols_ = 0;
  bool first_is_data_ = false;
  // The first data record: its text offset, and the records and line breaks before it.
  uint64_t data_start_ = 0;
  int64_t data_record_ = 0, data_line_ = 1;
  bool source_failed_ = false;
};
}  // namespace

nlohmann::json ColumnJson(const ImportedColumn& c) {
  nlohmann::json j = {{"name", c.name},
                      {"type", ColumnTypeName(c.type)},
                      {"nullable", c.nullable},
                      {"nullCount", c.null_count},
                      {"distinctEstimate", c.distinct_estimate},
                      {"min", c.min},
                      {"max", c.max}};
  if (c.type == ColumnType::kTimestamp)
    j["timezone"] = c.utc ? nlohmann::json("UTC") : nlohmann::json(nullptr);
  return j;
}

Result<std::map<std::string, ColumnType>> ParseColumnTypes(const std::string& text) {
  std::map<std::string, ColumnType> out;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("columnTypes must be a JSON object {\"column\": \"type\"}",
                                   {{"field", "columnTypes"}});
  }
  if (!j.is_object())
    return Status::InvalidArgument("columnTypes must be a JSON object {\"column\": \"type\"}",
                                   {{"field", "columnTypes"}});
  for (auto& [k, v] : j.items()) {
    auto t = v.is_string() ? ParseColumnType(v.get<std::string>()) : std::nullopt;
    if (!t) {
      return Status::InvalidArgument(
          "columnTypes['" + k + "'] must be int64, float64, bool, date, timestamp or string",
          {{"field", "columnTypes"}, {"columnName", k}});
    }
    out[k] = *t;
  }
  return out;
}

Result<ImportResult> ImportCsv(const ImportSource& source, const ImportOptions& options,
                               const std::string& work_dir) {
  // The import's buffers (tens of MB) are freed into the malloc arenas of the threads that
  // used them, which keep them: a server running import after import grew by about that much
  // each time. Hand the memory back when done.
  struct TrimOnExit {
    ~TrimOnExit() {
#if defined(__GLIBC__)
      malloc_trim(0);
#endif
    }
  } trim;
  ImportResult result;
  result.source_bytes = source.length;
  if (source.length == 0)
    return Status::Unprocessable("the file is empty", {{"reason", "empty file"}});
  if (options.quote != "\"" && options.quote != "'")
    return Status::Unprocessable("quote must be \" or '", {{"field", "quote"}});
  const char quote = options.quote[0];

  // Encoding.
  auto sample = ReadSample(source, kSampleBytes);
  if (!sample.ok()) return sample.status();
  EncodingInfo enc;
  if (options.encoding) {
    auto name = CanonicalEncoding(*options.encoding);
    if (!name.ok()) return name.status();
    enc.name = *name;
    if (enc.name == "utf-16")
      enc.name = sample->substr(0, 2) == "\xFE\xFF" ? "utf-16be" : "utf-16le";
    enc.bom_bytes = BomBytes(enc.name, *sample);
  } else {
    auto detected = DetectEncoding(*sample, source.length <= sample->size());
    if (!detected.ok()) return detected.status();
    enc = *detected;
  }
  result.encoding = enc.name;

  // The UTF-8 text to parse: the source itself, or a decoded copy in the work directory,
  // written by a thread of its own while the import parses it.
  ImportSource text{source.path, source.offset + enc.bom_bytes, source.length - enc.bom_bytes};
  std::string utf8_sample;
  std::unique_ptr<BackgroundDecoder> decoder;
  CsvImport::Opener open_text = [&text](uint64_t at) {
    at = std::min(at, text.length);
    return OpenRange(text.path, text.offset + at, text.length - at);
  };
  if (!IsUtf8(enc.name)) {
    auto conv = Utf8Converter::Create(enc.name);
    if (!conv.ok()) return conv.status();
    auto in = OpenRange(text.path, text.offset, text.length);
    if (!in.ok()) return in.status();
    auto started = BackgroundDecoder::Start(std::move(conv).value(), std::move(in).value(),
                                            work_dir + "/source.utf8.csv");
    if (!started.ok()) return started.status();
    decoder = std::move(started).value();
    uint64_t ready = decoder->WaitFor(options.threads > 1 ? kSampleBytes : UINT64_MAX);
    auto head = decoder->Open();
    if (!head.ok()) return head.status();
    utf8_sample.resize(static_cast<size_t>(std::min<uint64_t>(ready, kSampleBytes)));
    for (size_t got = 0; got < utf8_sample.size();) {
      auto n = (*head)->Read(utf8_sample.data() + got, utf8_sample.size() - got);
      if (!n.ok() || *n == 0) break;
      got += *n;
    }
    open_text = [d = decoder.get()](uint64_t at) { return d->Open(at); };
  } else {
    utf8_sample = sample->substr(enc.bom_bytes);
  }
  // Bytes that do not decode: 422 with the row and column where the decoded text ends.
  auto decode_error = [&](const Status& s) {
    char d = ',';
    if (options.delimiter.size() == 1) d = options.delimiter[0];
    if (options.delimiter == "tab") d = '\t';
    nlohmann::json where = LocateEnd(decoder->path(), CsvDialect{d, quote});
    nlohmann::json details = s.details();
    for (auto& [k, v] : where.items()) details[k] = v;
    details["byteOffset"] = decoder->error_offset() + enc.bom_bytes;
    return Status::Unprocessable(s.message() + " (row " + std::to_string(details.value("row", 0)) +
                                     ", column " + std::to_string(details.value("column", 0)) + ")",
                                 details);
  };

  auto delim = ResolveDelimiter(options.delimiter, utf8_sample, quote);
  if (!delim.ok()) return delim.status();
  result.delimiter = std::string(1, *delim);
  const CsvDialect dialect{*delim, quote};

  CsvImport import(options, open_text, text.length, dialect, IsUtf8(enc.name), work_dir, &result);
  Status imported = import.Run();
  if (decoder) {
    // The parser's own error comes first unless it read up to the undecodable bytes.
    if (!imported.ok() && !import.source_failed()) return imported;
    Status decoded = decoder->Finish();
    if (!decoded.ok())
      return decoded.code() == ErrorCode::kUnprocessable ? decode_error(decoded) : decoded;
  }
  BI_RETURN_IF_ERROR(imported);
  int64_t rows = result.row_count;
  std::vector<ColumnState>& cols = import.columns();
  for (ColumnState& c : cols) {
    const ColumnStats& st = c.stats;
    ImportedColumn o;
    o.name = c.name;
    o.type = c.type;
    o.utc = c.utc;
    o.null_count = st.null_count;
    o.nullable = o.null_count > 0;
    o.distinct_estimate = std::min<int64_t>(st.sketch.Estimate(), rows - o.null_count);
    if (st.has_minmax) {
      switch (o.type) {
        case ColumnType::kInt64:
          o.min = st.imin;
          o.max = st.imax;
          break;
        case ColumnType::kFloat64:
          o.min = st.dmin;
          o.max = st.dmax;
          break;
        case ColumnType::kBool:
          o.min = st.imin != 0;
          o.max = st.imax != 0;
          break;
        case ColumnType::kDate:
          o.min = FormatDate(static_cast<int32_t>(st.imin));
          o.max = FormatDate(static_cast<int32_t>(st.imax));
          break;
        case ColumnType::kTimestamp:
          o.min = FormatTimestamp(st.imin, o.utc);
          o.max = FormatTimestamp(st.imax, o.utc);
          break;
        case ColumnType::kString:
          o.min = st.smin;
          o.max = st.smax;
          break;
      }
    }
    result.columns.push_back(o);
  }
  return result;
}

}  // namespace bi::ingest
