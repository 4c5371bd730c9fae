// Robustness: the reader must turn damaged files into errors, never crashes, hangs or huge
// allocations. Feeds truncations, bit flips and targeted lies about sizes and offsets.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <random>

#include "parquet/format.h"
#include "parquet/reader.h"
#include "parquet/writer.h"
#include "sample_table.h"

namespace bi::parquet {
namespace {

std::string ValidFile(Compression c, bool dictionary, int64_t rows = 600) {
  auto t = testing::MakeSampleTable(rows, 3);
  WriterOptions o;
  o.compression = c;
  o.dictionary = dictionary;
  o.row_group_rows = 250;
  o.page_bytes = 1024;
  auto sink = std::make_unique<MemoryOutputStream>();
  auto* raw = sink.get();
  auto w = FileWriter::Open(std::move(sink), t.schema, o);
  EXPECT_TRUE((*w)->WriteBatch(t.columns).ok());
  EXPECT_TRUE((*w)->Close().ok());
  return raw->bytes();
}

// Reads everything; returns the status (ok or error) — the point is that it returns.
Status ReadAllOf(const std::string& bytes) {
  ReaderOptions lim;
  lim.max_row_group_rows = 1 << 20;
  lim.max_page_bytes = 64 << 20;
  lim.max_string_bytes = 64 << 20;
  auto r = FileReader::Open(MemoryFile(bytes), lim);
  if (!r.ok()) return r.status();
  for (bool dict : {false, true}) {
    ReadOptions ro;
    ro.keep_dictionary = dict;
    for (int g = 0; g < (*r)->num_row_groups(); ++g) {
      for (int c = 0; c < (*r)->schema().num_fields(); ++c) {
        auto col = (*r)->ReadColumnChunk(g, c, ro);
        if (!col.ok()) return col.status();
      }
    }
  }
  (void)(*r)->SelectRowGroups({{(*r)->schema().fields[0].name, Predicate::Op::kEq, {int64_t{1}}}});
  return Status::Ok();
}

TEST(ParquetCorruption, HeaderAndFooterLies) {
  std::string f = ValidFile(Compression::kZstd, true);
  ASSERT_TRUE(ReadAllOf(f).ok());
  EXPECT_NE(ReadAllOf("").message().find("too small"), std::string::npos);
  EXPECT_NE(ReadAllOf("PAR1PAR1").message().find("too small"), std::string::npos);
  std::string bad = f;
  bad[0] = 'X';
  EXPECT_NE(ReadAllOf(bad).message().find("magic"), std::string::npos);
  bad = f;
  uint32_t huge = 0x7FFFFFFF;
  std::memcpy(&bad[bad.size() - 8], &huge, 4);
  Status s = ReadAllOf(bad);
  EXPECT_EQ(s.code(), ErrorCode::kCorruption);
  EXPECT_NE(s.message().find("footer length"), std::string::npos);
  // Truncated file: footer gone.
  s = ReadAllOf(f.substr(0, f.size() / 2));
  EXPECT_FALSE(s.ok());
}

TEST(ParquetCorruption, EveryTruncationFailsCleanly) {
  for (auto c : {Compression::kZstd, Compression::kSnappy, Compression::kUncompressed}) {
    std::string f = ValidFile(c, true, 300);
    for (size_t n = 0; n < f.size(); n += 1 + n / 50) {
      Status s = ReadAllOf(f.substr(0, n));
      EXPECT_FALSE(s.ok()) << "truncated to " << n;
    }
  }
}

TEST(ParquetCorruption, TruncatedFooterKeptAtEnd) {
  // Cut bytes out of the middle but keep a valid tail: offsets now point at wrong data.
  std::string f = ValidFile(Compression::kSnappy, false);
  for (size_t cut = 4; cut < f.size() - 100; cut += 97) {
    std::string g = f.substr(0, cut) + f.substr(cut + 50);
    (void)ReadAllOf(g);  // must return, either way
  }
}

TEST(ParquetCorruption, RandomBitFlipsNeverCrash) {
  std::mt19937_64 rng(1234);
  int errors = 0, total = 0;
  for (auto c : {Compression::kZstd, Compression::kSnappy, Compression::kUncompressed}) {
    for (bool dict : {true, false}) {
      std::string f = ValidFile(c, dict);
      for (int i = 0; i < 400; ++i) {
        std::string g = f;
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) {
          // Bias half the flips to the footer, where the structure lives.
          size_t pos = (rng() & 1) ? rng() % g.size()
                                   : g.size() - 1 - rng() % std::min<size_t>(g.size(), 2000);
          g[pos] = static_cast<char>(g[pos] ^ (1u << (rng() % 8)));
        }
        ++total;
        if (!ReadAllOf(g).ok()) ++errors;
      }
    }
  }
  EXPECT_GT(errors, 0);
  std::cout << errors << " of " << total << " corrupted files rejected\n";
}

TEST(ParquetCorruption, RandomBytesOverwrite) {
  std::mt19937_64 rng(99);
  std::string f = ValidFile(Compression::kUncompressed, true);
  for (int i = 0; i < 300; ++i) {
    std::string g = f;
    size_t pos = rng() % g.size();
    size_t len = std::min<size_t>(1 + rng() % 16, g.size() - pos);
    for (size_t k = 0; k < len; ++k) g[pos + k] = static_cast<char>(rng());
    (void)ReadAllOf(g);
  }
}

}  // namespace
}  // namespace bi::parquet

namespace bi::parquet {
namespace {

// Rewrites a file's footer through `fn` (the column data stays where it is).
std::string MutateFooter(const std::string& file,
                         const std::function<void(format::FileMetaData&)>& fn) {
  uint32_t len;
  std::memcpy(&len, file.data() + file.size() - 8, 4);
  size_t start = file.size() - 8 - len;
  format::FileMetaData m;
  EXPECT_TRUE(format::Parse(reinterpret_cast<const uint8_t*>(file.data()) + start, len, &m).ok());
  fn(m);
  std::string footer;
  format::Serialize(m, &footer);
  std::string out = file.substr(0, start) + footer;
  uint32_t n = static_cast<uint32_t>(footer.size());
  out.append(reinterpret_cast<const char*>(&n), 4);
  out += "PAR1";
  return out;
}

std::string IntFile(Compression c, int distinct, int rows = 1000) {
  Schema s;
  s.fields.push_back(Field::Of("v", ValueType::kInt64));
  ColumnBuffer b(ValueType::kInt64);
  for (int i = 0; i < rows; ++i) b.AppendInt(i % distinct);
  WriterOptions o;
  o.compression = c;
  auto sink = std::make_unique<MemoryOutputStream>();
  auto* raw = sink.get();
  auto w = FileWriter::Open(std::move(sink), s, o);
  EXPECT_TRUE((*w)->WriteBatch(std::vector<ColumnBuffer>{b}).ok());
  EXPECT_TRUE((*w)->Close().ok());
  return raw->bytes();
}

void ExpectCorruption(const std::string& bytes, const std::string& words) {
  Status s = ReadAllOf(bytes);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(words), std::string::npos) << s.ToString();
}

TEST(ParquetCorruption, OffsetsOutOfRange) {
  std::string f = IntFile(Compression::kZstd, 10);
  ExpectCorruption(
      MutateFooter(f,
                   [](auto& m) {
                     m.row_groups[0].columns[0].meta_data.data_page_offset = 1 << 30;
                     m.row_groups[0].columns[0].meta_data.dictionary_page_offset.reset();
                   }),
      "offsets out of range");
  ExpectCorruption(MutateFooter(f,
                                [](auto& m) {
                                  m.row_groups[0].columns[0].meta_data.total_compressed_size =
                                      int64_t{1} << 40;
                                }),
                   "offsets out of range");
  ExpectCorruption(
      MutateFooter(
          f, [](auto& m) { m.row_groups[0].columns[0].meta_data.total_compressed_size = -5; }),
      "offsets out of range");
}

TEST(ParquetCorruption, ImpossibleCounts) {
  std::string f = IntFile(Compression::kSnappy, 10);
  ExpectCorruption(MutateFooter(f,
                                [](auto& m) {
                                  m.row_groups[0].num_rows = int64_t{1} << 40;
                                  m.num_rows = int64_t{1} << 40;
                                }),
                   "out of range");
  ExpectCorruption(MutateFooter(f, [](auto& m) { m.num_rows = 7; }), "do not add up");
  ExpectCorruption(
      MutateFooter(f, [](auto& m) { m.row_groups[0].num_rows = 2000, m.num_rows = 2000; }),
      "values, expected");
  ExpectCorruption(MutateFooter(f, [](auto& m) { m.row_groups[0].columns.clear(); }),
                   "columns, schema has");
  Status s = ReadAllOf(MutateFooter(f, [](auto& m) { m.schema[0].num_children = 5; }));
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
}

TEST(ParquetCorruption, CorruptCompressedPages) {
  for (auto c : {Compression::kZstd, Compression::kSnappy}) {
    std::string f = IntFile(c, 5000, 5000);  // all distinct: PLAIN pages, no dictionary
    auto r = FileReader::Open(MemoryFile(f));
    ASSERT_TRUE(r.ok());
    const auto& md = (*r)->metadata().row_groups[0].columns[0].meta_data;
    ASSERT_FALSE(md.dictionary_page_offset.has_value());
    size_t at = static_cast<size_t>(md.data_page_offset);
    format::PageHeader h;
    size_t used = 0;
    ASSERT_TRUE(
        format::Parse(reinterpret_cast<const uint8_t*>(f.data()) + at, f.size() - at, &h, &used)
            .ok());
    // The body's first bytes are the codec's own header (zstd magic, snappy length).
    std::string g = f;
    g[at + used] = static_cast<char>(g[at + used] ^ 0xFF);
    Status s = ReadAllOf(g);
    EXPECT_EQ(s.code(), ErrorCode::kCorruption) << s.ToString();
    // Damage inside the compressed stream: an error or (no checksums) wrong values, never a
    // crash.
    size_t body = at + used, len = static_cast<size_t>(h.compressed_page_size);
    for (size_t off = 1; off < len; off += len / 7 + 1) {
      std::string k = f;
      for (size_t i = body + off; i < std::min(body + off + 8, body + len); ++i) k[i] ^= 0x5A;
      (void)ReadAllOf(k);
    }
  }
}

TEST(ParquetCorruption, DictionaryIndexOutOfRange) {
  // 100 distinct values; shrink the dictionary page's num_values from 100 to 70 in place
  // (zigzag varints 200 and 140 both take two bytes), so indices 70..99 dangle.
  std::string f = IntFile(Compression::kUncompressed, 100);
  ASSERT_TRUE(ReadAllOf(f).ok());
  auto r = FileReader::Open(MemoryFile(f));
  const auto& md = (*r)->metadata().row_groups[0].columns[0].meta_data;
  ASSERT_TRUE(md.dictionary_page_offset.has_value());
  size_t at = static_cast<size_t>(*md.dictionary_page_offset);
  format::PageHeader h;
  size_t used = 0;
  ASSERT_TRUE(
      format::Parse(reinterpret_cast<const uint8_t*>(f.data()) + at, f.size() - at, &h, &used)
          .ok());
  ASSERT_EQ(h.dictionary_page_header->num_values, 100);
  std::string header = f.substr(at, used);
  const std::string from = "\xC8\x01", to = "\x8C\x01";  // zigzag(100), zigzag(70)
  size_t pos = header.find(from);
  ASSERT_NE(pos, std::string::npos);
  std::string g = f;
  g.replace(at + pos, 2, to);
  ExpectCorruption(g, "out of range");
}

}  // namespace
}  // namespace bi::parquet
