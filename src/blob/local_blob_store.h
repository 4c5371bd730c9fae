#pragma once
// The local-directory blob backend: object `k` is the file `<root>/k`.
// A Put writes `<dir>/.tmp-<random>` in the target's directory, fsyncs it, renames it over the
// target and fsyncs the directory, so after a crash a key holds its old or its new content,
// never a part. Left-over temporaries of crashed writers are invisible to List and removed by
// Open once older than `stale_temp_age_ms` (not at once: another process may be writing).
// Note: as on a file system, a key cannot also be a prefix directory of another key
// ("a/b" and "a/b/c"); such a Put is kInvalidArgument here, though S3 would allow it.
// Thread-safety: all methods may be called concurrently, also from several processes.

#include <filesystem>
#include <memory>

#include "blob/blob_store.h"

namespace bi::blob {

struct LocalBlobOptions {
  int64_t stale_temp_age_ms = 3600 * 1000;
};

class LocalBlobStore final : public BlobStore {
 public:
  // Creates `root` if needed and removes stale temporaries below it. Pass a path: a std::string
  // would match the Open(key) of the interface as well.
  static Result<std::unique_ptr<LocalBlobStore>> Open(const std::filesystem::path& root,
                                                      LocalBlobOptions options = {});

  std::string_view backend_name() const override { return "local"; }
  Status Put(std::string_view key, ByteSource& data) override;
  Result<std::unique_ptr<ByteSource>> Open(std::string_view key,
                                           std::optional<ByteRange> range = {}) override;
  Result<BlobInfo> Head(std::string_view key) override;
  Result<ListPage> List(std::string_view prefix, std::string_view cursor = {},
                        int limit = kMaxListPage) override;
  Status Delete(std::string_view key) override;
  // Renames the file into place (after an fsync) when it is on the root's file system, else
  // copies it.
  Status MoveFile(std::string_view key, const std::filesystem::path& path) override;
  // Every entry below the root is a directory or a readable regular file.
  Status CheckIntegrity() override;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit LocalBlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  Status MakeParents(const std::filesystem::path& relative_dir);
  std::filesystem::path root_;
};

}  // namespace bi::blob
