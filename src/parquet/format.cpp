#include "parquet/format.h"

#include "parquet/thrift_compact.h"

namespace bi::parquet::format {

using thrift::Reader;
using thrift::WireType;
using thrift::Writer;

// ---------------------------------------------------------------- writing

namespace {

void WriteStatistics(Writer& w, const Statistics& s) {
  if (s.max) w.FieldBinary(1, *s.max);
  if (s.min) w.FieldBinary(2, *s.min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.distinct_count) w.FieldI64(4, *s.distinct_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
}

void WriteLogicalType(Writer& w, const LogicalType& lt) {
  using K = LogicalType::Kind;
  w.FieldStructBegin(static_cast<int16_t>(lt.kind));
  switch (lt.kind) {
    case K::kDecimal:
      w.FieldI32(1, lt.scale);
      w.FieldI32(2, lt.precision);
      break;
    case K::kTime:
    case K::kTimestamp:
      w.FieldBool(1, lt.utc_adjusted);
      w.FieldStructBegin(2);                              // TimeUnit union
      w.FieldStructBegin(static_cast<int16_t>(lt.unit));  // MILLIS / MICROS / NANOS: empty
      w.EndStruct();
      w.EndStruct();
      break;
    case K::kInteger:
      w.FieldByte(1, lt.bit_width);
      w.FieldBool(2, lt.is_signed);
      break;
    default:
      break;
  }
  w.EndStruct();
}

}  // namespace

void Serialize(const FileMetaData& m, std::string* out) {
  Writer w(out);
  w.BeginStruct();
  w.FieldI32(1, m.version);
  w.FieldListBegin(2, WireType::kStruct, static_cast<uint32_t>(m.schema.size()));
  for (const auto& e : m.schema) {
    w.BeginStruct();
    if (e.type) w.FieldI32(1, static_cast<int32_t>(*e.type));
    if (e.type && *e.type == Type::kFixedLenByteArray) w.FieldI32(2, e.type_length);
    if (e.repetition) w.FieldI32(3, static_cast<int32_t>(*e.repetition));
    w.FieldBinary(4, e.name);
    if (!e.type) w.FieldI32(5, e.num_children);
    if (e.converted_type) w.FieldI32(6, static_cast<int32_t>(*e.converted_type));
    if (e.converted_type == ConvertedType::kDecimal) {
      w.FieldI32(7, e.scale);
      w.FieldI32(8, e.precision);
    }
    if (e.logical_type) {
      w.FieldStructBegin(10);
      WriteLogicalType(w, *e.logical_type);
      w.EndStruct();
    }
    w.EndStruct();
  }
  w.FieldI64(3, m.num_rows);
  w.FieldListBegin(4, WireType::kStruct, static_cast<uint32_t>(m.row_groups.size()));
  for (const auto& rg : m.row_groups) {
    w.BeginStruct();
    w.FieldListBegin(1, WireType::kStruct, static_cast<uint32_t>(rg.columns.size()));
    for (const auto& cc : rg.columns) {
      w.BeginStruct();
      w.FieldI64(2, cc.file_offset);
      w.FieldStructBegin(3);
      const auto& md = cc.meta_data;
      w.FieldI32(1, static_cast<int32_t>(md.type));
      w.FieldListBegin(2, WireType::kI32, static_cast<uint32_t>(md.encodings.size()));
      for (auto e : md.encodings) w.ElemI32(static_cast<int32_t>(e));
      w.FieldListBegin(3, WireType::kBinary, static_cast<uint32_t>(md.path_in_schema.size()));
      for (const auto& p : md.path_in_schema) w.ElemBinary(p);
      w.FieldI32(4, static_cast<int32_t>(md.codec));
      w.FieldI64(5, md.num_values);
      w.FieldI64(6, md.total_uncompressed_size);
      w.FieldI64(7, md.total_compressed_size);
      w.FieldI64(9, md.data_page_offset);
      if (md.dictionary_page_offset) w.FieldI64(11, *md.dictionary_page_offset);
      if (md.statistics) {
        w.FieldStructBegin(12);
        WriteStatistics(w, *md.statistics);
        w.EndStruct();
      }
      if (!md.encoding_stats.empty()) {
        w.FieldListBegin(13, WireType::kStruct, static_cast<uint32_t>(md.encoding_stats.size()));
        for (const auto& es : md.encoding_stats) {
          w.BeginStruct();
          w.FieldI32(1, static_cast<int32_t>(es.page_type));
          w.FieldI32(2, static_cast<int32_t>(es.encoding));
          w.FieldI32(3, es.count);
          w.EndStruct();
        }
      }
      w.EndStruct();  // meta_data
      w.EndStruct();  // ColumnChunk
    }
    w.FieldI64(2, rg.total_byte_size);
    w.FieldI64(3, rg.num_rows);
    if (rg.file_offset) w.FieldI64(5, *rg.file_offset);
    if (rg.total_compressed_size) w.FieldI64(6, *rg.total_compressed_size);
    if (rg.ordinal) w.FieldI16(7, *rg.ordinal);
    w.EndStruct();
  }
  if (!m.key_value_metadata.empty()) {
    w.FieldListBegin(5, WireType::kStruct, static_cast<uint32_t>(m.key_value_metadata.size()));
    for (const auto& kv : m.key_value_metadata) {
      w.BeginStruct();
      w.FieldBinary(1, kv.key);
      if (kv.value) w.FieldBinary(2, *kv.value);
      w.EndStruct();
    }
  }
  if (m.created_by) w.FieldBinary(6, *m.created_by);
  if (m.column_orders_type_defined) {
    size_t leaves = m.schema.empty() ? 0 : m.schema.size() - 1;
    w.FieldListBegin(7, WireType::kStruct, static_cast<uint32_t>(leaves));
    for (size_t i = 0; i < leaves; ++i) {
      w.BeginStruct();
      w.FieldStructBegin(1);  // TYPE_ORDER: TypeDefinedOrder {}
      w.EndStruct();
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void Serialize(const PageHeader& h, std::string* out) {
  Writer w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(h.type));
  w.FieldI32(2, h.uncompressed_page_size);
  w.FieldI32(3, h.compressed_page_size);
  if (h.data_page_header) {
    const auto& d = *h.data_page_header;
    w.FieldStructBegin(5);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    w.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    w.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    w.EndStruct();
  }
  if (h.dictionary_page_header) {
    const auto& d = *h.dictionary_page_header;
    w.FieldStructBegin(7);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    w.EndStruct();
  }
  if (h.data_page_header_v2) {
    const auto& d = *h.data_page_header_v2;
    w.FieldStructBegin(8);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, d.num_nulls);
    w.FieldI32(3, d.num_rows);
    w.FieldI32(4, static_cast<int32_t>(d.encoding));
    w.FieldI32(5, d.definition_levels_byte_length);
    w.FieldI32(6, d.repetition_levels_byte_length);
    w.FieldBool(7, d.is_compressed);
    w.EndStruct();
  }
  w.EndStruct();
}

// ---------------------------------------------------------------- reading

namespace {

// Iterates the fields of the struct at the reader's position, calling fn(field) for each; fn
// returns Status and must consume the value (or call r.Skip).
template <typename Fn>
Status ForEachField(Reader& r, Fn&& fn) {
  BI_RETURN_IF_ERROR(r.BeginStruct());
  while (true) {
    Reader::Field f;
    BI_RETURN_IF_ERROR(r.NextField(&f));
    if (f.type == WireType::kStop) break;
    BI_RETURN_IF_ERROR(fn(f));
  }
  return r.EndStruct();
}

template <typename T>
Status ReadEnum(Reader& r, const Reader::Field& f, T* out) {
  int64_t v;
  BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
  *out = static_cast<T>(v);
  return Status::Ok();
}

Status ReadI32Field(Reader& r, const Reader::Field& f, int32_t* out) {
  int64_t v;
  BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
  if (v < INT32_MIN || v > INT32_MAX) return Status::Corruption("thrift: i32 out of range");
  *out = static_cast<int32_t>(v);
  return Status::Ok();
}

Status ExpectType(const Reader::Field& f, WireType t) {
  if (f.type != t) {
    return Status::Corruption("parquet metadata: field " + std::to_string(f.id) +
                              " has an unexpected type");
  }
  return Status::Ok();
}

template <typename Fn>
Status ForEachListElement(Reader& r, const Reader::Field& f, WireType elem, Fn&& fn) {
  BI_RETURN_IF_ERROR(ExpectType(f, WireType::kList));
  Reader::ListHeader h;
  BI_RETURN_IF_ERROR(r.ReadListHeader(&h));
  if (h.size > 0 && h.elem != elem) return Status::Corruption("parquet metadata: bad list type");
  for (uint32_t i = 0; i < h.size; ++i) BI_RETURN_IF_ERROR(fn());
  return Status::Ok();
}

Status ParseStatistics(Reader& r, Statistics* s) {
  return ForEachField(r, [&](const Reader::Field& f) -> Status {
    auto bin = [&](std::optional<std::string>* dst) -> Status {
      BI_RETURN_IF_ERROR(ExpectType(f, WireType::kBinary));
      std::string v;
      BI_RETURN_IF_ERROR(r.ReadBinary(&v));
      *dst = std::move(v);
      return Status::Ok();
    };
    auto i64 = [&](std::optional<int64_t>* dst) -> Status {
      int64_t v;
      BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
      *dst = v;
      return Status::Ok();
    };
    switch (f.id) {
      case 1:
        return bin(&s->max);
      case 2:
        return bin(&s->min);
      case 3:
        return i64(&s->null_count);
      case 4:
        return i64(&s->distinct_count);
      case 5:
        return bin(&s->max_value);
      case 6:
        return bin(&s->min_value);
      default:
        return r.Skip(f.type);
    }
  });
}

Status ParseTimeUnit(Reader& r, TimeUnitKind* unit) {
  return ForEachField(r, [&](const Reader::Field& f) -> Status {
    if (f.id >= 1 && f.id <= 3) *unit = static_cast<TimeUnitKind>(f.id);
    return r.Skip(f.type);
  });
}

Status ParseLogicalType(Reader& r, LogicalType* lt) {
  return ForEachField(r, [&](const Reader::Field& f) -> Status {
    using K = LogicalType::Kind;
    if (f.type != WireType::kStruct) return r.Skip(f.type);
    switch (f.id) {
      case 5:
        lt->kind = K::kDecimal;
        return ForEachField(r, [&](const Reader::Field& g) -> Status {
          if (g.id == 1) return ReadI32Field(r, g, &lt->scale);
          if (g.id == 2) return ReadI32Field(r, g, &lt->precision);
          return r.Skip(g.type);
        });
      case 7:
      case 8:
        lt->kind = f.id == 7 ? K::kTime : K::kTimestamp;
        return ForEachField(r, [&](const Reader::Field& g) -> Status {
          if (g.id == 1 && (g.type == WireType::kBoolTrue || g.type == WireType::kBoolFalse)) {
            lt->utc_adjusted = g.bool_value;
            return Status::Ok();
          }
          if (g.id == 2 && g.type == WireType::kStruct) return ParseTimeUnit(r, &lt->unit);
          return r.Skip(g.type);
        });
      case 10:
        lt->kind = K::kInteger;
        return ForEachField(r, [&](const Reader::Field& g) -> Status {
          if (g.id == 1) {
            int64_t v;
            BI_RETURN_IF_ERROR(r.ReadInt(g, &v));
            lt->bit_width = static_cast<int8_t>(v);
            return Status::Ok();
          }
          if (g.id == 2 && (g.type == WireType::kBoolTrue || g.type == WireType::kBoolFalse)) {
            lt->is_signed = g.bool_value;
            return Status::Ok();
          }
          return r.Skip(g.type);
        });
      case 1:
      case 2:
      case 3:
      case 4:
      case 6:
      case 11:
      case 12:
      case 13:
      case 14:
      case 15:
        lt->kind = static_cast<K>(f.id);
        return r.Skip(f.type);
      default:
        lt->kind = K::kOther;
        return r.Skip(f.type);
    }
  });
}

Status ParseSchemaElement(Reader& r, SchemaElement* e) {
  bool has_name = false;
  BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& f) -> Status {
    switch (f.id) {
      case 1: {
        int32_t v;
        BI_RETURN_IF_ERROR(ReadI32Field(r, f, &v));
        if (v < 0 || v > 7) return Status::Corruption("parquet schema: unknown physical type");
        e->type = static_cast<Type>(v);
        return Status::Ok();
      }
      case 2:
        return ReadI32Field(r, f, &e->type_length);
      case 3: {
        Repetition rep = Repetition::kRequired;
        BI_RETURN_IF_ERROR(ReadEnum(r, f, &rep));
        e->repetition = rep;
        return Status::Ok();
      }
      case 4:
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kBinary));
        has_name = true;
        return r.ReadBinary(&e->name);
      case 5:
        return ReadI32Field(r, f, &e->num_children);
      case 6: {
        ConvertedType ct = ConvertedType::kUtf8;
        BI_RETURN_IF_ERROR(ReadEnum(r, f, &ct));
        e->converted_type = ct;
        return Status::Ok();
      }
      case 7:
        return ReadI32Field(r, f, &e->scale);
      case 8:
        return ReadI32Field(r, f, &e->precision);
      case 10: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kStruct));
        LogicalType lt;
        BI_RETURN_IF_ERROR(ParseLogicalType(r, &lt));
        e->logical_type = lt;
        return Status::Ok();
      }
      default:
        return r.Skip(f.type);
    }
  }));
  if (!has_name) return Status::Corruption("parquet schema: element without a name");
  return Status::Ok();
}

Status ParseColumnMetaData(Reader& r, ColumnMetaData* md) {
  int seen = 0;
  BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& f) -> Status {
    switch (f.id) {
      case 1: {
        int32_t v;
        BI_RETURN_IF_ERROR(ReadI32Field(r, f, &v));
        if (v < 0 || v > 7) return Status::Corruption("parquet column: unknown physical type");
        md->type = static_cast<Type>(v);
        seen |= 1;
        return Status::Ok();
      }
      case 2:
        return ForEachListElement(r, f, WireType::kI32, [&]() -> Status {
          int32_t v;
          BI_RETURN_IF_ERROR(r.ReadI32(&v));
          md->encodings.push_back(static_cast<Encoding>(v));
          return Status::Ok();
        });
      case 3:
        return ForEachListElement(r, f, WireType::kBinary, [&]() -> Status {
          std::string s;
          BI_RETURN_IF_ERROR(r.ReadBinary(&s));
          md->path_in_schema.push_back(std::move(s));
          return Status::Ok();
        });
      case 4:
        seen |= 2;
        return ReadEnum(r, f, &md->codec);
      case 5:
        seen |= 4;
        return r.ReadInt(f, &md->num_values);
      case 6:
        return r.ReadInt(f, &md->total_uncompressed_size);
      case 7:
        seen |= 8;
        return r.ReadInt(f, &md->total_compressed_size);
      case 9:
        seen |= 16;
        return r.ReadInt(f, &md->data_page_offset);
      case 11: {
        int64_t v;
        BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
        md->dictionary_page_offset = v;
        return Status::Ok();
      }
      case 12: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kStruct));
        Statistics s;
        BI_RETURN_IF_ERROR(ParseStatistics(r, &s));
        md->statistics = std::move(s);
        return Status::Ok();
      }
      default:
        return r.Skip(f.type);
    }
  }));
  if (seen != 31) return Status::Corruption("parquet column metadata: required field missing");
  return Status::Ok();
}

Status ParseRowGroup(Reader& r, RowGroup* rg) {
  bool has_rows = false;
  BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& f) -> Status {
    switch (f.id) {
      case 1:
        return ForEachListElement(r, f, WireType::kStruct, [&]() -> Status {
          ColumnChunk cc;
          BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& g) -> Status {
            if (g.id == 2) return r.ReadInt(g, &cc.file_offset);
            if (g.id == 3 && g.type == WireType::kStruct) {
              cc.has_meta_data = true;
              return ParseColumnMetaData(r, &cc.meta_data);
            }
            return r.Skip(g.type);
          }));
          rg->columns.push_back(std::move(cc));
          return Status::Ok();
        });
      case 2:
        return r.ReadInt(f, &rg->total_byte_size);
      case 3:
        has_rows = true;
        return r.ReadInt(f, &rg->num_rows);
      case 5: {
        int64_t v;
        BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
        rg->file_offset = v;
        return Status::Ok();
      }
      case 6: {
        int64_t v;
        BI_RETURN_IF_ERROR(r.ReadInt(f, &v));
        rg->total_compressed_size = v;
        return Status::Ok();
      }
      default:
        return r.Skip(f.type);
    }
  }));
  if (!has_rows) return Status::Corruption("parquet row group: num_rows missing");
  return Status::Ok();
}

}  // namespace

Status Parse(const uint8_t* data, size_t size, FileMetaData* m) {
  Reader r(data, size);
  bool has_schema = false, has_rows = false;
  bool orders_all_type = true;
  size_t orders = 0;
  BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& f) -> Status {
    switch (f.id) {
      case 1:
        return ReadI32Field(r, f, &m->version);
      case 2:
        has_schema = true;
        return ForEachListElement(r, f, WireType::kStruct, [&]() -> Status {
          SchemaElement e;
          BI_RETURN_IF_ERROR(ParseSchemaElement(r, &e));
          m->schema.push_back(std::move(e));
          return Status::Ok();
        });
      case 3:
        has_rows = true;
        return r.ReadInt(f, &m->num_rows);
      case 4:
        return ForEachListElement(r, f, WireType::kStruct, [&]() -> Status {
          RowGroup rg;
          BI_RETURN_IF_ERROR(ParseRowGroup(r, &rg));
          m->row_groups.push_back(std::move(rg));
          return Status::Ok();
        });
      case 5:
        return ForEachListElement(r, f, WireType::kStruct, [&]() -> Status {
          KeyValue kv;
          BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& g) -> Status {
            if (g.id == 1 && g.type == WireType::kBinary) return r.ReadBinary(&kv.key);
            if (g.id == 2 && g.type == WireType::kBinary) {
              std::string v;
              BI_RETURN_IF_ERROR(r.ReadBinary(&v));
              kv.value = std::move(v);
              return Status::Ok();
            }
            return r.Skip(g.type);
          }));
          m->key_value_metadata.push_back(std::move(kv));
          return Status::Ok();
        });
      case 6: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kBinary));
        std::string s;
        BI_RETURN_IF_ERROR(r.ReadBinary(&s));
        m->created_by = std::move(s);
        return Status::Ok();
      }
      case 7:
        return ForEachListElement(r, f, WireType::kStruct, [&]() -> Status {
          ++orders;
          return ForEachField(r, [&](const Reader::Field& g) -> Status {
            if (g.id != 1) orders_all_type = false;
            return r.Skip(g.type);
          });
        });
      case 8:
        m->encrypted = true;
        return r.Skip(f.type);
      default:
        return r.Skip(f.type);
    }
  }));
  if (!has_schema || !has_rows)
    return Status::Corruption("parquet footer: schema or num_rows missing");
  m->column_orders_type_defined = orders > 0 && orders_all_type;
  return Status::Ok();
}

Status Parse(const uint8_t* data, size_t size, PageHeader* h, size_t* consumed) {
  Reader r(data, size);
  int seen = 0;
  BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& f) -> Status {
    switch (f.id) {
      case 1:
        seen |= 1;
        return ReadEnum(r, f, &h->type);
      case 2:
        seen |= 2;
        return ReadI32Field(r, f, &h->uncompressed_page_size);
      case 3:
        seen |= 4;
        return ReadI32Field(r, f, &h->compressed_page_size);
      case 5: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kStruct));
        DataPageHeader d;
        BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& g) -> Status {
          switch (g.id) {
            case 1:
              return ReadI32Field(r, g, &d.num_values);
            case 2:
              return ReadEnum(r, g, &d.encoding);
            case 3:
              return ReadEnum(r, g, &d.definition_level_encoding);
            case 4:
              return ReadEnum(r, g, &d.repetition_level_encoding);
            default:
              return r.Skip(g.type);
          }
        }));
        h->data_page_header = d;
        return Status::Ok();
      }
      case 7: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kStruct));
        DictionaryPageHeader d;
        BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& g) -> Status {
          switch (g.id) {
            case 1:
              return ReadI32Field(r, g, &d.num_values);
            case 2:
              return ReadEnum(r, g, &d.encoding);
            default:
              return r.Skip(g.type);
          }
        }));
        h->dictionary_page_header = d;
        return Status::Ok();
      }
      case 8: {
        BI_RETURN_IF_ERROR(ExpectType(f, WireType::kStruct));
        DataPageHeaderV2 d;
        BI_RETURN_IF_ERROR(ForEachField(r, [&](const Reader::Field& g) -> Status {
          switch (g.id) {
            case 1:
              return ReadI32Field(r, g, &d.num_values);
            case 2:
              return ReadI32Field(r, g, &d.num_nulls);
            case 3:
              return ReadI32Field(r, g, &d.num_rows);
            case 4:
              return ReadEnum(r, g, &d.encoding);
            case 5:
              return ReadI32Field(r, g, &d.definition_levels_byte_length);
            case 6:
              return ReadI32Field(r, g, &d.repetition_levels_byte_length);
            case 7:
              if (g.type == WireType::kBoolTrue || g.type == WireType::kBoolFalse) {
                d.is_compressed = g.bool_value;
                return Status::Ok();
              }
              return r.Skip(g.type);
            default:
              return r.Skip(g.type);
          }
        }));
        h->data_page_header_v2 = d;
        return Status::Ok();
      }
      default:
        return r.Skip(f.type);
    }
  }));
  if (seen != 7) return Status::Corruption("parquet page header: required field missing");
  if (h->uncompressed_page_size < 0 || h->compressed_page_size < 0) {
    return Status::Corruption("parquet page header: negative page size");
  }
  if (consumed) *consumed = r.position();
  return Status::Ok();
}

}  // namespace bi::parquet::format
