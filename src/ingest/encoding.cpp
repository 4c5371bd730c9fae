#include "ingest/encoding.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bi::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '_') c = '-';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const char* IconvName(std::string_view canonical) {
  if (canonical == "cp932") return "CP932";
  if (canonical == "euc-jp") return "EUC-JP";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  if (canonical == "latin-1") return "ISO-8859-1";
  if (canonical == "windows-1252") return "WINDOWS-1252";
  if (canonical == "utf-8" || canonical == "utf-8-sig") return "UTF-8";
  return nullptr;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid / incomplete.
size_t SequenceLength(const unsigned char* s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return len;
}

std::string UchardetGuess(std::string_view sample) {
  uchardet_t ud = uchardet_new();
  uchardet_handle_data(ud, sample.data(), sample.size());
  uchardet_data_end(ud);
  std::string charset = uchardet_get_charset(ud);
  uchardet_delete(ud);
  return Lower(charset);
}

bool DecodesCleanly(std::string_view encoding, std::string_view sample, bool complete) {
  auto conv = Utf8Converter::Create(encoding);
  if (!conv.ok()) return false;
  std::string out;
  return (*conv)->Convert(sample, complete, &out).ok();
}

}  // namespace

Result<std::string> CanonicalEncoding(std::string_view name) {
  std::string n = Lower(name);
  if (n == "utf-8" || n == "utf8") return std::string("utf-8");
  if (n == "utf-8-sig" || n == "utf-8-bom" || n == "utf8-bom") return std::string("utf-8-sig");
  if (n == "cp932" || n == "shift-jis" || n == "shiftjis" || n == "sjis" || n == "windows-31j" ||
      n == "ms932" || n == "x-sjis" || n == "ms-kanji" || n == "ibm943")
    return std::string("cp932");
  if (n == "euc-jp" || n == "eucjp" || n == "ujis") return std::string("euc-jp");
  if (n == "utf-16le") return std::string("utf-16le");
  if (n == "utf-16be") return std::string("utf-16be");
  if (n == "utf-16") return std::string("utf-16");  // resolved by the BOM
  if (n == "latin-1" || n == "latin1" || n == "iso-8859-1" || n == "iso8859-1" || n == "l1")
    return std::string("latin-1");
  if (n == "windows-1252" || n == "cp1252") return std::string("windows-1252");
  return Status::Unprocessable(
      "unsupported encoding '" + std::string(name) +
          "'; use utf-8, utf-8-sig, cp932 (shift_jis), euc-jp, utf-16le, utf-16be, latin-1 or "
          "windows-1252",
      {{"field", "encoding"}});
}

size_t BomBytes(std::string_view encoding, std::string_view s) {
  auto starts = [&](std::string_view bom) { return s.substr(0, bom.size()) == bom; };
  if (IsUtf8(encoding) && starts("\xEF\xBB\xBF")) return 3;
  if (encoding == "utf-16le" && starts("\xFF\xFE")) return 2;
  if (encoding == "utf-16be" && starts("\xFE\xFF")) return 2;
  return 0;
}

Result<EncodingInfo> DetectEncoding(std::string_view sample, bool complete) {
  auto starts = [&](std::string_view bom) { return sample.substr(0, bom.size()) == bom; };
  if (starts("\xEF\xBB\xBF")) return EncodingInfo{"utf-8-sig", 3};
  if (starts("\xFF\xFE")) return EncodingInfo{"utf-16le", 2};
  if (starts("\xFE\xFF")) return EncodingInfo{"utf-16be", 2};

  // UTF-16 without a BOM: ASCII text has a NUL in every other byte.
  size_t nul_even = 0, nul_odd = 0;
  size_t scan = std::min<size_t>(sample.size(), 4096);
  for (size_t i = 0; i < scan; ++i) {
    if (sample[i] == 0) ++(i % 2 ? nul_odd : nul_even);
  }
  if (scan >= 4 && nul_odd * 3 > scan) return EncodingInfo{"utf-16le", 0};
  if (scan >= 4 && nul_even * 3 > scan) return EncodingInfo{"utf-16be", 0};

  // UTF-8 (and ASCII): valid throughout, or clearly UTF-8 with a few bad bytes (which the
  // import then reports where they are, instead of guessing a single-byte encoding).
  const auto* s = reinterpret_cast<const unsigned char*>(sample.data());
  size_t multi = 0, invalid = 0;
  for (size_t i = 0; i < sample.size();) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    size_t len = SequenceLength(s, sample.size(), i);
    if (len == 0) {
      if (!complete && sample.size() - i < 4) break;  // cut by the end of the sample
      ++invalid;
      ++i;
    } else {
      ++multi;
      i += len;
    }
  }
  if (invalid == 0 || (multi >= 8 && invalid * 20 <= multi)) return EncodingInfo{"utf-8", 0};

  std::string guess = UchardetGuess(sample);
  std::string candidate;
  if (guess == "shift-jis" || guess == "shift_jis" || guess == "cp932" || guess == "windows-31j")
    candidate = "cp932";
  else if (guess == "euc-jp")
    candidate = "euc-jp";
  else if (guess == "iso-8859-1")
    candidate = "latin-1";
  else if (guess == "windows-1252" || guess.rfind("iso-8859", 0) == 0 ||
           guess.rfind("windows-125", 0) == 0)
    candidate = "windows-1252";
  if (!candidate.empty() && DecodesCleanly(candidate, sample, complete))
    return EncodingInfo{candidate, 0};
  for (const char* fallback : {"cp932", "euc-jp", "windows-1252"}) {
    if (fallback != candidate && DecodesCleanly(fallback, sample, complete))
      return EncodingInfo{fallback, 0};
  }
  return Status::Unprocessable(
      "could not detect the file's character encoding; pass encoding (e.g. utf-8, cp932)",
      {{"field", "encoding"}, {"reason", "undetectable encoding"}});
}

size_t ValidUtf8Prefix(std::string_view sv) {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  const size_t n = sv.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, 16 (SSE2) or 8 bytes at a time.
#if defined(__SSE2__)
    while (i + 16 <= n &&
           _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i))) == 0)
      i += 16;
#endif
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Three-byte sequences other than E0 (overlong forms) and ED (surrogates) only need
    // continuation bytes: most CJK text.
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    size_t len = SequenceLength(s, n, i);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

Result<std::unique_ptr<Utf8Converter>> Utf8Converter::Create(std::string_view encoding) {
  const char* name = IconvName(encoding);
  if (name == nullptr)
    return Status::Unprocessable("unsupported encoding " + std::string(encoding));
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == reinterpret_cast<iconv_t>(-1))
    return Status::Internal("iconv cannot convert from " + std::string(name));
  return std::unique_ptr<Utf8Converter>(new Utf8Converter(cd, std::string(encoding)));
}

Utf8Converter::~Utf8Converter() {
  iconv_close(static_cast<iconv_t>(cd_));
}

Status Utf8Converter::Convert(std::string_view in, bool last, std::string* out) {
  std::string joined;
  std::string_view src = in;
  if (!carry_.empty()) {
    joined = carry_ + std::string(in);
    src = joined;
    carry_.clear();
  }
  char* inp = const_cast<char*>(src.data());
  size_t inleft = src.size();
  while (inleft > 0) {
    size_t old = out->size();
    size_t room = inleft * 2 + 64;
    out->resize(old + room);
    char* outp = out->data() + old;
    size_t outleft = room;
    size_t r = iconv(static_cast<iconv_t>(cd_), &inp, &inleft, &outp, &outleft);
    out->resize(old + (room - outleft));
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    size_t done = src.size() - inleft;
    if (errno == EINVAL && !last) {
      carry_.assign(inp, inleft);
      consumed_ += done;
      return Status::Ok();
    }
    error_offset_ = consumed_ + done;
    return Status::Unprocessable(
        errno == EINVAL ? "the file ends inside a multi-byte " + encoding_ + " character"
                        : "bytes that are not valid " + encoding_,
        {{"reason", "undecodable bytes"}, {"encoding", encoding_}, {"byteOffset", error_offset_}});
  }
  consumed_ += src.size();
  if (last) {
    size_t old = out->size();
    out->resize(old + 64);
    char* outp = out->data() + old;
    size_t outleft = 64;
    iconv(static_cast<iconv_t>(cd_), nullptr, nullptr, &outp, &outleft);
    out->resize(old + (64 - outleft));
  }
  return Status::Ok();
}

}  // namespace bi::ingest
