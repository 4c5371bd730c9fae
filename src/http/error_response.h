#pragma once
// The one place where error kinds become HTTP: the status code table and the JSON error body
//   {"error": {"code": "not_found", "message": "...", "details": ...}, "requestId": "..."}

#include <string_view>

#include "common/status.h"
#include "http/response.h"

namespace bi::http {

// Retry-After of a 503 whose status does not say (details.retryAfterSeconds).
inline constexpr int kDefaultRetryAfterSeconds = 5;

int HttpStatusFor(ErrorCode code);
Response ErrorResponse(const Status& status, std::string_view request_id);

}  // namespace bi::http
