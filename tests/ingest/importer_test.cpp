// The import pipeline: CSV files (written here, in several encodings) -> Parquet parts, read
// back with bi::parquet to check types and values; every failure is a 422 with a location.

#include "ingest/importer.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "chunked_source.h"
#include "parquet/reader.h"
#include "support/bi_process.h"

namespace bi::ingest {
namespace {

using testing::WriteFile;

class ImporterTest : public ::testing::Test {
 protected:
  Result<ImportResult> Import(const std::string& bytes, ImportOptions options = {}) {
    std::string path = dir_.path() + "/in-" + std::to_string(n_++) + ".csv";
    WriteFile(path, bytes);
    std::string work = dir_.path() + "/work-" + std::to_string(n_++);
    std::filesystem::create_directories(work);
    return ImportCsv(ImportSource{path, 0, bytes.size()}, options, work);
  }
  // All rows of all parts, as strings per cell ("null" for nulls).
  std::vector<std::vector<std::string>> Rows(const ImportResult& r) {
    std::vector<std::vector<std::string>> out;
    for (const auto& part : r.part_files) {
      auto reader = parquet::FileReader::OpenFile(part);
      EXPECT_TRUE(reader.ok());
      auto cols = (*reader)->ReadAll();
      EXPECT_TRUE(cols.ok());
      for (int64_t row = 0; row < (*cols)[0].length; ++row) {
        std::vector<std::string> cells;
        for (size_t c = 0; c < cols->size(); ++c) {
          const auto& b = (*cols)[c];
          if (!b.IsValid(row)) {
            cells.push_back("null");
            continue;
          }
          switch (b.type) {
            case parquet::ValueType::kInt64:
              cells.push_back(std::to_string(b.Values<int64_t>()[row]));
              break;
            case parquet::ValueType::kTimestamp:
              cells.push_back(FormatTimestamp(b.Values<int64_t>()[row],
                                              (*reader)->schema().fields[c].utc_adjusted));
              break;
            case parquet::ValueType::kDouble: {
              char buf[64];
              std::snprintf(buf, sizeof buf, "%g", b.Values<double>()[row]);
              cells.push_back(buf);
              break;
            }
            case parquet::ValueType::kBool:
              cells.push_back(b.values.data()[row] ? "true" : "false");
              break;
            case parquet::ValueType::kDate:
              cells.push_back(FormatDate(b.Values<int32_t>()[row]));
              break;
            default:
              cells.emplace_back(b.StringAt(row));
          }
        }
        out.push_back(cells);
      }
    }
    return out;
  }
  std::vector<std::string> Types(const ImportResult& r) {
    std::vector<std::string> out;
    for (const auto& c : r.columns) out.push_back(ColumnTypeName(c.type));
    return out;
  }

  bi::testing::TempDir dir_;
  int n_ = 0;
};

TEST_F(ImporterTest, InfersEveryTypeOverTheWholeFile) {
  std::string csv =
      "i,f,b,d,ts,s,bits,late_float,late_text,nulls,big\n"
      "1,1.5,true,2024-01-02,2024-01-02T03:04:05,a,0,1,1,,1\n"
      "-2,2,FALSE,2024/01/03,2024-01-02 03:04:05.25,b,1,2,2,NULL,99999999999999999999\n"
      "3,NA,True,,2024-01-02,\"c,d\",1,2.5,x,NA,3\n";
  auto r = Import(csv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Types(*r),
            (std::vector<std::string>{"int64", "float64", "bool", "date", "timestamp", "string",
                                      "int64", "float64", "string", "string", "string"}));
  EXPECT_EQ(r->row_count, 3);
  EXPECT_EQ(r->encoding, "utf-8");
  EXPECT_EQ(r->delimiter, ",");
  EXPECT_FALSE(r->columns[0].nullable);
  EXPECT_TRUE(r->columns[1].nullable);
  EXPECT_EQ(r->columns[9].null_count, 3);
  EXPECT_EQ(r->columns[0].min, -2);
  EXPECT_EQ(r->columns[0].max, 3);
  EXPECT_EQ(r->columns[3].min, "2024-01-02");
  auto rows = Rows(*r);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"-2", "2", "false", "2024-01-03",
                                               "2024-01-02T03:04:05.250000", "b", "1", "2", "2",
                                               "null", "99999999999999999999"}));
  EXPECT_EQ(rows[2][5], "c,d");
  EXPECT_EQ(rows[2][4], "2024-01-02T00:00:00");
}

TEST_F(ImporterTest, ZonedTimestampsAreUtcInstants) {
  auto r = Import("t\n2024-01-02T09:00:00+09:00\n2024-01-02T00:00:00Z\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->columns[0].utc);
  EXPECT_EQ(Rows(*r), (std::vector<std::vector<std::string>>{{"2024-01-02T00:00:00Z"},
                                                             {"2024-01-02T00:00:00Z"}}));
}

TEST_F(ImporterTest, HeaderNamesAreMadeUniqueAndJapaneseKeptExactly) {
  auto r = Import("名前,,名前,x,x\n1,2,3,4,5\n");
  ASSERT_TRUE(r.ok());
  std::vector<std::string> names;
  for (auto& c : r->columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"名前", "column_2", "名前_2", "x", "x_2"}));
  auto reader = parquet::FileReader::OpenFile(r->part_files[0]);
  EXPECT_EQ((*reader)->schema().fields[0].name, "名前");
}

TEST_F(ImporterTest, Cp932WithExtensionsEucJpUtf16AndBom) {
  // "名前,会社\n①,㈱東京\n" in CP932 (with a NEC/IBM extension 纊 and a 0x5C trail byte: 表).
  std::string cp932 =
      "\x96\xbc\x91\x4f,\x89\xef\x8e\xd0\r\n\x87\x40,\x87\x8a\x93\x8c\x8b\x9e\xed\x40\x95\x5c\r\n";
  ImportOptions o;
  o.encoding = "shift_jis";
  auto r = Import(cp932, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->encoding, "cp932");
  EXPECT_EQ(r->columns[0].name, "名前");
  EXPECT_EQ(Rows(*r), (std::vector<std::vector<std::string>>{{"①", "㈱東京纊表"}}));

  std::string euc = "\xcc\xbe\xc1\xb0\n\xc5\xec\xb5\xfe\xa1\xc1\n";  // 名前 / 東京〜
  o.encoding = "euc-jp";
  r = Import(euc, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->columns[0].name, "名前");
  EXPECT_EQ(Rows(*r)[0][0], "東京〜");

  std::string utf16le(
      "\xFF\xFE"
      "a\0,\0b\0\n\0"
      "1\0,\0\x71\x67\n\0",
      18);              // a,b / 1,東
  r = Import(utf16le);  // detected by its BOM
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->encoding, "utf-16le");
  EXPECT_EQ(Rows(*r), (std::vector<std::vector<std::string>>{{"1", "東"}}));

  r = Import("\xEF\xBB\xBFid,名\n1,x\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "utf-8-sig");
  EXPECT_EQ(r->columns[0].name, "id");
}

TEST_F(ImporterTest, DetectsCp932WithoutBeingTold) {
  std::string rows = "\x96\xbc\x91\x4f,\x89\xef\x8e\xd0\r\n";
  for (int i = 0; i < 30; ++i)
    rows += "\x93\x8c\x8b\x9e\x93\x73,\x8a\x94\x8e\xae\x89\xef\x8e\xd0\r\n";
  auto r = Import(rows);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->encoding, "cp932");
  EXPECT_EQ(Rows(*r)[0][0], "東京都");
}

TEST_F(ImporterTest, UndecodableBytesAre422WithRowAndColumn) {
  // Told UTF-8 (detection could take a lone 0xFF for Windows-1252's ÿ).
  ImportOptions utf8;
  utf8.encoding = "utf-8";
  auto r = Import("a,b\n1,ok\n2,bad\xff\n", utf8);
  ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["row"], 3);
  EXPECT_EQ(r.status().details()["column"], 2);
  EXPECT_EQ(r.status().details()["reason"], "undecodable bytes");

  ImportOptions o;
  o.encoding = "cp932";
  r = Import("a,b\r\n1,\x93\x8c\r\n2,x\xff\xfe\r\n", o);
  ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["row"], 3);
  EXPECT_EQ(r.status().details()["column"], 2);
}

TEST_F(ImporterTest, FieldCountMismatchIsReportedUnlessLenient) {
  auto r = Import("a,b,c\n1,2,3\n4,5\n");
  ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["row"], 3);
  EXPECT_EQ(r.status().details()["reason"], "too few fields");
  r = Import("a,b\n1,2,3\n");
  EXPECT_EQ(r.status().details()["reason"], "too many fields");
  ImportOptions o;
  o.lenient = true;
  r = Import("a,b,c\n1,2,3\n4,5\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Rows(*r)[1], (std::vector<std::string>{"4", "5", "null"}));
}

TEST_F(ImporterTest, EmptyAndHeaderOnlyFilesAre422) {
  EXPECT_EQ(Import("").status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(Import("\n\n").status().code(), ErrorCode::kUnprocessable);
  auto r = Import("a,b\r\n");
  EXPECT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["reason"], "no data rows");
}

TEST_F(ImporterTest, DelimitersGivenSniffedOrRefused) {
  ImportOptions o;
  o.delimiter = "auto";
  for (std::string d : {"\t", ";", "|", ","}) {
    auto r = Import("a" + d + "b" + d + "c\n1" + d + "2" + d + "x y\n3" + d + "4" + d + "z\n", o);
    ASSERT_TRUE(r.ok()) << d << " " << r.status().ToString();
    EXPECT_EQ(r->delimiter, d);
    EXPECT_EQ(r->columns.size(), 3u);
  }
  o.delimiter = "tab";
  EXPECT_TRUE(Import("a\tb\n1\t2\n", o).ok());
  o.delimiter = "ab";
  EXPECT_EQ(Import("a\n1\n", o).status().details()["field"], "delimiter");
  o.delimiter = "x";
  EXPECT_EQ(Import("a\n1\n", o).status().code(), ErrorCode::kUnprocessable);
}

TEST_F(ImporterTest, ColumnTypeOverridesAndValuesThatDoNotFit) {
  ImportOptions o;
  o.column_types = {{"code", ColumnType::kString}, {"n", ColumnType::kFloat64}};
  auto r = Import("code,n\n007,1\n008,2\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Types(*r), (std::vector<std::string>{"string", "float64"}));
  o.column_types = {{"n", ColumnType::kInt64}};
  r = Import("code,n\na,1\nb,x\n", o);
  ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["row"], 3);
  EXPECT_EQ(r.status().details()["columnName"], "n");
  o.column_types = {{"missing", ColumnType::kInt64}};
  EXPECT_EQ(Import("a\n1\n", o).status().code(), ErrorCode::kUnprocessable);
}

TEST_F(ImporterTest, NoHeaderNamesColumns) {
  ImportOptions o;
  o.has_header = false;
  auto r = Import("1,x\n2,y\n", o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->columns[0].name, "column_1");
  EXPECT_EQ(r->row_count, 2);
}

TEST_F(ImporterTest, SplitsIntoPartsInOrder) {
  std::string csv = "n,s\n";
  for (int i = 0; i < 2500; ++i) csv += std::to_string(i) + ",v" + std::to_string(i % 7) + "\n";
  ImportOptions o;
  o.rows_per_part = 1000;
  o.batch_rows = 300;
  auto r = Import(csv, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->part_files.size(), 3u);
  EXPECT_EQ(r->part_rows, (std::vector<int64_t>{1000, 1000, 500}));
  auto rows = Rows(*r);
  ASSERT_EQ(rows.size(), 2500u);
  for (int i = 0; i < 2500; ++i) ASSERT_EQ(rows[i][0], std::to_string(i));
  EXPECT_EQ(r->columns[1].distinct_estimate, 7);
  EXPECT_NEAR(static_cast<double>(r->columns[0].distinct_estimate), 2500, 150);
}

// Types are first taken from the first batch; a later value that widens a column must still
// give whole-file inference (the import redoes the conversion), with no stale parts left.
TEST_F(ImporterTest, ValuesAfterTheFirstBatchStillWidenTheirColumn) {
  std::string csv = "i,f,n,big,ts,d,s\n";
  for (int k = 0; k < 40; ++k) {
    csv += std::to_string(k) + "," + std::to_string(k) + ",," + "99999999999999999999" +
           ",2024-01-02 03:04:05,2024-01-02," + std::to_string(k) + "\n";
  }
  csv += "41,1.5,7,2.5,2024-01-02T03:04:05+09:00,2024-01-03 10:00,x\n";
  ImportOptions o;
  o.batch_rows = 16;
  o.rows_per_part = 10;
  auto r = Import(csv, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Types(*r), (std::vector<std::string>{"int64", "float64", "int64", "float64",
                                                 "timestamp", "timestamp", "string"}));
  EXPECT_EQ(r->row_count, 41);
  EXPECT_TRUE(r->columns[4].utc);
  EXPECT_EQ(r->columns[2].null_count, 40);
  ASSERT_EQ(r->part_files.size(), 5u);
  size_t parquet_files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(r->part_files[0]).parent_path()))
    parquet_files += e.path().extension() == ".parquet";
  EXPECT_EQ(parquet_files, 5u);
  auto rows = Rows(*r);
  ASSERT_EQ(rows.size(), 41u);
  EXPECT_EQ(rows[3], (std::vector<std::string>{"3", "3", "null", "1e+20", "2024-01-02T03:04:05Z",
                                               "2024-01-02T00:00:00", "3"}));
  EXPECT_EQ(rows[40], (std::vector<std::string>{"41", "1.5", "7", "2.5", "2024-01-01T18:04:05Z",
                                                "2024-01-03T10:00:00", "x"}));
  EXPECT_EQ(r->columns[1].max, 39);
  EXPECT_EQ(r->columns[5].max, "2024-01-03T10:00:00");
}

TEST_F(ImporterTest, ErrorsAfterTheFirstBatchAreReportedWithTheirRow) {
  std::string head = "n,s\n";
  for (int k = 0; k < 20; ++k) head += std::to_string(k) + ",v\n";
  ImportOptions o;
  o.batch_rows = 8;
  o.encoding = "utf-8";
  auto r = Import(head + "5\xff,ok\n", o);  // a bad byte in a number column
  ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(r.status().details()["row"], 22);
  EXPECT_EQ(r.status().details()["column"], 1);
  EXPECT_EQ(r.status().details()["reason"], "undecodable bytes");
  r = Import(head + "5,bad\xff\n", o);
  EXPECT_EQ(r.status().details()["reason"], "undecodable bytes");
  EXPECT_EQ(r.status().details()["column"], 2);
  r = Import(head + "5\n", o);
  EXPECT_EQ(r.status().details()["reason"], "too few fields");
  EXPECT_EQ(r.status().details()["row"], 22);
  // After a column widened, the rest of the file is still checked.
  r = Import(head + "x,y\n1,2,3\n", o);
  EXPECT_EQ(r.status().details()["reason"], "too many fields");
  EXPECT_EQ(r.status().details()["row"], 23);
  o.column_types = {{"n", ColumnType::kInt64}};
  r = Import(head + "1.5,y\n", o);
  EXPECT_EQ(r.status().details()["reason"], "value does not fit the column type");
  EXPECT_EQ(r.status().details()["row"], 22);
  // A bad byte in a field lenient mode drops is no error.
  ImportOptions lenient;
  lenient.lenient = true;
  lenient.encoding = "utf-8";
  r = Import("a,b\n1,2,\xff\n", lenient);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Rows(*r)[0], (std::vector<std::string>{"1", "2"}));
}

// Non-UTF-8 text is decoded on a thread of its own while it is parsed: a file of several read
// blocks arrives whole, and bad bytes far into it are reported where they are, unless a row
// before them is already wrong.
TEST_F(ImporterTest, DecodesWhileParsingAndReportsLateBadBytes) {
  std::string rows = "\x96\xbc\x91\x4f,n\r\n";  // 名前,n
  for (int i = 0; i < 200000; ++i)
    rows += "\x93\x8c\x8b\x9e\x93\x73" + std::to_string(i % 97) + "," + std::to_string(i) + "\r\n";
  ASSERT_GT(rows.size(), size_t{3} << 20);  // several 1 MiB read blocks
  ImportOptions o;
  o.encoding = "cp932";
  o.batch_rows = 5000;
  auto r = Import(rows, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->row_count, 200000);
  EXPECT_EQ(r->columns[0].name, "名前");
  auto all = Rows(*r);
  EXPECT_EQ(all[199999],
            (std::vector<std::string>{"東京都" + std::to_string(199999 % 97), "199999"}));

  ImportOptions serial = o;  // one thread at a time: decoded first, then parsed
  serial.threads = 1;
  auto r1 = Import(rows, serial);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(Rows(*r1), all);

  auto bad = Import(rows + "x\xff\xfe,1\r\n", o);
  ASSERT_EQ(bad.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(bad.status().details()["row"], 200002);
  EXPECT_EQ(bad.status().details()["column"], 1);
  EXPECT_EQ(bad.status().details()["byteOffset"], rows.size() + 1);

  // A short row before the bad bytes is the first error.
  std::string early = rows;
  early.insert(early.find("\r\n", 1000) + 2, "short\r\n");
  bad = Import(early + "x\xff\xfe,1\r\n", o);
  EXPECT_EQ(bad.status().details()["reason"], "too few fields");
}

// Chunks of the text are parsed side by side from guessed record starts (the first line end
// past a nominal offset). Tiny chunks put those guesses everywhere: inside quoted fields with
// line breaks, between the CR and LF of a line end, on blank lines. The rows must be those of
// one pass on one thread.
TEST_F(ImporterTest, ChunksParsedInParallelGiveTheRowsOfOnePass) {
  std::string csv = "id,note,n\r\n";
  for (int i = 0; i < 60; ++i) {
    std::string note = "plain" + std::to_string(i);
    if (i % 5 == 1) note = "\"two\r\nlines " + std::to_string(i) + "\"";
    if (i % 5 == 2) note = "\"a \"\"quoted\"\"\nvalue, " + std::to_string(i) + "\"";
    if (i % 5 == 3) note = "\"\n\r\n\n\"";  // only line breaks
    csv += std::to_string(i) + "," + note + "," + (i % 7 == 0 ? "" : std::to_string(i * 3));
    csv += i % 11 == 4 ? "\r\n\r\n\n" : "\r\n";  // some blank lines
  }
  ImportOptions serial;
  serial.threads = 1;
  serial.batch_rows = 10;
  auto want = Import(csv, serial);
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  ASSERT_EQ(want->row_count, 60);
  auto want_rows = Rows(*want);
  EXPECT_EQ(want_rows[1][1], "two\r\nlines 1");
  EXPECT_EQ(want_rows[3][1], "\n\r\n\n");
  for (int threads : {1, 2, 3}) {
    for (uint64_t chunk : {1, 2, 3, 5, 7, 13, 64, 100, 1000}) {
      ImportOptions o = serial;
      o.threads = threads;
      o.chunk_bytes = chunk;
      auto r = Import(csv, o);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(Rows(*r), want_rows) << threads << " threads, chunks of " << chunk;
      EXPECT_EQ(Types(*r), Types(*want));
      EXPECT_EQ(r->columns[2].null_count, want->columns[2].null_count);
      EXPECT_EQ(r->columns[2].min, want->columns[2].min);
      EXPECT_EQ(r->columns[2].max, want->columns[2].max);
      EXPECT_EQ(r->columns[1].distinct_estimate, want->columns[1].distinct_estimate);
    }
  }
  // Lone CR line ends, and no final line end.
  std::string cr = "a,b\r1,\"x\ry\"\r2,z\r\r3,\"\r\"";
  for (uint64_t chunk : {1, 2, 3, 4, 1000}) {
    ImportOptions o;
    o.chunk_bytes = chunk;
    auto r = Import(cr, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(Rows(*r),
              (std::vector<std::vector<std::string>>{{"1", "x\ry"}, {"2", "z"}, {"3", "\r"}}))
        << "chunks of " << chunk;
  }
}

// Errors found by a worker are reported with the row and line they have in the whole file,
// and the first error in file order wins over later ones found earlier by another worker.
TEST_F(ImporterTest, ErrorsInLaterChunksCarryFileWideRowsAndLines) {
  std::string head = "n,s\n";
  for (int k = 0; k < 200; ++k)
    head += std::to_string(k) + (k % 10 == 3 ? ",\"two\nlines\"\n" : ",v\n");
  // 200 data rows over 220 lines: the next row is 202 (the header is row 1), on line 222.
  for (uint64_t chunk : {7, 64, 333, 1 << 20}) {
    ImportOptions o;
    o.batch_rows = 8;
    o.chunk_bytes = chunk;
    o.encoding = "utf-8";
    auto r = Import(head + "5\n1,2\n", o);
    ASSERT_EQ(r.status().code(), ErrorCode::kUnprocessable) << chunk;
    EXPECT_EQ(r.status().details()["row"], 202) << chunk;
    EXPECT_EQ(r.status().details()["line"], 222) << chunk;
    EXPECT_EQ(r.status().details()["reason"], "too few fields");
    EXPECT_NE(r.status().message().find("row 202 "), std::string::npos) << r.status().message();
    // A later error of another kind does not come first.
    r = Import(head + "1,2,3\n" + head + "4,\"open\n", o);
    EXPECT_EQ(r.status().details()["row"], 202) << chunk;
    EXPECT_EQ(r.status().details()["reason"], "too many fields");
    r = Import(head + "4,\"open\n5,6\n", o);
    EXPECT_EQ(r.status().details()["row"], 202) << chunk;
    EXPECT_EQ(r.status().details()["line"], 222) << chunk;
    EXPECT_EQ(r.status().details()["column"], 2) << chunk;
    r = Import(head + "4,ok\n5,\xff\n", o);
    EXPECT_EQ(r.status().details()["row"], 203) << chunk;
    EXPECT_EQ(r.status().details()["reason"], "undecodable bytes");
    o.column_types = {{"n", ColumnType::kInt64}};
    r = Import(head + head.substr(4) + "1.5,y\n", o);
    EXPECT_EQ(r.status().details()["row"], 402) << chunk;
    EXPECT_EQ(r.status().details()["line"], 442) << chunk;
    EXPECT_EQ(r.status().details()["reason"], "value does not fit the column type");
  }
}

// Widening seen by a worker is decided again in order: a column empty in the sample that
// later chunks fill with text and then numbers stays text (a worker that only saw the
// numbers thought otherwise); one filled only with numbers becomes numeric; both with every
// value in place.
TEST_F(ImporterTest, ColumnsWidenedByLaterChunksFollowFileOrder) {
  std::string csv = "a,b,c\n";
  for (int k = 0; k < 300; ++k) {
    std::string a = k < 100 ? "" : k < 150 ? "text" : std::to_string(k);
    std::string b = k < 200 ? "" : std::to_string(k);
    csv += a + "," + b + "," + std::to_string(k) + (k == 250 ? ".5" : "") + "\n";
  }
  for (uint64_t chunk : {16, 100, 1000, 1 << 20}) {
    ImportOptions o;
    o.batch_rows = 20;
    o.chunk_bytes = chunk;
    o.rows_per_part = 70;
    auto r = Import(csv, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(Types(*r), (std::vector<std::string>{"string", "int64", "float64"})) << chunk;
    auto rows = Rows(*r);
    ASSERT_EQ(rows.size(), 300u);
    EXPECT_EQ(rows[120], (std::vector<std::string>{"text", "null", "120"}));
    EXPECT_EQ(rows[160], (std::vector<std::string>{"160", "null", "160"}));
    EXPECT_EQ(rows[250], (std::vector<std::string>{"250", "250", "250.5"}));
    EXPECT_EQ(rows[5], (std::vector<std::string>{"null", "null", "5"}));
    EXPECT_EQ(r->columns[0].null_count, 100);
    EXPECT_EQ(r->columns[1].min, 200);
    EXPECT_EQ(r->columns[1].max, 299);
    EXPECT_EQ(r->part_rows, (std::vector<int64_t>{70, 70, 70, 70, 20}));
  }
}

}  // namespace
}  // namespace bi::ingest
