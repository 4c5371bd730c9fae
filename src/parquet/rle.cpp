#include "parquet/rle.h"

#include <algorithm>
#include <cstring>

namespace bi::parquet {

namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Packs values[0..n) (n a multiple of 8, or padded by the caller) LSB-first.
template <typename T>
void BitPack(const T* values, int64_t n, int bit_width, std::string* out) {
  if (bit_width == 0) return;
  uint64_t acc = 0;
  int bits = 0;
  for (int64_t i = 0; i < n; ++i) {
    acc |= static_cast<uint64_t>(values[i]) << bits;
    bits += bit_width;
    while (bits >= 8) {
      out->push_back(static_cast<char>(acc & 0xFF));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out->push_back(static_cast<char>(acc & 0xFF));
}

template <typename T>
void EmitLiteral(const T* values, int64_t n, int bit_width, std::string* out) {
  if (n == 0) return;
  int64_t groups = (n + 7) / 8;
  PutVarint(static_cast<uint64_t>(groups) << 1 | 1, out);
  if (n % 8 == 0) {
    BitPack(values, n, bit_width, out);
  } else {
    T tmp[8] = {0};
    int64_t full = n / 8 * 8;
    BitPack(values, full, bit_width, out);
    std::memcpy(tmp, values + full, (n - full) * sizeof(T));
    BitPack(tmp, 8, bit_width, out);
  }
}

void EmitRun(uint32_t value, int64_t count, int bit_width, std::string* out) {
  PutVarint(static_cast<uint64_t>(count) << 1, out);
  int bytes = (bit_width + 7) / 8;
  for (int b = 0; b < bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xFF));
}

}  // namespace

template <typename T>
void RleEncode(const T* values, int64_t n, int bit_width, std::string* out) {
  int64_t lit_start = 0;
  int64_t i = 0;
  while (i < n) {
    int64_t j = i + 1;
    while (j < n && values[j] == values[i]) ++j;
    int64_t run = j - i;
    if (run >= 8) {
      int64_t pending = i - lit_start;
      if (pending % 8 != 0) {
        // Borrow values from the run to complete the literal's last group of 8.
        int64_t pad = 8 - pending % 8;
        i += pad;
        run -= pad;
      }
      EmitLiteral(values + lit_start, i - lit_start, bit_width, out);
      if (run >= 8) {
        EmitRun(values[i], run, bit_width, out);
        i += run;
        lit_start = i;
      } else {
        lit_start = i;
        i += run;
      }
    } else {
      i = j;
    }
  }
  EmitLiteral(values + lit_start, n - lit_start, bit_width, out);
}

template void RleEncode<uint8_t>(const uint8_t*, int64_t, int, std::string*);
template void RleEncode<uint32_t>(const uint32_t*, int64_t, int, std::string*);

void BitUnpack(const uint8_t* in, size_t in_size, int64_t first, int64_t n, int bit_width,
               uint32_t* out) {
  if (bit_width == 0) {
    std::memset(out, 0, n * sizeof(uint32_t));
    return;
  }
  const uint64_t mask = (bit_width == 32) ? 0xFFFFFFFFull : ((1ull << bit_width) - 1);
  uint64_t bit = static_cast<uint64_t>(first) * bit_width;
  int64_t i = 0;
  // Fast path: a whole 8-byte word is inside the input.
  for (; i < n; ++i, bit += bit_width) {
    size_t byte = bit >> 3;
    if (byte + 8 > in_size) break;
    uint64_t w;
    std::memcpy(&w, in + byte, 8);
    out[i] = static_cast<uint32_t>((w >> (bit & 7)) & mask);
  }
  // Tail: read exactly the bytes that hold the value (the caller guarantees they exist).
  for (; i < n; ++i, bit += bit_width) {
    size_t byte = bit >> 3;
    int shift = static_cast<int>(bit & 7);
    size_t need = static_cast<size_t>((shift + bit_width + 7) / 8);
    if (byte + need > in_size) need = byte < in_size ? in_size - byte : 0;
    uint64_t w = 0;
    if (need) std::memcpy(&w, in + byte, need);
    out[i] = static_cast<uint32_t>((w >> shift) & mask);
  }
}

void BitUnpack64(const uint8_t* in, size_t in_size, int64_t first, int64_t n, int bit_width,
                 uint64_t* out) {
  if (bit_width == 0) {
    std::memset(out, 0, n * sizeof(uint64_t));
    return;
  }
  uint64_t bit = static_cast<uint64_t>(first) * bit_width;
  for (int64_t i = 0; i < n; ++i, bit += bit_width) {
    uint64_t v = 0;
    int got = 0;
    uint64_t b = bit;
    while (got < bit_width) {
      size_t byte = b >> 3;
      int off = static_cast<int>(b & 7);
      int take = std::min(8 - off, bit_width - got);
      uint64_t chunk = byte < in_size ? (in[byte] >> off) & ((1u << take) - 1) : 0;
      v |= chunk << got;
      got += take;
      b += take;
    }
    out[i] = v;
  }
}

Status RleDecoder::NextRun() {
  uint64_t header = 0;
  int shift = 0;
  while (true) {
    if (p_ >= end_) return Status::Corruption("rle: data ends inside a run header");
    uint8_t b = *p_++;
    header |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
    shift += 7;
    if (shift > 56) return Status::Corruption("rle: run header too long");
  }
  if (header & 1) {
    uint64_t groups = header >> 1;
    if (groups == 0) return Status::Corruption("rle: empty bit-packed run");
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    rle_ = false;
    packed_ = p_;
    packed_pos_ = 0;
    // The last run may be cut short (writers may omit padding): cap at the available bytes.
    uint64_t avail = static_cast<uint64_t>(end_ - p_);
    if (bytes > avail) {
      if (bit_width_ == 0) return Status::Corruption("rle: bad run");
      bytes = avail;
      left_ = static_cast<int64_t>(avail * 8 / bit_width_);
    } else {
      left_ = static_cast<int64_t>(groups * 8);
    }
    p_ += bytes;
    if (left_ == 0) return Status::Corruption("rle: truncated bit-packed run");
  } else {
    rle_ = true;
    left_ = static_cast<int64_t>(header >> 1);
    if (left_ == 0) return Status::Corruption("rle: empty run");
    int bytes = (bit_width_ + 7) / 8;
    if (end_ - p_ < bytes) return Status::Corruption("rle: data ends inside a run value");
    value_ = 0;
    for (int i = 0; i < bytes; ++i) value_ |= static_cast<uint32_t>(p_[i]) << (8 * i);
    p_ += bytes;
  }
  return Status::Ok();
}

Status RleDecoder::Get(uint32_t* out, int64_t n) {
  if (bit_width_ < 0 || bit_width_ > 32) return Status::Corruption("rle: bad bit width");
  while (n > 0) {
    if (left_ == 0) BI_RETURN_IF_ERROR(NextRun());
    int64_t take = n < left_ ? n : left_;
    if (rle_) {
      for (int64_t i = 0; i < take; ++i) out[i] = value_;
    } else {
      BitUnpack(packed_, static_cast<size_t>(p_ - packed_), packed_pos_, take, bit_width_, out);
      packed_pos_ += take;
    }
    left_ -= take;
    out += take;
    n -= take;
  }
  return Status::Ok();
}

Status RleDecoder::GetChecked(uint32_t* out, int64_t n, uint32_t max_value) {
  BI_RETURN_IF_ERROR(Get(out, n));
  uint32_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad |= out[i] > max_value;
  if (bad) return Status::Corruption("rle: value out of range (dictionary index or level)");
  return Status::Ok();
}

}  // namespace bi::parquet
