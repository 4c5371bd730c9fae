#pragma once
// A blocking HTTP/1.1 client for tests: one TCP connection to 127.0.0.1, raw writes (so tests
// can send malformed or partial requests) and Beast-parsed responses.

#include <chrono>
#include <map>
#include <string>

namespace bi::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

class TestConnection {
 public:
  explicit TestConnection(int port);
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes raw bytes; false if the peer closed.
  bool Write(const std::string& bytes);
  // Reads one response; status 0 if the connection closed first or nothing came in `timeout`.
  HttpReply Read(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // True if the server closed the connection (reads EOF within `timeout`).
  bool ClosedByPeer(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the previous response
};

// One request on a fresh connection.
HttpReply Request(int port, const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});

}  // namespace bi::testing
