#include "http/error_response.h"

#include <gtest/gtest.h>

namespace bi::http {
namespace {

TEST(ErrorResponseTest, EveryKindHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTimeout), 408);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnprocessable), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kIoError), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
}

TEST(ErrorResponseTest, BodyShape) {
  Response r = ErrorResponse(
      Status::Unprocessable("row 3 has 4 fields, expected 5", {{"row", 3}, {"column", "qty"}}),
      "req-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "unprocessable");
  EXPECT_EQ(j["error"]["message"], "row 3 has 4 fields, expected 5");
  EXPECT_EQ(j["error"]["details"]["row"], 3);
  EXPECT_EQ(j["requestId"], "req-1");
}

TEST(ErrorResponseTest, InternalErrorsDoNotLeakTheirCause) {
  Response r = ErrorResponse(Status::IoError("open /var/lib/bi/metadata.db: disk full"), "r");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("/var/lib"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "io_error");
}

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(ErrorResponseTest, Every503SaysWhenToComeBack) {
  // A figure of the failing part's own wins...
  Response queue =
      ErrorResponse(Status::Unavailable("executor full", {{"retryAfterSeconds", 2}}), "r");
  EXPECT_EQ(HeaderOf(queue, "Retry-After"), "2");
  // ...and a store that went away without one still gets a default.
  Response store = ErrorResponse(Status::Unavailable("metadata store unreachable"), "r");
  EXPECT_EQ(store.status, 503);
  EXPECT_EQ(HeaderOf(store, "Retry-After"), std::to_string(kDefaultRetryAfterSeconds));
  // Other errors do not.
  EXPECT_EQ(HeaderOf(ErrorResponse(Status::NotFound("x"), "r"), "Retry-After"), "");
}

}  // namespace
}  // namespace bi::http
