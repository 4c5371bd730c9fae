#pragma once
// Where dataset objects live in the blob store (docs/storage.md). A dataset's data is published
// as one set under DatasetDataPrefix (publication.h): the parts keep the spec's names
// part-NNNN.parquet, inside a generation folder, and the manifest names the current set.

#include <cstdio>
#include <string>
#include <string_view>

namespace bi::blob {

// "datasets/{datasetId}/"
inline std::string DatasetPrefix(std::string_view dataset_id) {
  return "datasets/" + std::string(dataset_id) + "/";
}
// "datasets/{datasetId}/data/": publication prefix of the dataset's Parquet parts.
inline std::string DatasetDataPrefix(std::string_view dataset_id) {
  return DatasetPrefix(dataset_id) + "data/";
}
// "part-0000.parquet"
inline std::string DatasetPartName(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "part-%04d.parquet", index);
  return buf;
}

}  // namespace bi::blob
