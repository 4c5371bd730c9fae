#include "parquet/writer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <set>
#include <thread>

#include "parquet/compression.h"
#include "parquet/dictionary_builder.h"
#include "parquet/format.h"
#include "parquet/rle.h"

namespace bi::parquet {

namespace {

constexpr char kMagic[4] = {'P', 'A', 'R', '1'};

format::Type PhysicalFor(ValueType t) {
  switch (t) {
    case ValueType::kBool:
      return format::Type::kBoolean;
    case ValueType::kInt32:
    case ValueType::kDate:
      return format::Type::kInt32;
    case ValueType::kInt64:
    case ValueType::kTimestamp:
      return format::Type::kInt64;
    case ValueType::kFloat:
      return format::Type::kFloat;
    case ValueType::kDouble:
      return format::Type::kDouble;
    case ValueType::kString:
    case ValueType::kBinary:
      return format::Type::kByteArray;
  }
  return format::Type::kByteArray;
}

format::Codec CodecFor(Compression c) {
  switch (c) {
    case Compression::kUncompressed:
      return format::Codec::kUncompressed;
    case Compression::kSnappy:
      return format::Codec::kSnappy;
    case Compression::kZstd:
      return format::Codec::kZstd;
  }
  return format::Codec::kUncompressed;
}

format::SchemaElement ElementFor(const Field& f) {
  format::SchemaElement e;
  e.name = f.name;
  e.type = PhysicalFor(f.type);
  e.repetition = f.nullable ? format::Repetition::kOptional : format::Repetition::kRequired;
  using K = format::LogicalType::Kind;
  format::LogicalType lt;
  switch (f.type) {
    case ValueType::kString:
      e.converted_type = format::ConvertedType::kUtf8;
      lt.kind = K::kString;
      e.logical_type = lt;
      break;
    case ValueType::kDate:
      e.converted_type = format::ConvertedType::kDate;
      lt.kind = K::kDate;
      e.logical_type = lt;
      break;
    case ValueType::kTimestamp:
      lt.kind = K::kTimestamp;
      lt.utc_adjusted = f.utc_adjusted;
      lt.unit = f.unit == TimeUnit::kMillis   ? format::TimeUnitKind::kMillis
                : f.unit == TimeUnit::kMicros ? format::TimeUnitKind::kMicros
                                              : format::TimeUnitKind::kNanos;
      e.logical_type = lt;
      // Converted types imply UTC-adjusted instants; write them only then (spec guidance).
      if (f.utc_adjusted && f.unit == TimeUnit::kMillis) {
        e.converted_type = format::ConvertedType::kTimestampMillis;
      } else if (f.utc_adjusted && f.unit == TimeUnit::kMicros) {
        e.converted_type = format::ConvertedType::kTimestampMicros;
      }
      break;
    case ValueType::kInt32:
      if (f.int_bit_width == 8 || f.int_bit_width == 16) {
        lt.kind = K::kInteger;
        lt.bit_width = static_cast<int8_t>(f.int_bit_width);
        lt.is_signed = true;
        e.logical_type = lt;
        e.converted_type =
            f.int_bit_width == 8 ? format::ConvertedType::kInt8 : format::ConvertedType::kInt16;
      }
      break;
    default:
      break;
  }
  return e;
}

// Buffered input of one column for the current row group: non-null values only (dense), plus
// one definition level per row for nullable columns.
struct ColumnState {
  Field field;
  int width = 0;                    // bytes per dense value (0 for byte arrays)
  ByteBuffer values;                // fixed width
  std::vector<int64_t> offsets{0};  // byte arrays
  ByteBuffer data;
  std::vector<uint8_t> levels;  // nullable only
  int64_t rows = 0;
  int64_t nonnull = 0;
  bool dictionary_failed = false;  // the previous chunk gave up its dictionary
  size_t last_distinct = 0;        // the previous chunk's dictionary size

  size_t BufferedBytes() const {
    return values.size() + data.size() + offsets.size() * 8 + levels.size();
  }
  void Reset() {
    values.Clear();
    offsets.assign(1, 0);
    data.Clear();
    levels.clear();
    rows = nonnull = 0;
  }
};

// Working memory of one encoding thread, reused across column chunks.
struct Scratch {
  std::vector<uint32_t> indices;
  std::vector<uint8_t> dict_fixed;
  std::vector<int64_t> dict_offsets;
  std::vector<uint8_t> dict_data;
  std::string body, compressed, header;
};

void PutLE32(std::string* s, uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);
  s->append(b, 4);
}

}  // namespace

class FileWriter::Impl {
 public:
  Impl(std::unique_ptr<OutputStream> out, Schema schema, WriterOptions options)
      : out_(std::move(out)), schema_(std::move(schema)), opt_(std::move(options)) {
    for (const auto& f : schema_.fields) {
      ColumnState c;
      c.field = f;
      c.width = FixedWidth(f.type);
      columns_.push_back(std::move(c));
    }
  }

  Status Start() { return Write(kMagic, 4); }

  Status Append(const std::vector<const ColumnBuffer*>& cols) {
    if (!status_.ok()) return status_;
    if (closed_) return Status::InvalidArgument("parquet writer: already closed");
    if (cols.size() != columns_.size()) {
      return Status::InvalidArgument("parquet writer: batch has " + std::to_string(cols.size()) +
                                     " columns, schema has " + std::to_string(columns_.size()));
    }
    int64_t n = cols.empty() ? 0 : cols[0]->length;
    for (size_t i = 0; i < cols.size(); ++i) {
      const ColumnBuffer& b = *cols[i];
      const Field& f = columns_[i].field;
      if (b.length != n) return Status::InvalidArgument("parquet writer: column lengths differ");
      if (b.type != f.type) {
        return Status::InvalidArgument("parquet writer: column '" + f.name + "' is " +
                                       std::string(ValueTypeName(f.type)) + ", batch has " +
                                       std::string(ValueTypeName(b.type)));
      }
      if (!f.nullable && !b.validity.empty()) {
        for (int64_t r = 0; r < n; ++r) {
          if (!b.IsValid(r)) {
            return Status::InvalidArgument("parquet writer: null in required column '" + f.name +
                                           "' at row " + std::to_string(r));
          }
        }
      }
      if (f.type == ValueType::kInt32 && f.int_bit_width < 32) {
        int64_t lo = -(int64_t{1} << (f.int_bit_width - 1)), hi = -lo - 1;
        const int32_t* v = b.Values<int32_t>();
        for (int64_t r = 0; r < n; ++r) {
          if (b.IsValid(r) && (v[r] < lo || v[r] > hi)) {
            return Status::InvalidArgument("parquet writer: value " + std::to_string(v[r]) +
                                           " does not fit INT" + std::to_string(f.int_bit_width) +
                                           " column '" + f.name + "'");
          }
        }
      }
    }
    // Split the batch where the row-group row limit falls.
    int64_t done = 0;
    while (done < n) {
      int64_t room = opt_.row_group_rows - buffered_rows_;
      int64_t take = std::min(n - done, std::max<int64_t>(room, 1));
      for (size_t i = 0; i < cols.size(); ++i) AppendColumn(columns_[i], *cols[i], done, take);
      buffered_rows_ += take;
      rows_written_ += take;
      done += take;
      size_t bytes = 0;
      for (const auto& c : columns_) bytes += c.BufferedBytes();
      if (buffered_rows_ >= opt_.row_group_rows ||
          bytes >= static_cast<size_t>(opt_.row_group_bytes)) {
        BI_RETURN_IF_ERROR(Flush());
      }
    }
    return Status::Ok();
  }

  Status Flush() {
    if (!status_.ok()) return status_;
    if (buffered_rows_ == 0) return Status::Ok();
    format::RowGroup rg;
    rg.num_rows = buffered_rows_;
    rg.file_offset = static_cast<int64_t>(out_->position());
    int64_t compressed_total = 0;
    // Each column chunk is encoded into memory (on several threads when allowed), then they are
    // written in order and their page offsets moved to where they landed.
    const size_t n = columns_.size();
    std::vector<format::ColumnChunk> chunks(n);
    std::vector<Status> encoded(n);
    chunk_bytes_.resize(n);
    const size_t threads = std::min<size_t>(std::max(opt_.threads, 1), n);
    if (scratch_.size() < threads) scratch_.resize(threads);
    std::atomic<size_t> next{0};
    auto encode = [&](Scratch& s) {
      for (size_t i; (i = next.fetch_add(1)) < n;) {
        chunk_bytes_[i].clear();
        try {  // an exception must not escape a helper thread (that would end the process)
          encoded[i] = EncodeChunk(columns_[i], &chunks[i], s, &chunk_bytes_[i]);
        } catch (const std::exception& e) {
          encoded[i] = Status::Internal(std::string("encoding a column chunk failed: ") + e.what());
        }
      }
    };
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(encode, std::ref(scratch_[t]));
    encode(scratch_[0]);
    for (auto& h : helpers) h.join();
    for (size_t i = 0; i < n; ++i) {
      BI_RETURN_IF_ERROR(encoded[i]);
      format::ColumnChunk& cc = chunks[i];
      format::ColumnMetaData& md = cc.meta_data;
      const int64_t base = static_cast<int64_t>(out_->position());
      md.data_page_offset += base;
      if (md.dictionary_page_offset) *md.dictionary_page_offset += base;
      BI_RETURN_IF_ERROR(Write(chunk_bytes_[i].data(), chunk_bytes_[i].size()));
      rg.total_byte_size += md.total_uncompressed_size;
      compressed_total += md.total_compressed_size;
      rg.columns.push_back(std::move(cc));
      columns_[i].Reset();
    }
    rg.total_compressed_size = compressed_total;
    rg.ordinal = static_cast<int16_t>(std::min<size_t>(meta_.row_groups.size(), INT16_MAX));
    meta_.row_groups.push_back(std::move(rg));
    meta_.num_rows += buffered_rows_;
    buffered_rows_ = 0;
    return Status::Ok();
  }

  Status Close() {
    if (closed_) return status_;
    BI_RETURN_IF_ERROR(Flush());
    closed_ = true;
    meta_.version = 1;
    format::SchemaElement root;
    root.name = "schema";
    root.num_children = static_cast<int32_t>(columns_.size());
    meta_.schema.push_back(root);
    for (const auto& c : columns_) meta_.schema.push_back(ElementFor(c.field));
    for (const auto& [k, v] : kv_) meta_.key_value_metadata.push_back({k, v});
    meta_.created_by = opt_.created_by;
    meta_.column_orders_type_defined = true;
    std::string footer;
    format::Serialize(meta_, &footer);
    BI_RETURN_IF_ERROR(Write(footer.data(), footer.size()));
    uint32_t len = static_cast<uint32_t>(footer.size());
    BI_RETURN_IF_ERROR(Write(&len, 4));
    BI_RETURN_IF_ERROR(Write(kMagic, 4));
    status_ = out_->Close();
    return status_;
  }

  void SetMetadata(const std::string& k, const std::string& v) { kv_[k] = v; }

  const Schema& schema() const { return schema_; }
  int64_t rows_written_ = 0;
  int64_t row_groups_written() const { return static_cast<int64_t>(meta_.row_groups.size()); }

 private:
  Status Write(const void* p, size_t n) {
    if (!status_.ok()) return status_;
    status_ = out_->Write(p, n);
    return status_;
  }

  static void AppendColumn(ColumnState& c, const ColumnBuffer& b, int64_t start, int64_t n) {
    bool nullable = c.field.nullable;
    bool all_valid = b.validity.empty();
    if (nullable) {
      size_t old = c.levels.size();
      c.levels.resize(old + n);
      uint8_t* lv = c.levels.data() + old;
      if (all_valid) {
        std::memset(lv, 1, n);
      } else {
        for (int64_t r = 0; r < n; ++r) lv[r] = b.IsValid(start + r) ? 1 : 0;
      }
    }
    c.rows += n;
    if (b.is_string_like()) {
      if (all_valid && !b.is_dictionary()) {  // one copy of the bytes, offsets rebased
        const int64_t* off = b.offsets.as<int64_t>() + start;
        int64_t delta = static_cast<int64_t>(c.data.size()) - off[0];
        c.data.Append(b.data.data() + off[0], static_cast<size_t>(off[n] - off[0]));
        size_t old = c.offsets.size();
        c.offsets.resize(old + n);
        for (int64_t r = 0; r < n; ++r) c.offsets[old + r] = off[r + 1] + delta;
        c.nonnull += n;
        return;
      }
      for (int64_t r = start; r < start + n; ++r) {
        if (!all_valid && !b.IsValid(r)) continue;
        std::string_view s = b.StringAt(r);
        c.data.Append(s.data(), s.size());
        c.offsets.push_back(static_cast<int64_t>(c.data.size()));
        ++c.nonnull;
      }
      return;
    }
    const uint8_t* src = b.values.data() + start * c.width;
    if (all_valid) {
      c.values.Append(src, static_cast<size_t>(n * c.width));
      c.nonnull += n;
      return;
    }
    // Dense copy of the valid values: room for all, then shrink to what was copied.
    size_t old = c.values.size();
    c.values.Resize(old + static_cast<size_t>(n * c.width));
    uint8_t* dst = c.values.data() + old;
    int64_t k = 0;
    auto copy = [&](auto tag) {
      using T = decltype(tag);
      for (int64_t r = 0; r < n; ++r) {
        if (!b.IsValid(start + r)) continue;
        std::memcpy(dst + k * sizeof(T), src + r * sizeof(T), sizeof(T));
        ++k;
      }
    };
    if (c.width == 8) {
      copy(uint64_t{});
    } else if (c.width == 4) {
      copy(uint32_t{});
    } else {
      copy(uint8_t{});
    }
    c.values.Resize(old + static_cast<size_t>(k * c.width));
    c.nonnull += k;
  }

  // Min/max in PLAIN encoding over the dense values; nullopt when there are none to report.
  // `values` (fixed width) or `offsets`/`data` (byte arrays) hold `n` values: the column's,
  // or its dictionary's distinct ones, which give the same min/max.
  void ComputeStatistics(const ColumnState& c, const uint8_t* values, const int64_t* offsets,
                         const uint8_t* data, int64_t n, format::Statistics* st) const {
    st->null_count = c.rows - c.nonnull;
    if (c.nonnull == 0) return;
    std::string mn, mx;
    auto put = [](std::string* s, const void* p, size_t n) {
      s->assign(static_cast<const char*>(p), n);
    };
    switch (c.field.type) {
      case ValueType::kBool: {
        const uint8_t* v = values;
        uint8_t lo = 1, hi = 0;
        for (int64_t i = 0; i < n; ++i) {
          uint8_t b = v[i] != 0;  // any non-zero byte means true, as in EncodePlain
          lo = std::min(lo, b);
          hi = std::max(hi, b);
        }
        put(&mn, &lo, 1);
        put(&mx, &hi, 1);
        break;
      }
      case ValueType::kInt32:
      case ValueType::kDate: {
        const int32_t* v = reinterpret_cast<const int32_t*>(values);
        auto [lo, hi] = std::minmax_element(v, v + n);
        put(&mn, lo, 4);
        put(&mx, hi, 4);
        break;
      }
      case ValueType::kInt64:
      case ValueType::kTimestamp: {
        const int64_t* v = reinterpret_cast<const int64_t*>(values);
        auto [lo, hi] = std::minmax_element(v, v + n);
        put(&mn, lo, 8);
        put(&mx, hi, 8);
        break;
      }
      case ValueType::kFloat:
      case ValueType::kDouble: {
        double lo = INFINITY, hi = -INFINITY;
        bool any = false;
        for (int64_t i = 0; i < n; ++i) {
          double x = c.field.type == ValueType::kFloat ? reinterpret_cast<const float*>(values)[i]
                                                       : reinterpret_cast<const double*>(values)[i];
          if (std::isnan(x)) continue;
          any = true;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        if (!any) return;  // only NaN: no ordering to report
        // Zero's sign is ambiguous in a min/max comparison: widen to [-0.0, +0.0].
        if (lo == 0) lo = -0.0;
        if (hi == 0) hi = 0.0;
        if (c.field.type == ValueType::kFloat) {
          float flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
          put(&mn, &flo, 4);
          put(&mx, &fhi, 4);
        } else {
          put(&mn, &lo, 8);
          put(&mx, &hi, 8);
        }
        break;
      }
      case ValueType::kString:
      case ValueType::kBinary: {
        auto at = [&](int64_t i) {
          return std::string_view(reinterpret_cast<const char*>(data) + offsets[i],
                                  static_cast<size_t>(offsets[i + 1] - offsets[i]));
        };
        std::string_view lo = at(0), hi = at(0);
        for (int64_t i = 1; i < n; ++i) {
          std::string_view s = at(i);
          if (s < lo) lo = s;  // char_traits<char> compares as unsigned char: byte order
          if (s > hi) hi = s;
        }
        if (lo.size() > opt_.max_statistics_bytes || hi.size() > opt_.max_statistics_bytes) return;
        mn.assign(lo);
        mx.assign(hi);
        break;
      }
    }
    st->min_value = mn;
    st->max_value = mx;
    if (c.field.type != ValueType::kString && c.field.type != ValueType::kBinary) {
      // Legacy min/max (signed order) for readers that predate min_value/max_value.
      st->min = mn;
      st->max = mx;
    }
  }

  // PLAIN-encodes dense values [v0, v1) of a column.
  void EncodePlain(const ColumnState& c, int64_t v0, int64_t v1, std::string* out) const {
    switch (c.field.type) {
      case ValueType::kBool: {
        size_t old = out->size();
        out->resize(old + static_cast<size_t>((v1 - v0 + 7) / 8), 0);
        uint8_t* bits = reinterpret_cast<uint8_t*>(out->data() + old);
        const uint8_t* v = c.values.data();
        for (int64_t i = v0; i < v1; ++i) {
          bits[(i - v0) >> 3] |= static_cast<uint8_t>((v[i] != 0) << ((i - v0) & 7));
        }
        break;
      }
      case ValueType::kString:
      case ValueType::kBinary: {
        size_t bytes = static_cast<size_t>(c.offsets[v1] - c.offsets[v0]) + 4 * (v1 - v0);
        size_t old = out->size();
        out->resize(old + bytes);
        char* p = out->data() + old;
        for (int64_t i = v0; i < v1; ++i) {
          uint32_t len = static_cast<uint32_t>(c.offsets[i + 1] - c.offsets[i]);
          std::memcpy(p, &len, 4);
          std::memcpy(p + 4, c.data.data() + c.offsets[i], len);
          p += 4 + len;
        }
        break;
      }
      default:
        out->append(reinterpret_cast<const char*>(c.values.data()) + v0 * c.width,
                    static_cast<size_t>((v1 - v0) * c.width));
    }
  }

  // Appends a page (header and compressed body) to `sink`.
  Status WritePage(const format::PageHeader& proto, const std::string& body,
                   format::ColumnMetaData* md, Scratch& s, std::string* sink) const {
    format::PageHeader h = proto;
    const format::Codec codec = CodecFor(opt_.compression);
    s.compressed.clear();
    BI_RETURN_IF_ERROR(Compress(codec, reinterpret_cast<const uint8_t*>(body.data()), body.size(),
                                opt_.zstd_level, &s.compressed));
    if (body.size() > INT32_MAX || s.compressed.size() > INT32_MAX) {
      return Status::InvalidArgument("parquet writer: page larger than 2 GiB");
    }
    h.uncompressed_page_size = static_cast<int32_t>(body.size());
    h.compressed_page_size = static_cast<int32_t>(s.compressed.size());
    s.header.clear();
    format::Serialize(h, &s.header);
    sink->append(s.header);
    sink->append(s.compressed);
    md->total_uncompressed_size += static_cast<int64_t>(s.header.size() + body.size());
    md->total_compressed_size += static_cast<int64_t>(s.header.size() + s.compressed.size());
    return Status::Ok();
  }

  // Encodes the buffered column into `sink` (empty): page offsets in `cc` are relative to it.
  // Touches only `c`, `s` and `sink`, so columns can be encoded side by side.
  Status EncodeChunk(ColumnState& c, format::ColumnChunk* cc, Scratch& s, std::string* sink) const {
    format::ColumnMetaData& md = cc->meta_data;
    cc->has_meta_data = true;
    md.type = PhysicalFor(c.field.type);
    md.path_in_schema = {c.field.name};
    md.codec = CodecFor(opt_.compression);
    md.num_values = c.rows;
    // Dictionary attempt.
    bool use_dict = false, built = false;
    int bit_width = 0;
    size_t dict_count = 0;
    if (opt_.dictionary && c.field.type != ValueType::kBool && c.nonnull > 0) {
      size_t limit = static_cast<size_t>(opt_.dictionary_max_bytes);
      int64_t plain_bytes;
      size_t dict_bytes;
      // A column whose last chunk was nearly unique most likely still is: probe less of it.
      const int64_t probe = c.dictionary_failed ? 4096 : kUniqueProbe;
      if (c.width > 0) {
        built = BuildFixedDictionary(c.values.data(), c.nonnull, c.width, limit, &s.indices,
                                     &s.dict_fixed, probe, c.last_distinct, c.dictionary_failed);
        dict_count = s.dict_fixed.size() / std::max(c.width, 1);
        dict_bytes = s.dict_fixed.size();
        plain_bytes = c.nonnull * c.width;
      } else {
        built = BuildBinaryDictionary(c.offsets.data(), c.data.data(), c.nonnull, limit, &s.indices,
                                      &s.dict_offsets, &s.dict_data, probe, c.last_distinct,
                                      c.dictionary_failed);
        dict_count = s.dict_offsets.size() - 1;
        dict_bytes = s.dict_data.size() + 4 * dict_count;
        plain_bytes = static_cast<int64_t>(c.data.size()) + 4 * c.nonnull;
      }
      use_dict = built;
      c.dictionary_failed = !built;
      c.last_distinct = built ? dict_count : 0;
      if (use_dict) {
        bit_width = std::max(1, BitWidth(dict_count - 1));
        // Keep the dictionary only if it beats PLAIN (before compression).
        int64_t dict_total = static_cast<int64_t>(dict_bytes) + (c.nonnull * bit_width + 7) / 8;
        if (dict_total >= plain_bytes) use_dict = false;
      }
    }

    if (opt_.statistics) {
      format::Statistics st;
      if (!built) {
        ComputeStatistics(c, c.values.data(), c.offsets.data(), c.data.data(), c.nonnull, &st);
      } else if (c.width > 0) {
        ComputeStatistics(c, s.dict_fixed.data(), nullptr, nullptr,
                          static_cast<int64_t>(dict_count), &st);
      } else {
        ComputeStatistics(c, nullptr, s.dict_offsets.data(), s.dict_data.data(),
                          static_cast<int64_t>(dict_count), &st);
      }
      md.statistics = std::move(st);
    }

    const bool nullable = c.field.nullable;
    int64_t start = static_cast<int64_t>(sink->size());
    std::set<format::Encoding> encodings = {format::Encoding::kPlain, format::Encoding::kRle};
    s.body.clear();
    if (use_dict) {
      md.dictionary_page_offset = start;
      if (c.width > 0) {
        s.body.assign(reinterpret_cast<const char*>(s.dict_fixed.data()), s.dict_fixed.size());
      } else {
        size_t n = s.dict_offsets.size() - 1;
        s.body.reserve(s.dict_data.size() + 4 * n);
        for (size_t i = 0; i < n; ++i) {
          uint32_t len = static_cast<uint32_t>(s.dict_offsets[i + 1] - s.dict_offsets[i]);
          PutLE32(&s.body, len);
          s.body.append(reinterpret_cast<const char*>(s.dict_data.data()) + s.dict_offsets[i], len);
        }
      }
      format::PageHeader h;
      h.type = format::PageType::kDictionaryPage;
      format::DictionaryPageHeader d;
      d.num_values = static_cast<int32_t>(c.width > 0 ? s.dict_fixed.size() / c.width
                                                      : s.dict_offsets.size() - 1);
      d.encoding = format::Encoding::kPlain;
      h.dictionary_page_header = d;
      BI_RETURN_IF_ERROR(WritePage(h, s.body, &md, s, sink));
      encodings.insert(format::Encoding::kRleDictionary);
      md.encoding_stats.push_back({format::PageType::kDictionaryPage, format::Encoding::kPlain, 1});
    }
    md.data_page_offset = static_cast<int64_t>(sink->size());

    // Data pages: choose row ranges so each page's values take about page_bytes.
    int64_t r = 0, v = 0;
    int32_t data_pages = 0;
    const int64_t page_bytes = std::max<int64_t>(opt_.page_bytes, 1024);
    while (r < c.rows) {
      int64_t r1, v1;
      if (use_dict || c.width > 0) {
        double bits_per_value = use_dict                           ? bit_width
                                : c.field.type == ValueType::kBool ? 1
                                                                   : c.width * 8.0;
        int64_t per_page =
            std::max<int64_t>(1, static_cast<int64_t>(page_bytes * 8 / bits_per_value));
        r1 = std::min(c.rows, r + per_page);
      } else {
        // Byte arrays: walk values until the page is full.
        int64_t bytes = 0;
        r1 = r;
        int64_t vv = v;
        while (r1 < c.rows && bytes < page_bytes) {
          if (!nullable || c.levels[r1]) {
            bytes += 4 + c.offsets[vv + 1] - c.offsets[vv];
            ++vv;
          }
          ++r1;
        }
      }
      if (nullable) {
        v1 = v;
        for (int64_t i = r; i < r1; ++i) v1 += c.levels[i];
      } else {
        v1 = v + (r1 - r);
      }
      s.body.clear();
      if (nullable) {
        s.body.append(4, '\0');
        size_t before = s.body.size();
        RleEncode(c.levels.data() + r, r1 - r, 1, &s.body);
        uint32_t len = static_cast<uint32_t>(s.body.size() - before);
        std::memcpy(s.body.data(), &len, 4);
      }
      format::DataPageHeader d;
      d.num_values = static_cast<int32_t>(r1 - r);
      if (use_dict) {
        s.body.push_back(static_cast<char>(bit_width));
        RleEncode(s.indices.data() + v, v1 - v, bit_width, &s.body);
        d.encoding = format::Encoding::kRleDictionary;
      } else {
        EncodePlain(c, v, v1, &s.body);
        d.encoding = format::Encoding::kPlain;
      }
      format::PageHeader h;
      h.type = format::PageType::kDataPage;
      h.data_page_header = d;
      BI_RETURN_IF_ERROR(WritePage(h, s.body, &md, s, sink));
      ++data_pages;
      r = r1;
      v = v1;
    }
    if (data_pages > 0) {
      // Lets readers see up front that every data page is dictionary-encoded (or none is).
      md.encoding_stats.push_back(
          {format::PageType::kDataPage,
           use_dict ? format::Encoding::kRleDictionary : format::Encoding::kPlain, data_pages});
    }
    if (c.rows == 0) md.data_page_offset = start;
    md.encodings.assign(encodings.begin(), encodings.end());
    cc->file_offset = 0;  // deprecated field: 0 when no ColumnMetaData is written outside
    return Status::Ok();
  }

  std::unique_ptr<OutputStream> out_;
  Schema schema_;
  WriterOptions opt_;
  std::vector<ColumnState> columns_;
  int64_t buffered_rows_ = 0;
  format::FileMetaData meta_;
  std::map<std::string, std::string> kv_;
  Status status_;
  bool closed_ = false;
  std::vector<Scratch> scratch_;          // one per encoding thread, reused across chunks
  std::vector<std::string> chunk_bytes_;  // encoded column chunks of the row group
};

Result<std::unique_ptr<FileWriter>> FileWriter::Open(std::unique_ptr<OutputStream> out,
                                                     Schema schema, WriterOptions options) {
  if (schema.fields.empty()) return Status::InvalidArgument("parquet writer: empty schema");
  std::set<std::string> names;
  for (const auto& f : schema.fields) {
    if (f.name.empty()) return Status::InvalidArgument("parquet writer: empty column name");
    if (!names.insert(f.name).second) {
      return Status::InvalidArgument("parquet writer: duplicate column name '" + f.name + "'");
    }
    if (f.type == ValueType::kInt32 && f.int_bit_width != 8 && f.int_bit_width != 16 &&
        f.int_bit_width != 32) {
      return Status::InvalidArgument("parquet writer: int_bit_width must be 8, 16 or 32");
    }
  }
  if (options.row_group_rows < 1) options.row_group_rows = 1;
  auto impl = std::make_unique<Impl>(std::move(out), std::move(schema), std::move(options));
  BI_RETURN_IF_ERROR(impl->Start());
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(impl)));
}

Result<std::unique_ptr<FileWriter>> FileWriter::Create(const std::string& path, Schema schema,
                                                       WriterOptions options) {
  auto out = CreateLocalFile(path);
  if (!out.ok()) return out.status();
  return Open(std::move(out).value(), std::move(schema), std::move(options));
}

FileWriter::FileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileWriter::~FileWriter() = default;

Status FileWriter::WriteBatch(const std::vector<ColumnBuffer>& columns) {
  std::vector<const ColumnBuffer*> ptrs;
  ptrs.reserve(columns.size());
  for (const auto& c : columns) ptrs.push_back(&c);
  return impl_->Append(ptrs);
}

Status FileWriter::WriteBatch(const std::vector<const ColumnBuffer*>& columns) {
  return impl_->Append(columns);
}

Status FileWriter::FlushRowGroup() {
  return impl_->Flush();
}
void FileWriter::SetMetadata(const std::string& k, const std::string& v) {
  impl_->SetMetadata(k, v);
}
Status FileWriter::Close() {
  return impl_->Close();
}
int64_t FileWriter::rows_written() const {
  return impl_->rows_written_;
}
int64_t FileWriter::row_groups_written() const {
  return impl_->row_groups_written();
}
const Schema& FileWriter::schema() const {
  return impl_->schema();
}

Status WriteFile(const std::string& path, const Schema& schema,
                 const std::vector<ColumnBuffer>& columns, const WriterOptions& options,
                 const std::map<std::string, std::string>& metadata) {
  auto w = FileWriter::Create(path, schema, options);
  if (!w.ok()) return w.status();
  for (const auto& [k, v] : metadata) (*w)->SetMetadata(k, v);
  BI_RETURN_IF_ERROR((*w)->WriteBatch(columns));
  return (*w)->Close();
}

}  // namespace bi::parquet
