#pragma once
// Character encodings of uploaded CSV files: detection (byte-order marks, UTF-8 validity, then
// libuchardet) and streaming conversion to UTF-8 with glibc iconv.
//
// Canonical names (what datasets record as sourceEncoding): "utf-8", "utf-8-sig" (UTF-8 with
// BOM), "cp932" (Shift_JIS with the NEC/IBM extensions Windows uses: ①, ㈱, ...), "euc-jp",
// "utf-16le", "utf-16be", "latin-1" (ISO-8859-1), "windows-1252".

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::ingest {

struct EncodingInfo {
  std::string name;      // canonical name
  size_t bom_bytes = 0;  // bytes of byte-order mark to skip at the start of the file
};

// Maps a caller's name ("Shift_JIS", "sjis", "windows-31j", "UTF8", "utf-16", ...) to a canonical
// one; kUnprocessable for names bi-tool does not import.
Result<std::string> CanonicalEncoding(std::string_view name);

// Detects the encoding of a file from its first bytes. `complete` says the sample is the whole
// file (so a multi-byte sequence cut at the end of the sample is an error, not a truncation).
// Fails with kUnprocessable when nothing fits.
Result<EncodingInfo> DetectEncoding(std::string_view sample, bool complete);

// The BOM of a canonical encoding found at the start of `sample` (0 if none).
size_t BomBytes(std::string_view encoding, std::string_view sample);

// True for encodings whose bytes are already UTF-8 (no conversion, only validation).
inline bool IsUtf8(std::string_view encoding) {
  return encoding == "utf-8" || encoding == "utf-8-sig";
}

// Length of the longest prefix of `s` that is valid UTF-8 (complete sequences, no surrogates
// or overlongs). Equal to s.size() when all of it is valid.
size_t ValidUtf8Prefix(std::string_view s);
inline bool IsValidUtf8(std::string_view s) {
  return ValidUtf8Prefix(s) == s.size();
}

// Streaming conversion to UTF-8. Feed input in chunks of any size; a sequence cut at a chunk
// boundary is carried to the next call.
class Utf8Converter {
 public:
  static Result<std::unique_ptr<Utf8Converter>> Create(std::string_view encoding);
  ~Utf8Converter();
  Utf8Converter(const Utf8Converter&) = delete;
  Utf8Converter& operator=(const Utf8Converter&) = delete;

  // Appends the UTF-8 of `in` to `out`. `last` marks the end of the input. On undecodable
  // bytes, fails with kUnprocessable; `out` then holds everything decoded before them and
  // error_offset() is their offset in the whole input.
  Status Convert(std::string_view in, bool last, std::string* out);
  uint64_t error_offset() const { return error_offset_; }

 private:
  Utf8Converter(void* cd, std::string encoding) : cd_(cd), encoding_(std::move(encoding)) {}
  void* cd_;
  std::string encoding_;
  std::string carry_;
  uint64_t consumed_ = 0;  // input bytes converted so far
  uint64_t error_offset_ = 0;
};

}  // namespace bi::ingest
