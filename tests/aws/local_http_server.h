#pragma once
// A small real HTTP/1.1 server on 127.0.0.1 for the bi_aws tests: a thread per connection,
// keep-alive, Content-Length bodies, and an answer chosen per request by the test. It counts
// connections and requests and keeps what it received, so tests can check what went over
// the wire (signed headers, retries, connection reuse).

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bi::aws::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;                                        // as sent: encoded path and query
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, in order
  std::string body;
  int connection = 0;  // which accepted connection carried it (1, 2, ...)
  std::string Header(const std::string& lower_name) const;
};

struct Answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering (timeouts)
  bool close_without_answer = false;   // drop the connection instead of answering
};

class LocalHttpServer {
 public:
  using Handler = std::function<Answer(const ReceivedRequest&)>;
  explicit LocalHttpServer(Handler handler);
  ~LocalHttpServer();  // stops accepting, closes connections, joins threads
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }
  std::vector<ReceivedRequest> received() const;

 private:
  void AcceptLoop();
  void Serve(int fd, int connection);
  // Reads one request and answers it; false when the connection is done.
  bool ServeOne(int fd, int connection, std::string& buffer);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> received_;
  std::vector<int> open_fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A 127.0.0.1 port that nothing listens on (bound once, then released).
int UnusedLocalPort();

}  // namespace bi::aws::testing
