#pragma once
// The S3 blob backend: the BlobStore contract over S3's REST API (SigV4-signed by aws::AwsClient),
// for AWS S3, MinIO and other look-alikes (tested against s3rver).
// - Put: objects up to one part (8 MiB) with a single PutObject; larger streams with a multipart
//   upload read part by part (s3_multipart_upload.h). Both make the object visible whole.
// - Open: HEAD for size and ETag, then ranged GETs of 8 MiB pinned to that ETag
//   (s3_object_reader.h). Difference from the local backend: S3 (without versioning) cannot keep
//   serving a version that was replaced, so a reader of a replaced object gets kConflict (of a
//   deleted one kNotFound) at its next chunk instead of the old bytes, never a mix. Objects that
//   fit in one chunk are fetched whole by Open (and checked against an MD5 ETag), which starts over
//   when the object changes under it, so their readers are unaffected.
// - List: ListObjectsV2 with StartAfter; the cursor is the last key of the page (as the local
//   backend's), so it does not depend on S3's continuation tokens.
// - Delete: DeleteObject (S3 answers 204 for a missing key too). DeleteMany: DeleteObjects
//   (POST ?delete, quiet, with the Content-MD5 S3 requires), up to 1000 keys per request; a
//   per-key error other than NoSuchKey fails the call, naming the first key that failed.
// Errors: s3_errors.h. Transient failures are retried by the client; a peer that stays
// unreachable is kUnavailable, and the same store works again once it is back.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "aws/credentials.h"
#include "blob/blob_store.h"
#include "blob/s3_address.h"

namespace bi::blob {

struct S3BlobOptions {
  std::string endpoint;  // S3_ENDPOINT
  std::string bucket;    // S3_BUCKET_DATASETS
  std::string region = "ap-northeast-1";
  std::shared_ptr<aws::CredentialsProvider> credentials;
  size_t part_size = 8u << 20;  // multipart part and GET chunk size; at least 5 MiB
  size_t delete_batch = 1000;   // keys per DeleteObjects request, 1..1000 (S3's limit)
  aws::RetryPolicy retry;       // is_throttle is set to S3's throttles
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{60000};  // per attempt, one part or chunk
};

class S3BlobStore final : public BlobStore {
 public:
  // Checks the options; does not contact S3 (a bucket that is missing shows on first use).
  static Result<std::unique_ptr<S3BlobStore>> Open(S3BlobOptions options);

  std::string_view backend_name() const override { return "s3"; }
  Status Put(std::string_view key, ByteSource& data) override;
  Result<std::unique_ptr<ByteSource>> Open(std::string_view key,
                                           std::optional<ByteRange> range = {}) override;
  Result<BlobInfo> Head(std::string_view key) override;
  Result<ListPage> List(std::string_view prefix, std::string_view cursor = {},
                        int limit = kMaxListPage) override;
  Status Delete(std::string_view key) override;
  Status DeleteMany(const std::vector<std::string>& keys) override;

  const s3::S3Address& address() const { return address_; }

 private:
  struct ObjectHead {
    uint64_t size = 0;
    int64_t modified_ms = 0;
    std::string etag;
    bool etag_is_md5 = false;  // s3_etag.h
  };
  S3BlobStore(s3::S3Address address, std::shared_ptr<aws::AwsClient> client, size_t part_size,
              size_t delete_batch)
      : address_(std::move(address)),
        client_(std::move(client)),
        part_size_(part_size),
        delete_batch_(delete_batch) {}
  Result<ObjectHead> HeadObject(std::string_view key);
  Result<std::unique_ptr<ByteSource>> OpenOnce(std::string_view key,
                                               std::optional<ByteRange> range);
  // One DeleteObjects request for `keys` (at most delete_batch_).
  Status DeleteObjects(const std::vector<std::string>& keys);

  s3::S3Address address_;
  std::shared_ptr<aws::AwsClient> client_;  // shared with open readers
  size_t part_size_;
  size_t delete_batch_;
};

}  // namespace bi::blob
