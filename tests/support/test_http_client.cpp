#include "support/test_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include <boost/beast/http.hpp>

namespace bi::testing {

namespace bhttp = boost::beast::http;

TestConnection::TestConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TestConnection::~TestConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestConnection::Write(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

HttpReply TestConnection::Read(std::chrono::milliseconds timeout) {
  HttpReply reply;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(1ull << 32);
  parser.skip(false);
  std::string data = std::move(pending_);
  pending_.clear();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t used = 0;
  for (;;) {
    boost::system::error_code ec;
    // The parser stops after the header; keep feeding while it makes progress.
    while (used < data.size() && !parser.is_done()) {
      size_t n = parser.put(boost::asio::buffer(data.data() + used, data.size() - used), ec);
      if (ec == bhttp::error::need_more) ec = {};
      if (ec) return reply;
      if (n == 0) break;
      used += n;
    }
    if (parser.is_done()) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return reply;
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      parser.put_eof(ec);
      if (!ec && parser.is_done()) break;
      return reply;
    }
    data.append(buf, static_cast<size_t>(n));
  }
  pending_ = data.substr(used);
  auto msg = parser.release();
  reply.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = std::move(msg.body());
  return reply;
}

bool TestConnection::ClosedByPeer(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char c;
  return ::recv(fd_, &c, 1, MSG_PEEK) <= 0;
}

HttpReply Request(int port, const std::string& method, const std::string& target,
                  const std::string& body, const std::map<std::string, std::string>& headers) {
  TestConnection conn(port);
  if (!conn.connected()) return {};
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "Connection: close\r\n\r\n" + body;
  conn.Write(raw);
  return conn.Read();
}

}  // namespace bi::testing
