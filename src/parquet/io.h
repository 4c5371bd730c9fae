#pragma once
// Byte sources and sinks for the codec, so the same reader and writer run over a local file,
// a blob fetched into memory, or a test's byte string (leveldb's Env idea, minimal).

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace bi::parquet {

// Random-access input. ReadAt fills exactly n bytes or fails (reads past the end fail).
// Implementations must be safe to call from several threads at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual uint64_t Size() const = 0;
  virtual Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const = 0;
};

// Opens a local file for pread-based reading.
Result<std::shared_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path);
// Wraps bytes already in memory (copied in; the wrapper owns them).
std::shared_ptr<RandomAccessFile> MemoryFile(std::string bytes);

// Sequential output. Write appends; Close flushes and makes the bytes durable as far as the
// sink can (fsync for local files). Writes after a failure keep failing.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(const void* data, size_t n) = 0;
  virtual Status Close() = 0;
  virtual uint64_t position() const = 0;
};

// Creates (truncates) a local file. With sync, Close() fsyncs before closing.
Result<std::unique_ptr<OutputStream>> CreateLocalFile(const std::string& path, bool sync = true);

// Collects output in memory; `bytes()` is valid after (and before) Close.
class MemoryOutputStream : public OutputStream {
 public:
  Status Write(const void* data, size_t n) override {
    bytes_.append(static_cast<const char*>(data), n);
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }
  uint64_t position() const override { return bytes_.size(); }
  const std::string& bytes() const { return bytes_; }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

}  // namespace bi::parquet
