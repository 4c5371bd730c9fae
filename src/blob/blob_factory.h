#pragma once
// Opens the blob store the configuration asks for. No S3_ENDPOINT: the local directory
// <data_dir>/blobs. With S3_ENDPOINT: the S3 backend on bucket S3_BUCKET_DATASETS in AWS_REGION,
// with S3_ACCESS_KEY / S3_SECRET_KEY when given, else the AWS credentials chain (environment,
// ECS task role; dummy keys for a local peer such as MinIO or s3rver).

#include <filesystem>
#include <memory>

#include "blob/blob_store.h"
#include "common/config.h"

namespace bi::blob {

std::filesystem::path LocalBlobRoot(const Config& config);  // <data_dir>/blobs
Result<std::unique_ptr<BlobStore>> OpenBlobStore(const Config& config);

}  // namespace bi::blob
