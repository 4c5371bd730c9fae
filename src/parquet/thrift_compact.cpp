#include "parquet/thrift_compact.h"

#include <cstring>

namespace bi::parquet::thrift {

// ---- Writer ----

void Writer::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void Writer::BeginStruct() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void Writer::EndStruct() {
  out_->push_back(0);
  last_id_ = stack_.empty() ? 0 : stack_.back();
  if (!stack_.empty()) stack_.pop_back();
}

void Writer::FieldHeader(int16_t id, WireType t) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(t)));
  } else {
    out_->push_back(static_cast<char>(t));
    Varint(ZigZag32(id));
  }
  last_id_ = id;
}

void Writer::FieldI16(int16_t id, int16_t v) {
  FieldHeader(id, WireType::kI16);
  Varint(ZigZag32(v));
}

void Writer::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, WireType::kI32);
  Varint(ZigZag32(v));
}

void Writer::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, WireType::kI64);
  Varint(ZigZag64(v));
}

void Writer::FieldBool(int16_t id, bool v) {
  FieldHeader(id, v ? WireType::kBoolTrue : WireType::kBoolFalse);
}

void Writer::FieldByte(int16_t id, int8_t v) {
  FieldHeader(id, WireType::kByte);
  out_->push_back(static_cast<char>(v));
}

void Writer::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, WireType::kBinary);
  ElemBinary(v);
}

void Writer::ElemBinary(std::string_view v) {
  Varint(v.size());
  out_->append(v.data(), v.size());
}

void Writer::FieldStructBegin(int16_t id) {
  FieldHeader(id, WireType::kStruct);
  BeginStruct();
}

void Writer::FieldListBegin(int16_t id, WireType elem, uint32_t size) {
  FieldHeader(id, WireType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(elem)));
  } else {
    out_->push_back(static_cast<char>(0xF0 | static_cast<uint8_t>(elem)));
    Varint(size);
  }
}

// ---- Reader ----

namespace {
Status Truncated() {
  return Status::Corruption("thrift: truncated metadata");
}
int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
}  // namespace

Status Reader::Varint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (p_ >= end_) return Truncated();
    uint8_t b = *p_++;
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      *v = result;
      return Status::Ok();
    }
  }
  return Status::Corruption("thrift: varint too long");
}

Status Reader::BeginStruct() {
  if (stack_.size() >= static_cast<size_t>(kMaxDepth)) {
    return Status::Corruption("thrift: nesting too deep");
  }
  stack_.push_back(last_id_);
  last_id_ = 0;
  return Status::Ok();
}

Status Reader::EndStruct() {
  if (stack_.empty()) return Status::Corruption("thrift: unbalanced struct");
  last_id_ = stack_.back();
  stack_.pop_back();
  return Status::Ok();
}

Status Reader::NextField(Field* f) {
  if (p_ >= end_) return Truncated();
  uint8_t b = *p_++;
  f->type = static_cast<WireType>(b & 0x0F);
  if (f->type == WireType::kStop) return Status::Ok();
  if (static_cast<uint8_t>(f->type) > static_cast<uint8_t>(WireType::kStruct)) {
    return Status::Corruption("thrift: bad field type");
  }
  int delta = b >> 4;
  if (delta != 0) {
    f->id = static_cast<int16_t>(last_id_ + delta);
  } else {
    int16_t id;
    BI_RETURN_IF_ERROR(ReadI16(&id));
    f->id = id;
  }
  last_id_ = f->id;
  f->bool_value = f->type == WireType::kBoolTrue;
  return Status::Ok();
}

Status Reader::ReadListHeader(ListHeader* h) {
  if (p_ >= end_) return Truncated();
  uint8_t b = *p_++;
  h->elem = static_cast<WireType>(b & 0x0F);
  uint64_t size = b >> 4;
  if (size == 15) BI_RETURN_IF_ERROR(Varint(&size));
  // Every element takes at least one byte, so a count above the remaining bytes is a lie.
  if (size > remaining()) return Status::Corruption("thrift: list size exceeds data");
  h->size = static_cast<uint32_t>(size);
  return Status::Ok();
}

Status Reader::ReadI32(int32_t* v) {
  uint64_t u;
  BI_RETURN_IF_ERROR(Varint(&u));
  *v = static_cast<int32_t>(UnZigZag(u));
  return Status::Ok();
}

Status Reader::ReadI64(int64_t* v) {
  uint64_t u;
  BI_RETURN_IF_ERROR(Varint(&u));
  *v = UnZigZag(u);
  return Status::Ok();
}

Status Reader::ReadI16(int16_t* v) {
  uint64_t u;
  BI_RETURN_IF_ERROR(Varint(&u));
  *v = static_cast<int16_t>(UnZigZag(u));
  return Status::Ok();
}

Status Reader::ReadByte(int8_t* v) {
  if (p_ >= end_) return Truncated();
  *v = static_cast<int8_t>(*p_++);
  return Status::Ok();
}

Status Reader::ReadDouble(double* v) {
  if (remaining() < 8) return Truncated();
  std::memcpy(v, p_, 8);
  p_ += 8;
  return Status::Ok();
}

Status Reader::ReadBinary(std::string* v) {
  uint64_t len;
  BI_RETURN_IF_ERROR(Varint(&len));
  if (len > remaining()) return Status::Corruption("thrift: string length exceeds data");
  v->assign(reinterpret_cast<const char*>(p_), len);
  p_ += len;
  return Status::Ok();
}

Status Reader::ReadBoolElem(bool* v) {
  if (p_ >= end_) return Truncated();
  *v = *p_++ == 1;
  return Status::Ok();
}

Status Reader::ReadInt(const Field& f, int64_t* v) {
  switch (f.type) {
    case WireType::kByte: {
      int8_t b = 0;
      BI_RETURN_IF_ERROR(ReadByte(&b));
      *v = b;
      return Status::Ok();
    }
    case WireType::kI16:
    case WireType::kI32:
    case WireType::kI64:
      return ReadI64(v);
    default:
      return Status::Corruption("thrift: field " + std::to_string(f.id) + " is not an integer");
  }
}

Status Reader::Skip(WireType t, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("thrift: nesting too deep");
  switch (t) {
    case WireType::kBoolTrue:
    case WireType::kBoolFalse:
      return Status::Ok();  // value lives in the field header
    case WireType::kByte: {
      int8_t b = 0;
      return ReadByte(&b);
    }
    case WireType::kI16:
    case WireType::kI32:
    case WireType::kI64: {
      uint64_t u;
      return Varint(&u);
    }
    case WireType::kDouble:
      if (remaining() < 8) return Truncated();
      p_ += 8;
      return Status::Ok();
    case WireType::kBinary: {
      uint64_t len;
      BI_RETURN_IF_ERROR(Varint(&len));
      if (len > remaining()) return Truncated();
      p_ += len;
      return Status::Ok();
    }
    case WireType::kList:
    case WireType::kSet: {
      ListHeader h;
      BI_RETURN_IF_ERROR(ReadListHeader(&h));
      for (uint32_t i = 0; i < h.size; ++i) {
        if (h.elem == WireType::kBoolTrue || h.elem == WireType::kBoolFalse) {
          bool b;
          BI_RETURN_IF_ERROR(ReadBoolElem(&b));
        } else {
          BI_RETURN_IF_ERROR(Skip(h.elem, depth + 1));
        }
      }
      return Status::Ok();
    }
    case WireType::kMap: {
      uint64_t size;
      BI_RETURN_IF_ERROR(Varint(&size));
      if (size == 0) return Status::Ok();
      if (size > remaining()) return Truncated();
      if (p_ >= end_) return Truncated();
      uint8_t kv = *p_++;
      auto kt = static_cast<WireType>(kv >> 4);
      auto vt = static_cast<WireType>(kv & 0x0F);
      for (uint64_t i = 0; i < size; ++i) {
        BI_RETURN_IF_ERROR(Skip(kt, depth + 1));
        BI_RETURN_IF_ERROR(Skip(vt, depth + 1));
      }
      return Status::Ok();
    }
    case WireType::kStruct: {
      BI_RETURN_IF_ERROR(BeginStruct());
      while (true) {
        Field f;
        BI_RETURN_IF_ERROR(NextField(&f));
        if (f.type == WireType::kStop) break;
        BI_RETURN_IF_ERROR(Skip(f.type, depth + 1));
      }
      return EndStruct();
    }
    default:
      return Status::Corruption("thrift: cannot skip unknown type");
  }
}

}  // namespace bi::parquet::thrift
