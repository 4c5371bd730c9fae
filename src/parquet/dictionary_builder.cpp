#include "parquet/dictionary_builder.h"

namespace bi::parquet {

namespace {

constexpr uint32_t kEmpty = 0xFFFFFFFFu;

// Nearly-unique columns (ids, timestamps, measurements) never profit from a dictionary:
// give up early instead of hashing the whole chunk. Checked once, after `probe` values.
bool MostlyUnique(int64_t seen, size_t distinct, int64_t probe) {
  return seen == probe && distinct * 10 > static_cast<size_t>(seen) * 9;
}

// Whether a dictionary of `bytes` after `seen` of `n` values, growing at that rate, would pass
// `max_bytes` (checked once, at the probe).
bool OutgrowsLimit(bool extrapolate, int64_t seen, int64_t probe, int64_t n, size_t bytes,
                   size_t max_bytes) {
  return extrapolate && seen == probe &&
         static_cast<double>(bytes) * static_cast<double>(n) / static_cast<double>(seen) >
             static_cast<double>(max_bytes);
}

// Equality of short byte strings without a call (dictionary hits compare every value).
inline bool SameBytes(const uint8_t* a, const uint8_t* b, size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; n > 0; --n) {
    if (*a++ != *b++) return false;
  }
  return true;
}

size_t TableSizeFor(int64_t n, size_t expected) {
  size_t s = 1024;
  // Start modest, or at the size `expected` distinct values need; grow as distinct values
  // arrive (load factor <= 1/2).
  while (s < static_cast<size_t>(n) && (s < 4096 || s < 2 * expected)) s <<= 1;
  return s;
}

}  // namespace

bool BuildFixedDictionary(const uint8_t* values, int64_t n, int width, size_t max_bytes,
                          std::vector<uint32_t>* indices, std::vector<uint8_t>* dict, int64_t probe,
                          size_t expected, bool extrapolate) {
  indices->resize(static_cast<size_t>(n));
  dict->clear();
  size_t cap = TableSizeFor(n, expected);
  std::vector<uint32_t> slots(cap, kEmpty);
  std::vector<uint64_t> keys;  // distinct keys, index = dictionary code
  uint32_t* out = indices->data();
  for (int64_t i = 0; i < n; ++i) {
    if (MostlyUnique(i, keys.size(), probe)) return false;
    if (OutgrowsLimit(extrapolate, i, probe, n, keys.size() * width, max_bytes)) return false;
    uint64_t k = 0;
    std::memcpy(&k, values + i * width, width);
    size_t mask = cap - 1;
    size_t pos = HashWord(k) & mask;
    while (true) {
      uint32_t s = slots[pos];
      if (s == kEmpty) {
        if ((keys.size() + 1) * static_cast<size_t>(width) > max_bytes) return false;
        s = static_cast<uint32_t>(keys.size());
        keys.push_back(k);
        slots[pos] = s;
        if (keys.size() * 2 > cap) {  // grow and rehash
          cap <<= 1;
          slots.assign(cap, kEmpty);
          mask = cap - 1;
          for (uint32_t j = 0; j < keys.size(); ++j) {
            size_t p = HashWord(keys[j]) & mask;
            while (slots[p] != kEmpty) p = (p + 1) & mask;
            slots[p] = j;
          }
        }
        out[i] = s;
        break;
      }
      if (keys[s] == k) {
        out[i] = s;
        break;
      }
      pos = (pos + 1) & mask;
    }
  }
  dict->resize(keys.size() * width);
  for (size_t j = 0; j < keys.size(); ++j) std::memcpy(dict->data() + j * width, &keys[j], width);
  return true;
}

bool BuildBinaryDictionary(const int64_t* offsets, const uint8_t* data, int64_t n, size_t max_bytes,
                           std::vector<uint32_t>* indices, std::vector<int64_t>* dict_offsets,
                           std::vector<uint8_t>* dict_data, int64_t probe, size_t expected,
                           bool extrapolate) {
  indices->resize(static_cast<size_t>(n));
  dict_offsets->assign(1, 0);
  dict_data->clear();
  size_t cap = TableSizeFor(n, expected);
  // A slot holds the high half of the value's hash and its code: most probes that do not
  // match are told apart without touching the dictionary.
  constexpr uint64_t kFree = ~uint64_t{0};
  std::vector<uint64_t> slots(cap, kFree);
  std::vector<uint64_t> hashes;
  size_t plain_bytes = 0;
  uint32_t* out = indices->data();
  for (int64_t i = 0; i < n; ++i) {
    if (MostlyUnique(i, hashes.size(), probe)) return false;
    if (OutgrowsLimit(extrapolate, i, probe, n, plain_bytes, max_bytes)) return false;
    const uint8_t* p = data + offsets[i];
    size_t len = static_cast<size_t>(offsets[i + 1] - offsets[i]);
    uint64_t h = HashBytes(p, len);
    const uint64_t tag = h >> 32 << 32;
    size_t mask = cap - 1;
    size_t pos = h & mask;
    while (true) {
      uint64_t slot = slots[pos];
      if (slot == kFree) {
        plain_bytes += 4 + len;
        if (plain_bytes > max_bytes) return false;
        uint32_t s = static_cast<uint32_t>(hashes.size());
        hashes.push_back(h);
        dict_data->insert(dict_data->end(), p, p + len);
        dict_offsets->push_back(static_cast<int64_t>(dict_data->size()));
        slots[pos] = tag | s;
        if (hashes.size() * 2 > cap) {
          cap <<= 1;
          slots.assign(cap, kFree);
          mask = cap - 1;
          for (uint32_t j = 0; j < hashes.size(); ++j) {
            size_t q = hashes[j] & mask;
            while (slots[q] != kFree) q = (q + 1) & mask;
            slots[q] = (hashes[j] >> 32 << 32) | j;
          }
        }
        out[i] = s;
        break;
      }
      if ((slot & 0xFFFFFFFF00000000ull) == tag) {
        uint32_t s = static_cast<uint32_t>(slot);
        int64_t b = (*dict_offsets)[s], e = (*dict_offsets)[s + 1];
        if (static_cast<size_t>(e - b) == len && SameBytes(dict_data->data() + b, p, len)) {
          out[i] = s;
          break;
        }
      }
      pos = (pos + 1) & mask;
    }
  }
  return true;
}

}  // namespace bi::parquet
