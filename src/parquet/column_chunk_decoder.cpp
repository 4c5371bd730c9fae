#include "parquet/column_chunk_decoder.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "parquet/compression.h"
#include "parquet/reader.h"
#include "parquet/rle.h"
#include "parquet/value_decoders.h"

namespace bi::parquet {

namespace {

using format::Encoding;
using format::Type;

// How physical values become the output ValueType.
enum class Conv {
  kNone,             // same layout (INT32->int32/date, INT64->int64/timestamp, FLOAT, DOUBLE)
  kBool,             // BOOLEAN unpacked to one byte (decoders already do that)
  kUint32ToInt64,    // UINT_32 / UINT(32,false)
  kInt32ToInt64,     // INT32 read as int64 (not used by the schema mapping, kept for safety)
  kInt32Decimal,     // DECIMAL on INT32 -> double
  kInt64Decimal,     // DECIMAL on INT64 -> double
  kInt96,            // legacy INT96 timestamps -> int64 nanoseconds
  kFlbaDecimal,      // DECIMAL on FIXED_LEN_BYTE_ARRAY -> double
  kFlbaBinary,       // FIXED_LEN_BYTE_ARRAY -> binary (offsets + data)
  kByteArray,        // BYTE_ARRAY -> string/binary
  kByteArrayDecimal  // DECIMAL on BYTE_ARRAY -> double
};

Status Bad(const std::string& what) {
  return Status::Corruption("parquet: " + what);
}

double Pow10(int scale) {
  return std::pow(10.0, scale);
}

// Big-endian two's complement bytes -> double.
double BigEndianToDouble(const uint8_t* p, size_t n) {
  if (n == 0) return 0;
  if (n <= 16) {
    __int128 v = (p[0] & 0x80) ? -1 : 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
    return static_cast<double>(v);
  }
  bool neg = p[0] & 0x80;
  double v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 256 + (neg ? static_cast<uint8_t>(~p[i]) : p[i]);
  return neg ? -(v + 1) : v;
}

class ChunkDecoder {
 public:
  ChunkDecoder(const Field& f, const format::ColumnMetaData& md, int64_t num_rows,
               const ReaderOptions& limits, const ReadOptions& opts)
      : f_(f), md_(md), num_rows_(num_rows), limits_(limits), opts_(opts), out_(f.type) {}

  Status Init() {
    pt_ = md_.type;
    if (f_.storage.physical_type >= 0 && static_cast<int>(pt_) != f_.storage.physical_type) {
      return Bad("column chunk type differs from the schema for '" + f_.name + "'");
    }
    ow_ = FixedWidth(f_.type);
    string_out_ = out_.is_string_like();
    max_def_ = f_.nullable ? 1 : 0;
    switch (pt_) {
      case Type::kBoolean:
        pw_ = 1;
        conv_ = Conv::kBool;
        break;
      case Type::kInt32:
        pw_ = 4;
        conv_ = f_.storage.is_decimal          ? Conv::kInt32Decimal
                : f_.type == ValueType::kInt64 ? Conv::kUint32ToInt64
                                               : Conv::kNone;
        if (conv_ == Conv::kUint32ToInt64 && !f_.storage.is_unsigned) conv_ = Conv::kInt32ToInt64;
        break;
      case Type::kInt64:
        pw_ = 8;
        conv_ = f_.storage.is_decimal ? Conv::kInt64Decimal : Conv::kNone;
        break;
      case Type::kInt96:
        pw_ = 12;
        conv_ = Conv::kInt96;
        break;
      case Type::kFloat:
        pw_ = 4;
        conv_ = Conv::kNone;
        break;
      case Type::kDouble:
        pw_ = 8;
        conv_ = Conv::kNone;
        break;
      case Type::kFixedLenByteArray:
        pw_ = f_.storage.type_length;
        if (pw_ <= 0 || pw_ > (1 << 20)) return Bad("bad FIXED_LEN_BYTE_ARRAY length");
        conv_ = f_.storage.is_decimal ? Conv::kFlbaDecimal : Conv::kFlbaBinary;
        break;
      case Type::kByteArray:
        pw_ = 0;
        conv_ = f_.storage.is_decimal ? Conv::kByteArrayDecimal : Conv::kByteArray;
        break;
    }
    if (conv_ == Conv::kNone && pw_ != ow_) return Bad("unsupported type mapping for " + f_.name);
    return Status::Ok();
  }

  Result<ColumnBuffer> Run(const uint8_t* chunk, size_t size) {
    BI_RETURN_IF_ERROR(Init());
    size_t pos = 0;
    while (pos < size && rows_ < num_rows_) {
      format::PageHeader h;
      size_t consumed = 0;
      BI_RETURN_IF_ERROR(format::Parse(chunk + pos, size - pos, &h, &consumed));
      pos += consumed;
      size_t csize = static_cast<size_t>(h.compressed_page_size);
      if (csize > size - pos) return Bad("page extends past its column chunk");
      const uint8_t* body = chunk + pos;
      pos += csize;
      switch (h.type) {
        case format::PageType::kDictionaryPage:
          BI_RETURN_IF_ERROR(DictionaryPage(h, body, csize));
          break;
        case format::PageType::kDataPage:
          BI_RETURN_IF_ERROR(DataPageV1(h, body, csize));
          break;
        case format::PageType::kDataPageV2:
          BI_RETURN_IF_ERROR(DataPageV2(h, body, csize));
          break;
        default:
          break;  // index pages and unknown kinds carry no values
      }
    }
    if (rows_ != num_rows_) {
      return Bad("column '" + f_.name + "' has " + std::to_string(rows_) + " values, expected " +
                 std::to_string(num_rows_));
    }
    out_.length = rows_;
    if (out_.null_count == 0) out_.validity.Clear();
    if (codes_mode_) {
      out_.offsets.Clear();
      out_.dictionary = dict_;
    }
    return std::move(out_);
  }

 private:
  Status CheckPageSize(int32_t usize, size_t csize) {
    if (static_cast<uint64_t>(usize) > limits_.max_page_bytes) return Bad("page too large");
    if (md_.codec != format::Codec::kUncompressed &&
        static_cast<size_t>(usize) > MaxDecompressedSize(md_.codec, csize)) {
      return Bad("page size implausible for its compressed size");
    }
    return Status::Ok();
  }

  Status Inflate(const uint8_t* data, size_t csize, size_t usize, Span* result) {
    if (md_.codec == format::Codec::kUncompressed) {
      if (csize != usize) return Bad("uncompressed page size mismatch");
      *result = {data, csize};
      return Status::Ok();
    }
    page_.Resize(usize);
    BI_RETURN_IF_ERROR(Decompress(md_.codec, data, csize, page_.data(), usize));
    *result = {page_.data(), usize};
    return Status::Ok();
  }

  Status DictionaryPage(const format::PageHeader& h, const uint8_t* body, size_t csize) {
    if (!h.dictionary_page_header) return Bad("dictionary page without its header");
    if (dict_ || rows_ > 0) return Bad("dictionary page is not first in its chunk");
    BI_RETURN_IF_ERROR(CheckPageSize(h.uncompressed_page_size, csize));
    Span in;
    BI_RETURN_IF_ERROR(Inflate(body, csize, static_cast<size_t>(h.uncompressed_page_size), &in));
    int64_t n = h.dictionary_page_header->num_values;
    if (n < 0) return Bad("negative dictionary size");
    // Each entry takes at least one byte (4 for byte arrays), bits for booleans.
    uint64_t min_bytes = pt_ == Type::kByteArray ? 4 * static_cast<uint64_t>(n)
                         : pt_ == Type::kBoolean ? (static_cast<uint64_t>(n) + 7) / 8
                                                 : static_cast<uint64_t>(n) * pw_;
    if (min_bytes > in.size) return Bad("dictionary page too short for its size");
    auto enc = h.dictionary_page_header->encoding;
    if (enc != Encoding::kPlain && enc != Encoding::kPlainDictionary) {
      return Bad("unsupported dictionary encoding");
    }
    dict_ = std::make_shared<ColumnBuffer>(f_.type);
    if (!string_out_) dict_->values.Resize(static_cast<size_t>(n) * ow_);
    BI_RETURN_IF_ERROR(DecodeInto(Encoding::kPlain, in, n, dict_.get(), 0));
    dict_->length = n;
    codes_mode_ = opts_.keep_dictionary && string_out_;
    return Status::Ok();
  }

  Status DataPageV1(const format::PageHeader& h, const uint8_t* body, size_t csize) {
    if (!h.data_page_header) return Bad("data page without its header");
    const auto& d = *h.data_page_header;
    int64_t nv = d.num_values;
    if (nv < 0 || nv > num_rows_ - rows_) return Bad("page value count exceeds the row group");
    BI_RETURN_IF_ERROR(CheckPageSize(h.uncompressed_page_size, csize));
    Span in;
    BI_RETURN_IF_ERROR(Inflate(body, csize, static_cast<size_t>(h.uncompressed_page_size), &in));
    int64_t nn = nv;
    if (max_def_ > 0) {
      if (d.definition_level_encoding != Encoding::kRle) {
        return Bad("unsupported definition level encoding");
      }
      if (in.size < 4) return Bad("definition levels truncated");
      uint32_t len;
      std::memcpy(&len, in.data, 4);
      if (len > in.size - 4) return Bad("definition levels truncated");
      BI_RETURN_IF_ERROR(DecodeLevels({in.data + 4, len}, nv, &nn));
      in = {in.data + 4 + len, in.size - 4 - len};
    }
    return Values(d.encoding, in, nv, nn);
  }

  Status DataPageV2(const format::PageHeader& h, const uint8_t* body, size_t csize) {
    if (!h.data_page_header_v2) return Bad("data page v2 without its header");
    const auto& d = *h.data_page_header_v2;
    int64_t nv = d.num_values;
    if (nv < 0 || nv > num_rows_ - rows_) return Bad("page value count exceeds the row group");
    if (d.num_nulls < 0 || d.num_nulls > nv) return Bad("bad null count in data page v2");
    int64_t rep = d.repetition_levels_byte_length, def = d.definition_levels_byte_length;
    if (rep < 0 || def < 0 || static_cast<uint64_t>(rep + def) > csize ||
        rep + def > h.uncompressed_page_size) {
      return Bad("bad level lengths in data page v2");
    }
    BI_RETURN_IF_ERROR(CheckPageSize(h.uncompressed_page_size, csize));
    int64_t nn = nv;
    if (max_def_ > 0) {
      BI_RETURN_IF_ERROR(DecodeLevels({body + rep, static_cast<size_t>(def)}, nv, &nn));
      if (nv - nn != d.num_nulls) return Bad("data page v2 null count disagrees with its levels");
    }
    const uint8_t* vdata = body + rep + def;
    size_t vc = csize - static_cast<size_t>(rep + def);
    size_t vu = static_cast<size_t>(h.uncompressed_page_size - rep - def);
    Span in;
    if (d.is_compressed && md_.codec != format::Codec::kUncompressed) {
      BI_RETURN_IF_ERROR(Inflate(vdata, vc, vu, &in));
    } else {
      in = {vdata, vc};
    }
    return Values(d.encoding, in, nv, nn);
  }

  Status DecodeLevels(Span in, int64_t nv, int64_t* nn) {
    levels_.resize(static_cast<size_t>(nv));
    RleDecoder dec(in.data, in.size, 1);
    BI_RETURN_IF_ERROR(dec.GetChecked(levels_.data(), nv, 1));
    int64_t c = 0;
    for (int64_t i = 0; i < nv; ++i) c += levels_[i];
    *nn = c;
    return Status::Ok();
  }

  // Decodes nn dense values of a page of nv rows, spreads them over the rows, sets validity.
  Status Values(Encoding enc, Span in, int64_t nv, int64_t nn) {
    const bool dict_enc = enc == Encoding::kRleDictionary || enc == Encoding::kPlainDictionary;
    if (codes_mode_ && !dict_enc) BI_RETURN_IF_ERROR(MaterializeCodes());
    const bool codes = codes_mode_;
    int vw = codes ? 4 : ow_;
    if (codes || !string_out_) out_.values.Resize(static_cast<size_t>(rows_ + nv) * vw);
    if (dict_enc) {
      BI_RETURN_IF_ERROR(DictionaryIndices(in, nn));
    } else {
      BI_RETURN_IF_ERROR(DecodeInto(enc, in, nn, &out_, rows_));
    }
    // Spread dense values over the page's rows (backwards, in place).
    if (nn < nv) {
      if (codes || !string_out_) {
        uint8_t* base = out_.values.data() + rows_ * vw;
        int64_t j = nn - 1;
        for (int64_t i = nv - 1; i >= 0; --i) {
          if (levels_[i]) {
            if (i != j) std::memcpy(base + i * vw, base + j * vw, vw);
            --j;
          } else {
            std::memset(base + i * vw, 0, vw);
          }
        }
      } else {
        out_.offsets.Resize(static_cast<size_t>(rows_ + nv + 1) * 8);
        int64_t* off = out_.offsets.as<int64_t>() + rows_;  // off[0] = start of the page
        int64_t j = nn - 1;
        for (int64_t i = nv - 1; i >= 0; --i) {
          if (levels_[i]) {
            off[i + 1] = off[j + 1];
            --j;
          } else {
            off[i + 1] = j >= 0 ? off[j + 1] : off[0];
          }
        }
      }
    }
    // Validity bits for rows [rows_, rows_ + nv).
    out_.validity.ResizeZeroed(static_cast<size_t>((rows_ + nv + 7) / 8));
    uint8_t* bits = out_.validity.data();
    for (int64_t i = 0; i < nv; ++i) {
      if (nn == nv || levels_[i])
        bits[(rows_ + i) >> 3] |= static_cast<uint8_t>(1u << ((rows_ + i) & 7));
    }
    out_.null_count += nv - nn;
    rows_ += nv;
    out_.length = rows_;
    return Status::Ok();
  }

  Status DictionaryIndices(Span in, int64_t nn) {
    if (nn == 0) return Status::Ok();
    if (!dict_) return Bad("dictionary-encoded page without a dictionary");
    if (in.size < 1) return Bad("dictionary indices truncated");
    int bw = in.data[0];
    if (bw > 32) return Bad("dictionary index bit width too large");
    if (dict_->length == 0) return Bad("dictionary index into an empty dictionary");
    idx_.resize(static_cast<size_t>(nn));
    RleDecoder dec(in.data + 1, in.size - 1, bw);
    BI_RETURN_IF_ERROR(dec.GetChecked(idx_.data(), nn, static_cast<uint32_t>(dict_->length - 1)));
    if (codes_mode_) {
      std::memcpy(out_.values.data() + rows_ * 4, idx_.data(), nn * 4);
      return Status::Ok();
    }
    if (!string_out_) {
      uint8_t* dst = out_.values.data() + rows_ * ow_;
      const uint8_t* src = dict_->values.data();
      if (ow_ == 8) {
        for (int64_t i = 0; i < nn; ++i) std::memcpy(dst + i * 8, src + idx_[i] * 8ull, 8);
      } else if (ow_ == 4) {
        for (int64_t i = 0; i < nn; ++i) std::memcpy(dst + i * 4, src + idx_[i] * 4ull, 4);
      } else {
        for (int64_t i = 0; i < nn; ++i) {
          std::memcpy(dst + i * ow_, src + static_cast<size_t>(idx_[i]) * ow_, ow_);
        }
      }
      return Status::Ok();
    }
    // Materialise strings: bound the output first (indices can repeat a long entry).
    const int64_t* doff = dict_->offsets.as<int64_t>();
    uint64_t total = 0;
    for (int64_t i = 0; i < nn; ++i) total += doff[idx_[i] + 1] - doff[idx_[i]];
    if (out_.data.size() + total > limits_.max_string_bytes) {
      return Bad("string data exceeds the reader's limit");
    }
    out_.data.Reserve(out_.data.size() + total);
    size_t old = out_.offsets.size();
    out_.offsets.Resize(old + static_cast<size_t>(nn) * 8);
    int64_t* off = reinterpret_cast<int64_t*>(out_.offsets.data() + old);
    const uint8_t* dd = dict_->data.data();
    for (int64_t i = 0; i < nn; ++i) {
      uint32_t k = idx_[i];
      out_.data.Append(dd + doff[k], static_cast<size_t>(doff[k + 1] - doff[k]));
      off[i] = static_cast<int64_t>(out_.data.size());
    }
    return Status::Ok();
  }

  // Codes so far become plain strings (a chunk switched from dictionary to PLAIN pages).
  Status MaterializeCodes() {
    codes_mode_ = false;
    const int32_t* codes = out_.values.as<int32_t>();
    const int64_t* doff = dict_->offsets.as<int64_t>();
    ByteBuffer offsets, data;
    offsets.AppendValue<int64_t>(0);
    for (int64_t i = 0; i < rows_; ++i) {
      bool valid = (out_.validity.data()[i >> 3] >> (i & 7)) & 1;
      if (valid) {
        int32_t k = codes[i];
        data.Append(dict_->data.data() + doff[k], static_cast<size_t>(doff[k + 1] - doff[k]));
        if (data.size() > limits_.max_string_bytes) return Bad("string data exceeds limit");
      }
      offsets.AppendValue<int64_t>(static_cast<int64_t>(data.size()));
    }
    out_.offsets = std::move(offsets);
    out_.data = std::move(data);
    out_.values.Clear();
    return Status::Ok();
  }

  // Decodes n values with a non-dictionary encoding into `target` at row `at` (dense).
  // Fixed outputs: target->values must hold (at + n) values. Strings: appended.
  Status DecodeInto(Encoding enc, Span in, int64_t n, ColumnBuffer* target, int64_t at) {
    if (n == 0) return Status::Ok();
    const size_t string_limit = limits_.max_string_bytes;
    if (conv_ == Conv::kByteArray) {
      switch (enc) {
        case Encoding::kPlain:
          return DecodePlainByteArray(in, n, &target->offsets, &target->data, string_limit);
        case Encoding::kDeltaLengthByteArray:
          return DecodeDeltaLengthByteArray(in, n, &target->offsets, &target->data, string_limit);
        case Encoding::kDeltaByteArray:
          return DecodeDeltaByteArray(in, n, &target->offsets, &target->data, string_limit);
        default:
          return Bad("unsupported encoding " + std::to_string(static_cast<int>(enc)) +
                     " for BYTE_ARRAY");
      }
    }
    if (conv_ == Conv::kByteArrayDecimal) {
      ByteBuffer off, data;
      off.AppendValue<int64_t>(0);
      switch (enc) {
        case Encoding::kPlain:
          BI_RETURN_IF_ERROR(DecodePlainByteArray(in, n, &off, &data, string_limit));
          break;
        case Encoding::kDeltaLengthByteArray:
          BI_RETURN_IF_ERROR(DecodeDeltaLengthByteArray(in, n, &off, &data, string_limit));
          break;
        case Encoding::kDeltaByteArray:
          BI_RETURN_IF_ERROR(DecodeDeltaByteArray(in, n, &off, &data, string_limit));
          break;
        default:
          return Bad("unsupported encoding for BYTE_ARRAY decimal");
      }
      double* dst = target->values.as<double>() + at;
      const int64_t* o = off.as<int64_t>();
      double scale = Pow10(f_.storage.decimal_scale);
      for (int64_t i = 0; i < n; ++i) {
        dst[i] =
            BigEndianToDouble(data.data() + o[i], static_cast<size_t>(o[i + 1] - o[i])) / scale;
      }
      return Status::Ok();
    }
    // Fixed-width physical values.
    uint8_t* dst;
    const bool direct = conv_ == Conv::kNone || conv_ == Conv::kBool;
    if (direct) {
      dst = target->values.data() + at * ow_;
    } else {
      phys_.Resize(static_cast<size_t>(n) * pw_);
      dst = phys_.data();
    }
    switch (enc) {
      case Encoding::kPlain:
        if (pt_ == Type::kBoolean) {
          BI_RETURN_IF_ERROR(DecodePlainBool(in, n, dst));
        } else {
          BI_RETURN_IF_ERROR(DecodePlainFixed(in, n, pw_, dst));
        }
        break;
      case Encoding::kRle:
        if (pt_ != Type::kBoolean) return Bad("RLE values on a non-boolean column");
        BI_RETURN_IF_ERROR(DecodeRleBool(in, n, dst));
        break;
      case Encoding::kByteStreamSplit:
        if (pt_ == Type::kBoolean || pt_ == Type::kInt96) return Bad("bad BYTE_STREAM_SPLIT type");
        BI_RETURN_IF_ERROR(DecodeByteStreamSplit(in, n, pw_, dst));
        break;
      case Encoding::kDeltaBinaryPacked: {
        if (pt_ != Type::kInt32 && pt_ != Type::kInt64)
          return Bad("DELTA_BINARY_PACKED on non-int");
        size_t used;
        BI_RETURN_IF_ERROR(DecodeDeltaBinaryPacked(in, n, pw_, dst, &used));
        break;
      }
      case Encoding::kDeltaByteArray: {
        if (pt_ != Type::kFixedLenByteArray) return Bad("DELTA_BYTE_ARRAY on a fixed type");
        ByteBuffer off, data;
        off.AppendValue<int64_t>(0);
        BI_RETURN_IF_ERROR(DecodeDeltaByteArray(in, n, &off, &data, static_cast<size_t>(n) * pw_));
        const int64_t* o = off.as<int64_t>();
        for (int64_t i = 0; i < n; ++i) {
          if (o[i + 1] - o[i] != pw_) return Bad("DELTA_BYTE_ARRAY value has the wrong length");
        }
        std::memcpy(dst, data.data(), static_cast<size_t>(n) * pw_);
        break;
      }
      default:
        return Bad("unsupported encoding " + std::to_string(static_cast<int>(enc)));
    }
    if (direct) return Status::Ok();
    return Convert(n, target, at);
  }

  Status Convert(int64_t n, ColumnBuffer* target, int64_t at) {
    const uint8_t* src = phys_.data();
    switch (conv_) {
      case Conv::kUint32ToInt64:
      case Conv::kInt32ToInt64: {
        int64_t* dst = target->values.as<int64_t>() + at;
        for (int64_t i = 0; i < n; ++i) {
          uint32_t u;
          std::memcpy(&u, src + i * 4, 4);
          dst[i] = conv_ == Conv::kUint32ToInt64 ? static_cast<int64_t>(u)
                                                 : static_cast<int64_t>(static_cast<int32_t>(u));
        }
        return Status::Ok();
      }
      case Conv::kInt32Decimal:
      case Conv::kInt64Decimal: {
        double* dst = target->values.as<double>() + at;
        double scale = Pow10(f_.storage.decimal_scale);
        for (int64_t i = 0; i < n; ++i) {
          if (conv_ == Conv::kInt32Decimal) {
            int32_t v;
            std::memcpy(&v, src + i * 4, 4);
            dst[i] = v / scale;
          } else {
            int64_t v;
            std::memcpy(&v, src + i * 8, 8);
            dst[i] = static_cast<double>(v) / scale;
          }
        }
        return Status::Ok();
      }
      case Conv::kInt96: {
        int64_t* dst = target->values.as<int64_t>() + at;
        for (int64_t i = 0; i < n; ++i) {
          uint64_t nanos;
          uint32_t julian;
          std::memcpy(&nanos, src + i * 12, 8);
          std::memcpy(&julian, src + i * 12 + 8, 4);
          int64_t days = static_cast<int64_t>(julian) - 2440588;  // Julian day of 1970-01-01
          dst[i] = static_cast<int64_t>(static_cast<uint64_t>(days) * 86400000000000ull + nanos);
        }
        return Status::Ok();
      }
      case Conv::kFlbaDecimal: {
        double* dst = target->values.as<double>() + at;
        double scale = Pow10(f_.storage.decimal_scale);
        for (int64_t i = 0; i < n; ++i) {
          dst[i] = BigEndianToDouble(src + static_cast<size_t>(i) * pw_, pw_) / scale;
        }
        return Status::Ok();
      }
      case Conv::kFlbaBinary: {
        if (target->data.size() + static_cast<uint64_t>(n) * pw_ > limits_.max_string_bytes) {
          return Bad("string data exceeds the reader's limit");
        }
        for (int64_t i = 0; i < n; ++i) {
          target->data.Append(src + static_cast<size_t>(i) * pw_, pw_);
          target->offsets.AppendValue<int64_t>(static_cast<int64_t>(target->data.size()));
        }
        return Status::Ok();
      }
      default:
        return Bad("internal: bad conversion");
    }
  }

  const Field& f_;
  const format::ColumnMetaData& md_;
  const int64_t num_rows_;
  const ReaderOptions& limits_;
  const ReadOptions& opts_;
  ColumnBuffer out_;
  Type pt_ = Type::kInt32;
  int pw_ = 0, ow_ = 0, max_def_ = 0;
  Conv conv_ = Conv::kNone;
  bool string_out_ = false;
  bool codes_mode_ = false;
  std::shared_ptr<ColumnBuffer> dict_;
  int64_t rows_ = 0;
  ByteBuffer page_, phys_;
  std::vector<uint32_t> levels_, idx_;
};

}  // namespace

Result<ColumnBuffer> DecodeColumnChunk(const Field& field, const format::ColumnMetaData& md,
                                       const uint8_t* chunk, size_t chunk_size, int64_t num_rows,
                                       const ReaderOptions& limits, const ReadOptions& options) {
  ChunkDecoder d(field, md, num_rows, limits, options);
  return d.Run(chunk, chunk_size);
}

}  // namespace bi::parquet
