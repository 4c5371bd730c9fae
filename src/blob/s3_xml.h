#pragma once
// The XML bodies of S3's REST API that the S3 blob backend reads and writes: error answers,
// ListObjectsV2 pages, CreateMultipartUpload / CompleteMultipartUpload answers and the
// CompleteMultipartUpload request, and DeleteObjects requests and answers. Parsed with tinyxml2; a
// body that is not the expected document is kIoError naming what was expected (the peer, not the
// caller, is at fault).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace bi::blob::s3 {

// <Error><Code>NoSuchKey</Code><Message>...</Message></Error>
struct S3ErrorBody {
  std::string code;
  std::string message;
};
// The error document in `body`, or nullopt if it is not one (HEAD answers have no body).
std::optional<S3ErrorBody> ParseErrorBody(std::string_view body);

struct ListedObject {
  std::string key;
  uint64_t size = 0;
  int64_t modified_ms = 0;
};

// A ListObjectsV2 answer (<ListBucketResult>).
struct ListObjectsPage {
  std::vector<ListedObject> objects;
  bool truncated = false;
  std::string next_continuation_token;  // set when truncated
};
Result<ListObjectsPage> ParseListObjectsV2(std::string_view body);

// The UploadId of a CreateMultipartUpload answer (<InitiateMultipartUploadResult>).
Result<std::string> ParseCreateMultipartUpload(std::string_view body);

// A CompleteMultipartUpload answer: S3 may answer 200 and still report an <Error> in the body
// (the assembly failed after the headers were sent). Ok only for
// <CompleteMultipartUploadResult>.
Status CheckCompleteMultipartUpload(std::string_view body);

// The CompleteMultipartUpload request body: parts 1..n with their ETags, in order.
std::string CompleteMultipartUploadXml(const std::vector<std::string>& part_etags);

// S3's limit of keys per DeleteObjects request.
inline constexpr size_t kMaxDeleteObjects = 1000;
// The DeleteObjects request body: quiet mode (the answer lists only failures), keys escaped.
std::string DeleteObjectsXml(const std::vector<std::string>& keys);

// A key that DeleteObjects could not delete (<DeleteResult><Error>...).
struct DeleteError {
  std::string key;
  std::string code;
  std::string message;
};
// The failures of a DeleteObjects answer (<DeleteResult>; <Deleted> entries are skipped).
Result<std::vector<DeleteError>> ParseDeleteResult(std::string_view body);

// "2026-11-23T18:22:52.000Z" (ListObjectsV2's LastModified) as epoch milliseconds.
std::optional<int64_t> ParseIso8601Ms(std::string_view text);
// "Mon, 23 Nov 2026 18:22:52 GMT" (the Last-Modified header) as epoch milliseconds.
std::optional<int64_t> ParseHttpDateMs(std::string_view text);

}  // namespace bi::blob::s3
