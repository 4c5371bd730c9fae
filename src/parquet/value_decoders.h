#pragma once
// Value decoders for the encodings of Parquet's Encodings.md that a reader meets in files from
// other writers: PLAIN, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
// BYTE_STREAM_SPLIT. Each decodes exactly `n` values from a bounded span and fails with
// Corruption, never reading outside the span, when the data is short or inconsistent.
// Byte-array decoders append to an offsets/data pair (the ColumnBuffer string layout); their
// output size is checked against `max_bytes` so a few input bytes cannot expand without bound.

#include <cstdint>

#include "common/status.h"
#include "parquet/column_buffer.h"

namespace bi::parquet {

struct Span {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

// PLAIN booleans: bit-packed LSB-first, unpacked to one byte per value.
Status DecodePlainBool(Span in, int64_t n, uint8_t* out);
// RLE booleans (4-byte length + hybrid runs of width 1).
Status DecodeRleBool(Span in, int64_t n, uint8_t* out);
// PLAIN fixed width values: a copy of n * width bytes.
Status DecodePlainFixed(Span in, int64_t n, int width, uint8_t* out);
// BYTE_STREAM_SPLIT of n values of `width` bytes.
Status DecodeByteStreamSplit(Span in, int64_t n, int width, uint8_t* out);
// DELTA_BINARY_PACKED into int32 (width 4) or int64 (width 8). `consumed` gets the bytes used.
Status DecodeDeltaBinaryPacked(Span in, int64_t n, int width, uint8_t* out, size_t* consumed);

// Byte arrays append n values to offsets (int64 each; the last existing entry is the start)
// and data.
Status DecodePlainByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                            size_t max_bytes);
Status DecodeDeltaLengthByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                                  size_t max_bytes);
Status DecodeDeltaByteArray(Span in, int64_t n, ByteBuffer* offsets, ByteBuffer* data,
                            size_t max_bytes);

}  // namespace bi::parquet
