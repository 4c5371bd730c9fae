#include "parquet/compression.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>

namespace bi::parquet {

const char* CodecName(format::Codec codec) {
  switch (codec) {
    case format::Codec::kUncompressed:
      return "UNCOMPRESSED";
    case format::Codec::kSnappy:
      return "SNAPPY";
    case format::Codec::kGzip:
      return "GZIP";
    case format::Codec::kLzo:
      return "LZO";
    case format::Codec::kBrotli:
      return "BROTLI";
    case format::Codec::kLz4:
      return "LZ4";
    case format::Codec::kZstd:
      return "ZSTD";
    case format::Codec::kLz4Raw:
      return "LZ4_RAW";
  }
  return "unknown";
}

Status Compress(format::Codec codec, const uint8_t* data, size_t size, int level,
                std::string* out) {
  size_t old = out->size();
  switch (codec) {
    case format::Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(data), size);
      return Status::Ok();
    case format::Codec::kSnappy: {
      out->resize(old + snappy::MaxCompressedLength(size));
      size_t n = 0;
      snappy::RawCompress(reinterpret_cast<const char*>(data), size, out->data() + old, &n);
      out->resize(old + n);
      return Status::Ok();
    }
    case format::Codec::kZstd: {
      size_t bound = ZSTD_compressBound(size);
      out->resize(old + bound);
      // One context per thread: creating one per page costs more than compressing small pages.
      thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(),
                                                                           ZSTD_freeCCtx);
      size_t n = ZSTD_compressCCtx(cctx.get(), out->data() + old, bound, data, size, level);
      if (ZSTD_isError(n)) {
        out->resize(old);
        return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
      }
      out->resize(old + n);
      return Status::Ok();
    }
    default:
      return Status::InvalidArgument(std::string("parquet: cannot write codec ") +
                                     CodecName(codec));
  }
}

size_t MaxDecompressedSize(format::Codec codec, size_t n) {
  switch (codec) {
    case format::Codec::kUncompressed:
      return n;
    case format::Codec::kSnappy:
      return n * 32 + 64;  // snappy's copy ops expand at most ~21x
    case format::Codec::kGzip:
      return n * 1100 + 1024;  // deflate's limit is ~1032:1
    // ZSTD can exceed 1000:1 on constant pages; it is decoded into the caller's buffer whose
    // size the page header states, which the reader bounds separately.
    default:
      return SIZE_MAX;
  }
}

Status Decompress(format::Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                  size_t expected) {
  switch (codec) {
    case format::Codec::kUncompressed:
      if (size != expected) return Status::Corruption("parquet: page size mismatch");
      std::memcpy(out, data, size);
      return Status::Ok();
    case format::Codec::kSnappy: {
      size_t len = 0;
      if (!snappy::GetUncompressedLength(reinterpret_cast<const char*>(data), size, &len) ||
          len != expected) {
        return Status::Corruption("snappy: bad page header or size mismatch");
      }
      if (!snappy::RawUncompress(reinterpret_cast<const char*>(data), size,
                                 reinterpret_cast<char*>(out))) {
        return Status::Corruption("snappy: corrupt page");
      }
      return Status::Ok();
    }
    case format::Codec::kZstd: {
      thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(),
                                                                           ZSTD_freeDCtx);
      size_t n = ZSTD_decompressDCtx(dctx.get(), out, expected, data, size);
      if (ZSTD_isError(n)) return Status::Corruption(std::string("zstd: ") + ZSTD_getErrorName(n));
      if (n != expected) return Status::Corruption("zstd: page size mismatch");
      return Status::Ok();
    }
    case format::Codec::kGzip: {
      z_stream zs;
      std::memset(&zs, 0, sizeof(zs));
      if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("zlib: init failed");
      zs.next_in = const_cast<Bytef*>(data);
      zs.avail_in = static_cast<uInt>(size);
      zs.next_out = out;
      zs.avail_out = static_cast<uInt>(expected);
      int rc = inflate(&zs, Z_FINISH);
      size_t produced = expected - zs.avail_out;
      inflateEnd(&zs);
      if (rc != Z_STREAM_END || produced != expected) {
        return Status::Corruption("gzip: corrupt page or size mismatch");
      }
      return Status::Ok();
    }
    default:
      return Status::Corruption(std::string("parquet: unsupported codec ") + CodecName(codec));
  }
}

}  // namespace bi::parquet
