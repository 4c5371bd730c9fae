#pragma once
// Runs an npm protocol peer from tests/peers (dynalite for DynamoDB, s3rver for S3) as a child
// process on a free 127.0.0.1 port, so the cloud backends are tested over their real HTTP
// protocols. Stop() and Start() keep the port and the data directory, for tests of a peer that
// goes away mid-request and comes back.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace bi::testing {

class ProtocolPeer {
 public:
  // dynalite keeping its tables under `data_dir`.
  static std::unique_ptr<ProtocolPeer> Dynalite(const std::string& data_dir);
  // s3rver keeping its objects under `data_dir`, with `buckets` created at start.
  static std::unique_ptr<ProtocolPeer> S3rver(const std::string& data_dir,
                                              std::vector<std::string> buckets);
  ~ProtocolPeer();  // stops the peer

  // "http://127.0.0.1:<port>"
  std::string endpoint() const;
  int port() const { return port_; }
  // Kills the peer (SIGKILL: no goodbye to open connections) and waits for it to exit.
  void Stop();
  // Starts it again on the same port and data directory; returns once it accepts connections.
  void Start();

 private:
  ProtocolPeer(std::vector<std::string> args_before_port, std::vector<std::string> args_after);
  std::vector<std::string> args_before_port_;
  std::vector<std::string> args_after_port_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace bi::testing
