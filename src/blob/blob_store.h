#pragma once
// The blob store: S3's object model as an interface, so the local-directory backend and the S3
// backend behave the same and pass one conformance suite (tests/blob/blob_conformance.cpp).
//
// Contract for every backend:
// - Keys are validated identically (ValidateBlobKey): a bad key is kInvalidArgument, never a
//   path outside the store.
// - Put is atomic per object: readers see the old object or the whole new one, never a part.
//   Data is streamed from a ByteSource, so objects need not fit in memory.
// - Open streams an object, whole or a byte range; a range must start inside the object
//   (else kInvalidArgument, as S3's 416) and is cut at its end. A missing key is kNotFound.
//   An open reader keeps reading the version it opened even if the key is replaced.
// - Delete of a missing key is ok; so is one in DeleteMany. List is in byte order of keys,
// paginated by an opaque cursor.
// - Several objects become visible together through a manifest written last: see
//   publication.h. There is no rename, so S3 can do the same.
// Implementations are safe for concurrent use from many threads.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blob/byte_source.h"
#include "common/status.h"

namespace bi::blob {

struct ByteRange {
  uint64_t offset = 0;
  std::optional<uint64_t> length;  // none: to the end
};

struct BlobInfo {
  std::string key;
  uint64_t size = 0;
  int64_t modified_ms = 0;  // epoch milliseconds
};

struct ListPage {
  std::vector<BlobInfo> blobs;
  std::string cursor;  // empty: no more pages
};

inline constexpr int kMaxListPage = 1000;

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  virtual std::string_view backend_name() const = 0;
  virtual Status Put(std::string_view key, ByteSource& data) = 0;
  virtual Result<std::unique_ptr<ByteSource>> Open(std::string_view key,
                                                   std::optional<ByteRange> range = {}) = 0;
  virtual Result<BlobInfo> Head(std::string_view key) = 0;
  // Keys starting with `prefix` (a plain string prefix, as S3's), `limit` 1..1000 per page.
  virtual Result<ListPage> List(std::string_view prefix, std::string_view cursor = {},
                                int limit = kMaxListPage) = 0;
  virtual Status Delete(std::string_view key) = 0;
  // Deletes all of `keys` (missing ones are fine). Every key is validated before any is
  // deleted. On failure some keys may already be gone. The default deletes one by one; a
  // backend with a bulk call (S3's DeleteObjects) overrides it.
  virtual Status DeleteMany(const std::vector<std::string>& keys);
  // Checks stored data is sound (local: no unreadable entries). kCorruption if not.
  virtual Status CheckIntegrity() { return Status::Ok(); }
  // Stores the file at `path` under `key`, as PutFile does, for a caller that no longer needs
  // the file (a work file): a backend may take the file itself instead of copying it (the
  // local one renames it into place when it is on the same file system). Afterwards the file
  // may or may not still be at `path`. The default copies (PutFile, hence Put).
  virtual Status MoveFile(std::string_view key, const std::filesystem::path& path);

  // Conveniences built on the primitives above.
  Status PutString(std::string_view key, std::string data);
  Status PutFile(std::string_view key, const std::filesystem::path& path);
  Result<std::string> GetString(std::string_view key, std::optional<ByteRange> range = {});
};

// Valid keys: 1..1024 bytes of UTF-8 without control characters or '\\'; '/'-separated
// segments of 1..255 bytes that are not "." or "..", and do not start with ".tmp-" (reserved for
// in-flight writes); no leading or trailing '/'.
Status ValidateBlobKey(std::string_view key);
// A List prefix: empty, or what could begin a valid key (no "..", no leading '/', ...).
Status ValidateBlobPrefix(std::string_view prefix);

}  // namespace bi::blob
