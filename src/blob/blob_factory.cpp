#include "blob/blob_factory.h"

#include "aws/credentials.h"
#include "blob/local_blob_store.h"
#include "blob/s3_blob_store.h"

namespace bi::blob {

std::filesystem::path LocalBlobRoot(const Config& config) {
  return config.data_dir / "blobs";
}

Result<std::unique_ptr<BlobStore>> OpenBlobStore(const Config& config) {
  if (!config.s3_endpoint.empty()) {
    auto address = s3::MakeS3Address(config.s3_endpoint, config.s3_bucket_datasets);
    if (!address.ok()) return address.status();
    aws::CredentialsChainOptions credentials;
    credentials.access_key_id = config.s3_access_key;
    credentials.secret_access_key = config.s3_secret_key;
    // Dummy keys only make sense for a local peer, never for AWS's own endpoints.
    credentials.allow_dummy_for_local_peer = address->path_style;
    S3BlobOptions options;
    options.endpoint = config.s3_endpoint;
    options.bucket = config.s3_bucket_datasets;
    options.region = config.aws_region;
    options.credentials = aws::MakeCredentialsChain(std::move(credentials));
    auto store = S3BlobStore::Open(std::move(options));
    if (!store.ok()) return store.status();
    return std::unique_ptr<BlobStore>(std::move(store).value());
  }
  auto store = LocalBlobStore::Open(LocalBlobRoot(config));
  if (!store.ok()) return store.status();
  return std::unique_ptr<BlobStore>(std::move(store).value());
}

}  // namespace bi::blob
