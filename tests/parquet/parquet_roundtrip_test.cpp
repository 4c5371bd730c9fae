#include <gtest/gtest.h>

#include <filesystem>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "sample_table.h"

namespace bi::parquet {
namespace {

std::string WriteToMemory(const testing::Table& t, const WriterOptions& o) {
  auto sink = std::make_unique<MemoryOutputStream>();
  MemoryOutputStream* raw = sink.get();
  auto w = FileWriter::Open(std::move(sink), t.schema, o);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_TRUE((*w)->WriteBatch(t.columns).ok());
  Status s = (*w)->Close();
  EXPECT_TRUE(s.ok()) << s.ToString();
  return raw->bytes();
}

void ExpectSameTable(const testing::Table& t, const std::vector<ColumnBuffer>& got) {
  ASSERT_EQ(got.size(), t.columns.size());
  for (size_t c = 0; c < got.size(); ++c) {
    ASSERT_EQ(got[c].length, t.rows()) << t.schema.fields[c].name;
    ASSERT_EQ(got[c].null_count, t.columns[c].null_count) << t.schema.fields[c].name;
    for (int64_t r = 0; r < t.rows(); ++r) {
      ASSERT_EQ(testing::CanonicalValue(got[c], r), testing::CanonicalValue(t.columns[c], r))
          << "column " << t.schema.fields[c].name << " row " << r;
    }
  }
}

struct Case {
  const char* name;
  Compression compression;
  int64_t row_group_rows;
  int64_t page_bytes;
  bool dictionary;
  int64_t dict_max;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class RoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(RoundTrip, ReadsBackExactlyWhatWasWritten) {
  const Case& c = GetParam();
  auto t = testing::MakeSampleTable(5000);
  WriterOptions o;
  o.compression = c.compression;
  o.row_group_rows = c.row_group_rows;
  o.page_bytes = c.page_bytes;
  o.dictionary = c.dictionary;
  o.dictionary_max_bytes = c.dict_max;
  std::string bytes = WriteToMemory(t, o);
  auto r = FileReader::Open(MemoryFile(bytes));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_rows(), 5000);
  EXPECT_EQ((*r)->num_row_groups(), (5000 + c.row_group_rows - 1) / c.row_group_rows);
  ASSERT_EQ((*r)->schema().num_fields(), t.schema.num_fields());
  for (int i = 0; i < t.schema.num_fields(); ++i) {
    const Field& a = (*r)->schema().fields[i];
    const Field& b = t.schema.fields[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.type, b.type) << a.name;
    EXPECT_EQ(a.nullable, b.nullable) << a.name;
    if (a.type == ValueType::kTimestamp) {
      EXPECT_EQ(a.unit, b.unit) << a.name;
      EXPECT_EQ(a.utc_adjusted, b.utc_adjusted) << a.name;
    }
    if (a.type == ValueType::kInt32) {
      EXPECT_EQ(a.int_bit_width, b.int_bit_width) << a.name;
    }
  }
  for (bool keep_dict : {false, true}) {
    ReadOptions ro;
    ro.keep_dictionary = keep_dict;
    auto cols = (*r)->ReadAll(ro);
    ASSERT_TRUE(cols.ok()) << cols.status().ToString();
    ExpectSameTable(t, *cols);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Configs, RoundTrip,
    ::testing::Values(Case{"zstd", Compression::kZstd, 122880, 1 << 20, true, 1 << 20},
                      Case{"snappy", Compression::kSnappy, 122880, 1 << 20, true, 1 << 20},
                      Case{"none", Compression::kUncompressed, 122880, 1 << 20, true, 1 << 20},
                      Case{"rowgroups", Compression::kZstd, 701, 1024, true, 1 << 20},
                      Case{"plain", Compression::kSnappy, 1000, 4096, false, 0},
                      Case{"fallback", Compression::kZstd, 2500, 2048, true, 512}),
    [](const auto& info) { return std::string(info.param.name); });

// Column chunks encoded side by side are written in schema order with the same offsets: the
// file does not depend on the number of threads.
TEST(ParquetWriter, EncodingOnSeveralThreadsWritesTheSameFile) {
  auto t = testing::MakeSampleTable(5000);
  WriterOptions o;
  o.row_group_rows = 701;
  o.page_bytes = 1024;
  o.dictionary_max_bytes = 2048;  // some chunks fall back to PLAIN
  std::string one = WriteToMemory(t, o);
  for (int threads : {2, 3, 64}) {
    o.threads = threads;
    EXPECT_EQ(WriteToMemory(t, o), one) << threads << " threads";
  }
  auto r = FileReader::Open(MemoryFile(one));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto cols = (*r)->ReadAll();
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  ExpectSameTable(t, *cols);
}

TEST(ParquetWriter, StreamsBatchesIntoRowGroupsAndKeepsMetadata) {
  auto t = testing::MakeSampleTable(3000);
  auto dir = std::filesystem::temp_directory_path() / ("bi_parquet_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "stream.parquet").string();
  WriterOptions o;
  o.row_group_rows = 1000;
  auto w = FileWriter::Create(path, t.schema, o);
  ASSERT_TRUE(w.ok());
  (*w)->SetMetadata("k", "v");
  (*w)->SetMetadata("dataset", "日本");
  // Three batches of 1000 rows each, built by copying rows.
  for (int b = 0; b < 3; ++b) {
    std::vector<ColumnBuffer> batch;
    for (const auto& col : t.columns) {
      ColumnBuffer x(col.type);
      for (int64_t r = b * 1000; r < (b + 1) * 1000; ++r) {
        if (!col.IsValid(r))
          x.AppendNull();
        else if (col.is_string_like())
          x.AppendString(col.StringAt(r));
        else if (col.type == ValueType::kBool)
          x.AppendBool(col.Values<uint8_t>()[r]);
        else if (col.type == ValueType::kFloat)
          x.AppendDouble(col.Values<float>()[r]);
        else if (col.type == ValueType::kDouble)
          x.AppendDouble(col.Values<double>()[r]);
        else if (FixedWidth(col.type) == 4)
          x.AppendInt(col.Values<int32_t>()[r]);
        else
          x.AppendInt(col.Values<int64_t>()[r]);
      }
      batch.push_back(std::move(x));
    }
    ASSERT_TRUE((*w)->WriteBatch(batch).ok());
    EXPECT_EQ((*w)->row_groups_written(), b + 1);
  }
  ASSERT_TRUE((*w)->Close().ok());
  auto r = FileReader::OpenFile(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_row_groups(), 3);
  EXPECT_EQ((*r)->GetMetadata("k").value_or(""), "v");
  EXPECT_EQ((*r)->GetMetadata("dataset").value_or(""), "日本");
  EXPECT_FALSE((*r)->GetMetadata("missing").has_value());
  auto cols = (*r)->ReadAll();
  ASSERT_TRUE(cols.ok());
  ExpectSameTable(t, *cols);
  // Selected columns of selected row groups.
  auto part = (*r)->Read({12, 0}, {2, 0});
  ASSERT_TRUE(part.ok());
  ASSERT_EQ((*part)[1].length, 2000);
  EXPECT_EQ((*part)[1].Values<int64_t>()[0], 2000);
  EXPECT_EQ((*part)[1].Values<int64_t>()[1000], 0);
  EXPECT_EQ(testing::CanonicalValue((*part)[0], 1000), testing::CanonicalValue(t.columns[12], 0));
  std::filesystem::remove_all(dir);
}

TEST(ParquetWriter, RejectsBadInput) {
  Schema s;
  s.fields.push_back(Field::Of("a", ValueType::kInt64, false));
  auto w = FileWriter::Open(std::make_unique<MemoryOutputStream>(), s);
  ASSERT_TRUE(w.ok());
  ColumnBuffer c(ValueType::kInt64);
  c.AppendInt(1);
  c.AppendNull();
  Status st = (*w)->WriteBatch(std::vector<ColumnBuffer>{c});
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.message().find("null in required column"), std::string::npos);

  Schema dup;
  dup.fields.push_back(Field::Of("a", ValueType::kInt64));
  dup.fields.push_back(Field::Of("a", ValueType::kInt64));
  EXPECT_FALSE(FileWriter::Open(std::make_unique<MemoryOutputStream>(), dup).ok());
  EXPECT_FALSE(FileWriter::Open(std::make_unique<MemoryOutputStream>(), Schema{}).ok());

  Schema small;
  small.fields.push_back(Field::Of("b", ValueType::kInt32));
  small.fields[0].int_bit_width = 8;
  auto w2 = FileWriter::Open(std::make_unique<MemoryOutputStream>(), small);
  ASSERT_TRUE(w2.ok());
  ColumnBuffer b(ValueType::kInt32);
  b.AppendInt(300);
  EXPECT_FALSE((*w2)->WriteBatch(std::vector<ColumnBuffer>{b}).ok());
}

TEST(ParquetWriter, EmptyFileHasSchemaAndNoRows) {
  Schema s;
  s.fields.push_back(Field::Of("a", ValueType::kString));
  auto sink = std::make_unique<MemoryOutputStream>();
  auto* raw = sink.get();
  auto w = FileWriter::Open(std::move(sink), s);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = FileReader::Open(MemoryFile(raw->bytes()));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_rows(), 0);
  EXPECT_EQ((*r)->schema().fields[0].type, ValueType::kString);
  auto cols = (*r)->ReadAll();
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ((*cols)[0].length, 0);
}

}  // namespace
}  // namespace bi::parquet
