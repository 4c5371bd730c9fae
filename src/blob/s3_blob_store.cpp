#include "blob/s3_blob_store.h"

#include <charconv>
#include <thread>

#include "blob/s3_errors.h"
#include "blob/s3_etag.h"
#include "blob/s3_multipart_upload.h"
#include "blob/s3_object_reader.h"
#include "blob/s3_xml.h"

namespace bi::blob {
namespace {

// How often Open starts over when the object is replaced between its HEAD and its first GET,
// waiting a little longer each time for the writer to finish.
constexpr int kOpenAttempts = 8;
constexpr std::chrono::milliseconds kOpenRetryStep{10};

std::optional<uint64_t> ParseSize(std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

Result<std::unique_ptr<S3BlobStore>> S3BlobStore::Open(S3BlobOptions options) {
  if (!options.credentials) return Status::InvalidArgument("S3 store needs a credentials provider");
  if (options.region.empty()) return Status::InvalidArgument("S3 store needs a region");
  if (options.part_size < s3::kMinPartSize) {
    return Status::InvalidArgument("S3 part size must be at least 5 MiB");
  }
  if (options.delete_batch < 1 || options.delete_batch > s3::kMaxDeleteObjects) {
    return Status::InvalidArgument("S3 delete batch must be 1..1000 keys");
  }
  auto address = s3::MakeS3Address(options.endpoint, options.bucket);
  if (!address.ok()) return address.status();
  aws::RetryPolicy retry = options.retry;
  retry.is_throttle = s3::IsS3Throttle;
  aws::AwsEndpoint endpoint;
  endpoint.url = address->endpoint_url;
  endpoint.scope = {options.region, "s3"};
  endpoint.connect_timeout = options.connect_timeout;
  endpoint.request_timeout = options.request_timeout;
  auto client =
      std::make_shared<aws::AwsClient>(std::move(endpoint), std::move(options.credentials), retry);
  return std::unique_ptr<S3BlobStore>(new S3BlobStore(std::move(address).value(), std::move(client),
                                                      options.part_size, options.delete_batch));
}

Status S3BlobStore::Put(std::string_view key, ByteSource& data) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  std::string path = address_.ObjectPath(key);
  auto first = s3::ReadUpTo(data, part_size_);
  if (!first.ok()) return first.status();
  if (first->size() == part_size_) {
    return s3::UploadMultipart(*client_, path, key, std::move(first).value(), data, part_size_);
  }
  aws::AwsRequest request{"PUT", path, {}, {}, std::move(first).value()};
  request.headers.emplace_back("content-type", "application/octet-stream");
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  if (answer->status != 200) return s3::StatusFromS3Answer(*answer, "PUT", key);
  return Status::Ok();
}

Result<S3BlobStore::ObjectHead> S3BlobStore::HeadObject(std::string_view key) {
  aws::AwsRequest request{"HEAD", address_.ObjectPath(key), {}, {}, {}};
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  if (answer->status != 200) return s3::StatusFromS3Answer(*answer, "HEAD", key);
  auto size = ParseSize(answer->Header("content-length"));
  if (!size) {
    return Status::IoError("S3 HEAD " + std::string(key) + ": the answer has no Content-Length");
  }
  ObjectHead head;
  head.size = *size;
  head.etag = std::string(answer->Header("etag"));
  head.etag_is_md5 =
      s3::EtagIsContentMd5(head.etag, answer->Header("x-amz-server-side-encryption"),
                           answer->Header("x-amz-server-side-encryption-customer-algorithm"));
  head.modified_ms = s3::ParseHttpDateMs(answer->Header("last-modified")).value_or(0);
  return head;
}

Result<BlobInfo> S3BlobStore::Head(std::string_view key) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  auto head = HeadObject(key);
  if (!head.ok()) return head.status();
  return BlobInfo{std::string(key), head->size, head->modified_ms};
}

Result<std::unique_ptr<ByteSource>> S3BlobStore::Open(std::string_view key,
                                                      std::optional<ByteRange> range) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  for (int attempt = 1;; ++attempt) {
    auto reader = OpenOnce(key, range);
    if (reader.ok() || reader.status().code() != ErrorCode::kConflict || attempt == kOpenAttempts) {
      return reader;
    }
    std::this_thread::sleep_for(kOpenRetryStep * attempt);
  }
}

Result<std::unique_ptr<ByteSource>> S3BlobStore::OpenOnce(std::string_view key,
                                                          std::optional<ByteRange> range) {
  auto head = HeadObject(key);
  if (!head.ok()) return head.status();
  // S3 always has an ETag, and an empty object's plain ETag is the MD5 of nothing (an empty
  // object is not fetched, so this is its only check). Otherwise the HEAD caught a look-alike
  // (s3rver) in the middle of rewriting the object in place: try again.
  static const std::string kEmptyMd5 = "\"" + s3::Md5Hex("") + "\"";
  if (head->etag.empty() || head->etag == "\"\"" ||
      (head->size == 0 && head->etag_is_md5 && head->etag != kEmptyMd5)) {
    return Status::Conflict("blob " + std::string(key) + " changed while it was opened");
  }
  uint64_t offset = 0, length = head->size;
  if (range) {
    if (range->offset >= head->size) {
      return Status::InvalidArgument("range starts at or after the end of the object",
                                     {{"size", head->size}});
    }
    offset = range->offset;
    length = std::min(head->size - offset, range->length.value_or(head->size));
  }
  auto reader =
      std::make_unique<s3::S3ObjectReader>(client_, address_.ObjectPath(key), std::string(key),
                                           head->etag, head->size, offset, length, part_size_);
  // The first chunk now: errors show here, and a small object is then read whole.
  BI_RETURN_IF_ERROR(reader->Prefetch());
  return std::unique_ptr<ByteSource>(std::move(reader));
}

Result<ListPage> S3BlobStore::List(std::string_view prefix, std::string_view cursor, int limit) {
  BI_RETURN_IF_ERROR(ValidateBlobPrefix(prefix));
  if (limit < 1 || limit > kMaxListPage) return Status::InvalidArgument("limit must be 1..1000");
  if (!cursor.empty() && !ValidateBlobKey(cursor).ok()) {
    return Status::InvalidArgument("invalid list cursor");
  }
  aws::AwsRequest request{"GET", address_.BucketPath(), {}, {}, {}};
  request.query = {{"list-type", "2"}, {"max-keys", std::to_string(limit)}};
  if (!prefix.empty()) request.query.emplace_back("prefix", std::string(prefix));
  if (!cursor.empty()) request.query.emplace_back("start-after", std::string(cursor));
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  if (answer->status != 200) return s3::StatusFromS3Answer(*answer, "ListObjectsV2", prefix);
  auto parsed = s3::ParseListObjectsV2(answer->body);
  if (!parsed.ok()) return parsed.status();
  ListPage page;
  for (auto& o : parsed->objects) {
    page.blobs.push_back({std::move(o.key), o.size, o.modified_ms});
  }
  if (parsed->truncated) {
    if (page.blobs.empty()) {
      return Status::IoError("S3 ListObjectsV2 " + std::string(prefix) +
                             ": a truncated page without objects");
    }
    page.cursor = page.blobs.back().key;
  }
  return page;
}

Status S3BlobStore::Delete(std::string_view key) {
  BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  aws::AwsRequest request{"DELETE", address_.ObjectPath(key), {}, {}, {}};
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  if (answer->status == 204 || answer->status == 200) return Status::Ok();
  Status status = s3::StatusFromS3Answer(*answer, "DELETE", key);
  if (status.code() == ErrorCode::kNotFound) return Status::Ok();  // already gone
  return status;
}

Status S3BlobStore::DeleteMany(const std::vector<std::string>& keys) {
  for (const auto& key : keys) BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  for (size_t start = 0; start < keys.size(); start += delete_batch_) {
    size_t end = std::min(keys.size(), start + delete_batch_);
    BI_RETURN_IF_ERROR(
        DeleteObjects(std::vector<std::string>(keys.begin() + start, keys.begin() + end)));
  }
  return Status::Ok();
}

Status S3BlobStore::DeleteObjects(const std::vector<std::string>& keys) {
  aws::AwsRequest request{
      "POST", address_.BucketPath(), {{"delete", ""}}, {}, s3::DeleteObjectsXml(keys)};
  request.headers.emplace_back("content-type", "application/xml");
  // S3 refuses DeleteObjects without it (or a checksum header).
  request.headers.emplace_back("content-md5", s3::Md5Base64(request.body));
  auto answer = client_->Send(request);
  if (!answer.ok()) return answer.status();
  std::string what =
      keys.front() + (keys.size() > 1 ? " and " + std::to_string(keys.size() - 1) + " more" : "");
  if (answer->status != 200) return s3::StatusFromS3Answer(*answer, "DeleteObjects", what);
  auto errors = s3::ParseDeleteResult(answer->body);
  if (!errors.ok()) return errors.status();
  size_t failed = 0;
  const s3::DeleteError* first = nullptr;
  for (const auto& e : *errors) {
    if (e.code == "NoSuchKey") continue;  // already gone is fine
    if (first == nullptr) first = &e;
    ++failed;
  }
  if (first == nullptr) return Status::Ok();
  return Status::IoError("S3 DeleteObjects could not delete " + first->key + ": " + first->code +
                         (first->message.empty() ? "" : ": " + first->message) +
                         (failed > 1 ? " (and " + std::to_string(failed - 1) + " more keys)" : ""));
}

}  // namespace bi::blob
