#include "http/error_response.h"

namespace bi::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kTimeout:
      return 408;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
    case ErrorCode::kIoError:
    case ErrorCode::kCorruption:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status, std::string_view request_id) {
  const int http_status = HttpStatusFor(status.code());
  // Internal failures keep their cause in the log; the client learns only that it happened.
  const bool hide = http_status == 500;
  nlohmann::json body = {
      {"error",
       {{"code", ErrorCodeName(status.code())},
        {"message", hide ? "internal server error" : status.message()},
        {"details", hide ? nlohmann::json(nullptr) : status.details()}}},
      {"requestId", request_id},
  };
  Response response = Response::Json(body, http_status);
  if (status.code() == ErrorCode::kUnauthenticated) response.Header("WWW-Authenticate", "Bearer");
  // 429 and 503 say when to come back (details.retryAfterSeconds); a 503 without a figure of
  // its own (a store or peer that went away) suggests a few seconds.
  const auto& details = status.details();
  if (details.is_object() && details.contains("retryAfterSeconds") &&
      details["retryAfterSeconds"].is_number_integer())
    response.Header("Retry-After", std::to_string(details["retryAfterSeconds"].get<int64_t>()));
  else if (http_status == 503)
    response.Header("Retry-After", std::to_string(kDefaultRetryAfterSeconds));
  return response;
}

}  // namespace bi::http
