#pragma once
// Typed, contiguous column data: the unit the writer accepts and the reader produces.
//
// Layout (Arrow-like, so numpy can wrap it with np.frombuffer and no per-value work):
//   values    length * FixedWidth(type) bytes, little-endian; null slots hold 0.
//             For dictionary-coded strings: length int32 codes into `dictionary`.
//   validity  LSB-first bitmap, bit i set = row i present. Empty = no nulls.
//             numpy: np.unpackbits(validity, bitorder="little")[:length].astype(bool)
//   offsets   kString/kBinary (not dictionary-coded): length+1 int64 offsets into `data`.
//   data      the concatenated string bytes. A null string is empty (offsets equal).
//   dictionary  when set (kString/kBinary only), values hold codes and the strings live in the
//             dictionary buffer (itself plain offsets + data, no nulls). Produced by the reader
//             on request when a whole column chunk is dictionary-encoded; pandas.Categorical
//             takes codes + dictionary directly. Null rows carry code 0 and a clear validity bit.
//
// Not thread-safe; a buffer is owned by one thread at a time.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "parquet/schema.h"

namespace bi::parquet {

// A growable byte array that does not zero what it grows (columns are filled right after).
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const ByteBuffer& o) { *this = o; }
  ByteBuffer& operator=(const ByteBuffer& o);
  ByteBuffer(ByteBuffer&& o) noexcept
      : data_(std::move(o.data_)), size_(o.size_), capacity_(o.capacity_) {
    o.size_ = o.capacity_ = 0;
  }
  ByteBuffer& operator=(ByteBuffer&& o) noexcept;

  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  template <typename T>
  T* as() {
    return reinterpret_cast<T*>(data_.get());
  }
  template <typename T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_.get());
  }

  void Reserve(size_t n);
  void Resize(size_t n) {  // new bytes are uninitialised
    Reserve(n);
    size_ = n;
  }
  void ResizeZeroed(size_t n) {
    size_t old = size_;
    Resize(n);
    if (n > old) std::memset(data_.get() + old, 0, n - old);
  }
  void Append(const void* p, size_t n) {
    if (size_ + n > capacity_) Reserve(Grown(size_ + n));
    if (n) std::memcpy(data_.get() + size_, p, n);
    size_ += n;
  }
  template <typename T>
  void AppendValue(const T& v) {
    Append(&v, sizeof(T));
  }
  void Clear() { size_ = 0; }

 private:
  size_t Grown(size_t need) const { return need < capacity_ * 2 ? capacity_ * 2 : need; }
  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

struct ColumnBuffer {
  ValueType type = ValueType::kInt64;
  int64_t length = 0;
  int64_t null_count = 0;
  ByteBuffer values;
  ByteBuffer validity;
  ByteBuffer offsets;  // int64 each, length + 1 entries for strings
  ByteBuffer data;
  std::shared_ptr<ColumnBuffer> dictionary;

  ColumnBuffer() = default;
  explicit ColumnBuffer(ValueType t);

  bool is_string_like() const { return type == ValueType::kString || type == ValueType::kBinary; }
  bool is_dictionary() const { return dictionary != nullptr; }
  bool IsValid(int64_t i) const {
    return validity.empty() || ((validity.data()[i >> 3] >> (i & 7)) & 1);
  }
  template <typename T>
  const T* Values() const {
    return values.as<T>();
  }
  // String i (plain layout, or via the dictionary when coded).
  std::string_view StringAt(int64_t i) const;

  // Appending (used by importers and tests). The Append* call must match `type`:
  // AppendInt for kInt32/kInt64/kDate/kTimestamp, AppendDouble for kFloat/kDouble.
  // (Inline: importers call these once per value.)
  void AppendNull();
  void AppendBool(bool v) {
    AppendValidBit();
    values.AppendValue<uint8_t>(v ? 1 : 0);
    ++length;
  }
  void AppendInt(int64_t v) {
    AppendValidBit();
    if (type == ValueType::kInt32 || type == ValueType::kDate) {
      values.AppendValue<int32_t>(static_cast<int32_t>(v));
    } else {
      values.AppendValue<int64_t>(v);
    }
    ++length;
  }
  void AppendDouble(double v) {
    AppendValidBit();
    if (type == ValueType::kFloat) {
      values.AppendValue<float>(static_cast<float>(v));
    } else {
      values.AppendValue<double>(v);
    }
    ++length;
  }
  void AppendString(std::string_view v) {
    AppendValidBit();
    data.Append(v.data(), v.size());
    offsets.AppendValue<int64_t>(static_cast<int64_t>(data.size()));
    ++length;
  }
  void Reserve(int64_t rows, int64_t string_bytes = 0);

  // Writes-side helpers for bulk fills: mark row `i` (< length) null or valid.
  void SetValidity(int64_t i, bool valid);
  // Clears all rows, keeping the type and capacity.
  void Clear();

 private:
  void AppendValidBit() {
    if (validity.empty()) return;
    size_t need = static_cast<size_t>((length + 8) / 8);
    if (validity.size() < need) validity.AppendValue<uint8_t>(0);
    validity.data()[length >> 3] |= static_cast<uint8_t>(1u << (length & 7));
  }
};

}  // namespace bi::parquet
