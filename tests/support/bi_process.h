#pragma once
// Runs the real `bi` binary as a child process for integration tests: captures its stdout
// (JSON log lines), finds the ports it listens on from its "listening" lines, and stops it
// with a signal.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bi::testing {

class BiProcess {
 public:
  // Starts BI_BINARY_PATH with `args`; `env` entries are added to a minimal environment.
  BiProcess(std::vector<std::string> args, std::map<std::string, std::string> env = {});
  ~BiProcess();  // SIGKILLs the child if still running

  // Waits until the process logged "listening" for `server` ("api" or "executor"); -1 if it
  // exited or never did within `timeout`.
  int WaitForPort(const std::string& server,
                  std::chrono::seconds timeout = std::chrono::seconds(60));
  void Signal(int signal);
  // Waits for exit; returns the exit code, or nullopt if still running after `timeout`.
  std::optional<int> Wait(std::chrono::seconds timeout = std::chrono::seconds(60));
  // Everything the child wrote to stdout and stderr so far.
  std::string Output();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

// A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace bi::testing
