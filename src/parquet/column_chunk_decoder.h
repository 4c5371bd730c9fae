#pragma once
// Decodes one column chunk (its pages, already read into memory) into a ColumnBuffer.
// Internal to the reader; separated because it is where untrusted page data is interpreted.

#include <cstdint>

#include "common/status.h"
#include "parquet/column_buffer.h"
#include "parquet/format.h"
#include "parquet/schema.h"

namespace bi::parquet {

struct ReaderOptions;
struct ReadOptions;

Result<ColumnBuffer> DecodeColumnChunk(const Field& field, const format::ColumnMetaData& md,
                                       const uint8_t* chunk, size_t chunk_size, int64_t num_rows,
                                       const ReaderOptions& limits, const ReadOptions& options);

}  // namespace bi::parquet
