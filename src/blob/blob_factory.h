#pragma once
// Opens the blob store the configuration asks for. No S3_ENDPOINT: the local directory
// <data_dir>/blobs. With S3_ENDPOINT: the S3 backend (issue 12; until then kUnavailable with a
// clear message).

#include <filesystem>
#include <memory>

#include "blob/blob_store.h"
#include "common/config.h"

namespace bi::blob {

std::filesystem::path LocalBlobRoot(const Config& config);  // <data_dir>/blobs
Result<std::unique_ptr<BlobStore>> OpenBlobStore(const Config& config);

}  // namespace bi::blob
