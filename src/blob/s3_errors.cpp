#include "blob/s3_errors.h"

#include <string>

#include "blob/s3_xml.h"

namespace bi::blob::s3 {

Status StatusFromS3Answer(const aws::AwsResponse& answer, std::string_view operation,
                          std::string_view key) {
  auto body = ParseErrorBody(answer.body);
  std::string code = body ? body->code : "";
  std::string what = "S3 " + std::string(operation) + (key.empty() ? "" : " " + std::string(key));
  std::string detail = "HTTP " + std::to_string(answer.status) + (code.empty() ? "" : " " + code) +
                       (body && !body->message.empty() ? ": " + body->message : "");
  if (code == "NoSuchBucket") {
    return Status::Unavailable(what +
                               ": the bucket does not exist (S3_BUCKET_DATASETS): " + detail);
  }
  if (answer.status == 404 && (code.empty() || code == "NoSuchKey")) {
    return Status::NotFound("no blob " + std::string(key));
  }
  if (answer.status == 416 || code == "InvalidRange") {
    return Status::InvalidArgument("range starts at or after the end of the object " +
                                   std::string(key));
  }
  if (answer.status == 412 || code == "PreconditionFailed") {
    return Status::Conflict("blob " + std::string(key) + " was replaced while it was read");
  }
  if (answer.status == 401 || answer.status == 403) {
    return Status::Unavailable(what + " was refused; check S3_ACCESS_KEY / S3_SECRET_KEY and " +
                               "the bucket policy: " + detail);
  }
  if (answer.status >= 500) return Status::Unavailable(what + " failed: " + detail);
  return Status::IoError(what + " failed: " + detail);
}

bool IsS3Throttle(const aws::AwsResponse& answer) {
  if (answer.status == 429 || answer.status == 503) return true;
  if (answer.status != 400) return false;
  auto body = ParseErrorBody(answer.body);
  return body && (body->code == "RequestTimeout" || body->code == "SlowDown");
}

}  // namespace bi::blob::s3
