#include "support/protocol_peer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bi::testing {
namespace {

const std::string kPeerBin = std::string(BI_SOURCE_DIR) + "/tests/peers/node_modules/.bin/";

// A port nobody listens on right now. The peer binds it a moment later; the kernel hands out
// ephemeral ports round-robin, so reuse by someone else in between is unlikely.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("ProtocolPeer: no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::unique_ptr<ProtocolPeer> ProtocolPeer::Dynalite(const std::string& data_dir) {
  // Tables become ACTIVE after 50 ms instead of dynalite's default 500 ms, so tests that create
  // many tables stay quick while the backend still has to wait for the CREATING state.
  std::unique_ptr<ProtocolPeer> peer(
      new ProtocolPeer({kPeerBin + "dynalite", "--host", "127.0.0.1", "--port"},
                       {"--path", data_dir, "--createTableMs", "50", "--deleteTableMs", "50",
                        "--updateTableMs", "50"}));
  peer->Start();
  return peer;
}

std::unique_ptr<ProtocolPeer> ProtocolPeer::S3rver(const std::string& data_dir,
                                                   std::vector<std::string> buckets) {
  std::vector<std::string> after = {"--directory", data_dir, "--silent"};
  for (auto& bucket : buckets) {
    after.push_back("--configure-bucket");
    after.push_back(std::move(bucket));
  }
  // s3rver makes ListObjectsV2 continuation tokens with DES, which Node's OpenSSL 3 offers only
  // through the legacy provider: without it every truncated listing is a 500.
  std::unique_ptr<ProtocolPeer> peer(new ProtocolPeer(
      {"--openssl-legacy-provider", kPeerBin + "s3rver", "--address", "127.0.0.1", "--port"},
      after));
  peer->Start();
  return peer;
}

ProtocolPeer::ProtocolPeer(std::vector<std::string> args_before_port,
                           std::vector<std::string> args_after)
    : args_before_port_(std::move(args_before_port)), args_after_port_(std::move(args_after)) {
  char log_template[] = "/tmp/bi-peer-log-XXXXXX";
  int fd = ::mkstemp(log_template);
  if (fd >= 0) ::close(fd);
  log_path_ = log_template;
}

ProtocolPeer::~ProtocolPeer() {
  Stop();
  ::unlink(log_path_.c_str());
}

std::string ProtocolPeer::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void ProtocolPeer::Start() {
  if (pid_ > 0) return;
  if (port_ == 0) port_ = FreePort();
  const std::string command = "node " + args_before_port_[0] + " " + args_before_port_[1];
  std::vector<std::string> args = {"node"};
  args.insert(args.end(), args_before_port_.begin(), args_before_port_.end());
  args.push_back(std::to_string(port_));
  args.insert(args.end(), args_after_port_.begin(), args_after_port_.end());

  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_APPEND);
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // The peer must not outlive a test binary that crashes or is killed by CTest's timeout.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp("node", argv.data());
    ::_exit(127);
  }
  ::close(log_fd);

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!Accepts(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("ProtocolPeer: " + command + " exited: " + ReadFile(log_path_));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      Stop();
      throw std::runtime_error("ProtocolPeer: " + command + " did not listen on port " +
                               std::to_string(port_) + ": " + ReadFile(log_path_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void ProtocolPeer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace bi::testing
