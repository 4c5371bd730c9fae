#pragma once
// Thrift compact protocol, the encoding of every Parquet footer and page header.
// Only what Parquet metadata needs: structs, lists, binary, bool, i8/i16/i32/i64, double.
//
// The reader is defensive because it parses untrusted bytes: every length and count is checked
// against the bytes that remain (an element needs at least one byte), nesting depth is bounded,
// and unknown fields are skipped, so newer writers' extra fields do not break us.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace bi::parquet::thrift {

// Compact-protocol wire types (low nibble of a field header).
enum class WireType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// Appends compact-protocol bytes to a string. Callers bracket structs with BeginStruct/EndStruct
// and write fields in increasing id order (ids may skip).
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  void BeginStruct();
  void EndStruct();  // writes the stop byte and restores the enclosing struct's last field id

  void FieldI16(int16_t id, int16_t v);
  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBool(int16_t id, bool v);
  void FieldByte(int16_t id, int8_t v);
  void FieldBinary(int16_t id, std::string_view v);
  void FieldStructBegin(int16_t id);  // follow with fields and EndStruct()
  void FieldListBegin(int16_t id, WireType elem, uint32_t size);

  // List elements.
  void ElemI32(int32_t v) { Varint(ZigZag32(v)); }
  void ElemBinary(std::string_view v);

 private:
  void FieldHeader(int16_t id, WireType t);
  void Varint(uint64_t v);
  static uint32_t ZigZag32(int32_t v) {
    return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
  }
  static uint64_t ZigZag64(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }

  std::string* out_;
  std::vector<int16_t> stack_;
  int16_t last_id_ = 0;
};

// Reads compact-protocol bytes from a bounded span. All methods return an error instead of
// reading past the end. Typical loop:
//   r.BeginStruct(); while (true) { auto f = r.NextField(); if stop break; switch(f.id) ... }
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : p_(data), end_(data + size), begin_(data) {}

  struct Field {
    int16_t id = 0;
    WireType type = WireType::kStop;
    bool bool_value = false;  // bools are carried in the field header
  };
  struct ListHeader {
    WireType elem = WireType::kStop;
    uint32_t size = 0;
  };

  Status BeginStruct();
  Status EndStruct();
  Status NextField(Field* f);  // f->type == kStop at the end of the struct
  Status ReadListHeader(ListHeader* h);

  Status ReadI32(int32_t* v);
  Status ReadI64(int64_t* v);
  Status ReadI16(int16_t* v);
  Status ReadByte(int8_t* v);
  Status ReadDouble(double* v);
  Status ReadBinary(std::string* v);
  Status ReadBoolElem(bool* v);  // a bool inside a list (one byte)
  // Reads a field's value as an integer whatever its integral wire type.
  Status ReadInt(const Field& f, int64_t* v);
  // Skips a value of the given wire type (recursing into structs, lists and maps).
  Status Skip(WireType t, int depth = 0);

  size_t position() const { return static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

 private:
  Status Varint(uint64_t* v);

  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  std::vector<int16_t> stack_;
  int16_t last_id_ = 0;
};

// Nesting deeper than this is rejected: Parquet metadata needs about 6 levels.
inline constexpr int kMaxDepth = 32;

}  // namespace bi::parquet::thrift
