#include "parquet/value_decoders.h"

#include <cstring>
#include <memory>
#include <vector>

#include "parquet/rle.h"

namespace bi::parquet {

namespace {

Status Short(const char* what) {
  return Status::Corruption(std::string("parquet: ") + what + " data is truncated");
}

bool ReadUVarint(const uint8_t*& p, const uint8_t* end, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    r |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      *v = r;
      return true;
    }
  }
  return false;
}

}  // namespace

Status DecodePlainBool(Span in, int64_t n, uint8_t* out) {
  if (static_cast<uint64_t>(n + 7) / 8 > in.size) return Short("boolean");
  for (int64_t i = 0; i < n; ++i) out[i] = (in.data[i >> 3] >> (i & 7)) & 1;
  return Status::Ok();
}

Status DecodeRleBool(Span in, int64_t n, uint8_t* out) {
  if (in.size < 4) return Short("RLE boolean");
  uint32_t len;
  std::memcpy(&len, in.data, 4);
  if (len > in.size - 4) return Short("RLE boolean");
  RleDecoder dec(in.data + 4, len, 1);
  std::vector<uint32_t> tmp(static_cast<size_t>(n));
  BI_RETURN_IF_ERROR(dec.Get(tmp.data(), n));
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(tmp[i] & 1);
  return Status::Ok();
}

Status DecodePlainFixed(Span in, int64_t n, int width, uint8_t* out) {
  uint64_t need = static_cast<uint64_t>(n) * width;
  if (need > in.size) return Short("PLAIN");
  std::memcpy(out, in.data, need);
  return Status::Ok();
}

Status DecodeByteStreamSplit(Span in, int64_t n, int width, uint8_t* out) {
  uint64_t need = static_cast<uint64_t>(n) * width;
  if (need > in.size) return Short("BYTE_STREAM_SPLIT");
  for (int k = 0; k < width; ++k) {
    const uint8_t* stream = in.data + static_cast<size_t>(k) * n;
    for (int64_t i = 0; i < n; ++i) out[i * width + k] = stream[i];
  }
  return Status::Ok();
}

Status DecodeDeltaBinaryPacked(Span in, int64_t n, int width, uint8_t* out, size_t* consumed) {
  const uint8_t* p = in.data;
  const uint8_t* end = in.data + in.size;
  uint64_t block_size, miniblocks, total, first_zz;
  if (!ReadUVarint(p, end, &block_size) || !ReadUVarint(p, end, &miniblocks) ||
      !ReadUVarint(p, end, &total) || !ReadUVarint(p, end, &first_zz)) {
    return Short("DELTA_BINARY_PACKED header");
  }
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20) || miniblocks == 0 ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    return Status::Corruption("parquet: bad DELTA_BINARY_PACKED block header");
  }
  if (total < static_cast<uint64_t>(n)) {
    return Status::Corruption("parquet: DELTA_BINARY_PACKED has fewer values than the page");
  }
  const uint64_t per_mb = block_size / miniblocks;
  const int max_bw = width * 8;
  uint64_t prev = (first_zz >> 1) ^ (~(first_zz & 1) + 1);
  auto store = [&](int64_t i, uint64_t v) {
    if (width == 4) {
      uint32_t w = static_cast<uint32_t>(v);
      std::memcpy(out + i * 4, &w, 4);
    } else {
      std::memcpy(out + i * 8, &v, 8);
    }
  };
  int64_t got = 0;
  if (n > 0) store(got++, prev);
  std::vector<uint64_t> tmp(per_mb);
  std::vector<uint8_t> widths(miniblocks);
  while (got < n) {
    uint64_t md_zz;
    if (!ReadUVarint(p, end, &md_zz)) return Short("DELTA_BINARY_PACKED block");
    uint64_t min_delta = (md_zz >> 1) ^ (~(md_zz & 1) + 1);
    if (static_cast<uint64_t>(end - p) < miniblocks) return Short("DELTA_BINARY_PACKED block");
    std::memcpy(widths.data(), p, miniblocks);
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && got < n; ++m) {
      int bw = widths[m];
      if (bw > max_bw) return Status::Corruption("parquet: DELTA_BINARY_PACKED bit width too big");
      uint64_t bytes = per_mb * bw / 8;
      int64_t take = std::min<int64_t>(static_cast<int64_t>(per_mb), n - got);
      uint64_t need = (static_cast<uint64_t>(take) * bw + 7) / 8;
      uint64_t avail = static_cast<uint64_t>(end - p);
      if (need > avail) return Short("DELTA_BINARY_PACKED miniblock");
      BitUnpack64(p, static_cast<size_t>(std::min(bytes, avail)), 0, take, bw, tmp.data());
      for (int64_t i = 0; i < take; ++i) {
        prev = prev + min_delta + tmp[i];
        store(got++, prev);
      }
      p += std::min(bytes, avail);
    }
  }
  *consumed = static_cast<size_t>(p - in.data);
  return Status::Ok();
}

Status DecodePlainByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                            size_t max_bytes) {
  const uint8_t* p = in.data;
  const uint8_t* end = in.data + in.size;
  size_t old = offsets->size();
  offsets->Resize(old + static_cast<size_t>(n) * 8);
  int64_t* off = reinterpret_cast<int64_t*>(offsets->data() + old);
  // Output bytes are at most the input bytes: reserve once.
  data->Reserve(data->size() + in.size);
  for (int64_t i = 0; i < n; ++i) {
    if (end - p < 4) return Short("BYTE_ARRAY");
    uint32_t len;
    std::memcpy(&len, p, 4);
    p += 4;
    if (len > static_cast<size_t>(end - p)) return Short("BYTE_ARRAY");
    data->Append(p, len);
    p += len;
    off[i] = static_cast<int64_t>(data->size());
  }
  if (data->size() > max_bytes) return Status::Corruption("parquet: string data exceeds limit");
  return Status::Ok();
}

namespace {

Status DecodeLengths(Span in, int64_t n, std::vector<int32_t>* lengths, size_t* consumed) {
  lengths->resize(static_cast<size_t>(n));
  BI_RETURN_IF_ERROR(
      DecodeDeltaBinaryPacked(in, n, 4, reinterpret_cast<uint8_t*>(lengths->data()), consumed));
  for (int32_t l : *lengths) {
    if (l < 0) return Status::Corruption("parquet: negative byte array length");
  }
  return Status::Ok();
}

}  // namespace

Status DecodeDeltaLengthByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                                  size_t max_bytes) {
  if (n == 0) return Status::Ok();
  std::vector<int32_t> lengths;
  size_t used = 0;
  BI_RETURN_IF_ERROR(DecodeLengths(in, n, &lengths, &used));
  const uint8_t* p = in.data + used;
  uint64_t remaining = in.size - used;
  uint64_t total = 0;
  for (int32_t l : lengths) total += static_cast<uint64_t>(l);
  if (total > remaining) return Short("DELTA_LENGTH_BYTE_ARRAY");
  if (data->size() + total > max_bytes) {
    return Status::Corruption("parquet: string data exceeds limit");
  }
  data->Append(p, total);
  size_t old = offsets->size();
  offsets->Resize(old + static_cast<size_t>(n) * 8);
  int64_t* off = reinterpret_cast<int64_t*>(offsets->data() + old);
  int64_t pos = off[-1];
  for (int64_t i = 0; i < n; ++i) {
    pos += lengths[i];
    off[i] = pos;
  }
  return Status::Ok();
}

Status DecodeDeltaByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                            size_t max_bytes) {
  if (n == 0) return Status::Ok();
  std::vector<int32_t> prefix, suffix;
  size_t used = 0, used2 = 0;
  BI_RETURN_IF_ERROR(DecodeLengths(in, n, &prefix, &used));
  Span rest{in.data + used, in.size - used};
  BI_RETURN_IF_ERROR(DecodeLengths(rest, n, &suffix, &used2));
  const uint8_t* p = rest.data + used2;
  uint64_t remaining = rest.size - used2;
  size_t old = offsets->size();
  offsets->Resize(old + static_cast<size_t>(n) * 8);
  int64_t prev_start = 0, prev_len = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (prefix[i] > prev_len) return Status::Corruption("parquet: DELTA_BYTE_ARRAY bad prefix");
    if (static_cast<uint64_t>(suffix[i]) > remaining) return Short("DELTA_BYTE_ARRAY");
    uint64_t len = static_cast<uint64_t>(prefix[i]) + suffix[i];
    if (data->size() + len > max_bytes) {
      return Status::Corruption("parquet: string data exceeds limit");
    }
    int64_t start = static_cast<int64_t>(data->size());
    data->Reserve(data->size() + len);  // may move the buffer: copy the prefix after it
    data->Append(data->data() + prev_start, static_cast<size_t>(prefix[i]));
    data->Append(p, static_cast<size_t>(suffix[i]));
    p += suffix[i];
    remaining -= static_cast<uint64_t>(suffix[i]);
    prev_start = start;
    prev_len = static_cast<int64_t>(len);
    reinterpret_cast<int64_t*>(offsets->data() + old)[i] = static_cast<int64_t>(data->size());
  }
  return Status::Ok();
}

}  // namespace bi::parquet
