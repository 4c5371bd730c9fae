#pragma once
// bi::parquet — the project's own Parquet codec.
//
// Why our own: Apache Arrow / parquet-cpp is not in the package registries this project can
// use, so bi-tool owns a focused reader and writer for flat (non-nested) tables. It is real
// Parquet, not a private format: tests/parquet checks every writer configuration against
// DuckDB and hyparquet, and reads files DuckDB writes. The supported subset is documented in
// docs/parquet.md.
//
// Public surface (include this header or the individual ones):
//   schema.h         Schema / Field / ValueType: the logical columns
//   column_buffer.h  ColumnBuffer: values + validity bitmap (+ offsets/bytes or dictionary
//                    codes for strings), laid out for zero-copy hand-off to numpy
//   writer.h         FileWriter: streaming writer taking column batches; WriterOptions
//   reader.h         FileReader: schema, row groups, statistics, column reads; ReaderOptions
//   predicate.h      Predicate / CanMatch: row-group pruning from min/max/null statistics
//   io.h             RandomAccessFile / OutputStream: local files and memory
// Internals (format.h, thrift_compact.h, rle.h, value_decoders.h, compression.h,
// dictionary_builder.h, column_chunk_decoder.h) may change without notice.

#include "parquet/column_buffer.h"
#include "parquet/io.h"
#include "parquet/predicate.h"
#include "parquet/reader.h"
#include "parquet/schema.h"
#include "parquet/writer.h"
