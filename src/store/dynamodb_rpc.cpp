// DynamoDB's JSON protocol: request framing and the mapping of its error types to Status.
#include "store/dynamodb_rpc.h"

namespace bi::store {
namespace {

constexpr char kTargetPrefix[] = "DynamoDB_20120810.";
constexpr char kContentType[] = "application/x-amz-json-1.0";

struct ParsedError {
  std::string type;
  std::string message;
};

ParsedError ParseError(std::string_view body) {
  ParsedError out;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return out;
  if (auto t = j.find("__type"); t != j.end() && t->is_string()) {
    const std::string& full = t->get_ref<const std::string&>();
    const size_t hash = full.rfind('#');
    out.type = hash == std::string::npos ? full : full.substr(hash + 1);
  }
  // DynamoDB spells it "message", some errors (and older peers) "Message".
  for (const char* key : {"message", "Message"}) {
    if (auto m = j.find(key); m != j.end() && m->is_string()) {
      out.message = m->get<std::string>();
      break;
    }
  }
  return out;
}

bool IsOneOf(std::string_view type, std::initializer_list<std::string_view> types) {
  for (auto t : types) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace

DynamoDbRpc::DynamoDbRpc(aws::AwsEndpoint endpoint,
                         std::shared_ptr<aws::CredentialsProvider> credentials,
                         aws::RetryPolicy retry)
    : client_(std::move(endpoint), std::move(credentials), [&retry] {
        retry.is_throttle = IsDynamoDbThrottle;
        return std::move(retry);
      }()) {}

Result<nlohmann::json> DynamoDbRpc::Call(std::string_view operation,
                                         const nlohmann::json& request) {
  aws::AwsRequest http;
  http.method = "POST";
  http.path = "/";
  http.headers = {{"content-type", kContentType},
                  {"x-amz-target", std::string(kTargetPrefix) + std::string(operation)}};
  try {
    http.body = request.dump();
  } catch (const nlohmann::json::exception&) {
    // Items are validated before they get here; this catches e.g. a query value.
    return Status::InvalidArgument("request to DynamoDB " + std::string(operation) +
                                   " holds a string that is not valid UTF-8");
  }
  auto response = client_.Send(http);
  if (!response.ok()) {
    const Status& s = response.status();
    return Status(s.code(), "DynamoDB " + std::string(operation) + ": " + s.message(), s.details());
  }
  if (response->status != 200) {
    return DynamoDbErrorStatus(operation, response->status, response->body);
  }
  auto j = nlohmann::json::parse(response->body, nullptr, false);
  if (!j.is_object()) {
    return Status::Unavailable("DynamoDB " + std::string(operation) + " at " + endpoint_url() +
                               " answered with a body that is not a JSON object");
  }
  return j;
}

bool IsDynamoDbThrottle(const aws::AwsResponse& response) {
  if (response.status != 400) return false;
  return IsOneOf(
      DynamoDbErrorType(response.body),
      {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded"});
}

std::string DynamoDbErrorType(std::string_view body) {
  return ParseError(body).type;
}

Status DynamoDbErrorStatus(std::string_view operation, int http_status, std::string_view body) {
  ParsedError e = ParseError(body);
  std::string what = "DynamoDB " + std::string(operation) + ": " +
                     (e.type.empty() ? "HTTP " + std::to_string(http_status) : e.type) +
                     (e.message.empty() ? "" : ": " + e.message);
  if (e.type == "ConditionalCheckFailedException" || e.type == "ResourceInUseException" ||
      e.type == "TransactionConflictException") {
    return Status::Conflict(what);
  }
  if (e.type == "ResourceNotFoundException") return Status::NotFound(what);
  if (e.type == "ValidationException" || e.type == "SerializationException") {
    return Status::InvalidArgument(what);
  }
  if (e.type == "ItemCollectionSizeLimitExceededException") {
    return Status::ResourceExhausted(what);
  }
  // Throttles that outlasted the retries, limits on concurrent table operations, the service
  // itself failing, and credentials it refuses (expired, wrong, not allowed): the store cannot
  // serve requests until that changes, so callers get 503 with the reason.
  if (http_status >= 500 || http_status == 429 ||
      IsOneOf(e.type,
              {"ThrottlingException", "ProvisionedThroughputExceededException",
               "RequestLimitExceeded", "LimitExceededException", "InternalServerError",
               "ServiceUnavailable", "UnrecognizedClientException", "InvalidSignatureException",
               "MissingAuthenticationTokenException", "AccessDeniedException",
               "ExpiredTokenException", "IncompleteSignatureException"})) {
    return Status::Unavailable(what);
  }
  return Status::Internal(what);
}

}  // namespace bi::store
