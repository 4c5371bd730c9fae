// The CSV tokenizer, fed in 1-, 3-, 7- and 20-byte reads with small blocks so every record and
// quote straddles a boundary somewhere.

#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

#include "chunked_source.h"

namespace bi::ingest {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  Rows rows;
  std::vector<int64_t> lines;
  Status status;
};

Parsed ParseAll(const std::string& text, size_t chunk, size_t block, CsvDialect d = {}) {
  testing::ChunkedSource src(text, chunk);
  CsvReader reader(src, d, block);
  Parsed out;
  for (;;) {
    auto more = reader.Next();
    if (!more.ok()) {
      out.status = more.status();
      return out;
    }
    if (!*more) return out;
    std::vector<std::string> row;
    for (auto f : reader.fields()) row.emplace_back(f);
    out.rows.push_back(row);
    out.lines.push_back(reader.line());
  }
}

class CsvReaderChunks : public ::testing::TestWithParam<size_t> {};

TEST_P(CsvReaderChunks, Rfc4180Cases) {
  const std::string text =
      "id,name,note\r\n"
      "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n"
      "2,\"multi\nline\",plain\n"
      "3,,\"\"\r\n"
      "\r\n"
      "4,東京,\"改行\r\nあり\"";  // no final newline
  for (size_t block : {size_t{1}, size_t{5}, size_t{64}, size_t{1} << 20}) {
    Parsed p = ParseAll(text, GetParam(), block);
    ASSERT_TRUE(p.status.ok()) << p.status.ToString();
    Rows want = {{"id", "name", "note"},
                 {"1", "Smith, John", "said \"hi\""},
                 {"2", "multi\nline", "plain"},
                 {"3", "", ""},
                 {"4", "東京", "改行\r\nあり"}};
    EXPECT_EQ(p.rows, want) << "block " << block;
    EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2, 3, 5, 7})) << "block " << block;
  }
}

TEST_P(CsvReaderChunks, TrailingEmptyLinesAndDelimiters) {
  Parsed p = ParseAll("a;b\n1;\n\n\n", GetParam(), 4, CsvDialect{';', '"'});
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"1", ""}}));
}

TEST_P(CsvReaderChunks, LoneCarriageReturnEndsALine) {
  Parsed p = ParseAll("a,b\r1,2\r", GetParam(), 3);
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST_P(CsvReaderChunks, UnclosedQuoteIsReportedWithRowAndColumn) {
  Parsed p = ParseAll("a,b\n1,\"open\n2,3\n", GetParam(), 8);
  ASSERT_EQ(p.status.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(p.status.details()["row"], 2);
  EXPECT_EQ(p.status.details()["column"], 2);
}

TEST_P(CsvReaderChunks, GarbageAfterClosingQuoteIsReported) {
  Parsed p = ParseAll("a,b\n\"x\"y,2\n", GetParam(), 8);
  ASSERT_EQ(p.status.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(p.status.details()["row"], 2);
  EXPECT_EQ(p.status.details()["column"], 1);
}

INSTANTIATE_TEST_SUITE_P(Chunks, CsvReaderChunks, ::testing::Values(1, 3, 7, 20, 4096));

TEST(CsvReader, LongRecordGrowsTheBuffer) {
  std::string big(100000, 'x');
  Parsed p = ParseAll("a,b\n\"" + big + "\",1\n", 7, 16);
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[1][0], big);
}

}  // namespace
}  // namespace bi::ingest
