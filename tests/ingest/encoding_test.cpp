// Encoding detection and conversion, with fixture bytes written out here (checked against
// Python's codecs when the tests were written).

#include "ingest/encoding.h"

#include <gtest/gtest.h>

namespace bi::ingest {
namespace {

// "①㈱東京纊ー～" in CP932: NEC row 13 (①, ㈱), JIS X 0208, an NEC-selected IBM extension (纊).
const std::string kCp932 = "\x87\x40\x87\x8a\x93\x8c\x8b\x9e\xed\x40\x81\x5b\x81\x60";
const std::string kCp932Utf8 = "①㈱東京纊ー～";

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string Convert(const std::string& enc, const std::string& bytes, size_t chunk) {
  auto conv = Utf8Converter::Create(enc);
  EXPECT_TRUE(conv.ok());
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += chunk) {
    Status s = (*conv)->Convert(std::string_view(bytes).substr(i, chunk), false, &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  EXPECT_TRUE((*conv)->Convert("", true, &out).ok());
  return out;
}

TEST(Encoding, Cp932ExtensionsSurviveInAnyChunking) {
  for (size_t chunk : {1, 3, 7, 20}) EXPECT_EQ(Convert("cp932", kCp932, chunk), kCp932Utf8);
}

TEST(Encoding, EucJpAndUtf16AndLatin1) {
  EXPECT_EQ(Convert("euc-jp", "\xc5\xec\xb5\xfe\xa1\xc1", 1), "東京〜");
  EXPECT_EQ(Convert("utf-16le", std::string("\x0d\x54\x4d\x52", 4), 1), "名前");
  EXPECT_EQ(Convert("utf-16be", std::string("\x54\x0d\x52\x4d", 4), 3), "名前");
  EXPECT_EQ(Convert("latin-1", "caf\xe9", 2), "café");
}

TEST(Encoding, UndecodableBytesReportTheirOffset) {
  auto conv = Utf8Converter::Create("cp932");
  ASSERT_TRUE(conv.ok());
  std::string out;
  Status s = (*conv)->Convert("ab\x93\x8c\xff\xffxyz", true, &out);
  EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ((*conv)->error_offset(), 4u);
  EXPECT_EQ(out, "ab東");
}

TEST(Encoding, TruncatedSequenceAtTheEnd) {
  auto conv = Utf8Converter::Create("cp932");
  ASSERT_TRUE(conv.ok());
  std::string out;
  EXPECT_TRUE((*conv)->Convert("a\x93", false, &out).ok());
  EXPECT_EQ((*conv)->Convert("", true, &out).code(), ErrorCode::kUnprocessable);
}

TEST(Encoding, DetectsBomsUtf8AndJapaneseEncodings) {
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBFid,名前\n", true)->name, "utf-8-sig");
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBFid\n", true)->bom_bytes, 3u);
  EXPECT_EQ(DetectEncoding(std::string("\xFF\xFEi\0d\0", 6), true)->name, "utf-16le");
  EXPECT_EQ(DetectEncoding(std::string("\xFE\xFF\0i\0d", 6), true)->name, "utf-16be");
  EXPECT_EQ(DetectEncoding("id,name\n1,x\n", true)->name, "utf-8");
  EXPECT_EQ(DetectEncoding("id,名前\n1,東京\n", true)->name, "utf-8");

  // A realistic Japanese CSV in CP932 and EUC-JP.
  std::string sjis_row = "1,\x93\x8c\x8b\x9e\x93\x73,\x8a\x94\x8e\xae\x89\xef\x8e\xd0,\x87\x40\n";
  auto sjis = DetectEncoding(Repeat(sjis_row, 20), true);
  ASSERT_TRUE(sjis.ok());
  EXPECT_EQ(sjis->name, "cp932");
  std::string euc_row = "1,\xc5\xec\xb5\xfe\xc5\xd4,\xb3\xf4\xbc\xb0\xb2\xf1\xbc\xd2\n";
  auto euc = DetectEncoding(Repeat(euc_row, 20), true);
  ASSERT_TRUE(euc.ok());
  EXPECT_EQ(euc->name, "euc-jp");
  auto latin = DetectEncoding(Repeat("1,caf\xe9,na\xefve,\xe0 la carte\n", 10), true);
  ASSERT_TRUE(latin.ok());
  EXPECT_TRUE(latin->name == "latin-1" || latin->name == "windows-1252") << latin->name;
}

TEST(Encoding, CanonicalNames) {
  EXPECT_EQ(*CanonicalEncoding("Shift_JIS"), "cp932");
  EXPECT_EQ(*CanonicalEncoding("windows-31j"), "cp932");
  EXPECT_EQ(*CanonicalEncoding("EUC-JP"), "euc-jp");
  EXPECT_EQ(*CanonicalEncoding("UTF8"), "utf-8");
  EXPECT_EQ(*CanonicalEncoding("ISO-8859-1"), "latin-1");
  EXPECT_EQ(CanonicalEncoding("klingon").status().code(), ErrorCode::kUnprocessable);
}

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text that is long enough"));
  EXPECT_TRUE(IsValidUtf8("東京 ①"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));               // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));           // surrogate
  EXPECT_EQ(ValidUtf8Prefix("abcdefgh\xe6\x9d"), 8u);  // cut sequence
}

}  // namespace
}  // namespace bi::ingest
