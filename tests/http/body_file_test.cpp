// BodyKind::kFile routes: the request body is streamed to a temporary file, with the same
// limit (413), 100-continue and chunked handling as in-memory bodies, and the file is removed
// after the handler returns.

#include <utility>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "support/bi_process.h"
#include "support/test_http_client.h"

namespace bi::http {
namespace {

using bi::testing::HttpReply;
using bi::testing::TempDir;
using bi::testing::TestConnection;

class BodyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    RouteOptions file;
    file.body = BodyKind::kFile;
    file.max_body_bytes = 1 << 20;
    file.body_dir = dir_.path() + "/uploads";
    router.Add(
        Verb::post, "/spool",
        [this](Request& r) -> Result<Response> {
          std::ifstream in(r.body_file, std::ios::binary);
          std::stringstream ss;
          ss << in.rdbuf();
          last_path_ = r.body_file;
          return Response::Json(
              {{"size", r.body_file_size}, {"inMemory", r.body().size()}, {"content", ss.str()}});
        },
        file);
    router.Add(Verb::get, "/download", [this](Request&) -> Result<Response> {
      download_path_ = dir_.path() + "/download.bin";
      std::ofstream(download_path_, std::ios::binary) << std::string(200000, 'z') << "end";
      return Response::File(download_path_, "application/octet-stream", true)
          .Header("Content-Disposition", "attachment");
    });
    ServerOptions options;
    options.io_threads = 1;
    options.blocking_threads = 2;
    server_ = std::make_unique<Server>(std::move(options), std::move(router));
    ASSERT_TRUE(server_->Start().ok());
  }

  size_t FilesLeft() {
    size_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir_.path() + "/uploads", ec);
         !ec && it != std::filesystem::directory_iterator(); ++it)
      ++n;
    return n;
  }

  TempDir dir_;
  std::unique_ptr<Server> server_;
  std::string last_path_;
  std::string download_path_;
};

TEST_F(BodyFileTest, FileResponsesAreStreamedAndRemoved) {
  HttpReply r = bi::testing::Request(server_->port(), "GET", "/download");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 200003u);
  EXPECT_EQ(r.body.substr(199998), "zzend");
  EXPECT_EQ(r.header("content-disposition"), "attachment");
  EXPECT_FALSE(std::filesystem::exists(download_path_));
}

TEST_F(BodyFileTest, BodyArrivesInAFileNotInMemoryAndTheFileIsRemovedAfterwards) {
  std::string body(300000, 'x');
  for (size_t i = 0; i < body.size(); i += 7) body[i] = static_cast<char>('a' + i % 26);
  HttpReply r = bi::testing::Request(server_->port(), "POST", "/spool", body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["size"], body.size());
  EXPECT_EQ(j["inMemory"], 0);
  EXPECT_EQ(j["content"], body);
  EXPECT_FALSE(std::filesystem::exists(last_path_));
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(BodyFileTest, EmptyBodyGivesAnEmptyFile) {
  HttpReply r = bi::testing::Request(server_->port(), "POST", "/spool", "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["size"], 0);
}

TEST_F(BodyFileTest, ChunkedBodyIsSpooledToo) {
  TestConnection conn(server_->port());
  conn.Write(
      "POST /spool HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  HttpReply r = conn.Read();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["content"], "hello world");
}

TEST_F(BodyFileTest, DeclaredLengthOverTheLimitIs413BeforeReading) {
  TestConnection conn(server_->port());
  conn.Write("POST /spool HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string((1 << 20) + 1) +
             "\r\nExpect: 100-continue\r\n\r\n");
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(BodyFileTest, ChunkedBodyOverTheLimitIs413AndLeavesNoFile) {
  TestConnection conn(server_->port());
  conn.Write("POST /spool HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk(64 * 1024, 'y');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 20; ++i) {
    if (!conn.Write(size_line + chunk + "\r\n")) break;
  }
  HttpReply r = conn.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(FilesLeft(), 0u);
}

TEST_F(BodyFileTest, ExpectContinueIsAnsweredForBodiesThatFit) {
  TestConnection conn(server_->port());
  conn.Write(
      "POST /spool HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  HttpReply cont = conn.Read();
  EXPECT_EQ(cont.status, 100);
  conn.Write("abc");
  HttpReply r = conn.Read();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["content"], "abc");
}

}  // namespace
}  // namespace bi::http
