#pragma once
// AWS Signature Version 4 (header signing), OpenSSL for SHA-256 and HMAC. Checked against
// AWS's published signing examples in tests/aws/sigv4_test.cpp.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"

namespace bi::aws {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct RequestToSign {
  std::string method;  // "GET", "PUT", "POST", ...
  std::string host;    // Host header value, with ":port" when not the default
  std::string path;    // raw (not yet URI-encoded) path starting with '/'
  std::vector<std::pair<std::string, std::string>> query;  // raw names and values
  Headers headers;                                         // extra headers to sign
  std::string payload_sha256;                              // lowercase hex of the body's SHA-256
};

struct SigningScope {
  std::string region;   // "ap-northeast-1"
  std::string service;  // "dynamodb", "s3"
};

// The headers to add to the request: x-amz-date, x-amz-content-sha256 (s3 only),
// x-amz-security-token (when the credentials have one) and Authorization.
Headers SignV4(const RequestToSign& request, const Credentials& credentials,
               const SigningScope& scope, std::chrono::system_clock::time_point now);

// SignV4 with its intermediate strings, so tests can compare each step with AWS's worked
// examples. Holds the secret-derived signature only, never the secret.
struct SignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // lowercase hex
  Headers headers;             // what SignV4 returns
};
SignatureParts SignV4WithParts(const RequestToSign& request, const Credentials& credentials,
                               const SigningScope& scope,
                               std::chrono::system_clock::time_point now);

// RFC 3986 unreserved characters stay, everything else becomes %XX (uppercase hex); '/' stays
// when `keep_slash` (paths). S3 paths are encoded once; other services' twice (SigV4 rule).
std::string UriEncode(std::string_view raw, bool keep_slash);
std::string Sha256Hex(std::string_view data);

}  // namespace bi::aws
