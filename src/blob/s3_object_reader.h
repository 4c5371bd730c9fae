#pragma once
// Streams one S3 object, or a byte range of it, as a ByteSource: ranged GETs of `chunk_size`
// bytes fetched lazily as the reader advances, so a 200 MB object never sits in memory.
// Every GET carries If-Match with the ETag the object had when it was opened, and every answer's
// ETag is compared again here (some S3 look-alikes ignore If-Match): a reader never mixes two
// versions. A whole object fetched in one GET is also checked against its ETag when that is an
// MD5 (s3_etag.h); a mismatch is kConflict too. S3 without bucket versioning cannot go on serving a
// replaced object, so a reader whose object is replaced or deleted mid-read fails with kConflict
// instead (see s3_blob_store.h); the first chunk is fetched by S3BlobStore::Open, which retries
// that case.

#include <cstdint>
#include <memory>
#include <string>

#include "aws/aws_client.h"
#include "blob/byte_source.h"

namespace bi::blob::s3 {

class S3ObjectReader final : public ByteSource {
 public:
  // Reads [offset, offset + length) of the object at `path` (its key is `key`, for messages)
  // whose ETag is `etag` and size `object_size`.
  S3ObjectReader(std::shared_ptr<aws::AwsClient> client, std::string path, std::string key,
                 std::string etag, uint64_t object_size, uint64_t offset, uint64_t length,
                 size_t chunk_size);

  // Fetches the next chunk now (Open uses it to see a replaced object before returning).
  Status Prefetch();
  Result<size_t> Read(char* dst, size_t n) override;
  std::optional<uint64_t> Size() const override { return left_ + (buffer_.size() - taken_); }

 private:
  std::shared_ptr<aws::AwsClient> client_;
  std::string path_, key_, etag_;
  uint64_t object_size_;
  uint64_t next_offset_;  // first byte not yet fetched
  uint64_t left_;         // bytes not yet fetched
  size_t chunk_size_;
  std::string buffer_;  // the fetched chunk
  size_t taken_ = 0;    // bytes of buffer_ already read
};

}  // namespace bi::blob::s3
