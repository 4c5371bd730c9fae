#pragma once
// One pre-warmed Python interpreter (python/harness.py) that forks a sandboxed child per run.
//
// The executor starts it once per worker as `/usr/bin/python3 -I -B harness.py RUNTIME_DIR`
// with an empty environment (a few fixed variables only), a control socket on fd 3 (it exits
// when that closes), its own session, and a fresh network namespace when the kernel allows it.
// Start-up (imports + warm-up) costs ~0.5-1 s once. Each run goes to a child the zygote forked
// and warmed up ahead of time (harness.py).
//
// Not thread-safe: one worker owns one Zygote and runs one card at a time on it.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace bi::executor {

struct RuntimeOptions {
  std::string python = "/usr/bin/python3";  // BI_EXECUTOR_PYTHON overrides
  std::string runtime_dir;                  // harness.py + _bisandbox*.so (BI_EXECUTOR_RUNTIME_DIR)
  std::string work_dir;                     // matplotlib cache (MPLCONFIGDIR) and HOME
  std::chrono::seconds startup_timeout{60};
};

// What happened to one run.
// Asked while a run is waited for: true stops it (e.g. the HTTP client went away).
using CancelCheck = std::function<bool()>;
inline constexpr std::chrono::milliseconds kCancelPollInterval{50};

struct RunOutcome {
  bool timed_out = false;
  bool output_too_large = false;
  bool cancelled = false;  // the caller's CancelCheck said so; the child was killed
  // Raw status of the child (WIFEXITED / WIFSIGNALED), when the output is not a complete
  // document; 0 otherwise (its exit is collected before the next run).
  int wait_status = 0;
  std::string output;  // what the child wrote: a JSON document and "\n" when complete
};

class Zygote {
 public:
  explicit Zygote(RuntimeOptions options);
  ~Zygote();  // kills and reaps the interpreter
  Zygote(const Zygote&) = delete;
  Zygote& operator=(const Zygote&) = delete;

  // Starts the interpreter if not running (non-blocking).
  Status Spawn();
  // Waits until the interpreter reported "ready" (spawning it if needed). Unavailable with the
  // reason when the runtime is missing or broken.
  Status EnsureReady();
  bool ready() const { return ready_; }

  // Runs one request. `fds`: dataset descriptors referenced by index from the request (the
  // zygote gets them with SCM_RIGHTS; the caller keeps ownership). The child gets `timeout`
  // from the moment the zygote started it; then, or when `cancelled` (polled every
  // kCancelPollInterval) returns true, its process group is killed. Returns as soon as the
  // child's document is complete; its exit is collected when the next run starts. A broken
  // zygote is an error (and is restarted next time).
  Result<RunOutcome> Run(const nlohmann::json& request, const std::vector<int>& fds,
                         std::chrono::milliseconds timeout, size_t max_output_bytes,
                         const CancelCheck& cancelled = {});

  // Kills the interpreter (tests: simulate its death).
  void Kill();
  pid_t pid() const { return pid_; }

 private:
  Result<nlohmann::json> ReadEvent(std::chrono::steady_clock::time_point deadline);
  void Reap();

  RuntimeOptions options_;
  pid_t pid_ = -1;
  int control_ = -1;
  bool ready_ = false;
  std::string pending_;         // bytes of control events read ahead
  pid_t unsettled_child_ = -1;  // a finished child whose "exited" event is still to be read
};

}  // namespace bi::executor
