#pragma once
// The RLE / bit-packing hybrid of Parquet's Encodings.md, used for definition levels and
// dictionary indices (and RLE booleans on read).
//   run := rle-run | bit-packed-run
//   rle-run := varint(count << 1) value(ceil(bit_width/8) bytes, little-endian)
//   bit-packed-run := varint(groups << 1 | 1) groups*8 values packed LSB-first, bit_width each
// The decoder never reads outside its span and reports how far it got, so a truncated or
// inconsistent run is an error rather than garbage.

#include <cstdint>
#include <string>

#include "common/status.h"

namespace bi::parquet {

// Appends the hybrid encoding of `n` values (each < 2^bit_width) to `out`.
// Instantiated for uint8_t (levels) and uint32_t (dictionary indices).
template <typename T>
void RleEncode(const T* values, int64_t n, int bit_width, std::string* out);

// Bits needed to represent v (0 for v == 0).
inline int BitWidth(uint64_t v) {
  return v == 0 ? 0 : 64 - __builtin_clzll(v);
}

class RleDecoder {
 public:
  RleDecoder(const uint8_t* data, size_t size, int bit_width)
      : p_(data), end_(data + size), bit_width_(bit_width) {}

  // Decodes exactly n values into out; Corruption if the data ends early or a value is
  // malformed. bit_width must be 0..32.
  Status Get(uint32_t* out, int64_t n);
  // Decodes n values and fails if any is > max_value (dictionary indices, levels).
  Status GetChecked(uint32_t* out, int64_t n, uint32_t max_value);

 private:
  Status NextRun();

  const uint8_t* p_;
  const uint8_t* end_;
  int bit_width_;
  // current run
  bool rle_ = false;
  int64_t left_ = 0;                 // values left in the current run
  uint32_t value_ = 0;               // rle value
  const uint8_t* packed_ = nullptr;  // bit-packed run start
  int64_t packed_pos_ = 0;           // values consumed in the packed run
};

// Unpacks n values of `bit_width` bits (LSB-first) starting at value index `first` from `in`
// (in_size bytes; bits past the end read as 0).
void BitUnpack(const uint8_t* in, size_t in_size, int64_t first, int64_t n, int bit_width,
               uint32_t* out);
void BitUnpack64(const uint8_t* in, size_t in_size, int64_t first, int64_t n, int bit_width,
                 uint64_t* out);

}  // namespace bi::parquet
