// S3's XML answers and the addressing rules, without a peer: the shapes AWS documents, including
// the ones s3rver never sends (an <Error> inside a 200 CompleteMultipartUpload answer).
#include "blob/s3_xml.h"

#include <gtest/gtest.h>

#include "blob/s3_address.h"
#include "blob/s3_errors.h"

namespace bi::blob::s3 {
namespace {

TEST(S3XmlTest, ParsesAListObjectsV2Page) {
  auto page = ParseListObjectsV2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>d/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPR+x/tok=</NextContinuationToken>
  <Contents><Key>d/日本語 ファイル.csv</Key><LastModified>2026-11-23T18:22:52.250Z</LastModified>
    <ETag>"abc"</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>d/a&amp;b</Key><LastModified>2026-11-23T18:22:53Z</LastModified>
    <Size>0</Size></Contents>
</ListBucketResult>)");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "d/日本語 ファイル.csv");
  EXPECT_EQ(page->objects[0].size, 1234u);
  EXPECT_EQ(page->objects[0].modified_ms, 1795458172250);
  EXPECT_EQ(page->objects[1].key, "d/a&b");
  EXPECT_EQ(page->objects[1].modified_ms, 1795458173000);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPR+x/tok=");

  auto last = ParseListObjectsV2(
      "<ListBucketResult><IsTruncated>false</IsTruncated>"
      "</ListBucketResult>");
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->objects.empty());
  EXPECT_FALSE(last->truncated);
}

TEST(S3XmlTest, RejectsWhatIsNotTheExpectedDocument) {
  EXPECT_EQ(ParseListObjectsV2("<html>proxy error</html>").status().code(), ErrorCode::kIoError);
  EXPECT_EQ(ParseListObjectsV2("not xml").status().code(), ErrorCode::kIoError);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>x</Size>"
                               "</Contents></ListBucketResult>")
                .status()
                .code(),
            ErrorCode::kIoError);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                               "</ListBucketResult>")
                .status()
                .code(),
            ErrorCode::kIoError);
  EXPECT_EQ(ParseCreateMultipartUpload("<InitiateMultipartUploadResult/>").status().code(),
            ErrorCode::kIoError);
}

TEST(S3XmlTest, ReadsMultipartAnswersIncludingAnErrorInA200) {
  auto id = ParseCreateMultipartUpload(
      "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
      "<UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "VXBsb2FkIElE");
  EXPECT_TRUE(CheckCompleteMultipartUpload("<CompleteMultipartUploadResult><ETag>\"x-2\"</ETag>"
                                           "</CompleteMultipartUploadResult>")
                  .ok());
  Status failed = CheckCompleteMultipartUpload(
      "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code>"
      "<Message>We encountered an internal error.</Message></Error>");
  EXPECT_EQ(failed.code(), ErrorCode::kIoError);
  EXPECT_NE(failed.message().find("InternalError"), std::string::npos);
  EXPECT_EQ(CompleteMultipartUploadXml({"\"e1\"", "\"e2\""}),
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;"
            "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part>"
            "</CompleteMultipartUpload>");
}

TEST(S3XmlTest, WritesDeleteObjectsAndReadsItsFailures) {
  EXPECT_EQ(DeleteObjectsXml({"a/1", "b&<c>\""}),
            "<Delete><Quiet>true</Quiet><Object><Key>a/1</Key></Object>"
            "<Object><Key>b&amp;&lt;c&gt;&quot;</Key></Object></Delete>");
  auto result = ParseDeleteResult(R"(<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>a/1</Key></Deleted>
  <Error><Key>b&amp;c</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
  <Error><Key>d</Key><Code>NoSuchKey</Code><Message>gone</Message></Error>
</DeleteResult>)");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].key, "b&c");
  EXPECT_EQ((*result)[0].code, "AccessDenied");
  EXPECT_EQ((*result)[0].message, "Access Denied");
  EXPECT_EQ((*result)[1].code, "NoSuchKey");
  auto empty = ParseDeleteResult("<DeleteResult/>");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(ParseDeleteResult("<Error><Code>x</Code></Error>").status().code(),
            ErrorCode::kIoError);
}

TEST(S3XmlTest, ParsesDates) {
  EXPECT_EQ(ParseIso8601Ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseHttpDateMs("Thu, 01 Jan 1970 00:01:00 GMT"), 60000);
  EXPECT_FALSE(ParseIso8601Ms("yesterday").has_value());
  EXPECT_FALSE(ParseHttpDateMs("").has_value());
}

TEST(S3XmlTest, MapsS3ErrorsToStoreErrors) {
  auto answer = [](int status, std::string body) {
    aws::AwsResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  };
  auto code = [](const aws::AwsResponse& r) { return StatusFromS3Answer(r, "GET", "k").code(); };
  EXPECT_EQ(code(answer(404, "<Error><Code>NoSuchKey</Code></Error>")), ErrorCode::kNotFound);
  EXPECT_EQ(code(answer(404, "")), ErrorCode::kNotFound);  // HEAD: no body
  EXPECT_EQ(code(answer(404, "<Error><Code>NoSuchBucket</Code></Error>")), ErrorCode::kUnavailable);
  EXPECT_EQ(code(answer(416, "<Error><Code>InvalidRange</Code></Error>")),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(answer(412, "")), ErrorCode::kConflict);
  EXPECT_EQ(code(answer(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>")),
            ErrorCode::kUnavailable);
  EXPECT_EQ(code(answer(400, "<Error><Code>InvalidArgument</Code></Error>")), ErrorCode::kIoError);
  EXPECT_TRUE(IsS3Throttle(answer(503, "<Error><Code>SlowDown</Code></Error>")));
  EXPECT_TRUE(IsS3Throttle(answer(400, "<Error><Code>RequestTimeout</Code></Error>")));
  EXPECT_FALSE(IsS3Throttle(answer(400, "<Error><Code>InvalidArgument</Code></Error>")));
  EXPECT_FALSE(IsS3Throttle(answer(404, "")));
}

TEST(S3AddressTest, PathStyleForCustomEndpointsVirtualHostedForAws) {
  auto local = MakeS3Address("http://127.0.0.1:9000/", "bi-datasets");
  ASSERT_TRUE(local.ok());
  EXPECT_TRUE(local->path_style);
  EXPECT_EQ(local->endpoint_url, "http://127.0.0.1:9000");
  EXPECT_EQ(local->ObjectPath("datasets/日本 語.csv"), "/bi-datasets/datasets/日本 語.csv");
  EXPECT_EQ(local->BucketPath(), "/bi-datasets");

  auto aws = MakeS3Address("https://s3.ap-northeast-1.amazonaws.com", "bi-datasets");
  ASSERT_TRUE(aws.ok());
  EXPECT_FALSE(aws->path_style);
  EXPECT_EQ(aws->endpoint_url, "https://bi-datasets.s3.ap-northeast-1.amazonaws.com");
  EXPECT_EQ(aws->ObjectPath("a/b"), "/a/b");
  EXPECT_EQ(aws->BucketPath(), "/");
  // Dotted names would not match AWS's wildcard certificate: path-style.
  EXPECT_TRUE(MakeS3Address("https://s3.amazonaws.com", "my.bucket")->path_style);

  for (const char* bad : {"", "127.0.0.1:9000", "ftp://host", "http://", "http://h/path"}) {
    EXPECT_EQ(MakeS3Address(bad, "bucket").status().code(), ErrorCode::kInvalidArgument) << bad;
  }
  for (const char* bad : {"", "ab", "Upper", "under_score", "-dash", "a..b"}) {
    EXPECT_EQ(MakeS3Address("http://h", bad).status().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace bi::blob::s3
