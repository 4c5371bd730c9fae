#pragma once
// How S3's answers become blob-store errors, and which S3 answers are throttles worth retrying.
//   404 NoSuchKey (or a bodiless 404 to HEAD)   -> kNotFound
//   404 NoSuchBucket                            -> kUnavailable (S3_BUCKET_DATASETS is wrong)
//   416 InvalidRange                            -> kInvalidArgument (range past the end)
//   412 PreconditionFailed                      -> kConflict (the object changed while read)
//   401/403 (AccessDenied, bad keys, ...)       -> kUnavailable (the deployment's keys or policy)
//   5xx left after the client's retries         -> kUnavailable
//   anything else                               -> kIoError with S3's code and message
// Messages name the operation and key, never a credential.

#include <string_view>

#include "aws/aws_client.h"
#include "common/status.h"

namespace bi::blob::s3 {

// The error for a non-2xx answer to `operation` ("GET", "PUT", ...) on `key` (may be empty).
Status StatusFromS3Answer(const aws::AwsResponse& answer, std::string_view operation,
                          std::string_view key);

// S3's throttles and transient errors that come as 4xx: 400 RequestTimeout (the connection
// idled mid-upload), 400/503 SlowDown, 429. 5xx are retried by the client anyway.
bool IsS3Throttle(const aws::AwsResponse& answer);

}  // namespace bi::blob::s3
