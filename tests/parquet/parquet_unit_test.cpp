#include <gtest/gtest.h>

#include <random>

#include "parquet/dictionary_builder.h"
#include "parquet/format.h"
#include "parquet/predicate.h"
#include "parquet/reader.h"
#include "parquet/rle.h"
#include "parquet/thrift_compact.h"
#include "parquet/value_decoders.h"
#include "parquet/writer.h"

namespace bi::parquet {
namespace {

// The columns written as one Parquet file in memory, `row_group_rows` per row group.
std::string WriteToMemory(const Schema& schema, const std::vector<ColumnBuffer>& columns,
                          int64_t row_group_rows) {
  WriterOptions o;
  o.row_group_rows = row_group_rows;
  auto sink = std::make_unique<MemoryOutputStream>();
  auto* raw = sink.get();
  auto w = FileWriter::Open(std::move(sink), schema, o);
  EXPECT_TRUE(w.ok() && (*w)->WriteBatch(columns).ok() && (*w)->Close().ok());
  return raw->Take();
}

// Every column of `bytes` read back with dictionaries kept.
Result<std::vector<ColumnBuffer>> ReadKeepingDictionaries(std::string bytes) {
  auto r = FileReader::Open(MemoryFile(std::move(bytes)));
  if (!r.ok()) return r.status();
  ReadOptions ro;
  ro.keep_dictionary = true;
  return (*r)->ReadAll(ro);
}

TEST(Rle, RoundTripsMixedRunsAndLiterals) {
  std::mt19937 rng(7);
  for (int bw : {1, 2, 3, 7, 8, 13, 20, 32}) {
    std::vector<uint32_t> v;
    uint32_t mask = bw == 32 ? 0xFFFFFFFFu : (1u << bw) - 1;
    for (int i = 0; i < 3000; ++i) {
      if (i % 500 < 100)
        v.push_back(5 & mask);  // long runs
      else
        v.push_back(rng() & mask);
    }
    std::string enc;
    RleEncode(v.data(), static_cast<int64_t>(v.size()), bw, &enc);
    std::vector<uint32_t> out(v.size());
    RleDecoder dec(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), bw);
    ASSERT_TRUE(dec.Get(out.data(), static_cast<int64_t>(out.size())).ok()) << bw;
    EXPECT_EQ(out, v) << bw;
  }
}

TEST(Rle, TruncatedDataIsAnError) {
  std::vector<uint32_t> v(100, 3);
  for (int i = 0; i < 50; ++i) v[i] = i % 4;
  std::string enc;
  RleEncode(v.data(), 100, 2, &enc);
  std::vector<uint32_t> out(100);
  RleDecoder dec(reinterpret_cast<const uint8_t*>(enc.data()), enc.size() / 2, 2);
  EXPECT_FALSE(dec.Get(out.data(), 100).ok());
  RleDecoder dec2(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), 2);
  EXPECT_FALSE(dec2.GetChecked(out.data(), 100, 2).ok());  // value 3 > max 2
}

TEST(Thrift, SkipsUnknownFieldsAndRejectsLies) {
  std::string out;
  thrift::Writer w(&out);
  w.BeginStruct();
  w.FieldI32(1, -5);
  w.FieldBinary(20, "unknown");  // long delta
  w.FieldListBegin(21, thrift::WireType::kI32, 3);
  w.ElemI32(1);
  w.ElemI32(2);
  w.ElemI32(3);
  w.FieldI64(22, int64_t{1} << 40);
  w.EndStruct();
  thrift::Reader r(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  ASSERT_TRUE(r.BeginStruct().ok());
  thrift::Reader::Field f;
  ASSERT_TRUE(r.NextField(&f).ok());
  int32_t v;
  ASSERT_TRUE(r.ReadI32(&v).ok());
  EXPECT_EQ(v, -5);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(r.NextField(&f).ok());
    ASSERT_TRUE(r.Skip(f.type).ok());
  }
  ASSERT_TRUE(r.NextField(&f).ok());
  EXPECT_EQ(f.type, thrift::WireType::kStop);
  // A list claiming more elements than bytes is rejected before allocating.
  std::string lie = {static_cast<char>(0xF5), static_cast<char>(0xFF), static_cast<char>(0xFF),
                     static_cast<char>(0xFF), 0x0F};
  thrift::Reader r2(reinterpret_cast<const uint8_t*>(lie.data()), lie.size());
  thrift::Reader::ListHeader h;
  EXPECT_FALSE(r2.ReadListHeader(&h).ok());
}

TEST(ValueDecoders, DeltaBinaryPacked) {
  // Hand-built: block 128, 4 miniblocks, 5 values, first 7, deltas +1,+1,+1,+1 (min delta 1, width
  // 0).
  std::vector<uint8_t> b = {0x80, 0x01, 0x04, 0x05, 0x0E, 0x02, 0, 0, 0, 0};
  std::vector<int64_t> out(5);
  size_t used = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked({b.data(), b.size()}, 5, 8,
                                      reinterpret_cast<uint8_t*>(out.data()), &used)
                  .ok());
  EXPECT_EQ(out, (std::vector<int64_t>{7, 8, 9, 10, 11}));
  EXPECT_EQ(used, b.size());
  EXPECT_FALSE(
      DecodeDeltaBinaryPacked({b.data(), 5}, 5, 8, reinterpret_cast<uint8_t*>(out.data()), &used)
          .ok());
}

TEST(ValueDecoders, DeltaByteArrayAndDeltaLength) {
  // "abc", "abd", "b": prefix lengths [0,2,0], suffixes "abc","d","b" (lengths [3,1,1]).
  std::vector<uint8_t> b = {0x80, 0x01, 0x04, 0x03, 0x00, 0x03, 3, 0, 0,   0,  // prefixes
                            0x04, 0,    0,    0,    0,    0,    0, 0, 0,   0,   0,   0,   0x80,
                            0x01, 0x04, 0x03, 0x06, 0x03, 2,    0, 0, 0,  // suffix lengths
                            0x08, 0,    0,    0,    0,    0,    0, 0, 'a', 'b', 'c', 'd', 'b'};
  ByteBuffer off, data;
  off.AppendValue<int64_t>(0);
  ASSERT_TRUE(DecodeDeltaByteArray({b.data(), b.size()}, 3, &off, &data, 1 << 20).ok());
  const int64_t* o = off.as<int64_t>();
  std::string all(reinterpret_cast<const char*>(data.data()), data.size());
  EXPECT_EQ(all, "abcabdb");
  EXPECT_EQ(o[1], 3);
  EXPECT_EQ(o[2], 6);
  EXPECT_EQ(o[3], 7);
  // Truncated suffix bytes and an output limit are errors.
  ByteBuffer off2, data2;
  off2.AppendValue<int64_t>(0);
  EXPECT_FALSE(DecodeDeltaByteArray({b.data(), b.size() - 2}, 3, &off2, &data2, 1 << 20).ok());
  ByteBuffer off3, data3;
  off3.AppendValue<int64_t>(0);
  EXPECT_FALSE(DecodeDeltaByteArray({b.data(), b.size()}, 3, &off3, &data3, 4).ok());
  // The suffix part alone is a DELTA_LENGTH_BYTE_ARRAY of "abc", "d", "b".
  ByteBuffer off4, data4;
  off4.AppendValue<int64_t>(0);
  ASSERT_TRUE(
      DecodeDeltaLengthByteArray({b.data() + 22, b.size() - 22}, 3, &off4, &data4, 100).ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data4.data()), data4.size()), "abcdb");
}

TEST(Predicates, PruneOnlyWhatStatisticsExclude) {
  ColumnStatistics s;
  s.num_values = 100;
  s.null_count = 0;
  s.min = int64_t{10};
  s.max = int64_t{20};
  using Op = Predicate::Op;
  auto p = [](Op op, std::vector<Scalar> v) { return Predicate{"c", op, std::move(v)}; };
  EXPECT_TRUE(CanMatch(p(Op::kEq, {int64_t{10}}), s));
  EXPECT_FALSE(CanMatch(p(Op::kEq, {int64_t{21}}), s));
  EXPECT_FALSE(CanMatch(p(Op::kLt, {int64_t{10}}), s));
  EXPECT_TRUE(CanMatch(p(Op::kLe, {int64_t{10}}), s));
  EXPECT_FALSE(CanMatch(p(Op::kGt, {int64_t{20}}), s));
  EXPECT_TRUE(CanMatch(p(Op::kGe, {20.0}), s));
  EXPECT_TRUE(CanMatch(p(Op::kIn, {int64_t{1}, int64_t{15}}), s));
  EXPECT_FALSE(CanMatch(p(Op::kIn, {int64_t{1}, int64_t{25}}), s));
  EXPECT_FALSE(CanMatch(p(Op::kIsNull, {}), s));
  EXPECT_TRUE(CanMatch(p(Op::kIsNotNull, {}), s));
  EXPECT_TRUE(CanMatch(p(Op::kEq, {std::numeric_limits<double>::quiet_NaN()}), s));
  EXPECT_TRUE(CanMatch(p(Op::kEq, {std::string("x")}), s));  // incomparable: keep
  s.null_count = 100;
  EXPECT_FALSE(CanMatch(p(Op::kEq, {int64_t{15}}), s));
  EXPECT_TRUE(CanMatch(p(Op::kIsNull, {}), s));
  ColumnStatistics none;
  none.num_values = 5;
  EXPECT_TRUE(CanMatch(p(Op::kEq, {int64_t{15}}), none));
}

TEST(Predicates, SelectRowGroupsFromWrittenStatistics) {
  Schema s;
  s.fields.push_back(Field::Of("n", ValueType::kInt64));
  s.fields.push_back(Field::Of("s", ValueType::kString));
  s.fields.push_back(Field::Of("d", ValueType::kDouble));
  ColumnBuffer n(ValueType::kInt64), str(ValueType::kString), d(ValueType::kDouble);
  for (int i = 0; i < 300; ++i) {
    n.AppendInt(i);
    str.AppendString(i < 100 ? "apple" : i < 200 ? "banana" : "cherry");
    if (i >= 200)
      d.AppendNull();
    else
      d.AppendDouble(i * 0.5);
  }
  auto r = FileReader::Open(MemoryFile(WriteToMemory(s, {n, str, d}, 100)));
  ASSERT_TRUE(r.ok());
  using Op = Predicate::Op;
  auto sel = [&](std::vector<Predicate> ps) { return *(*r)->SelectRowGroups(ps); };
  EXPECT_EQ(sel({{"n", Op::kEq, {int64_t{150}}}}), (std::vector<int>{1}));
  EXPECT_EQ(sel({{"n", Op::kGe, {int64_t{100}}}}), (std::vector<int>{1, 2}));
  EXPECT_EQ(sel({{"n", Op::kLt, {int64_t{100}}}}), (std::vector<int>{0}));
  EXPECT_EQ(sel({{"s", Op::kIn, {std::string("apple"), std::string("cherry")}}}),
            (std::vector<int>{0, 2}));
  EXPECT_EQ(sel({{"s", Op::kGt, {std::string("b")}}}), (std::vector<int>{1, 2}));
  EXPECT_EQ(sel({{"d", Op::kIsNull, {}}}), (std::vector<int>{2}));
  EXPECT_EQ(sel({{"d", Op::kLe, {int64_t{10}}}}), (std::vector<int>{0}));
  EXPECT_EQ(sel({{"n", Op::kGe, {int64_t{50}}}, {"s", Op::kEq, {std::string("apple")}}}),
            (std::vector<int>{0}));
  EXPECT_FALSE((*r)->SelectRowGroups({{"zz", Op::kEq, {int64_t{1}}}}).ok());
  auto st = (*r)->Statistics(1, 1);
  EXPECT_EQ(std::get<std::string>(st.min), "banana");
  EXPECT_EQ(st.null_count.value_or(-1), 0);
}

TEST(ColumnBuffer, DictionaryCodesMergeAcrossRowGroups) {
  Schema s;
  s.fields.push_back(Field::Of("s", ValueType::kString));
  ColumnBuffer c(ValueType::kString);
  const char* w[] = {"x", "y", "z", "日本"};
  for (int i = 0; i < 400; ++i) {
    if (i % 9 == 0)
      c.AppendNull();
    else
      c.AppendString(w[(i / 100 + i) % 4]);
  }
  auto cols = ReadKeepingDictionaries(WriteToMemory(s, {c}, 100));
  ASSERT_TRUE(cols.ok());
  const ColumnBuffer& got = (*cols)[0];
  ASSERT_TRUE(got.is_dictionary());
  EXPECT_EQ(got.dictionary->length, 4);  // distinct after merge
  for (int64_t i = 0; i < 400; ++i) {
    ASSERT_EQ(got.IsValid(i), c.IsValid(i));
    if (c.IsValid(i)) {
      ASSERT_EQ(got.StringAt(i), c.StringAt(i));
    }
  }
}

TEST(ColumnBuffer, MergingLargelyDistinctDictionariesKeepsEveryValue) {
  // Each row group repeats 20,000 distinct strings (so each keeps its dictionary); together the
  // dictionaries are 40,000 values that are all distinct, past the builder's early give-up.
  Schema s;
  s.fields.push_back(Field::Of("s", ValueType::kString));
  ColumnBuffer c(ValueType::kString);
  for (int rg = 0; rg < 2; ++rg) {
    for (int i = 0; i < 40000; ++i)
      c.AppendString("v" + std::to_string(rg) + "-" + std::to_string(i % 20000));
  }
  auto cols = ReadKeepingDictionaries(WriteToMemory(s, {c}, 40000));
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  const ColumnBuffer& got = (*cols)[0];
  ASSERT_EQ(got.length, 80000);
  int64_t wrong = 0;
  for (int64_t i = 0; i < 80000; ++i) wrong += got.StringAt(i) != c.StringAt(i);
  EXPECT_EQ(wrong, 0);
}

// After a chunk gave up its dictionary, the writer asks the next one to extrapolate at the
// probe: many distinct values that would pass the size limit give up there, not at the limit;
// a column with few distinct values still gets its dictionary.
TEST(DictionaryBuilder, ExtrapolatesTheSizeAtTheProbe) {
  std::vector<int64_t> offsets{0};
  std::string data;
  for (int i = 0; i < 20000; ++i) {
    data += "a fairly long value number " + std::to_string(i / 2 % 5000);
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  auto build = [&](size_t max_bytes, bool extrapolate) {
    std::vector<uint32_t> idx;
    std::vector<int64_t> dict_offsets;
    std::vector<uint8_t> dict_data;
    bool ok =
        BuildBinaryDictionary(offsets.data(), reinterpret_cast<const uint8_t*>(data.data()), 20000,
                              max_bytes, &idx, &dict_offsets, &dict_data, 1000, 0, extrapolate);
    return std::make_pair(ok, dict_offsets.size() - 1);
  };
  // 5000 distinct values of ~31 bytes: ~170 KB of dictionary.
  EXPECT_EQ(build(1 << 20, false), std::make_pair(true, size_t{5000}));
  EXPECT_EQ(build(1 << 20, true), std::make_pair(true, size_t{5000}));
  // Under a 100 KB limit: without extrapolation it fails when the dictionary passes the limit
  // (after ~2900 distinct values); with it, at the probe (500 distinct values in the first
  // 1000, ~17 KB, would make ~350 KB over 20000).
  EXPECT_FALSE(build(100 << 10, false).first);
  auto gave_up = build(100 << 10, true);
  EXPECT_FALSE(gave_up.first);
  EXPECT_EQ(gave_up.second, size_t{500});
}

}  // namespace
}  // namespace bi::parquet
