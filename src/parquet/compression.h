#pragma once
// Page compression. Write: UNCOMPRESSED, SNAPPY, ZSTD. Read: those plus GZIP.
// Decompression is bounded: the caller states the expected size (from the page header) and a
// page that does not decompress to exactly that size is Corruption. Sizes are also checked
// against the codec's own maximum ratio before any allocation, so a lying header cannot make
// us allocate far more than the compressed input justifies.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "parquet/format.h"

namespace bi::parquet {

// Appends the compressed form of [data, data+size) to *out. level is used by ZSTD only.
Status Compress(format::Codec codec, const uint8_t* data, size_t size, int level, std::string* out);

// Decompresses into out[0..expected_size). out must hold expected_size bytes.
Status Decompress(format::Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                  size_t expected_size);

// Largest uncompressed size a page of `compressed_size` bytes can plausibly have.
size_t MaxDecompressedSize(format::Codec codec, size_t compressed_size);

const char* CodecName(format::Codec codec);

}  // namespace bi::parquet
