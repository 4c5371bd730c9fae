// SigV4 signing checked against AWS's published examples: the "get-vanilla" family of the
// Signature Version 4 test suite (AKIDEXAMPLE, 2015-08-30, us-east-1, service "service"; the
// same files aws-c-auth keeps under tests/aws-signing-test-suite/v4) and the worked examples
// of the S3 API reference ("Signature Calculations for the Authorization Header", 2013-05-24,
// examplebucket). The expected strings are AWS's, not outputs of this code.

#include "aws/sigv4.h"

#include <gtest/gtest.h>

namespace bi::aws {
namespace {

using std::chrono::system_clock;

constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

system_clock::time_point Utc(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return system_clock::from_time_t(timegm(&tm));
}

std::string HeaderValue(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return "<missing>";
}

// --- The Signature Version 4 test suite --------------------------------------------------

const Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                                    std::nullopt};
const SigningScope kSuiteScope{"us-east-1", "service"};
const system_clock::time_point kSuiteTime = Utc(2015, 8, 30, 12, 36, 0);

RequestToSign SuiteGet(std::string path = "/") {
  RequestToSign r;
  r.method = "GET";
  r.host = "example.amazonaws.com";
  r.path = std::move(path);
  r.payload_sha256 = kEmptySha256;
  return r;
}

std::string SuiteAuthorization(const std::string& signed_headers, const std::string& signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
         "SignedHeaders=" +
         signed_headers + ", Signature=" + signature;
}

TEST(SigV4Suite, GetVanillaEveryStep) {
  const SignatureParts parts =
      SignV4WithParts(SuiteGet(), kSuiteCredentials, kSuiteScope, kSuiteTime);
  EXPECT_EQ(parts.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" +
                std::string(kEmptySha256));
  EXPECT_EQ(parts.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(parts.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(HeaderValue(parts.headers, "Authorization"),
            SuiteAuthorization("host;x-amz-date", parts.signature));
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-date"), "20150830T123600Z");
  // Not S3: no content hash header; no token: no security token header.
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-content-sha256"), "<missing>");
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-security-token"), "<missing>");
  EXPECT_EQ(SignV4(SuiteGet(), kSuiteCredentials, kSuiteScope, kSuiteTime), parts.headers);
}

TEST(SigV4Suite, GetVanillaQueryOrderKeyCase) {
  RequestToSign r = SuiteGet();
  r.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  const SignatureParts parts = SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime);
  EXPECT_EQ(parts.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4Suite, GetVanillaEmptyQueryKey) {
  RequestToSign r = SuiteGet();
  r.query = {{"Param1", "value1"}};
  EXPECT_EQ(SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime).signature,
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
}

TEST(SigV4Suite, GetVanillaUtf8Query) {
  RequestToSign r = SuiteGet();
  r.query = {{"\xE1\x88\xB4", "bar"}};  // U+1234
  EXPECT_EQ(SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime).signature,
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
}

TEST(SigV4Suite, GetUnreservedPathAndQuery) {
  const std::string unreserved =
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(SignV4WithParts(SuiteGet("/" + unreserved), kSuiteCredentials, kSuiteScope, kSuiteTime)
                .signature,
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
  RequestToSign r = SuiteGet();
  r.query = {{unreserved, unreserved}};
  EXPECT_EQ(SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime).signature,
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
}

TEST(SigV4Suite, GetHeaderValueTrim) {
  RequestToSign r = SuiteGet();
  r.headers = {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}};
  const SignatureParts parts = SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime);
  EXPECT_EQ(parts.signed_headers, "host;my-header1;my-header2;x-amz-date");
  EXPECT_EQ(parts.signature, "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
}

TEST(SigV4Suite, GetHeaderKeyDuplicateKeepsValueOrder) {
  RequestToSign r = SuiteGet();
  r.headers = {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}};
  const SignatureParts parts = SignV4WithParts(r, kSuiteCredentials, kSuiteScope, kSuiteTime);
  EXPECT_NE(parts.canonical_request.find("my-header1:value2,value2,value1\n"), std::string::npos);
  EXPECT_EQ(parts.signed_headers, "host;my-header1;x-amz-date");
  EXPECT_EQ(parts.signature, "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
}

TEST(SigV4Suite, GetVanillaWithSessionTokenSignsTheToken) {
  Credentials with_token = kSuiteCredentials;
  with_token.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  const SignatureParts parts = SignV4WithParts(SuiteGet(), with_token, kSuiteScope, kSuiteTime);
  EXPECT_EQ(parts.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(parts.signature, "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-security-token"), with_token.session_token);
  EXPECT_EQ(HeaderValue(parts.headers, "Authorization"),
            SuiteAuthorization("host;x-amz-date;x-amz-security-token", parts.signature));
}

// --- The S3 API reference examples -------------------------------------------------------

const Credentials kS3Credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                 "", std::nullopt};
const SigningScope kS3Scope{"us-east-1", "s3"};
const system_clock::time_point kS3Time = Utc(2013, 5, 24, 0, 0, 0);

RequestToSign S3Request(std::string method, std::string path) {
  RequestToSign r;
  r.method = std::move(method);
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = std::move(path);
  r.payload_sha256 = kEmptySha256;
  return r;
}

TEST(SigV4S3, GetObjectWithRange) {
  RequestToSign r = S3Request("GET", "/test.txt");
  r.headers = {{"Range", "bytes=0-9"}};
  const SignatureParts parts = SignV4WithParts(r, kS3Credentials, kS3Scope, kS3Time);
  EXPECT_EQ(parts.canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:" +
                std::string(kEmptySha256) +
                "\nx-amz-date:20130524T000000Z\n\n"
                "host;range;x-amz-content-sha256;x-amz-date\n" +
                kEmptySha256);
  EXPECT_EQ(parts.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(parts.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  // S3 wants the payload hash as a header, and it is signed.
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-content-sha256"), kEmptySha256);
}

TEST(SigV4S3, PutObjectEncodesTheKeyOnce) {
  RequestToSign r = S3Request("PUT", "/test$file.text");
  r.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
               {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  r.payload_sha256 = Sha256Hex("Welcome to Amazon S3.");
  EXPECT_EQ(r.payload_sha256, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  const SignatureParts parts = SignV4WithParts(r, kS3Credentials, kS3Scope, kS3Time);
  EXPECT_EQ(parts.canonical_request.substr(0, 23), "PUT\n/test%24file.text\n\n");
  EXPECT_EQ(parts.signed_headers, "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
  EXPECT_EQ(parts.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  EXPECT_EQ(parts.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-content-sha256"), r.payload_sha256);
}

TEST(SigV4S3, GetBucketLifecycleSignsAValuelessParameter) {
  RequestToSign r = S3Request("GET", "/");
  r.query = {{"lifecycle", ""}};
  EXPECT_EQ(SignV4WithParts(r, kS3Credentials, kS3Scope, kS3Time).signature,
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4S3, ListObjectsSortsTheQuery) {
  RequestToSign r = S3Request("GET", "/");
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};
  const SignatureParts parts = SignV4WithParts(r, kS3Credentials, kS3Scope, kS3Time);
  EXPECT_NE(parts.canonical_request.find("\nmax-keys=2&prefix=J\n"), std::string::npos);
  EXPECT_EQ(parts.signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4S3, CallerContentShaHeaderIsUsedNotDuplicated) {
  RequestToSign r = S3Request("PUT", "/bucket/key");
  r.headers = {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  const SignatureParts parts = SignV4WithParts(r, kS3Credentials, kS3Scope, kS3Time);
  EXPECT_EQ(HeaderValue(parts.headers, "x-amz-content-sha256"), "<missing>");
  EXPECT_EQ(parts.canonical_request.substr(parts.canonical_request.rfind('\n') + 1),
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(parts.signed_headers, "host;x-amz-content-sha256;x-amz-date");
}

// --- Encoding and hashing ----------------------------------------------------------------

TEST(UriEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", false), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b", false), "a%20b");
  EXPECT_EQ(UriEncode("a+b", false), "a%2Bb");
  EXPECT_EQ(UriEncode("100%", false), "100%25");
  EXPECT_EQ(UriEncode("!*'();:@&=+$,?#[]", false),
            "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%3F%23%5B%5D");
  EXPECT_EQ(UriEncode("\xE1\x88\xB4", false), "%E1%88%B4");            // U+1234
  EXPECT_EQ(UriEncode("\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf", false),  // "データ"
            "%E3%83%87%E3%83%BC%E3%82%BF");
  EXPECT_EQ(UriEncode(std::string("a\0b", 3), false), "a%00b");
}

TEST(UriEncode, SlashDependsOnKeepSlash) {
  EXPECT_EQ(UriEncode("/bucket/a b/c~d", true), "/bucket/a%20b/c~d");
  EXPECT_EQ(UriEncode("/bucket/a b/c~d", false), "%2Fbucket%2Fa%20b%2Fc~d");
}

TEST(SigV4, NonS3ServicesEncodeThePathTwice) {
  SigningScope dynamodb{"ap-northeast-1", "dynamodb"};
  RequestToSign r = SuiteGet("/a b");
  const SignatureParts parts = SignV4WithParts(r, kSuiteCredentials, dynamodb, kSuiteTime);
  EXPECT_EQ(parts.canonical_request.substr(0, 13), "GET\n/a%2520b\n");
  const SignatureParts s3 = SignV4WithParts(r, kSuiteCredentials, kS3Scope, kSuiteTime);
  EXPECT_EQ(s3.canonical_request.substr(0, 11), "GET\n/a%20b\n");
}

TEST(Sha256Hex, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), kEmptySha256);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace bi::aws
