#include "tests/blob/s3_recording_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace bi::blob::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// Longer than any request line the backend sends (keys are at most 1024 bytes, 3x encoded).
constexpr size_t kMaxLine = 8192;

}  // namespace

RecordingProxy::RecordingProxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("RecordingProxy: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

RecordingProxy::~RecordingProxy() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mu_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : relays_) t.join();
  for (int fd : fds_) ::close(fd);
  ::close(listen_fd_);
}

void RecordingProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = Loopback(upstream_port_);
    if (::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      // The peer is down: so is the relay, as the client would see without it.
      ::close(upstream);
      ::close(client);
      continue;
    }
    std::lock_guard lock(mu_);
    fds_.push_back(client);
    fds_.push_back(upstream);
    relays_.emplace_back([this, client, upstream] { Relay(client, upstream, true); });
    relays_.emplace_back([this, client, upstream] { Relay(upstream, client, false); });
  }
}

void RecordingProxy::Relay(int from, int to, bool record) {
  std::string window;
  char buf[65536];
  while (true) {
    ssize_t n = ::recv(from, buf, sizeof buf, 0);
    if (n <= 0) break;
    if (record) Scan(window, buf, static_cast<size_t>(n));
    for (ssize_t sent = 0; sent < n;) {
      ssize_t w = ::send(to, buf + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
      if (w <= 0) {
        ::shutdown(from, SHUT_RD);
        return;
      }
      sent += w;
    }
  }
  ::shutdown(to, SHUT_WR);
}

// Finds "<METHOD> <target> HTTP/1.1\r\n" lines. A request line directly follows the previous
// request's body, so it is found backwards from its version: the target has no spaces, and the
// method must end right before it. Test bodies never contain " HTTP/1.1\r\n" after a method.
void RecordingProxy::Scan(std::string& window, const char* data, size_t n) {
  window.append(data, n);
  static const std::string kVersion = " HTTP/1.1\r\n";
  size_t consumed = 0;
  for (size_t at = window.find(kVersion); at != std::string::npos;
       at = window.find(kVersion, at + 1)) {
    size_t space = at == 0 ? std::string::npos : window.rfind(' ', at - 1);
    if (space != std::string::npos && space >= consumed) {
      for (std::string method : {"GET", "PUT", "POST", "DELETE", "HEAD"}) {
        if (space >= method.size() + consumed &&
            window.compare(space - method.size(), method.size(), method) == 0) {
          RecordedRequest request;
          request.line = window.substr(space - method.size(), at + 9 - (space - method.size()));
          // Header lines follow up to the blank line (curl sends them in one write).
          size_t end = window.find("\r\n\r\n", at);
          for (size_t pos = at + kVersion.size(); end != std::string::npos && pos < end + 2;) {
            size_t eol = window.find("\r\n", pos);
            std::string header = window.substr(pos, eol - pos);
            size_t colon = header.find(':');
            if (colon != std::string::npos) {
              size_t value = header.find_first_not_of(' ', colon + 1);
              request.headers.emplace_back(header.substr(0, colon),
                                           value == std::string::npos ? "" : header.substr(value));
            }
            pos = eol + 2;
          }
          std::lock_guard lock(mu_);
          requests_.push_back(std::move(request));
          break;
        }
      }
    }
    consumed = at + kVersion.size();
  }
  // Keep only what may still hold the start of a line split across reads.
  size_t keep_from = std::max(consumed, window.size() > kMaxLine ? window.size() - kMaxLine : 0);
  window.erase(0, keep_from);
}

std::vector<std::string> RecordingProxy::RequestLines() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> lines;
  for (const auto& r : requests_) lines.push_back(r.line);
  return lines;
}

std::vector<RecordedRequest> RecordingProxy::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int RecordingProxy::Count(const std::string& method, const std::string& fragment) const {
  int count = 0;
  for (const auto& line : RequestLines()) {
    if (line.rfind(method + " ", 0) == 0 && line.find(fragment) != std::string::npos) ++count;
  }
  return count;
}

}  // namespace bi::blob::testing
