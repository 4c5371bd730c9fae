#pragma once
// Datasets: the rules for creating, replacing, reading and deleting them, above the importer
// (importer.h), the blob store's all-or-nothing publication (blob/publication.h) and the
// dataset repository. Knows nothing of HTTP; the API (src/api/dataset_routes.cpp) and
// `bi admin import` call it.
//
// - Create: import into a private work directory, publish every part under
//   datasets/{id}/data/ (manifest last), then write the dataset record. A failure at any step
//   removes what was written: no record, no manifest, no parts.
// - ReplaceData: the same import, published as a new generation of the same prefix (readers of
//   the old manifest keep their parts until the commit), then the record's dataVersion+1.
// - Visibility: owners see their datasets, admins see all; everyone else gets kNotFound.
// Thread-safe (state lives in the stores).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "blob/blob_store.h"
#include "blob/publication.h"
#include "common/status.h"
#include "ingest/importer.h"
#include "repo/repositories.h"
#include "repo/viewer.h"
#include "store/metadata_store.h"

namespace bi::ingest {

using repo::Viewer;

struct NewDataset {
  std::string owner_id;
  std::string name;
  std::string description;
};

class DatasetService {
 public:
  // `work_root` holds per-import work directories (removed after each import).
  DatasetService(store::MetadataStore& store, blob::BlobStore& blobs, std::string work_root,
                 repo::Clock clock = repo::SystemNowMs);

  Result<repo::Dataset> Create(const NewDataset& meta, const ImportSource& source,
                               const ImportOptions& options);
  // expected_version: the record's version the caller read (409 if stale); nullopt: any.
  Result<repo::Dataset> ReplaceData(const Viewer& viewer, const std::string& dataset_id,
                                    const ImportSource& source, const ImportOptions& options,
                                    std::optional<int64_t> expected_version);
  Result<repo::Dataset> Get(const Viewer& viewer, const std::string& dataset_id);
  // Own datasets, newest first; admins with `all` get every dataset.
  Result<repo::Page<repo::Dataset>> List(const Viewer& viewer, const repo::PageRequest& page,
                                         bool all);
  Result<repo::Dataset> Update(const Viewer& viewer, const std::string& dataset_id,
                               std::optional<std::string> name,
                               std::optional<std::string> description, int64_t version);
  Status Delete(const Viewer& viewer, const std::string& dataset_id,
                std::optional<int64_t> expected_version);

  // Rows [offset, offset+limit) with typed JSON values, plus the columns and their statistics.
  Result<nlohmann::json> Preview(const Viewer& viewer, const std::string& dataset_id,
                                 int64_t offset, int64_t limit);
  // The published parts of the current data (for downloads and the executor).
  Result<blob::Manifest> Data(const Viewer& viewer, const std::string& dataset_id);

  // Writes the current data to a new file in `dir` as CSV (UTF-8, header, RFC 4180 quoting,
  // ISO dates/timestamps, empty fields for nulls) or as one Parquet file; returns its path.
  // Reads one row group at a time.
  Result<std::string> Export(const Viewer& viewer, const std::string& dataset_id,
                             const std::string& format, const std::string& dir);

  blob::BlobStore& blobs() { return blobs_; }

 private:
  struct Published {
    ImportResult import;
    blob::Manifest manifest;
  };
  Result<Published> ImportAndPublish(const std::string& dataset_id, const ImportSource& source,
                                     const ImportOptions& options);

  store::MetadataStore& store_;
  blob::BlobStore& blobs_;
  repo::DatasetRepository datasets_;
  std::string work_root_;
};

// The dataset as the API shows it.
nlohmann::json DatasetJson(const repo::Dataset& d);
// Validates a dataset name (1..200 characters after trimming).
Result<std::string> ValidDatasetName(const std::string& name);

// Leftovers of a crashed process, for `bi serve` / `bi api` to sweep at startup, before any
// import can run: empties `tmp_dir` (upload spools, import work directories, download
// temporaries) and deletes the unpublished generations of every dataset (and of imports whose
// record was never written): all of them on the local store, which this process owns; on a
// shared store (S3) only those begun over an hour ago, as another instance may be publishing.
// Logs what it removed.
struct SweepResult {
  int64_t tmp_entries = 0;       // files and directories removed from tmp_dir
  int64_t dataset_prefixes = 0;  // datasets/{id}/data/ prefixes pruned
};
Result<SweepResult> SweepLeftovers(const std::filesystem::path& tmp_dir, blob::BlobStore& blobs);

}  // namespace bi::ingest
