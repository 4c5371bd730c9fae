#pragma once
// Decoded datasets for the executor, kept in sealed memfds that the Python runtime maps as
// numpy arrays without any text parsing (see docs/executor.md, "Data hand-off").
//
// A dataset request names its Parquet parts by blob key. The cache reads each part once (file
// bytes kept for later pruned reads), prunes row groups with the pushed-down filters
// (parquet::FileReader::SelectRowGroups), decodes the selected columns and lays them out in one
// memfd ("image"): per column a 64-byte aligned region of values, and validity / offsets /
// string bytes / dictionary where the type needs them, already in the form pandas wants (NaN in
// float null slots, int64 nanoseconds with NaT for dates and timestamps, -1 codes for null
// categories). Images are kept LRU within a byte budget, so repeated runs on the same data
// read no Parquet at all; the zygotes keep them mapped and children share the pages.
//
// Thread-safe.

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob_store.h"
#include "common/status.h"

namespace bi::parquet {
class FileReader;
}

namespace bi::executor {

struct DatasetRequest {
  std::string alias;  // "df" for the main one
  std::string dataset_id;
  std::string version;  // any string the caller uses (version number or generation)
  std::vector<std::string> blob_keys;
  std::vector<std::string> columns;  // empty: all
  nlohmann::json filters = nlohmann::json::array();
};

// One decoded, immutable dataset image.
class DatasetImage {
 public:
  DatasetImage(int fd, uint64_t size, nlohmann::json layout, std::string key);
  ~DatasetImage();
  DatasetImage(const DatasetImage&) = delete;
  DatasetImage& operator=(const DatasetImage&) = delete;

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  // {"numRows": n, "columns": [{"name","type","values":[off,len],"validity":..., ...}]}
  const nlohmann::json& layout() const { return layout_; }
  // Unique per image (a new decode gets a new key), so mappings can be cached by it.
  const std::string& key() const { return key_; }

 private:
  int fd_;
  uint64_t size_;
  nlohmann::json layout_;
  std::string key_;
};

struct DatasetCacheStats {
  uint64_t hits = 0, misses = 0, bytes = 0, images = 0, parquet_reads = 0;
};

class DatasetCache {
 public:
  DatasetCache(blob::BlobStore* store, uint64_t budget_bytes);
  ~DatasetCache();

  // The image for this dataset request (row groups pruned by its filters). Unknown columns or
  // keys: InvalidArgument / NotFound; damaged files: Corruption.
  Result<std::shared_ptr<DatasetImage>> Get(const DatasetRequest& request);
  DatasetCacheStats stats() const;

 private:
  Result<std::shared_ptr<parquet::FileReader>> Reader(const std::string& key);

  blob::BlobStore* store_;
  uint64_t budget_;
  mutable std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<DatasetImage>>> lru_;  // front = newest
  std::map<std::string, decltype(lru_)::iterator> index_;
  std::map<std::string, std::shared_ptr<parquet::FileReader>> readers_;
  std::list<std::string> reader_order_;
  uint64_t bytes_ = 0;
  uint64_t next_id_ = 1;
  DatasetCacheStats stats_;
};

}  // namespace bi::executor
