#pragma once
// A TCP relay between the S3 backend and s3rver that remembers the request line of every HTTP
// request passing through ("DELETE /bucket/key?uploadId=... HTTP/1.1"). It lets tests see what
// went over the wire — that a large Put went multipart, that a failed one sent
// AbortMultipartUpload, how keys were percent-encoded — without a fake S3: every byte still goes
// to the real peer and back unchanged.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bi::blob::testing {

// One request's head as sent: its request line and its header lines (names as sent).
struct RecordedRequest {
  std::string line;
  std::vector<std::pair<std::string, std::string>> headers;  // empty if the head was cut
};

class RecordingProxy {
 public:
  // Relays 127.0.0.1:<port()> to 127.0.0.1:<upstream_port>.
  explicit RecordingProxy(int upstream_port);
  ~RecordingProxy();
  RecordingProxy(const RecordingProxy&) = delete;
  RecordingProxy& operator=(const RecordingProxy&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Request lines seen so far, in order, without the trailing CRLF.
  std::vector<std::string> RequestLines() const;
  // The requests seen so far with their headers.
  std::vector<RecordedRequest> Requests() const;
  // How many request lines start with `method + " "` and contain `fragment`.
  int Count(const std::string& method, const std::string& fragment) const;

 private:
  void AcceptLoop();
  void Relay(int from, int to, bool record);
  void Scan(std::string& window, const char* data, size_t n);

  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;
  std::vector<int> fds_;
  std::vector<std::thread> relays_;
  std::thread acceptor_;
};

}  // namespace bi::blob::testing
