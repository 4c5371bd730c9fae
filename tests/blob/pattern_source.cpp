#include "tests/blob/pattern_source.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace bi::blob::testing {
namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

char PatternSource::ByteAt(uint64_t seed, uint64_t i) {
  return static_cast<char>(Mix(seed * 0x100000001B3ULL + i / 8) >> (8 * (i % 8)));
}

void PatternSource::Fill(uint64_t seed, uint64_t offset, char* out, size_t n) {
  size_t k = 0;
  while (k < n && (offset + k) % 8 != 0) {
    out[k] = ByteAt(seed, offset + k);
    ++k;
  }
  for (; k + 8 <= n; k += 8) {
    uint64_t v = Mix(seed * 0x100000001B3ULL + (offset + k) / 8);
    std::memcpy(out + k, &v, 8);  // little-endian: byte j is v >> 8j, as in ByteAt
  }
  for (; k < n; ++k) out[k] = ByteAt(seed, offset + k);
}

Result<size_t> PatternSource::Read(char* dst, size_t n) {
  size_t k = static_cast<size_t>(std::min<uint64_t>(n, size_ - pos_));
  Fill(seed_, pos_, dst, k);
  pos_ += k;
  return k;
}

uint64_t VerifyPattern(ByteSource& source, uint64_t seed, uint64_t offset, bool* ok) {
  std::vector<char> got(1 << 20), want(1 << 20);
  uint64_t total = 0;
  *ok = true;
  while (true) {
    auto n = source.Read(got.data(), got.size());
    if (!n.ok()) {
      *ok = false;
      return total;
    }
    if (*n == 0) return total;
    PatternSource::Fill(seed, offset + total, want.data(), *n);
    if (std::memcmp(got.data(), want.data(), *n) != 0) *ok = false;
    total += *n;
  }
}

}  // namespace bi::blob::testing
