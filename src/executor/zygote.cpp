#include "executor/zygote.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bi::executor {
namespace {

using Clock = std::chrono::steady_clock;

int MillisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 60'000 ? 60'000 : static_cast<int>(left.count());
}

// Sends `bytes` with `fds` attached to the first chunk.
bool SendWithFds(int sock, const std::string& bytes, const std::vector<int>& fds) {
  iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
  if (!fds.empty()) {
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t sent;
  do {
    sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return false;
  if (static_cast<size_t>(sent) < bytes.size()) {
    size_t rest = bytes.size() - static_cast<size_t>(sent);
    while (rest > 0) {
      ssize_t w = send(sock, bytes.data() + bytes.size() - rest, rest, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      rest -= static_cast<size_t>(w);
    }
  }
  return true;
}

}  // namespace

Zygote::Zygote(RuntimeOptions options) : options_(std::move(options)) {}

Zygote::~Zygote() {
  Kill();
}

void Zygote::Kill() {
  if (pid_ > 0) {
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
  }
  Reap();
}

void Zygote::Reap() {
  if (control_ >= 0) close(control_);
  control_ = -1;
  if (pid_ > 0) {
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  ready_ = false;
  pending_.clear();
  unsettled_child_ = -1;
}

Status Zygote::Spawn() {
  if (pid_ > 0) return Status::Ok();
  if (access(options_.python.c_str(), X_OK) != 0)
    return Status::Unavailable("python runtime missing: " + options_.python + " is not executable",
                               {{"reason", "runtime_missing"}, {"retryAfterSeconds", 10}});
  const std::string harness = options_.runtime_dir + "/harness.py";
  if (access(harness.c_str(), R_OK) != 0)
    return Status::Unavailable("executor runtime files missing: " + harness,
                               {{"reason", "runtime_missing"}, {"retryAfterSeconds", 10}});
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return Status::Unavailable(std::string("socketpair: ") + strerror(errno));

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = {"python3", "-I", "-B", harness, options_.runtime_dir};
  std::vector<std::string> env = {"PATH=/usr/bin:/bin",
                                  "LANG=C.UTF-8",
                                  "LC_ALL=C.UTF-8",
                                  "OPENBLAS_NUM_THREADS=1",
                                  "OMP_NUM_THREADS=1",
                                  "MKL_NUM_THREADS=1",
                                  "MPLBACKEND=Agg",
                                  "MPLCONFIGDIR=" + options_.work_dir + "/mpl",
                                  "HOME=" + options_.work_dir,
                                  "PYTHONDONTWRITEBYTECODE=1"};
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string python = options_.python;
  const bool root = geteuid() == 0;

  pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return Status::Unavailable(std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) {
    setsid();
    // No PR_SET_PDEATHSIG: it fires when the *thread* that forked ends, and workers restart
    // zygotes from pool threads. The zygote exits instead when its control socket closes
    // (the executor exited or dropped it).
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    if (root) unshare(CLONE_NEWNET);  // best effort: no network at all, loopback down
    if (dup2(sv[1], 3) < 0) _exit(127);
    syscall(SYS_close_range, 4, ~0U, 0);
    execve(python.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(sv[1]);
  pid_ = pid;
  control_ = sv[0];
  ready_ = false;
  pending_.clear();
  return Status::Ok();
}

Status Zygote::EnsureReady() {
  if (ready_ && pid_ > 0) return Status::Ok();
  BI_RETURN_IF_ERROR(Spawn());
  auto event = ReadEvent(Clock::now() + options_.startup_timeout);
  if (!event.ok()) {
    Kill();
    return Status::Unavailable("python runtime failed to start: " + event.status().message(),
                               {{"reason", "runtime_broken"}, {"retryAfterSeconds", 10}});
  }
  if ((*event).value("event", "") != "ready") {
    std::string reason = (*event).value("reason", "unexpected start-up message");
    Kill();
    return Status::Unavailable("python runtime is broken: " + reason,
                               {{"reason", "runtime_broken"}, {"retryAfterSeconds", 10}});
  }
  ready_ = true;
  return Status::Ok();
}

Result<nlohmann::json> Zygote::ReadEvent(Clock::time_point deadline) {
  while (true) {
    size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object())
        return Status::Internal("bad message from the python runtime");
      return j;
    }
    if (control_ < 0) return Status::Unavailable("python runtime not running");
    pollfd p{control_, POLLIN, 0};
    int r = poll(&p, 1, MillisUntil(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return Status::Timeout("no answer from the python runtime in time");
    char buf[4096];
    ssize_t n = read(control_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int status = 0;
      std::string how = "exited";
      if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                : "killed by signal " + std::to_string(WTERMSIG(status));
      }
      return Status::Unavailable("python runtime " + how);
    }
    pending_.append(buf, static_cast<size_t>(n));
  }
}

Result<RunOutcome> Zygote::Run(const nlohmann::json& request, const std::vector<int>& fds,
                               std::chrono::milliseconds timeout, size_t max_output_bytes,
                               const CancelCheck& cancelled) {
  BI_RETURN_IF_ERROR(EnsureReady());
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return Status::Unavailable("pipe failed");
  std::vector<int> send_fds = {pipefd[1]};
  send_fds.insert(send_fds.end(), fds.begin(), fds.end());
  std::string body = request.dump();
  std::string framed(4, '\0');
  uint32_t len = static_cast<uint32_t>(body.size());
  framed[0] = static_cast<char>(len >> 24);
  framed[1] = static_cast<char>(len >> 16);
  framed[2] = static_cast<char>(len >> 8);
  framed[3] = static_cast<char>(len);
  framed += body;
  bool sent = SendWithFds(control_, framed, send_fds);
  close(pipefd[1]);
  if (!sent) {
    close(pipefd[0]);
    Kill();
    return Status::Unavailable("python runtime went away");
  }
  // The zygote reports the previous run's exit (when not read yet) before taking this one.
  Result<nlohmann::json> started = ReadEvent(Clock::now() + std::chrono::seconds(30));
  if (started.ok() && unsettled_child_ > 0 && (*started).value("event", "") == "exited" &&
      (*started).value("pid", -1) == unsettled_child_) {
    unsettled_child_ = -1;
    started = ReadEvent(Clock::now() + std::chrono::seconds(30));
  }
  if (!started.ok() || (*started).value("event", "") != "started") {
    close(pipefd[0]);
    std::string why = started.ok() ? (*started).value("reason", "unexpected message")
                                   : started.status().message();
    Kill();
    return Status::Unavailable("python runtime failed to start the run: " + why);
  }
  const pid_t child = (*started).value("pid", -1);
  const Clock::time_point deadline = Clock::now() + timeout;
  // Waits for `fd` to be readable until the deadline, checking `cancelled` every
  // kCancelPollInterval. Returns 1 when readable, 0 at the deadline, -1 when cancelled.
  auto wait = [&](int fd) {
    while (true) {
      int ms = MillisUntil(deadline);
      if (ms == 0) return 0;
      if (cancelled) ms = std::min<int>(ms, kCancelPollInterval.count());
      pollfd p{fd, POLLIN, 0};
      int r = poll(&p, 1, ms);
      if (r > 0) return 1;
      if (r < 0 && errno != EINTR) return 0;
      if (cancelled && cancelled()) return -1;
    }
  };

  RunOutcome outcome;
  char buf[65536];
  while (true) {
    int w = wait(pipefd[0]);
    if (w <= 0) {
      (w == 0 ? outcome.timed_out : outcome.cancelled) = true;
      break;
    }
    ssize_t n = read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done (or dead)
    if (outcome.output.size() + static_cast<size_t>(n) > max_output_bytes) {
      outcome.output_too_large = true;
      break;
    }
    outcome.output.append(buf, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  const bool stopped = outcome.timed_out || outcome.output_too_large || outcome.cancelled;
  if (!stopped && !outcome.output.empty() && outcome.output.back() == '\n') {
    // A complete document: the child is done. An honest one is exiting already; one that
    // closed its pipe to run on is stopped here. Its exit (the kernel tearing down its address
    // space, the zygote reaping it) is collected when the next run starts, not waited for.
    kill(-child, SIGKILL);
    unsettled_child_ = child;
    return outcome;
  }
  // The zygote reaps the child and reports how it ended. Without a complete document the child
  // died, or closed its pipe and runs on: it gets until the deadline.
  Result<nlohmann::json> exited = Status::Timeout("stopped");
  if (!stopped) {
    int w = control_ >= 0 && pending_.find('\n') == std::string::npos ? wait(control_) : 1;
    if (w == 1) {
      exited = ReadEvent(Clock::now() + std::chrono::seconds(10));
    } else {
      (w == 0 ? outcome.timed_out : outcome.cancelled) = true;
    }
  }
  if (!exited.ok() && child > 0) {
    kill(-child, SIGKILL);  // its whole process group
    kill(child, SIGKILL);
    exited = ReadEvent(Clock::now() + std::chrono::seconds(10));
  }
  if (!exited.ok() || (*exited).value("event", "") != "exited") {
    Kill();
    return Status::Unavailable("python runtime lost track of a run");
  }
  outcome.wait_status = (*exited).value("status", 0);
  return outcome;
}

}  // namespace bi::executor
