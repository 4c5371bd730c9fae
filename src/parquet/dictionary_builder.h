#pragma once
// Builds a dictionary (distinct values in first-seen order) and the per-value indices for one
// column chunk. Open addressing with linear probing: fixed-width keys compare by bit pattern
// (so -0.0 and 0.0, or two NaN payloads, are distinct entries, which is what PLAIN round-trips).
// Building stops, returning false, once the dictionary's PLAIN size passes `max_bytes`: the
// writer then falls back to PLAIN for the chunk. It also gives up on chunks whose first
// values are nearly all distinct (more than 90% of the first `probe`, 32Ki by default; the
// writer probes fewer after a chunk of the column gave up). With `extrapolate` it also gives
// up there if the dictionary, growing as fast as over the probe, would pass `max_bytes` by
// the end of the chunk (the writer asks for it after a chunk of the column gave up: a column
// of many distinct long strings is otherwise hashed most of the way for nothing). `expected`
// distinct values (the previous chunk's count) size the hash table up front instead of
// growing it.

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace bi::parquet {

inline uint64_t HashBytes(const uint8_t* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ (w * 0x9FB21C651E98DF25ull)) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ (w * 0x9FB21C651E98DF25ull)) * 0xC2B2AE3D27D4EB4Full;
  return h ^ (h >> 32);
}

inline uint64_t HashWord(uint64_t w) {
  w ^= w >> 33;
  w *= 0xFF51AFD7ED558CCDull;
  w ^= w >> 33;
  w *= 0xC4CEB9FE1A85EC53ull;
  return w ^ (w >> 33);
}

inline constexpr int64_t kUniqueProbe = 32768;

// Fixed-width keys (4 or 8 bytes). `values` holds n dense values of `width` bytes.
// On success fills `indices` (n entries) and `dict` (distinct values, PLAIN bytes).
bool BuildFixedDictionary(const uint8_t* values, int64_t n, int width, size_t max_bytes,
                          std::vector<uint32_t>* indices, std::vector<uint8_t>* dict,
                          int64_t probe = kUniqueProbe, size_t expected = 0,
                          bool extrapolate = false);

// Byte-array keys: value i is data[offsets[i] .. offsets[i+1]). On success `dict_offsets` /
// `dict_data` describe the distinct values.
bool BuildBinaryDictionary(const int64_t* offsets, const uint8_t* data, int64_t n, size_t max_bytes,
                           std::vector<uint32_t>* indices, std::vector<int64_t>* dict_offsets,
                           std::vector<uint8_t>* dict_data, int64_t probe = kUniqueProbe,
                           size_t expected = 0, bool extrapolate = false);

}  // namespace bi::parquet
