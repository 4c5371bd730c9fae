#pragma once
// Stores one large object from a stream with S3's multipart upload: CreateMultipartUpload,
// UploadPart for each `part_size` slice read from the source (one part in memory at a time),
// then CompleteMultipartUpload, which makes the whole object visible at once. On any failure
// (the source's, S3's or the network's) the upload is aborted so no invisible parts stay behind
// to be billed; if even the abort fails it is logged (key and upload id) and the original
// error returned. Uploads of a process killed mid-way are left to the bucket's lifecycle rule
// (AbortIncompleteMultipartUpload), which deployments should set.

#include <cstddef>
#include <string>
#include <string_view>

#include "aws/aws_client.h"
#include "blob/byte_source.h"
#include "common/status.h"

namespace bi::blob::s3 {

// S3's limits: parts of at least 5 MiB (but the last), at most 10000 of them.
inline constexpr size_t kMinPartSize = 5u << 20;
inline constexpr int kMaxParts = 10000;

// Reads up to `n` bytes from `source` (fewer only at its end).
Result<std::string> ReadUpTo(ByteSource& source, size_t n);

// Uploads `first_part` followed by the rest of `rest` as the object at `path` (key `key`).
Status UploadMultipart(aws::AwsClient& client, const std::string& path, std::string_view key,
                       std::string first_part, ByteSource& rest, size_t part_size);

}  // namespace bi::blob::s3
