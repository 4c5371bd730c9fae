#pragma once
// One AWS service endpoint over HTTP(S): signs each request with SigV4, sends it with libcurl
// (idle connections kept for reuse), and retries what is worth retrying — connection failures,
// 5xx, 429 and the service's throttling answers — with exponential backoff and full jitter.
// The DynamoDB and S3 backends are built on this; they map answers to store errors.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "common/status.h"

namespace bi::aws {

struct AwsRequest {
  std::string method = "GET";
  std::string path = "/";                                  // raw path (encoded by the client)
  std::vector<std::pair<std::string, std::string>> query;  // raw names and values
  // Extra headers (content-type, x-amz-target, range, ...), all signed. Host, Authorization,
  // X-Amz-Date and X-Amz-Security-Token are the client's own: ones given here are dropped.
  // An S3 caller may set x-amz-content-sha256 (e.g. UNSIGNED-PAYLOAD); it is then signed as
  // the payload hash instead of the body's SHA-256.
  Headers headers;
  std::string body;  // sent as is; its SHA-256 is signed
};

struct AwsResponse {
  int status = 0;
  Headers headers;  // names lowercased
  std::string body;
  // First header named `name` (lowercase), or empty.
  std::string_view Header(std::string_view name) const;
};

struct RetryPolicy {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds base_delay{25};
  std::chrono::milliseconds max_delay{2000};
  // Service-specific: is this (non-5xx) answer a throttle worth retrying? e.g. DynamoDB's
  // 400 ThrottlingException / ProvisionedThroughputExceededException.
  std::function<bool(const AwsResponse&)> is_throttle;
};

struct AwsEndpoint {
  std::string url;  // "http://127.0.0.1:4567" or "https://dynamodb.ap-northeast-1.amazonaws.com"
  SigningScope scope;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{30000};  // whole request, per attempt
};

class AwsClient {
 public:
  AwsClient(AwsEndpoint endpoint, std::shared_ptr<CredentialsProvider> credentials,
            RetryPolicy retry = {});
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  // Any HTTP answer that is not retried is returned as is, 4xx included; the caller maps it.
  // kUnavailable (with a message naming the endpoint, never a credential; details carry
  // "endpoint", "attempts", "retryAfterSeconds" and the last "status") when the endpoint
  // cannot be reached or still answers 5xx/429/throttles after max_attempts. A credentials
  // error (container endpoint down) is returned as the provider gave it. Thread safe.
  Result<AwsResponse> Send(const AwsRequest& request);

  const AwsEndpoint& endpoint() const { return endpoint_; }

 private:
  struct Impl;
  AwsEndpoint endpoint_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bi::aws
