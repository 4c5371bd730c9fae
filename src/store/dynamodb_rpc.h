#pragma once
// DynamoDB's JSON protocol (version 2012-08-10) over the signed AWS client: every operation is
// one POST to "/" with X-Amz-Target DynamoDB_20120810.<Operation> and an
// application/x-amz-json-1.0 body. Throttling answers are retried by the client with backoff;
// DynamoDB's error types are mapped here to the store's error kinds, so the backend only sees
// Status codes: ConditionalCheckFailed and ResourceInUse -> kConflict, ResourceNotFound ->
// kNotFound, Validation -> kInvalidArgument, unreachable/5xx/throttled -> kUnavailable.
// Thread safe.

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/aws_client.h"
#include "common/status.h"

namespace bi::store {

class DynamoDbRpc {
 public:
  // `retry.is_throttle` is set here to IsDynamoDbThrottle.
  DynamoDbRpc(aws::AwsEndpoint endpoint, std::shared_ptr<aws::CredentialsProvider> credentials,
              aws::RetryPolicy retry);

  // The operation's answer (a JSON object), or the mapped error.
  Result<nlohmann::json> Call(std::string_view operation, const nlohmann::json& request);

  const std::string& endpoint_url() const { return client_.endpoint().url; }

 private:
  aws::AwsClient client_;
};

// DynamoDB's throttling answers (HTTP 400 with ThrottlingException,
// ProvisionedThroughputExceededException or RequestLimitExceeded): worth retrying.
bool IsDynamoDbThrottle(const aws::AwsResponse& response);

// The short error type of a DynamoDB error body ("ConditionalCheckFailedException" from
// "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"), or empty.
std::string DynamoDbErrorType(std::string_view body);

// The Status for a non-200 answer to `operation`.
Status DynamoDbErrorStatus(std::string_view operation, int http_status, std::string_view body);

}  // namespace bi::store
