#pragma once
// The executor service: validates an execute request, loads its datasets (DatasetCache), waits
// for a free worker (bounded queue), runs the card on that worker's pre-warmed zygote in a
// fresh scratch directory, and classifies the outcome. Knows nothing of HTTP: the router maps
// outcomes and Status codes to responses (executor_router.cpp).
//
// Thread-safe: any number of request threads may call Execute concurrently.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob_store.h"
#include "common/config.h"
#include "common/status.h"
#include "executor/dataset_cache.h"
#include "executor/zygote.h"

namespace bi::executor {

struct ExecutorOptions {
  int workers = 0;    // BI_EXECUTOR_WORKERS; 0: one per core
  int max_queue = 8;  // BI_EXECUTOR_QUEUE: requests waiting for a worker beyond this get 503
  RuntimeOptions runtime;
  uint64_t cache_bytes = 1ull << 30;  // BI_EXECUTOR_CACHE_MB: decoded datasets kept in memory
  int sandbox_uid = 61000;            // BI_EXECUTOR_SANDBOX_UID: first uid for children (when root)
  size_t max_output_bytes = 64ull << 20;  // a result larger than this is refused
  int default_timeout_seconds = 10;
  int max_timeout_seconds = 10;
  int default_memory_mb = 2048;
  int max_memory_mb = 2048;
  int64_t max_file_bytes = 256ll << 20;  // RLIMIT_FSIZE in the scratch dir
  size_t stdout_limit = 64 * 1024;

  // Defaults plus the BI_EXECUTOR_* environment variables (see docs/executor.md).
  static ExecutorOptions FromEnvironment();
};

// How a run ended, from the caller's point of view.
enum class Outcome {
  kOk,                 // 200
  kUserError,          // 422 user_code_error: the card raised (or failed to compile)
  kMemoryLimit,        // 422 memory_limit
  kUnsupportedResult,  // 422 unsupported_result
  kCrashed,            // 422 card_crashed: the child died (signal, os._exit, ...)
  kOutputTooLarge,     // 422 output_too_large
  kTimeout,            // 408 timeout
  kCancelled,          // the caller went away (queued: never started; running: killed)
};

struct Execution {
  Outcome outcome = Outcome::kOk;
  // kOk: {"result": {...}, "stdout", "stdoutTruncated", "executionTimeMs", ...}
  // else: {"code", "message", "details"}
  nlohmann::json body;
};

class ExecutorService {
 public:
  // `store` may be null (then requests naming datasets fail with 503).
  ExecutorService(ExecutorOptions options, std::unique_ptr<blob::BlobStore> store);
  ~ExecutorService();
  ExecutorService(const ExecutorService&) = delete;
  ExecutorService& operator=(const ExecutorService&) = delete;

  // Infrastructure problems are Status errors: kInvalidArgument (bad request), kNotFound
  // (dataset blob missing), kUnavailable (queue full with retryAfterSeconds, runtime missing
  // or broken with details.reason). `cancelled` is polled while the request waits for a worker
  // and while its card runs (every kCancelPollInterval): once true, the request leaves the
  // queue, or the card's process group is killed, and the outcome is kCancelled.
  Result<Execution> Execute(const nlohmann::json& request, const CancelCheck& cancelled = {});

  // For /health and tests.
  nlohmann::json Stats() const;
  const ExecutorOptions& options() const { return options_; }

 private:
  struct Worker {
    int index = 0;
    std::unique_ptr<Zygote> zygote;
  };
  // Null (and no error) when cancelled while waiting.
  Result<Worker*> Acquire(const CancelCheck& cancelled);
  void Release(Worker* worker);

  ExecutorOptions options_;
  std::unique_ptr<blob::BlobStore> store_;
  DatasetCache cache_;
  std::string scratch_root_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> free_;
  int waiting_ = 0;
  uint64_t run_counter_ = 0;
  uint64_t runs_ = 0, timeouts_ = 0, rejected_ = 0, cancelled_ = 0;
};

// Where harness.py and the _bisandbox module live: BI_EXECUTOR_RUNTIME_DIR, else
// `executor-runtime/` beside the running binary, else the build tree's (compile-time) one.
std::string DefaultRuntimeDir();

}  // namespace bi::executor
