// What only the S3 backend does, against s3rver: multipart uploads for large streams and their
// abort on failure, ranged chunked reads pinned to one version, ListObjectsV2 pages, key
// percent-encoding, bulk deletes (DeleteObjects), and a peer that goes away and comes back. A
// RecordingProxy in front of the peer shows the requests on the wire.
#include "blob/s3_blob_store.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <nlohmann/json.hpp>

#include "blob/blob_factory.h"
#include "tests/blob/pattern_source.h"
#include "tests/blob/s3_recording_proxy.h"
#include "tests/blob/s3_test_peer.h"
#include "tests/store/temp_dir.h"

namespace bi::blob::testing {
namespace {

constexpr uint64_t kMiB = 1 << 20;

// Yields a pattern and then fails, as a broken upload stream would.
class FailingSource final : public ByteSource {
 public:
  FailingSource(uint64_t seed, uint64_t fail_at) : pattern_(seed, fail_at) {}
  Result<size_t> Read(char* dst, size_t n) override {
    auto got = pattern_.Read(dst, n);
    if (got.ok() && *got == 0) return Status::IoError("upload stream broke");
    return got;
  }

 private:
  PatternSource pattern_;
};

class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    proxy_ = std::make_unique<RecordingProxy>(S3Peer().port());
    bucket_ = NewS3Bucket();
    auto opened = S3BlobStore::Open(S3TestOptions(bucket_, proxy_->endpoint()));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  S3BlobStore& store() { return *store_; }

  std::unique_ptr<RecordingProxy> proxy_;
  std::string bucket_;
  std::unique_ptr<S3BlobStore> store_;
};

TEST_F(S3BlobStoreTest, SmallObjectsAreOnePutObject) {
  ASSERT_TRUE(store().PutString("small/one", std::string(100000, 'x')).ok());
  EXPECT_EQ(proxy_->Count("PUT", "/" + bucket_ + "/small/one"), 1);
  EXPECT_EQ(proxy_->Count("POST", "uploads"), 0);
}

TEST_F(S3BlobStoreTest, LargeStreamGoesMultipartAndReadsBackExact) {
  constexpr uint64_t kSize = 20 * kMiB + 12345;
  PatternSource source(9, kSize);
  ASSERT_TRUE(store().Put("big/stream.bin", source).ok());
  const std::string path = "/" + bucket_ + "/big/stream.bin";
  EXPECT_EQ(proxy_->Count("POST", "uploads"), 1);      // CreateMultipartUpload
  EXPECT_EQ(proxy_->Count("PUT", "partNumber="), 3);   // 8 + 8 + 4 MiB
  EXPECT_EQ(proxy_->Count("POST", "uploadId="), 1);    // CompleteMultipartUpload
  EXPECT_EQ(proxy_->Count("PUT", path + " HTTP"), 0);  // no single PutObject
  EXPECT_EQ(store().Head("big/stream.bin")->size, kSize);

  auto reader = store().Open("big/stream.bin");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Size(), kSize);
  bool ok = false;
  EXPECT_EQ(VerifyPattern(**reader, 9, 0, &ok), kSize);
  EXPECT_TRUE(ok) << "content differs";
  EXPECT_EQ(proxy_->Count("GET", path), 3);  // three 8 MiB ranged chunks

  // A range across a part boundary, and one cut at the end.
  for (auto [off, len] : {std::pair<uint64_t, uint64_t>{8 * kMiB - 10, 20}, {kSize - 5, 100}}) {
    auto r = store().Open("big/stream.bin", ByteRange{off, len});
    ASSERT_TRUE(r.ok());
    bool range_ok = false;
    EXPECT_EQ(VerifyPattern(**r, 9, off, &range_ok), std::min(len, kSize - off));
    EXPECT_TRUE(range_ok) << off;
  }
  EXPECT_EQ(store().Open("big/stream.bin", ByteRange{kSize, 1}).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(S3BlobStoreTest, AFailingStreamAbortsItsMultipartUpload) {
  ASSERT_TRUE(store().PutString("upload/target", "old").ok());
  FailingSource source(3, 12 * kMiB);  // fails after one whole part and half of the next
  Status put = store().Put("upload/target", source);
  EXPECT_EQ(put.code(), ErrorCode::kIoError);
  EXPECT_NE(put.message().find("upload stream broke"), std::string::npos) << put.ToString();
  EXPECT_EQ(proxy_->Count("POST", "uploads"), 1);
  EXPECT_EQ(proxy_->Count("PUT", "partNumber=1"), 1);
  EXPECT_EQ(proxy_->Count("POST", "uploadId="), 0);    // never completed
  EXPECT_EQ(proxy_->Count("DELETE", "uploadId="), 1);  // AbortMultipartUpload
  // Nothing of the failed upload is visible; the old object is intact.
  EXPECT_EQ(*store().GetString("upload/target"), "old");
  EXPECT_EQ(store().List("upload/")->blobs.size(), 1u);
  // Note: s3rver implements neither AbortMultipartUpload (it answers 405, which the backend
  // logs) nor ListMultipartUploads, so the peer cannot confirm the upload is gone; AWS and MinIO
  // do both.

  // A stream that fails within its first part never starts a multipart upload.
  FailingSource early(4, kMiB);
  EXPECT_EQ(store().Put("upload/early", early).code(), ErrorCode::kIoError);
  EXPECT_EQ(proxy_->Count("POST", "uploads"), 1);
  EXPECT_EQ(store().Head("upload/early").status().code(), ErrorCode::kNotFound);
}

TEST_F(S3BlobStoreTest, ListsInPagesWithACursor) {
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "p/k-%02d", i);
    keys.push_back(key);
    ASSERT_TRUE(store().PutString(key, std::to_string(i)).ok());
  }
  ASSERT_TRUE(store().PutString("q/outside", "x").ok());
  std::vector<std::string> seen;
  std::vector<size_t> page_sizes;
  std::string cursor;
  do {
    auto page = store().List("p/", cursor, 10);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    page_sizes.push_back(page->blobs.size());
    for (const auto& b : page->blobs) {
      seen.push_back(b.key);
      EXPECT_GT(b.modified_ms, 0);
    }
    cursor = page->cursor;
  } while (!cursor.empty());
  EXPECT_EQ(seen, keys);
  EXPECT_EQ(page_sizes, (std::vector<size_t>{10, 10, 5}));
  EXPECT_EQ(proxy_->Count("GET", "list-type=2"), 3);
  EXPECT_EQ(store().List("p/", std::string(1, '\x01')).status().code(),
            ErrorCode::kInvalidArgument);
}

// Base64 of the MD5 of `body`, computed here rather than by the code under test.
std::string ContentMd5Of(const std::string& body) {
  unsigned char digest[MD5_DIGEST_LENGTH];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_md5(), nullptr);
  unsigned char out[64];
  int n = EVP_EncodeBlock(out, digest, static_cast<int>(len));
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string HeaderOf(const RecordedRequest& request, const std::string& lower_name) {
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == lower_name) return value;
  }
  return {};
}

TEST_F(S3BlobStoreTest, DeleteManySendsOneSignedDeleteObjectsPer1000KeysWithContentMd5) {
  std::vector<std::string> keys;
  for (int i = 0; i < 2050; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "bulk/k-%04d", i);
    keys.push_back(key);
  }
  keys.push_back("bulk/x&y");
  const std::vector<std::string> existing = {keys[0], keys[999], keys[1000], keys[2049],
                                             "bulk/x&y"};
  for (const auto& key : existing) ASSERT_TRUE(store().PutString(key, "v").ok());

  auto deleted = store().DeleteMany(keys);
  ASSERT_TRUE(deleted.ok()) << deleted.ToString();
  for (const auto& key : existing) {
    EXPECT_EQ(store().Head(key).status().code(), ErrorCode::kNotFound) << key;
  }
  EXPECT_EQ(proxy_->Count("DELETE", "/"), 0);  // no single DeleteObject
  // The bodies S3 must have been sent: 1000 + 1000 + 51 keys, quiet, '&' escaped.
  std::vector<std::string> bodies;
  for (size_t start = 0; start < keys.size(); start += 1000) {
    std::string body = "<Delete><Quiet>true</Quiet>";
    for (size_t i = start; i < std::min(keys.size(), start + 1000); ++i) {
      std::string key = keys[i] == "bulk/x&y" ? "bulk/x&amp;y" : keys[i];
      body += "<Object><Key>" + key + "</Key></Object>";
    }
    bodies.push_back(body + "</Delete>");
  }
  std::vector<std::string> md5s;
  for (const auto& request : proxy_->Requests()) {
    if (request.line.rfind("POST /" + bucket_ + "?delete", 0) != 0) continue;
    std::string md5 = HeaderOf(request, "content-md5");
    // The client retries a request s3rver answers 5xx (it can, when concurrent deletes empty a
    // directory): the same body again is the same request, not another batch.
    if (md5s.empty() || md5s.back() != md5) md5s.push_back(md5);
  }
  ASSERT_EQ(md5s.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(md5s[i], ContentMd5Of(bodies[i])) << "request " << i;

  S3BlobOptions small = S3TestOptions(bucket_, proxy_->endpoint());
  small.delete_batch = 0;
  EXPECT_EQ(S3BlobStore::Open(small).status().code(), ErrorCode::kInvalidArgument);
  small.delete_batch = 1001;
  EXPECT_EQ(S3BlobStore::Open(small).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(S3BlobStoreTest, KeysWithSpacesJapaneseAndReservedCharactersArePercentEncoded) {
  const std::vector<std::string> keys = {"日本語/ファイル 名.csv", "a b/c+d=e&f.txt",
                                         "q?x#y%20z;@!$'()*,~"};
  for (const auto& key : keys) ASSERT_TRUE(store().PutString(key, "data of " + key).ok()) << key;
  for (const auto& key : keys) {
    EXPECT_EQ(*store().GetString(key), "data of " + key) << key;
    EXPECT_EQ(store().Head(key)->size, ("data of " + key).size());
  }
  auto listed = store().List("");
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> names;
  for (const auto& b : listed->blobs) names.push_back(b.key);
  EXPECT_EQ(names, (std::vector<std::string>{"a b/c+d=e&f.txt", "q?x#y%20z;@!$'()*,~",
                                             "日本語/ファイル 名.csv"}));
  auto japanese = store().List("日本語/");
  ASSERT_TRUE(japanese.ok());
  EXPECT_EQ(japanese->blobs.size(), 1u);
  // Each segment encoded once, '/' kept: what S3 signs and what it decodes back to the key.
  const std::string b = "/" + bucket_ + "/";
  EXPECT_EQ(proxy_->Count("PUT", b + "%E6%97%A5%E6%9C%AC%E8%AA%9E/"
                                     "%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB%20%E5%90%8D.csv "),
            1);
  EXPECT_EQ(proxy_->Count("PUT", b + "a%20b/c%2Bd%3De%26f.txt "), 1);
  EXPECT_EQ(proxy_->Count("PUT", b + "q%3Fx%23y%2520z%3B%40%21%24%27%28%29%2A%2C~ "), 1);
  for (const auto& key : keys) ASSERT_TRUE(store().Delete(key).ok());
  EXPECT_TRUE(store().List("")->blobs.empty());
}

// s3rver does not check SigV4 signatures, so the AWS CLI's own signer (Debian's awscli bundles
// botocore) recomputes the signature of requests for keys that need percent-encoding, from the
// request as it went over the wire: path, query, signed headers and payload hash.
std::string BotocoreSignature(const RecordedRequest& request, const std::string& host) {
  size_t sp1 = request.line.find(' '), sp2 = request.line.rfind(' ');
  std::string method = request.line.substr(0, sp1);
  std::string target = request.line.substr(sp1 + 1, sp2 - sp1 - 1);
  nlohmann::json headers = nlohmann::json::object();
  std::string signed_names;
  for (const auto& [name, value] : request.headers) {
    if (name == "Authorization") {
      size_t at = value.find("SignedHeaders=") + 14;
      signed_names = value.substr(at, value.find(',', at) - at);
    }
  }
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((";" + signed_names + ";").find(";" + lower + ";") != std::string::npos) {
      headers[lower] = value;
    }
  }
  bi::testing::TempDir dir;
  const auto input = dir.path() / "request.json";
  const auto script = dir.path() / "sign.py";
  std::ofstream(input) << nlohmann::json{
      {"method", method},
      {"url", "http://" + host + target},
      {"headers", headers}}.dump();
  std::ofstream(script) << R"py(
import json, sys
import awscli  # makes its bundled botocore importable as "botocore"
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
req = json.load(open(sys.argv[1]))
r = AWSRequest(method=req["method"], url=req["url"], headers=req["headers"])
r.context["timestamp"] = req["headers"]["x-amz-date"]
auth = S3SigV4Auth(Credentials("S3RVER", "S3RVER"), "s3", "us-east-1")
print(auth.signature(auth.string_to_sign(r, auth.canonical_request(r)), r))
)py";
  std::string command = "/usr/bin/python3 " + script.string() + " " + input.string() + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buf[4096];
  for (size_t n; pipe && (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  if (pipe) ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST_F(S3BlobStoreTest, SignaturesOfEncodedKeysMatchTheAwsCliSigner) {
  const std::string encoded_prefix = "/" + bucket_ + "/";
  for (const std::string key : {"日本語/ファイル 名.csv", "q?x#y%20z;@!$'()*,~"}) {
    ASSERT_TRUE(store().PutString(key, "signed").ok());
    ASSERT_TRUE(store().List(key.substr(0, 3)).ok());  // a query string is signed too
  }
  int checked = 0;
  for (const auto& request : proxy_->Requests()) {
    bool put = request.line.rfind("PUT " + encoded_prefix, 0) == 0;
    bool list = request.line.find("list-type=2") != std::string::npos;
    if (!put && !list) continue;
    std::string ours;
    for (const auto& [name, value] : request.headers) {
      if (name == "Authorization") ours = value.substr(value.find("Signature=") + 10);
    }
    ASSERT_FALSE(ours.empty()) << request.line;
    EXPECT_EQ(BotocoreSignature(request, "127.0.0.1:" + std::to_string(proxy_->port())), ours)
        << request.line;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST_F(S3BlobStoreTest, AReaderOfAReplacedObjectFailsRatherThanMixVersions) {
  constexpr uint64_t kSize = 20 * kMiB;
  PatternSource v1(1, kSize);
  ASSERT_TRUE(store().Put("hot/big", v1).ok());
  auto reader = store().Open("hot/big");
  ASSERT_TRUE(reader.ok());
  std::string head(kMiB, '\0');
  ASSERT_EQ(*(*reader)->Read(head.data(), head.size()), kMiB);
  PatternSource v2(2, kSize);
  ASSERT_TRUE(store().Put("hot/big", v2).ok());
  // The rest of the first chunk was fetched at Open: still version 1.
  std::string expected(8 * kMiB, '\0');
  PatternSource::Fill(1, 0, expected.data(), expected.size());
  std::string got = head;
  Status end;
  std::string buf(kMiB, '\0');
  while (true) {
    auto n = (*reader)->Read(buf.data(), buf.size());
    if (!n.ok()) {
      end = n.status();
      break;
    }
    if (*n == 0) break;
    got.append(buf.data(), *n);
  }
  EXPECT_EQ(end.code(), ErrorCode::kConflict) << end.ToString();
  ASSERT_EQ(got.size(), 8 * kMiB);
  EXPECT_TRUE(got == expected) << "the bytes read before the conflict are not version 1";
  // A new reader sees version 2 whole.
  auto fresh = store().Open("hot/big");
  ASSERT_TRUE(fresh.ok());
  bool ok = false;
  EXPECT_EQ(VerifyPattern(**fresh, 2, 0, &ok), kSize);
  EXPECT_TRUE(ok);
}

TEST(S3BlobStorePeerTest, AStoppedPeerIsUnavailableAndTheSameStoreRecovers) {
  S3BlobOptions options = S3TestOptions(NewS3Bucket());
  options.retry.max_attempts = 2;
  options.retry.base_delay = std::chrono::milliseconds(10);
  options.connect_timeout = std::chrono::milliseconds(500);
  auto opened = S3BlobStore::Open(options);
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ASSERT_TRUE(store.PutString("k", "before").ok());
  PatternSource big(5, 20 * kMiB);
  ASSERT_TRUE(store.Put("big", big).ok());
  auto reader = store.Open("big");
  ASSERT_TRUE(reader.ok());
  std::string first(8 * kMiB, '\0');
  ASSERT_EQ(*(*reader)->Read(first.data(), first.size()), 8 * kMiB);

  S3Peer().Stop();
  const std::string port = std::to_string(S3Peer().port());
  for (Status s : {store.Head("k").status(), store.PutString("k", "during"),
                   store.GetString("k").status(), store.List("").status(), store.Delete("k")}) {
    EXPECT_EQ(s.code(), ErrorCode::kUnavailable) << s.ToString();
    EXPECT_NE(s.message().find(port), std::string::npos) << s.ToString();
    EXPECT_EQ(s.message().find(kS3rverKey), std::string::npos) << "credential in a message";
  }
  std::string chunk(kMiB, '\0');
  EXPECT_EQ((*reader)->Read(chunk.data(), chunk.size()).status().code(), ErrorCode::kUnavailable);

  S3Peer().Start();
  EXPECT_EQ(*store.GetString("k"), "before");
  ASSERT_TRUE(store.PutString("k", "after").ok());
  EXPECT_EQ(*store.GetString("k"), "after");
  // The open reader resumes where it stopped.
  bool ok = false;
  EXPECT_EQ(VerifyPattern(**reader, 5, 8 * kMiB, &ok), 12 * kMiB);
  EXPECT_TRUE(ok);
}

TEST(S3BlobFactoryTest, S3EndpointSelectsTheS3Backend) {
  Config config;
  config.s3_endpoint = S3Peer().endpoint();
  config.s3_bucket_datasets = NewS3Bucket();
  config.s3_access_key = kS3rverKey;
  config.s3_secret_key = kS3rverKey;
  config.aws_region = "us-east-1";
  auto store = OpenBlobStore(config);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->backend_name(), "s3");
  ASSERT_TRUE((*store)->PutString("datasets/d/data/manifest.json", "{}").ok());
  EXPECT_EQ(*(*store)->GetString("datasets/d/data/manifest.json"), "{}");

  config.s3_bucket_datasets = "no-such-bucket";
  auto missing = OpenBlobStore(config);
  ASSERT_TRUE(missing.ok());  // not contacted until used
  Status put = (*missing)->PutString("k", "v");
  EXPECT_EQ(put.code(), ErrorCode::kUnavailable);
  EXPECT_NE(put.message().find("does not exist"), std::string::npos) << put.ToString();

  config.s3_bucket_datasets = "Not_A_Bucket";
  EXPECT_EQ(OpenBlobStore(config).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bi::blob::testing
