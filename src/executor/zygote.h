#pragma once
// One pre-warmed Python interpreter (python/harness.py) that forks a sandboxed child per run.
//
// The executor starts it once per worker as `/usr/bin/python3 -I -B harness.py RUNTIME_DIR`
// with an empty environment (a few fixed variables only), a control socket on fd 3 (it exits
// when that closes), its own session, and a fresh network namespace when the kernel allows it.
// Start-up (imports + warm-up) costs ~0.5-1 s once; each run then costs a fork.
//
// Not thread-safe: one worker owns one Zygote and runs one card at a time on it.

#include <sys/types.h>

#include <chrono>
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
struct RunOutcome {
  bool timed_out = false;
  bool output_too_large = false;
  int wait_status = 0;  // raw status of the child (WIFEXITED / WIFSIGNALED)
  std::string output;   // the JSON document the child wrote (empty if it died first)
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
  // zygote gets them with SCM_RIGHTS; the caller keeps ownership). On `deadline` the child's
  // process group is killed. A broken zygote is an error (and is restarted next time).
  Result<RunOutcome> Run(const nlohmann::json& request, const std::vector<int>& fds,
                         std::chrono::steady_clock::time_point deadline, size_t max_output_bytes);

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
  std::string pending_;  // bytes of control events read ahead
};

}  // namespace bi::executor
