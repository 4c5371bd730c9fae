#include "parquet/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bi::parquet {

namespace {

std::string ErrnoText(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

class LocalFile : public RandomAccessFile {
 public:
  LocalFile(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~LocalFile() override { ::close(fd_); }
  uint64_t Size() const override { return size_; }
  Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const override {
    if (offset > size_ || n > size_ - offset) {
      return Status::Corruption("parquet: read past the end of " + path_);
    }
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return Status::IoError(ErrnoText("read", path_));
      }
      if (r == 0) return Status::IoError("parquet: unexpected end of " + path_);
      done += static_cast<size_t>(r);
    }
    return Status::Ok();
  }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

class MemFile : public RandomAccessFile {
 public:
  explicit MemFile(std::string b) : bytes_(std::move(b)) {}
  uint64_t Size() const override { return bytes_.size(); }
  Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const override {
    if (offset > bytes_.size() || n > bytes_.size() - offset) {
      return Status::Corruption("parquet: read past the end of the data");
    }
    if (n) std::memcpy(out, bytes_.data() + offset, n);
    return Status::Ok();
  }

 private:
  std::string bytes_;
};

class LocalOutput : public OutputStream {
 public:
  LocalOutput(int fd, std::string path, bool sync) : fd_(fd), path_(std::move(path)), sync_(sync) {
    buf_.reserve(kBuf);
  }
  ~LocalOutput() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Write(const void* data, size_t n) override {
    if (!status_.ok()) return status_;
    if (buf_.size() + n > kBuf) {
      Flush();
      if (!status_.ok()) return status_;
      if (n >= kBuf) {
        WriteAll(static_cast<const char*>(data), n);
        pos_ += n;
        return status_;
      }
    }
    buf_.append(static_cast<const char*>(data), n);
    pos_ += n;
    return Status::Ok();
  }
  Status Close() override {
    if (fd_ < 0) return status_;
    Flush();
    if (status_.ok() && sync_ && ::fsync(fd_) != 0)
      status_ = Status::IoError(ErrnoText("fsync", path_));
    if (::close(fd_) != 0 && status_.ok()) status_ = Status::IoError(ErrnoText("close", path_));
    fd_ = -1;
    return status_;
  }
  uint64_t position() const override { return pos_; }

 private:
  static constexpr size_t kBuf = 1 << 20;
  void Flush() {
    WriteAll(buf_.data(), buf_.size());
    buf_.clear();
  }
  void WriteAll(const char* p, size_t n) {
    while (n > 0 && status_.ok()) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        status_ = Status::IoError(ErrnoText("write", path_));
        return;
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
  }
  int fd_;
  std::string path_;
  bool sync_;
  std::string buf_;
  uint64_t pos_ = 0;
  Status status_;
};

}  // namespace

Result<std::shared_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no such file: " + path);
    return Status::IoError(ErrnoText("open", path));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(ErrnoText("stat", path));
  }
  return std::shared_ptr<RandomAccessFile>(
      std::make_shared<LocalFile>(fd, static_cast<uint64_t>(st.st_size), path));
}

std::shared_ptr<RandomAccessFile> MemoryFile(std::string bytes) {
  return std::make_shared<MemFile>(std::move(bytes));
}

Result<std::unique_ptr<OutputStream>> CreateLocalFile(const std::string& path, bool sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(ErrnoText("create", path));
  return std::unique_ptr<OutputStream>(std::make_unique<LocalOutput>(fd, path, sync));
}

}  // namespace bi::parquet
