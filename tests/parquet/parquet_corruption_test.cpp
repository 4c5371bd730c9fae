// Robustness: the reader must turn damaged files into errors, never crashes, hangs or huge
// allocations. Feeds truncations, bit flips and targeted lies about sizes and offsets.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

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
