#include "parquet/reader.h"

#include <cmath>
#include <cstring>

#include "parquet/column_chunk_decoder.h"
#include "parquet/dictionary_builder.h"

namespace bi::parquet {

namespace {

Status Bad(const std::string& what) {
  return Status::Corruption("parquet: " + what);
}

using format::ConvertedType;
using format::LogicalType;
using format::Type;

// Maps a leaf schema element to the logical Field the rest of the system sees.
Result<Field> FieldFor(const format::SchemaElement& e) {
  Field f;
  f.name = e.name;
  if (!e.type)
    return Status::InvalidArgument("parquet: nested column '" + e.name + "' is not supported");
  if (e.repetition == format::Repetition::kRepeated) {
    return Status::InvalidArgument("parquet: repeated column '" + e.name + "' is not supported");
  }
  f.nullable = e.repetition != format::Repetition::kRequired;
  StorageInfo& s = f.storage;
  s.physical_type = static_cast<int>(*e.type);
  s.type_length = e.type_length;
  s.converted_type = e.converted_type ? static_cast<int>(*e.converted_type) : -1;
  const LogicalType* lt = e.logical_type ? &*e.logical_type : nullptr;
  using K = LogicalType::Kind;
  if ((lt && lt->kind == K::kDecimal) || e.converted_type == ConvertedType::kDecimal) {
    s.is_decimal = true;
    s.decimal_scale = lt && lt->kind == K::kDecimal ? lt->scale : e.scale;
    s.decimal_precision = lt && lt->kind == K::kDecimal ? lt->precision : e.precision;
    if (s.decimal_scale < 0 || s.decimal_scale > 76) return Bad("bad decimal scale");
  }
  switch (*e.type) {
    case Type::kBoolean:
      f.type = ValueType::kBool;
      break;
    case Type::kInt32:
      if (s.is_decimal) {
        f.type = ValueType::kDouble;
      } else if ((lt && lt->kind == K::kDate) || e.converted_type == ConvertedType::kDate) {
        f.type = ValueType::kDate;
      } else if ((lt && lt->kind == K::kInteger && !lt->is_signed && lt->bit_width == 32) ||
                 e.converted_type == ConvertedType::kUint32) {
        f.type = ValueType::kInt64;
        s.is_unsigned = true;
      } else {
        f.type = ValueType::kInt32;
        if (lt && lt->kind == K::kInteger && (lt->bit_width == 8 || lt->bit_width == 16)) {
          f.int_bit_width = lt->bit_width;
        } else if (e.converted_type == ConvertedType::kInt8) {
          f.int_bit_width = 8;
        } else if (e.converted_type == ConvertedType::kInt16) {
          f.int_bit_width = 16;
        }
        if ((lt && lt->kind == K::kInteger && !lt->is_signed) ||
            e.converted_type == ConvertedType::kUint8 ||
            e.converted_type == ConvertedType::kUint16) {
          s.is_unsigned = true;
        }
      }
      break;
    case Type::kInt64:
      if (s.is_decimal) {
        f.type = ValueType::kDouble;
      } else if (lt && lt->kind == K::kTimestamp) {
        f.type = ValueType::kTimestamp;
        f.utc_adjusted = lt->utc_adjusted;
        f.unit = lt->unit == format::TimeUnitKind::kMillis   ? TimeUnit::kMillis
                 : lt->unit == format::TimeUnitKind::kMicros ? TimeUnit::kMicros
                                                             : TimeUnit::kNanos;
      } else if (e.converted_type == ConvertedType::kTimestampMillis ||
                 e.converted_type == ConvertedType::kTimestampMicros) {
        f.type = ValueType::kTimestamp;
        f.utc_adjusted = true;
        f.unit = e.converted_type == ConvertedType::kTimestampMillis ? TimeUnit::kMillis
                                                                     : TimeUnit::kMicros;
      } else {
        f.type = ValueType::kInt64;
        s.is_unsigned = (lt && lt->kind == K::kInteger && !lt->is_signed) ||
                        e.converted_type == ConvertedType::kUint64;
      }
      break;
    case Type::kInt96:
      f.type = ValueType::kTimestamp;
      f.unit = TimeUnit::kNanos;
      s.is_int96 = true;
      break;
    case Type::kFloat:
      f.type = ValueType::kFloat;
      break;
    case Type::kDouble:
      f.type = ValueType::kDouble;
      break;
    case Type::kByteArray:
      if (s.is_decimal) {
        f.type = ValueType::kDouble;
      } else if ((lt && (lt->kind == K::kString || lt->kind == K::kEnum || lt->kind == K::kJson)) ||
                 e.converted_type == ConvertedType::kUtf8 ||
                 e.converted_type == ConvertedType::kEnum ||
                 e.converted_type == ConvertedType::kJson) {
        f.type = ValueType::kString;
      } else {
        f.type = ValueType::kBinary;
      }
      break;
    case Type::kFixedLenByteArray:
      if (e.type_length <= 0) return Bad("FIXED_LEN_BYTE_ARRAY without a length");
      f.type = s.is_decimal ? ValueType::kDouble : ValueType::kBinary;
      break;
  }
  return f;
}

// Decodes a PLAIN-encoded statistics value into the field's logical domain.
Scalar DecodeStat(const Field& f, const std::string& b) {
  const StorageInfo& s = f.storage;
  auto pt = static_cast<Type>(s.physical_type);
  if (s.is_int96) return {};
  if (s.is_decimal) {
    double scale = std::pow(10.0, s.decimal_scale);
    if (pt == Type::kInt32 && b.size() == 4) {
      int32_t v;
      std::memcpy(&v, b.data(), 4);
      return v / scale;
    }
    if (pt == Type::kInt64 && b.size() == 8) {
      int64_t v;
      std::memcpy(&v, b.data(), 8);
      return static_cast<double>(v) / scale;
    }
    if ((pt == Type::kFixedLenByteArray || pt == Type::kByteArray) && !b.empty() &&
        b.size() <= 16) {
      __int128 v = (static_cast<uint8_t>(b[0]) & 0x80) ? -1 : 0;
      for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
      return static_cast<double>(v) / scale;
    }
    return {};
  }
  switch (pt) {
    case Type::kBoolean:
      if (b.size() != 1) return {};
      return b[0] != 0;
    case Type::kInt32: {
      if (b.size() != 4) return {};
      int32_t v;
      std::memcpy(&v, b.data(), 4);
      if (s.is_unsigned) return static_cast<int64_t>(static_cast<uint32_t>(v));
      return static_cast<int64_t>(v);
    }
    case Type::kInt64: {
      if (b.size() != 8) return {};
      int64_t v;
      std::memcpy(&v, b.data(), 8);
      if (s.is_unsigned) return {};  // unsigned 64-bit order differs from our int64 view
      return v;
    }
    case Type::kFloat: {
      if (b.size() != 4) return {};
      float v;
      std::memcpy(&v, b.data(), 4);
      if (std::isnan(v)) return {};
      return static_cast<double>(v);
    }
    case Type::kDouble: {
      if (b.size() != 8) return {};
      double v;
      std::memcpy(&v, b.data(), 8);
      if (std::isnan(v)) return {};
      return v;
    }
    case Type::kByteArray:
    case Type::kFixedLenByteArray:
      return b;
    default:
      return {};
  }
}

// Codes -> plain offsets + data.
void Materialize(ColumnBuffer* c) {
  if (!c->dictionary) return;
  const ColumnBuffer& d = *c->dictionary;
  const int32_t* codes = c->values.as<int32_t>();
  ByteBuffer offsets, data;
  offsets.AppendValue<int64_t>(0);
  for (int64_t i = 0; i < c->length; ++i) {
    if (c->IsValid(i)) {
      std::string_view s = d.StringAt(codes[i]);
      data.Append(s.data(), s.size());
    }
    offsets.AppendValue<int64_t>(static_cast<int64_t>(data.size()));
  }
  c->offsets = std::move(offsets);
  c->data = std::move(data);
  c->values.Clear();
  c->dictionary.reset();
}

void AppendBits(ColumnBuffer* dst, const ColumnBuffer& src) {
  int64_t n0 = dst->length, n1 = src.length;
  if (dst->validity.empty() && src.validity.empty()) return;
  if (dst->validity.empty()) {
    dst->validity.Resize(static_cast<size_t>((n0 + 7) / 8));
    std::memset(dst->validity.data(), 0xFF, dst->validity.size());
  }
  dst->validity.ResizeZeroed(static_cast<size_t>((n0 + n1 + 7) / 8));
  uint8_t* bits = dst->validity.data();
  // Clear stale bits past n0 in the shared byte, then copy src bits.
  if (n0 & 7) bits[n0 >> 3] &= static_cast<uint8_t>((1u << (n0 & 7)) - 1);
  for (int64_t i = 0; i < n1; ++i) {
    if (src.IsValid(i)) bits[(n0 + i) >> 3] |= static_cast<uint8_t>(1u << ((n0 + i) & 7));
  }
}

}  // namespace

Status AppendColumn(ColumnBuffer* dst, const ColumnBuffer& src) {
  if (dst->type != src.type) return Status::InvalidArgument("parquet: appending a different type");
  if (dst->length == 0 && dst->null_count == 0 && dst->data.empty() && dst->values.empty()) {
    *dst = src;
    return Status::Ok();
  }
  if (dst->dictionary && src.dictionary) {
    // Merge: dedupe the two dictionaries together and remap both code arrays.
    const ColumnBuffer& a = *dst->dictionary;
    const ColumnBuffer& b = *src.dictionary;
    std::vector<int64_t> offs(1, 0);
    std::vector<uint8_t> bytes;
    for (const ColumnBuffer* d : {&a, &b}) {
      for (int64_t i = 0; i < d->length; ++i) {
        std::string_view s = d->StringAt(i);
        bytes.insert(bytes.end(), s.begin(), s.end());
        offs.push_back(static_cast<int64_t>(bytes.size()));
      }
    }
    std::vector<uint32_t> map;
    std::vector<int64_t> new_offs;
    std::vector<uint8_t> new_bytes;
    // No early give-up (probe -1): the merge needs a code for every value, however distinct.
    if (!BuildBinaryDictionary(offs.data(), bytes.data(), static_cast<int64_t>(offs.size() - 1),
                               SIZE_MAX, &map, &new_offs, &new_bytes, /*probe=*/-1)) {
      return Status::Internal("parquet: merging string dictionaries failed");
    }
    auto merged = std::make_shared<ColumnBuffer>(dst->type);
    merged->offsets.Clear();
    merged->offsets.Append(new_offs.data(), new_offs.size() * 8);
    merged->data.Append(new_bytes.data(), new_bytes.size());
    merged->length = static_cast<int64_t>(new_offs.size() - 1);
    int32_t* dc = dst->values.as<int32_t>();
    for (int64_t i = 0; i < dst->length; ++i) dc[i] = static_cast<int32_t>(map[dc[i]]);
    const int32_t* sc = src.values.as<int32_t>();
    for (int64_t i = 0; i < src.length; ++i) {
      dst->values.AppendValue<int32_t>(static_cast<int32_t>(map[a.length + sc[i]]));
    }
    dst->dictionary = std::move(merged);
  } else if (dst->dictionary || src.dictionary) {
    Materialize(dst);
    ColumnBuffer plain = src;
    Materialize(&plain);
    return AppendColumn(dst, plain);
  } else if (dst->is_string_like()) {
    int64_t base = dst->offsets.as<int64_t>()[dst->length];
    const int64_t* so = src.offsets.as<int64_t>();
    for (int64_t i = 1; i <= src.length; ++i) dst->offsets.AppendValue<int64_t>(base + so[i]);
    dst->data.Append(src.data.data(), src.data.size());
  } else {
    dst->values.Append(src.values.data(), src.values.size());
  }
  AppendBits(dst, src);
  dst->length += src.length;
  dst->null_count += src.null_count;
  return Status::Ok();
}

Result<std::unique_ptr<FileReader>> FileReader::Open(std::shared_ptr<RandomAccessFile> file,
                                                     ReaderOptions options) {
  std::unique_ptr<FileReader> r(new FileReader());
  r->file_ = std::move(file);
  r->options_ = options;
  BI_RETURN_IF_ERROR(r->Init());
  return r;
}

Result<std::unique_ptr<FileReader>> FileReader::OpenFile(const std::string& path,
                                                         ReaderOptions options) {
  auto f = OpenLocalFile(path);
  if (!f.ok()) return f.status();
  return Open(std::move(f).value(), options);
}

Status FileReader::Init() {
  uint64_t size = file_->Size();
  if (size < 12) return Bad("file too small to be Parquet (" + std::to_string(size) + " bytes)");
  uint8_t tail[8], head[4];
  BI_RETURN_IF_ERROR(file_->ReadAt(size - 8, 8, tail));
  BI_RETURN_IF_ERROR(file_->ReadAt(0, 4, head));
  if (std::memcmp(head, "PAR1", 4) != 0 || std::memcmp(tail + 4, "PAR1", 4) != 0) {
    if (std::memcmp(tail + 4, "PARE", 4) == 0) return Bad("encrypted files are not supported");
    return Bad("bad magic: not a Parquet file");
  }
  uint32_t len;
  std::memcpy(&len, tail, 4);
  if (len > size - 12) return Bad("footer length points past the start of the file");
  if (len > options_.max_footer_bytes) return Bad("footer larger than the reader's limit");
  data_end_ = size - 8 - len;
  ByteBuffer footer;
  footer.Resize(len);
  BI_RETURN_IF_ERROR(file_->ReadAt(data_end_, len, footer.data()));
  BI_RETURN_IF_ERROR(format::Parse(footer.data(), len, &meta_));
  if (meta_.encrypted) return Bad("encrypted files are not supported");
  if (meta_.schema.empty()) return Bad("empty schema");
  const auto& root = meta_.schema[0];
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) != meta_.schema.size() - 1) {
    return Status::InvalidArgument("parquet: nested schemas are not supported");
  }
  for (size_t i = 1; i < meta_.schema.size(); ++i) {
    auto f = FieldFor(meta_.schema[i]);
    if (!f.ok()) return f.status();
    schema_.fields.push_back(std::move(f).value());
  }
  if (meta_.num_rows < 0) return Bad("negative row count");
  int64_t total = 0;
  for (const auto& rg : meta_.row_groups) {
    if (rg.num_rows < 0 || rg.num_rows > options_.max_row_group_rows) {
      return Bad("row group row count " + std::to_string(rg.num_rows) + " out of range");
    }
    if (rg.columns.size() != schema_.fields.size()) {
      return Bad("row group has " + std::to_string(rg.columns.size()) + " columns, schema has " +
                 std::to_string(schema_.fields.size()));
    }
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const auto& cc = rg.columns[c];
      if (!cc.has_meta_data) return Bad("column chunk without metadata");
      if (static_cast<int>(cc.meta_data.type) != schema_.fields[c].storage.physical_type) {
        return Bad("column chunk type differs from the schema");
      }
    }
    total += rg.num_rows;
  }
  if (total != meta_.num_rows) return Bad("row groups' row counts do not add up to num_rows");
  return Status::Ok();
}

int64_t FileReader::row_group_num_rows(int rg) const {
  if (rg < 0 || rg >= num_row_groups()) return 0;
  return meta_.row_groups[rg].num_rows;
}

std::optional<std::string> FileReader::GetMetadata(const std::string& key) const {
  for (const auto& kv : meta_.key_value_metadata) {
    if (kv.key == key) return kv.value.value_or("");
  }
  return std::nullopt;
}

ColumnStatistics FileReader::Statistics(int rg, int column) const {
  ColumnStatistics out;
  if (rg < 0 || rg >= num_row_groups() || column < 0 || column >= schema_.num_fields()) return out;
  const auto& md = meta_.row_groups[rg].columns[column].meta_data;
  out.num_values = meta_.row_groups[rg].num_rows;
  if (!md.statistics) return out;
  const auto& st = *md.statistics;
  out.null_count = st.null_count;
  const Field& f = schema_.fields[column];
  const std::string *mn = nullptr, *mx = nullptr;
  if (st.min_value && st.max_value) {
    mn = &*st.min_value;
    mx = &*st.max_value;
  } else if (st.min && st.max) {
    auto pt = static_cast<Type>(f.storage.physical_type);
    // Legacy min/max used signed byte order for byte arrays: only trust them for numbers.
    if (pt != Type::kByteArray && pt != Type::kFixedLenByteArray && !f.storage.is_unsigned) {
      mn = &*st.min;
      mx = &*st.max;
    }
  }
  if (mn && mx) {
    out.min = DecodeStat(f, *mn);
    out.max = DecodeStat(f, *mx);
  }
  return out;
}

Result<std::vector<int>> FileReader::SelectRowGroups(
    const std::vector<Predicate>& conjunction) const {
  std::vector<int> cols;
  for (const auto& p : conjunction) {
    int c = schema_.FieldIndex(p.column);
    if (c < 0) return Status::InvalidArgument("parquet: unknown column '" + p.column + "'");
    cols.push_back(c);
  }
  std::vector<int> out;
  for (int rg = 0; rg < num_row_groups(); ++rg) {
    bool keep = true;
    for (size_t i = 0; i < conjunction.size() && keep; ++i) {
      keep = CanMatch(conjunction[i], Statistics(rg, cols[i]));
    }
    if (keep) out.push_back(rg);
  }
  return out;
}

Result<ColumnBuffer> FileReader::ReadColumnChunk(int rg, int column,
                                                 const ReadOptions& options) const {
  if (rg < 0 || rg >= num_row_groups()) return Status::InvalidArgument("parquet: bad row group");
  if (column < 0 || column >= schema_.num_fields()) {
    return Status::InvalidArgument("parquet: bad column index");
  }
  const auto& group = meta_.row_groups[rg];
  const auto& md = group.columns[column].meta_data;
  int64_t start = md.data_page_offset;
  if (md.dictionary_page_offset && *md.dictionary_page_offset > 0 &&
      *md.dictionary_page_offset < start) {
    start = *md.dictionary_page_offset;
  }
  int64_t len = md.total_compressed_size;
  if (start < 4 || len < 0 || static_cast<uint64_t>(start) > data_end_ ||
      static_cast<uint64_t>(len) > data_end_ - static_cast<uint64_t>(start)) {
    return Bad("column chunk offsets out of range");
  }
  ByteBuffer chunk;
  chunk.Resize(static_cast<size_t>(len));
  BI_RETURN_IF_ERROR(
      file_->ReadAt(static_cast<uint64_t>(start), static_cast<size_t>(len), chunk.data()));
  return DecodeColumnChunk(schema_.fields[column], md, chunk.data(), chunk.size(), group.num_rows,
                           options_, options);
}

Result<std::vector<ColumnBuffer>> FileReader::Read(const std::vector<int>& columns,
                                                   const std::vector<int>& row_groups,
                                                   const ReadOptions& options) const {
  std::vector<ColumnBuffer> out;
  for (int c : columns) {
    if (c < 0 || c >= schema_.num_fields()) {
      return Status::InvalidArgument("parquet: bad column index");
    }
    ColumnBuffer acc(schema_.fields[c].type);
    bool first = true;
    for (int rg : row_groups) {
      auto chunk = ReadColumnChunk(rg, c, options);
      if (!chunk.ok()) return chunk.status();
      if (first) {
        acc = std::move(chunk).value();
        first = false;
      } else {
        BI_RETURN_IF_ERROR(AppendColumn(&acc, *chunk));
      }
    }
    out.push_back(std::move(acc));
  }
  return out;
}

Result<std::vector<ColumnBuffer>> FileReader::ReadAll(const ReadOptions& options) const {
  std::vector<int> cols, rgs;
  for (int i = 0; i < schema_.num_fields(); ++i) cols.push_back(i);
  for (int i = 0; i < num_row_groups(); ++i) rgs.push_back(i);
  return Read(cols, rgs, options);
}

}  // namespace bi::parquet
