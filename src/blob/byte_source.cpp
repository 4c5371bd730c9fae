#include "blob/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bi::blob {

Result<size_t> StringSource::Read(char* dst, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  std::memcpy(dst, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no such file: " + path.string());
    return Status::IoError("open " + path.string() + ": " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("not a regular file: " + path.string());
  }
  return std::make_unique<FileSource>(fd, 0, static_cast<uint64_t>(st.st_size));
}

FileSource::~FileSource() {
  ::close(fd_);
}

Result<size_t> FileSource::Read(char* dst, size_t n) {
  n = static_cast<size_t>(std::min<uint64_t>(n, left_));
  if (n == 0) return size_t{0};
  while (true) {
    ssize_t r = ::pread(fd_, dst, n, static_cast<off_t>(pos_));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Status::IoError(std::string("read: ") + std::strerror(errno));
    if (r == 0) return Status::Corruption("object shorter than expected (truncated file)");
    pos_ += static_cast<uint64_t>(r);
    left_ -= static_cast<uint64_t>(r);
    return static_cast<size_t>(r);
  }
}

Result<std::string> ReadAll(ByteSource& source) {
  std::string out;
  if (auto size = source.Size()) out.reserve(static_cast<size_t>(*size));
  char buf[64 * 1024];
  while (true) {
    auto n = source.Read(buf, sizeof buf);
    if (!n.ok()) return n.status();
    if (*n == 0) return out;
    out.append(buf, *n);
  }
}

}  // namespace bi::blob
