#include "parquet/column_buffer.h"

namespace bi::parquet {

ByteBuffer& ByteBuffer::operator=(const ByteBuffer& o) {
  if (this == &o) return *this;
  size_ = 0;
  Append(o.data(), o.size());
  return *this;
}

ByteBuffer& ByteBuffer::operator=(ByteBuffer&& o) noexcept {
  data_ = std::move(o.data_);
  size_ = o.size_;
  capacity_ = o.capacity_;
  o.size_ = o.capacity_ = 0;
  return *this;
}

void ByteBuffer::Reserve(size_t n) {
  if (n <= capacity_) return;
  if (capacity_ > 0 && n < capacity_ * 2) n = capacity_ * 2;  // geometric growth
  // Padding lets bit unpackers read a word past the last byte without a bounds branch.
  std::unique_ptr<uint8_t[]> fresh(new uint8_t[n + 8]);
  if (size_) std::memcpy(fresh.get(), data_.get(), size_);
  data_ = std::move(fresh);
  capacity_ = n;
}

ColumnBuffer::ColumnBuffer(ValueType t) : type(t) {
  if (is_string_like()) offsets.AppendValue<int64_t>(0);
}

std::string_view ColumnBuffer::StringAt(int64_t i) const {
  if (dictionary) return dictionary->StringAt(Values<int32_t>()[i]);
  const int64_t* o = offsets.as<int64_t>();
  return {reinterpret_cast<const char*>(data.data()) + o[i], static_cast<size_t>(o[i + 1] - o[i])};
}

void ColumnBuffer::SetValidity(int64_t i, bool valid) {
  if (validity.empty()) {
    if (valid) return;
    size_t bytes = static_cast<size_t>((length + 7) / 8);
    validity.Resize(bytes);
    std::memset(validity.data(), 0xFF, bytes);
  }
  uint8_t bit = static_cast<uint8_t>(1u << (i & 7));
  bool was = validity.data()[i >> 3] & bit;
  if (valid) {
    validity.data()[i >> 3] |= bit;
    if (!was) --null_count;
  } else {
    validity.data()[i >> 3] &= static_cast<uint8_t>(~bit);
    if (was) ++null_count;
  }
}

void ColumnBuffer::AppendNull() {
  if (validity.empty()) {
    size_t bytes = static_cast<size_t>((length + 8) / 8);
    validity.Resize(bytes);
    std::memset(validity.data(), 0xFF, bytes);
  } else if (validity.size() < static_cast<size_t>((length + 8) / 8)) {
    validity.AppendValue<uint8_t>(0);
  }
  validity.data()[length >> 3] &= static_cast<uint8_t>(~(1u << (length & 7)));
  if (is_string_like()) {
    offsets.AppendValue<int64_t>(static_cast<int64_t>(data.size()));
  } else {
    int w = FixedWidth(type);
    size_t old = values.size();
    values.ResizeZeroed(old + w);
  }
  ++length;
  ++null_count;
}

void ColumnBuffer::Reserve(int64_t rows, int64_t string_bytes) {
  if (is_string_like()) {
    offsets.Reserve(static_cast<size_t>(rows + 1) * 8);
    data.Reserve(static_cast<size_t>(string_bytes));
  } else {
    values.Reserve(static_cast<size_t>(rows) * FixedWidth(type));
  }
}

void ColumnBuffer::Clear() {
  length = 0;
  null_count = 0;
  values.Clear();
  validity.Clear();
  offsets.Clear();
  data.Clear();
  dictionary.reset();
  if (is_string_like()) offsets.AppendValue<int64_t>(0);
}

}  // namespace bi::parquet
