#include "blob/s3_object_reader.h"

#include <algorithm>
#include <cstring>

#include "blob/s3_errors.h"
#include "blob/s3_etag.h"

namespace bi::blob::s3 {

S3ObjectReader::S3ObjectReader(std::shared_ptr<aws::AwsClient> client, std::string path,
                               std::string key, std::string etag, uint64_t object_size,
                               uint64_t offset, uint64_t length, size_t chunk_size)
    : client_(std::move(client)),
      path_(std::move(path)),
      key_(std::move(key)),
      etag_(std::move(etag)),
      object_size_(object_size),
      next_offset_(offset),
      left_(length),
      chunk_size_(chunk_size) {}

Status S3ObjectReader::Prefetch() {
  if (taken_ < buffer_.size() || left_ == 0) return Status::Ok();
  uint64_t want = std::min<uint64_t>(left_, chunk_size_);
  aws::AwsRequest request;
  request.method = "GET";
  request.path = path_;
  request.headers = {
      {"range",
       "bytes=" + std::to_string(next_offset_) + "-" + std::to_string(next_offset_ + want - 1)},
  };
  if (!etag_.empty()) request.headers.emplace_back("if-match", etag_);
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  if (answer->status != 206 && answer->status != 200) {
    return StatusFromS3Answer(*answer, "GET", key_);
  }
  std::string_view etag = answer->Header("etag");
  if (!etag_.empty() && !etag.empty() && etag != etag_) {
    return Status::Conflict("blob " + key_ + " was replaced while it was read");
  }
  // A 200 is the whole object: only right when that is what was asked for.
  std::string body = std::move(answer->body);
  if (answer->status == 200) {
    if (body.size() < next_offset_ + want) {
      return Status::IoError("S3 GET " + key_ + ": the object is shorter than when opened");
    }
    body = body.substr(next_offset_, want);
  }
  if (body.size() != want) {
    // S3 serves exactly the range of an unchanged object: the object changed under the reader.
    return Status::Conflict("blob " + key_ + " changed while it was read (asked for " +
                            std::to_string(want) + " bytes, got " + std::to_string(body.size()) +
                            ")");
  }
  if (next_offset_ == 0 && want == object_size_ &&
      EtagIsContentMd5(etag_, answer->Header("x-amz-server-side-encryption"),
                       answer->Header("x-amz-server-side-encryption-customer-algorithm")) &&
      Md5Hex(body) != std::string_view(etag_).substr(1, 32)) {
    return Status::Conflict("blob " + key_ +
                            " changed while it was read (content and ETag differ)");
  }
  buffer_ = std::move(body);
  taken_ = 0;
  next_offset_ += want;
  left_ -= want;
  return Status::Ok();
}

Result<size_t> S3ObjectReader::Read(char* dst, size_t n) {
  if (n == 0) return size_t{0};
  BI_RETURN_IF_ERROR(Prefetch());
  size_t count = std::min(n, buffer_.size() - taken_);
  std::memcpy(dst, buffer_.data() + taken_, count);
  taken_ += count;
  if (taken_ == buffer_.size()) {
    // Give the chunk's memory back rather than holding it until the next fetch.
    std::string().swap(buffer_);
    taken_ = 0;
  }
  return count;
}

}  // namespace bi::blob::s3
