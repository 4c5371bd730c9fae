#include "blob/s3_multipart_upload.h"

#include <vector>

#include "blob/s3_errors.h"
#include "blob/s3_xml.h"
#include "common/log.h"

namespace bi::blob::s3 {
namespace {

class MultipartUpload {
 public:
  MultipartUpload(aws::AwsClient& client, const std::string& path, std::string_view key)
      : client_(client), path_(path), key_(key) {}

  Status Create() {
    aws::AwsRequest request{"POST", path_, {{"uploads", ""}}, {}, {}};
    request.headers.emplace_back("content-type", "application/octet-stream");
    auto answer = client_.Send(request);
    if (!answer.ok()) return answer.status();
    if (answer->status != 200) return StatusFromS3Answer(*answer, "CreateMultipartUpload", key_);
    auto id = ParseCreateMultipartUpload(answer->body);
    if (!id.ok()) return id.status();
    upload_id_ = std::move(id).value();
    return Status::Ok();
  }

  Status UploadPart(std::string data) {
    if (static_cast<int>(etags_.size()) >= kMaxParts) {
      return Status::PayloadTooLarge("blob " + key_ + " needs more than " +
                                     std::to_string(kMaxParts) + " S3 parts");
    }
    int number = static_cast<int>(etags_.size()) + 1;
    aws::AwsRequest request{"PUT",
                            path_,
                            {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}},
                            {},
                            std::move(data)};
    auto answer = client_.Send(request);
    if (!answer.ok()) return answer.status();
    if (answer->status != 200) return StatusFromS3Answer(*answer, "UploadPart", key_);
    std::string_view etag = answer->Header("etag");
    if (etag.empty()) {
      return Status::IoError("S3 UploadPart " + key_ + ": the answer has no ETag");
    }
    etags_.emplace_back(etag);
    return Status::Ok();
  }

  Status Complete() {
    aws::AwsRequest request{
        "POST", path_, {{"uploadId", upload_id_}}, {}, CompleteMultipartUploadXml(etags_)};
    request.headers.emplace_back("content-type", "application/xml");
    auto answer = client_.Send(request);
    if (!answer.ok()) return answer.status();
    if (answer->status != 200) {
      return StatusFromS3Answer(*answer, "CompleteMultipartUpload", key_);
    }
    return CheckCompleteMultipartUpload(answer->body);
  }

  // Best effort: the caller returns the error that made it abort.
  void Abort() {
    aws::AwsRequest request{"DELETE", path_, {{"uploadId", upload_id_}}, {}, {}};
    auto answer = client_.Send(request);
    Status status;
    if (!answer.ok()) {
      status = answer.status();
    } else if (answer->status != 204 && answer->status != 200 && answer->status != 404) {
      status = StatusFromS3Answer(*answer, "AbortMultipartUpload", key_);
    }
    if (!status.ok()) {
      log::Warn("s3_multipart_abort_failed")
          .Str("key", key_)
          .Str("upload_id", upload_id_)
          .Str("error", status.ToString());
    }
  }

 private:
  aws::AwsClient& client_;
  const std::string& path_;
  std::string key_;
  std::string upload_id_;
  std::vector<std::string> etags_;
};

}  // namespace

Result<std::string> ReadUpTo(ByteSource& source, size_t n) {
  std::string data(n, '\0');
  size_t filled = 0;
  while (filled < n) {
    auto got = source.Read(data.data() + filled, n - filled);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    filled += *got;
  }
  data.resize(filled);
  return data;
}

Status UploadMultipart(aws::AwsClient& client, const std::string& path, std::string_view key,
                       std::string first_part, ByteSource& rest, size_t part_size) {
  MultipartUpload upload(client, path, key);
  BI_RETURN_IF_ERROR(upload.Create());
  auto run = [&]() -> Status {
    BI_RETURN_IF_ERROR(upload.UploadPart(std::move(first_part)));
    while (true) {
      auto part = ReadUpTo(rest, part_size);
      if (!part.ok()) return part.status();
      if (part->empty()) break;
      bool last = part->size() < part_size;
      BI_RETURN_IF_ERROR(upload.UploadPart(std::move(part).value()));
      if (last) break;
    }
    return upload.Complete();
  };
  Status status = run();
  if (!status.ok()) upload.Abort();
  return status;
}

}  // namespace bi::blob::s3
