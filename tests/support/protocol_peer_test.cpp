// The protocol peer runner itself: each peer answers its protocol on the port it was given,
// and Stop()/Start() take it away and bring it back on the same port with its data.
#include "support/protocol_peer.h"

#include <gtest/gtest.h>

#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::testing {
namespace {

TEST(ProtocolPeerTest, DynaliteAnswersDynamoDbAndComesBackOnItsPort) {
  TempDir dir;
  auto peer = ProtocolPeer::Dynalite(dir.path() + "/db");
  int port = peer->port();
  // Unsigned requests are refused with DynamoDB's own error shape: proof of the protocol.
  auto answer = Request(port, "POST", "/", "{}",
                        {{"X-Amz-Target", "DynamoDB_20120810.ListTables"},
                         {"Content-Type", "application/x-amz-json-1.0"}});
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("MissingAuthenticationToken"), std::string::npos) << answer.body;

  peer->Stop();
  EXPECT_EQ(Request(port, "GET", "/").status, 0);  // nobody listening
  peer->Start();
  EXPECT_EQ(peer->port(), port);
  EXPECT_EQ(peer->endpoint(), "http://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(Request(port, "GET", "/").status, 0);
}

TEST(ProtocolPeerTest, S3rverStartsWithItsBuckets) {
  TempDir dir;
  auto peer = ProtocolPeer::S3rver(dir.path(), {"bi-datasets"});
  auto answer = Request(peer->port(), "GET", "/");
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("<Name>bi-datasets</Name>"), std::string::npos) << answer.body;
}

}  // namespace
}  // namespace bi::testing
