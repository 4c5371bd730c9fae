#pragma once
// A ByteSource that hands out a string in chunks of a fixed size, so parsers are tested across
// every boundary (drogon's habit: 1, 3, 7 and 20 bytes).

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>

#include "blob/byte_source.h"

namespace bi::testing {

class ChunkedSource final : public blob::ByteSource {
 public:
  ChunkedSource(std::string data, size_t chunk) : data_(std::move(data)), chunk_(chunk) {}
  Result<size_t> Read(char* dst, size_t n) override {
    size_t k = std::min({n, chunk_, data_.size() - pos_});
    std::memcpy(dst, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t chunk_;
  size_t pos_ = 0;
};

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace bi::testing
