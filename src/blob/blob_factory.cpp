#include "blob/blob_factory.h"

#include "blob/local_blob_store.h"

namespace bi::blob {

std::filesystem::path LocalBlobRoot(const Config& config) {
  return config.data_dir / "blobs";
}

Result<std::unique_ptr<BlobStore>> OpenBlobStore(const Config& config) {
  if (!config.s3_endpoint.empty()) {
    return Status::Unavailable("the S3 blob backend is not built yet (S3_ENDPOINT=" +
                               config.s3_endpoint + "); unset it to use the local directory");
  }
  auto store = LocalBlobStore::Open(LocalBlobRoot(config));
  if (!store.ok()) return store.status();
  return std::unique_ptr<BlobStore>(std::move(store).value());
}

}  // namespace bi::blob
