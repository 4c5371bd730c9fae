#pragma once
// Deterministic test data for blob tests, generated as it is read.

#include <cstdint>
#include <optional>

#include "blob/byte_source.h"

namespace bi::blob::testing {

// Deterministic bytes: byte i of a pattern with `seed` is a function of (seed, i), so any range
// can be checked without keeping the data. Generates `size` bytes without holding them.
class PatternSource final : public ByteSource {
 public:
  PatternSource(uint64_t seed, uint64_t size) : seed_(seed), size_(size) {}
  Result<size_t> Read(char* dst, size_t n) override;
  std::optional<uint64_t> Size() const override { return size_; }
  static char ByteAt(uint64_t seed, uint64_t i);
  // Fills `out` with bytes [offset, offset + n) of the pattern.
  static void Fill(uint64_t seed, uint64_t offset, char* out, size_t n);

 private:
  uint64_t seed_, size_, pos_ = 0;
};

// Reads `source` to its end and checks it equals the pattern from `offset`; returns the count.
uint64_t VerifyPattern(ByteSource& source, uint64_t seed, uint64_t offset, bool* ok);

}  // namespace bi::blob::testing
