// The streaming multipart/form-data parser, fed in 1-, 3-, 7- and 20-byte chunks.

#include "ingest/multipart.h"

#include <gtest/gtest.h>

namespace bi::ingest {
namespace {

struct Part {
  PartInfo info;
  std::string data;
  uint64_t first_offset = UINT64_MAX;
};

Status ParseInChunks(const std::string& body, const std::string& boundary, size_t chunk,
                     std::vector<Part>* parts) {
  MultipartParser::Callbacks cb;
  cb.on_part_begin = [&](const PartInfo& info) {
    parts->push_back(Part{info, "", UINT64_MAX});
    return Status::Ok();
  };
  cb.on_data = [&](std::string_view data, uint64_t offset) {
    Part& p = parts->back();
    if (p.first_offset == UINT64_MAX) p.first_offset = offset;
    EXPECT_EQ(offset, p.first_offset + p.data.size());  // contiguous
    p.data.append(data);
    return Status::Ok();
  };
  cb.on_part_end = [] { return Status::Ok(); };
  MultipartParser parser(boundary, cb);
  for (size_t i = 0; i < body.size(); i += chunk) {
    BI_RETURN_IF_ERROR(parser.Feed(std::string_view(body).substr(i, chunk)));
  }
  return parser.Finish();
}

class MultipartChunks : public ::testing::TestWithParam<size_t> {};

TEST_P(MultipartChunks, FieldsAndAFileWithOffsets) {
  const std::string csv = "a,b\r\n1,2\r\n--not-the-boundary\r\n";
  const std::string body =
      "preamble\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
      "売上\r\n"
      "--XyZ  \r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"s a;les.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n" +
      csv +
      "\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
      "\r\n--XyZ--\r\nepilogue";
  std::vector<Part> parts;
  Status s = ParseInChunks(body, "XyZ", GetParam(), &parts);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].info.name, "name");
  EXPECT_EQ(parts[0].data, "売上");
  EXPECT_FALSE(parts[0].info.has_filename);
  EXPECT_EQ(parts[1].info.name, "file");
  EXPECT_EQ(parts[1].info.filename, "s a;les.csv");
  EXPECT_EQ(parts[1].info.content_type, "text/csv");
  EXPECT_EQ(parts[1].data, csv);
  EXPECT_EQ(body.substr(parts[1].first_offset, csv.size()), csv);
  EXPECT_EQ(parts[2].data, "");
}

TEST_P(MultipartChunks, MissingClosingBoundaryIsAnError) {
  std::vector<Part> parts;
  Status s = ParseInChunks("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue", "b",
                           GetParam(), &parts);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
}

TEST_P(MultipartChunks, PartWithoutDispositionIsAnError) {
  std::vector<Part> parts;
  Status s =
      ParseInChunks("--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "b", GetParam(), &parts);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Chunks, MultipartChunks, ::testing::Values(1, 3, 7, 20, 100000));

TEST(Multipart, BoundaryFromContentType) {
  auto b = MultipartParser::BoundaryFromContentType(
      "multipart/form-data; charset=utf-8; boundary=\"----abc 123\"");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "----abc 123");
  EXPECT_EQ(MultipartParser::BoundaryFromContentType("text/csv").status().code(),
            ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(MultipartParser::BoundaryFromContentType("multipart/form-data").status().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bi::ingest
