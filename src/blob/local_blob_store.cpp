#include "blob/local_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "common/random.h"

namespace bi::blob {
namespace fs = std::filesystem;

namespace {

constexpr char kTempPrefix[] = ".tmp-";
constexpr size_t kChunk = 1 << 20;

Status Errno(std::string_view what, const fs::path& p) {
  return Status::IoError(std::string(what) + " " + p.string() + ": " + std::strerror(errno));
}

Status FsyncPath(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open", p);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync", p);
  return Status::Ok();
}

Status WriteAll(int fd, const char* p, size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      if (errno == ENOSPC) return Status::ResourceExhausted("disk full writing " + path.string());
      return Errno("write", path);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

bool IsTemp(const fs::path& p) {
  return p.filename().string().rfind(kTempPrefix, 0) == 0;
}

}  // namespace

Result<std::unique_ptr<LocalBlobStore>> LocalBlobStore::Open(const fs::path& root,
                                                             LocalBlobOptions options) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Status::IoError("cannot create " + root.string() + ": " + ec.message());
  fs::path normal = fs::absolute(root).lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();  // no trailing separator
  std::unique_ptr<LocalBlobStore> store(new LocalBlobStore(normal));
  int64_t cutoff = NowMs() - options.stale_temp_age_ms;
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(store->root_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!IsTemp(it->path())) continue;
    struct stat st;
    if (::lstat(it->path().c_str(), &st) == 0 && MtimeMs(st) <= cutoff) stale.push_back(it->path());
  }
  for (const auto& p : stale) ::unlink(p.c_str());
  return store;
}

Status LocalBlobStore::MakeParents(const fs::path& relative_dir) {
  fs::path cur = root_;
  for (const auto& part : relative_dir) {
    fs::path next = cur / part;
    if (::mkdir(next.c_str(), 0755) == 0) {
      BI_RETURN_IF_ERROR(FsyncPath(cur));  // make the new directory entry durable
    } else if (errno != EEXIST) {
      return Errno("mkdir", next);
    } else {
      struct stat st;
      if (::stat(next.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
        return Status::InvalidArgument("blob key conflicts with the existing object " +
                                       fs::relative(next, root_).string());
      }
    }
    cur = next;
  }
  return Status::Ok();
}

Status LocalBlobStore::Put(std::string_view key, ByteSource& data) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  fs::path rel(key);
  fs::path target = root_ / rel;
  fs::path dir = target.parent_path();
  fs::path temp;
  int fd = -1;
  // A concurrent Delete may remove an empty parent between mkdir and open: try again.
  for (int attempt = 0; fd < 0; ++attempt) {
    BI_RETURN_IF_ERROR(MakeParents(rel.parent_path()));
    temp = dir / (kTempPrefix + RandomHex(12));
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && (errno != ENOENT || attempt >= 5)) return Errno("create", temp);
  }
  std::unique_ptr<char[]> buf(new char[kChunk]);
  Status st;
  while (st.ok()) {
    auto n = data.Read(buf.get(), kChunk);
    if (!n.ok()) {
      st = n.status();
      break;
    }
    if (*n == 0) break;
    st = WriteAll(fd, buf.get(), *n, temp);
  }
  if (st.ok() && ::fsync(fd) != 0) st = Errno("fsync", temp);
  if (::close(fd) != 0 && st.ok()) st = Errno("close", temp);
  if (st.ok()) {
    struct stat existing;
    if (::stat(target.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
      st = Status::InvalidArgument("blob key '" + std::string(key) +
                                   "' is a prefix of other keys in the local backend");
    } else if (::rename(temp.c_str(), target.c_str()) != 0) {
      st = Errno("rename", target);
    }
  }
  if (!st.ok()) {
    ::unlink(temp.c_str());
    return st;
  }
  return FsyncPath(dir);
}

Status LocalBlobStore::MoveFile(std::string_view key, const fs::path& path) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no file " + path.string());
    return Errno("open", path);
  }
  // The data must be durable before its name is.
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync", path);
  fs::path rel(key);
  fs::path target = root_ / rel;
  // A concurrent Delete may remove an empty parent between mkdir and rename: try again.
  for (int attempt = 0;; ++attempt) {
    BI_RETURN_IF_ERROR(MakeParents(rel.parent_path()));
    struct stat existing;
    if (::stat(target.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
      return Status::InvalidArgument("blob key '" + std::string(key) +
                                     "' is a prefix of other keys in the local backend");
    }
    if (::rename(path.c_str(), target.c_str()) == 0) break;
    if (errno == EXDEV) return PutFile(key, path);  // another file system: copy
    if (errno != ENOENT || attempt >= 5) return Errno("rename", target);
  }
  return FsyncPath(target.parent_path());
}

Result<std::unique_ptr<ByteSource>> LocalBlobStore::Open(std::string_view key,
                                                         std::optional<ByteRange> range) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  fs::path path = root_ / fs::path(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no blob " + std::string(key));
    return Errno("open", path);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::NotFound("no blob " + std::string(key));
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  uint64_t offset = 0, length = size;
  if (range) {
    if (range->offset >= size) {
      ::close(fd);
      return Status::InvalidArgument("range starts at or after the end of the object",
                                     {{"size", size}});
    }
    offset = range->offset;
    length = std::min(size - offset, range->length.value_or(size));
  }
  return std::unique_ptr<ByteSource>(new FileSource(fd, offset, length));
}

Result<BlobInfo> LocalBlobStore::Head(std::string_view key) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  struct stat st;
  fs::path path = root_ / fs::path(key);
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("no blob " + std::string(key));
    return Errno("stat", path);
  }
  if (!S_ISREG(st.st_mode)) return Status::NotFound("no blob " + std::string(key));
  return BlobInfo{std::string(key), static_cast<uint64_t>(st.st_size), MtimeMs(st)};
}

Result<ListPage> LocalBlobStore::List(std::string_view prefix, std::string_view cursor, int limit) {
  BI_RETURN_IF_ERROR(ValidateBlobPrefix(prefix));
  if (limit < 1 || limit > kMaxListPage) return Status::InvalidArgument("limit must be 1..1000");
  size_t slash = prefix.rfind('/');
  fs::path base =
      slash == std::string_view::npos ? root_ : root_ / fs::path(prefix.substr(0, slash));
  std::vector<BlobInfo> found;
  struct stat st;
  if (::stat(base.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return ListPage{};
  // A concurrent Delete may remove a directory under the walk: walk again rather than return a
  // silently shortened listing.
  for (int attempt = 0;; ++attempt) {
    std::error_code ec;
    found.clear();
    for (auto it = fs::recursive_directory_iterator(base, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (IsTemp(it->path())) continue;
      if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      std::string key = it->path().lexically_relative(root_).generic_string();
      if (key.compare(0, prefix.size(), prefix) != 0) continue;
      if (!cursor.empty() && key <= cursor) continue;
      found.push_back({std::move(key), static_cast<uint64_t>(st.st_size), MtimeMs(st)});
    }
    if (!ec) break;
    if (ec != std::errc::no_such_file_or_directory || attempt >= 20) {
      return Status::IoError("list " + base.string() + ": " + ec.message());
    }
  }
  std::sort(found.begin(), found.end(),
            [](const BlobInfo& a, const BlobInfo& b) { return a.key < b.key; });
  ListPage page;
  if (found.size() > static_cast<size_t>(limit)) {
    found.resize(static_cast<size_t>(limit));
    page.cursor = found.back().key;
  }
  page.blobs = std::move(found);
  return page;
}

Status LocalBlobStore::Delete(std::string_view key) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  fs::path path = root_ / fs::path(key);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return Status::Ok();
    return Errno("unlink", path);
  }
  // Remove directories left empty, up to the root (rmdir fails harmlessly when not empty).
  for (fs::path dir = path.parent_path();
       dir != root_ && dir.string().size() > root_.string().size(); dir = dir.parent_path()) {
    if (::rmdir(dir.c_str()) != 0) break;
  }
  return Status::Ok();
}

Status LocalBlobStore::CheckIntegrity() {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0) return Errno("stat", it->path());
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      return Status::Corruption("unexpected file type in blob store: " + it->path().string());
    }
    if (S_ISREG(st.st_mode) && ::access(it->path().c_str(), R_OK) != 0) {
      return Status::Corruption("unreadable blob: " + it->path().string());
    }
  }
  if (ec) return Status::IoError("walk " + root_.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace bi::blob
