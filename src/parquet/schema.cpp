#include "parquet/schema.h"

namespace bi::parquet {

std::string_view ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kBool:
      return "bool";
    case ValueType::kInt32:
      return "int32";
    case ValueType::kInt64:
      return "int64";
    case ValueType::kFloat:
      return "float32";
    case ValueType::kDouble:
      return "float64";
    case ValueType::kDate:
      return "date";
    case ValueType::kTimestamp:
      return "timestamp";
    case ValueType::kString:
      return "string";
    case ValueType::kBinary:
      return "binary";
  }
  return "unknown";
}

int FixedWidth(ValueType t) {
  switch (t) {
    case ValueType::kBool:
      return 1;
    case ValueType::kInt32:
    case ValueType::kFloat:
    case ValueType::kDate:
      return 4;
    case ValueType::kInt64:
    case ValueType::kDouble:
    case ValueType::kTimestamp:
      return 8;
    case ValueType::kString:
    case ValueType::kBinary:
      return 0;
  }
  return 0;
}

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace bi::parquet
