#pragma once
// The API's side of POST /execute (docs/executor.md): sends a run to EXECUTOR_ENDPOINT with the
// shared secret and a deadline that covers connecting and reading, so a run never hangs the API
// however the executor behaves. libcurl does the HTTP; idle connections are kept for reuse.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace bi::cards {

// What the executor answered: its status and JSON body (and Retry-After on 503).
struct ExecutorReply {
  int status = 0;
  nlohmann::json body;
  int retry_after_seconds = 0;
};

class ExecutorClient {
 public:
  // `endpoint`: e.g. "http://127.0.0.1:8080"; `secret`: EXECUTOR_SHARED_SECRET or empty.
  ExecutorClient(std::string endpoint, std::string secret);
  ~ExecutorClient();
  ExecutorClient(const ExecutorClient&) = delete;
  ExecutorClient& operator=(const ExecutorClient&) = delete;

  // POST /execute. Any HTTP answer is a reply (the caller maps it); kUnavailable when the
  // executor cannot be reached, the deadline passes, or it answers something that is not JSON.
  Result<ExecutorReply> Execute(const nlohmann::json& request, std::chrono::milliseconds deadline);

  const std::string& endpoint() const { return endpoint_; }

 private:
  void* Acquire();
  void Release(void* handle);

  std::string endpoint_;
  std::string secret_;
  std::mutex mu_;
  std::vector<void*> idle_;  // CURL easy handles, each with its own kept-alive connection
};

}  // namespace bi::cards
