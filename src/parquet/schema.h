#pragma once
// The logical schema the rest of bi-tool sees: a flat list of named, typed, nullable columns.
// Each ValueType fixes the in-memory layout of a ColumnBuffer (column_buffer.h), chosen so a
// buffer hands to numpy without per-value conversion. How a column is stored in the file
// (physical type, converted/logical annotation) is kept in `storage` for readers that care.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bi::parquet {

enum class ValueType : uint8_t {
  kBool,       // 1 byte per value, 0 or 1 (numpy bool)
  kInt32,      // int32 (also INT(8|16|32), UINT(8|16)); file: INT32
  kInt64,      // int64 (also UINT32, UINT64 reinterpreted); file: INT64
  kFloat,      // float32; file: FLOAT
  kDouble,     // float64; file: DOUBLE, or any DECIMAL on read
  kDate,       // int32 days since 1970-01-01; file: INT32 DATE
  kTimestamp,  // int64 ticks since the epoch in `unit`; file: INT64 TIMESTAMP (or INT96 on read)
  kString,     // UTF-8 bytes; file: BYTE_ARRAY STRING
  kBinary,     // raw bytes; file: BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY without a string annotation
};

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

std::string_view ValueTypeName(ValueType t);
// Bytes per value in ColumnBuffer::values (0 for kString/kBinary, which use offsets + data).
int FixedWidth(ValueType t);

// Physical storage in the file, filled by the reader (and by the writer from the logical type).
struct StorageInfo {
  int physical_type = -1;   // format::Type value
  int type_length = 0;      // FIXED_LEN_BYTE_ARRAY width
  int converted_type = -1;  // format::ConvertedType value, -1 if absent
  int decimal_precision = 0;
  int decimal_scale = 0;  // DECIMAL: value = unscaled * 10^-scale
  bool is_decimal = false;
  bool is_int96 = false;
  bool is_unsigned = false;
};

struct Field {
  std::string name;
  ValueType type = ValueType::kInt64;
  bool nullable = true;  // OPTIONAL (definition level 1) vs REQUIRED
  // Timestamps: unit of the stored ticks, and whether they are instants (UTC-adjusted) or
  // wall-clock values. Writers choose; readers report what the file says.
  TimeUnit unit = TimeUnit::kMicros;
  bool utc_adjusted = false;
  // kInt32 only: annotate the column as INT(8|16|32). Values must fit; the writer checks.
  int int_bit_width = 32;
  StorageInfo storage;  // reader output; ignored by the writer

  static Field Of(std::string name, ValueType type, bool nullable = true) {
    Field f;
    f.name = std::move(name);
    f.type = type;
    f.nullable = nullable;
    return f;
  }
};

struct Schema {
  std::vector<Field> fields;

  int num_fields() const { return static_cast<int>(fields.size()); }
  // Index of the first field with this name, or -1.
  int FieldIndex(std::string_view name) const;
};

}  // namespace bi::parquet
