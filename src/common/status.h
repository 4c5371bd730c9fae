#pragma once
// Errors as values. A Status is either ok or an error kind with a human message and optional
// structured details; Result<T> carries a value or a Status. The HTTP edge maps each kind to a
// status code in one table (http/error_response.cpp), so services never speak HTTP.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace bi {

enum class ErrorCode {
  kOk,
  kInvalidArgument,       // malformed input: 400
  kUnauthenticated,       // missing or bad credentials: 401
  kPermissionDenied,      // authenticated but not allowed: 403
  kNotFound,              // 404 (also for things the caller may not know exist)
  kMethodNotAllowed,      // 405
  kTimeout,               // 408
  kConflict,              // stale version or already exists: 409
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // well-formed but unusable input (bad CSV, user code error): 422
  kResourceExhausted,     // rate limited: 429
  kInternal,              // bug or unexpected failure: 500
  kUnavailable,           // dependency down or overloaded: 503
  kIoError,               // storage failure: 500
  kCorruption,            // stored data is damaged: 500
};

// Stable snake_case name used in the JSON error body ("not_found").
const char* ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, nlohmann::json details = nullptr)
      : code_(code), message_(std::move(message)), details_(std::move(details)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kInvalidArgument, std::move(m), std::move(d)};
  }
  static Status Unauthenticated(std::string m) {
    return {ErrorCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {ErrorCode::kPermissionDenied, std::move(m)};
  }
  static Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status Timeout(std::string m) { return {ErrorCode::kTimeout, std::move(m)}; }
  static Status Conflict(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kConflict, std::move(m), std::move(d)};
  }
  static Status PayloadTooLarge(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kPayloadTooLarge, std::move(m), std::move(d)};
  }
  static Status Unprocessable(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kUnprocessable, std::move(m), std::move(d)};
  }
  static Status ResourceExhausted(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kResourceExhausted, std::move(m), std::move(d)};
  }
  static Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
  static Status Unavailable(std::string m, nlohmann::json d = nullptr) {
    return {ErrorCode::kUnavailable, std::move(m), std::move(d)};
  }
  static Status IoError(std::string m) { return {ErrorCode::kIoError, std::move(m)}; }
  static Status Corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const nlohmann::json& details() const { return details_; }
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  nlohmann::json details_;
};

// A value or an error. Access the value only after checking ok().
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "Result built from an ok Status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace bi

// Returns early with the error of an expression yielding Status.
#define BI_RETURN_IF_ERROR(expr)               \
  do {                                         \
    ::bi::Status bi_status__ = (expr);         \
    if (!bi_status__.ok()) return bi_status__; \
  } while (0)
