#pragma once
// All-or-nothing publishing of several objects (a dataset version is several Parquet parts),
// built only on BlobStore primitives so every backend, S3 included (no rename), gets it.
//
// Layout under a prefix P (ending in '/'), e.g. P = "datasets/{datasetId}/data/":
//   P + "g-<generation>/<name>"  parts of one generation, e.g. .../g-0190f.../part-0000.parquet;
//                                written once, never overwritten
//   P + "manifest.json"          the pointer: generation, parts (name, key, size), metadata
// A Publisher writes its parts under a fresh generation, then the manifest with one atomic Put.
// Readers resolve parts through ReadManifest, so they see the old set or the new set, never a
// mix or a part still being written. After the manifest is replaced the previous generation is
// deleted; a reader still holding the old manifest may then get kNotFound for a part and should
// read the manifest again. Parts of crashed or aborted publishers are never referenced;
// PruneUnpublished removes them once old enough.
// A Publisher is used by one thread; publishing to different prefixes is independent, and
// racing publishers to one prefix end with one whole winner (last manifest wins).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob_store.h"

namespace bi::blob {

inline constexpr char kManifestName[] = "manifest.json";

struct ManifestPart {
  std::string name;  // as given to Publisher::Put, e.g. "part-0000.parquet"
  std::string key;   // the object's key in the store
  uint64_t size = 0;
};

struct Manifest {
  std::string generation;
  int64_t published_ms = 0;
  std::vector<ManifestPart> parts;  // in the order they were put
  nlohmann::json meta = nlohmann::json::object();

  const ManifestPart* Find(std::string_view name) const;
  nlohmann::json ToJson() const;
  static Result<Manifest> FromJson(const nlohmann::json& j);
};

class Publisher {
 public:
  // `prefix` must end with '/'.
  static Result<Publisher> Begin(BlobStore& store, std::string prefix);

  const std::string& generation() const { return generation_; }
  // Stages one part (a relative key such as "part-0000.parquet"); putting a name again
  // replaces it.
  Status Put(std::string_view name, ByteSource& data);
  Status PutString(std::string_view name, std::string data);
  // Stages the file at `path`, which the caller no longer needs (BlobStore::MoveFile: it may be
  // moved rather than copied).
  Status MoveFile(std::string_view name, const std::string& path);
  // Makes the staged parts visible together, then deletes the previous generation.
  Result<Manifest> Commit(nlohmann::json meta = nlohmann::json::object());
  // Deletes the staged parts; nothing becomes visible.
  Status Abort();

 private:
  Publisher(BlobStore& store, std::string prefix, std::string generation)
      : store_(&store), prefix_(std::move(prefix)), generation_(std::move(generation)) {}
  void Staged(std::string_view name, std::string key, uint64_t size);
  BlobStore* store_;
  std::string prefix_;
  std::string generation_;
  std::vector<ManifestPart> parts_;
  bool finished_ = false;
};

// The current manifest under `prefix`, or nullopt if nothing was ever published.
Result<std::optional<Manifest>> ReadManifest(BlobStore& store, std::string_view prefix);
// Streams one part of a manifest.
Result<std::unique_ptr<ByteSource>> OpenPart(BlobStore& store, const Manifest& manifest,
                                             std::string_view name,
                                             std::optional<ByteRange> range = {});
// Unpublishes (manifest first, so readers see nothing) and deletes every object under `prefix`.
Status DeletePublished(BlobStore& store, std::string_view prefix);
// Deletes generations under `prefix` that the manifest does not reference and that began more
// than `older_than_ms` ago (younger ones may belong to a publisher still at work).
Status PruneUnpublished(BlobStore& store, std::string_view prefix, int64_t older_than_ms);

}  // namespace bi::blob
