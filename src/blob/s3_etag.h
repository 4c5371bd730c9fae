#pragma once
// What an S3 ETag says about the bytes of a whole object. For objects stored with one PutObject,
// unencrypted or with SSE-S3, the ETag is the hex MD5 of the content; multipart ETags
// ("<md5>-<parts>") and those of SSE-KMS / SSE-C objects are not. The reader checks a whole
// object fetched in one GET against it, which catches a body that does not belong to the ETag
// served with it (a look-alike overwriting in place, a damaged transfer).

#include <string>
#include <string_view>

namespace bi::blob::s3 {

// True when `etag` ("\"<32 hex>\"") is, by the rules above, an MD5 of the content, given the
// answer's x-amz-server-side-encryption and x-amz-server-side-encryption-customer-algorithm
// headers (empty when absent).
bool EtagIsContentMd5(std::string_view etag, std::string_view sse, std::string_view sse_customer);
// Lowercase hex MD5 of `data`.
std::string Md5Hex(std::string_view data);
// Standard base64 (with padding) of the binary MD5 of `data`: a Content-MD5 header value.
std::string Md5Base64(std::string_view data);

}  // namespace bi::blob::s3
