#pragma once
// Streams of bytes for the blob store: writes take a ByteSource (so a 200 MB object never has to
// be in memory) and reads return one. A ByteSource is used by one thread at a time.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::blob {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `dst`; 0 means the end. Short reads are allowed.
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
  // Total bytes this source will yield, if known in advance (S3 needs it for a single PUT).
  virtual std::optional<uint64_t> Size() const { return std::nullopt; }
};

// Yields bytes of a string it owns.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* dst, size_t n) override;
  std::optional<uint64_t> Size() const override { return data_.size(); }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Yields `length` bytes of an open file descriptor from `offset` (with pread; it owns the fd).
class FileSource final : public ByteSource {
 public:
  static Result<std::unique_ptr<FileSource>> Open(const std::filesystem::path& path);
  FileSource(int fd, uint64_t offset, uint64_t length) : fd_(fd), pos_(offset), left_(length) {}
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  Result<size_t> Read(char* dst, size_t n) override;
  std::optional<uint64_t> Size() const override { return left_; }

 private:
  int fd_;
  uint64_t pos_;
  uint64_t left_;
};

// Reads a source to its end into memory (for small objects: manifests, tests).
Result<std::string> ReadAll(ByteSource& source);

}  // namespace bi::blob
