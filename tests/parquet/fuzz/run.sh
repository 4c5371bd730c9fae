#!/usr/bin/env bash
# Builds the Parquet reader fuzzer with clang-14 (libFuzzer + ASan + UBSan) in its own build
# directory and runs a short, bounded campaign seeded with files from our writer.
#   tests/parquet/fuzz/run.sh            # FUZZ_RUNS=200000 executions (default)
#   FUZZ_RUNS=0 FUZZ_SECONDS=600 tests/parquet/fuzz/run.sh   # longer, time-bounded
# Crashes are written to build-fuzz-parquet/crashes/; keep minimised finds under
# tests/parquet/fuzz/regressions/ (they are replayed by this script first).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
OUT=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz-parquet}
CXX=${FUZZ_CXX:-clang++-14}
RUNS=${FUZZ_RUNS:-200000}
SECONDS_LIMIT=${FUZZ_SECONDS:-0}
mkdir -p "$OUT/obj" "$OUT/corpus" "$OUT/crashes" "$OUT/seeds"

SRCS=(src/common/status.cpp src/parquet/*.cpp)
FLAGS=(-std=c++20 -O1 -g -fno-omit-frame-pointer -Isrc -I"$OUT")
LIBS=(-lzstd -lsnappy -lz)

echo "fuzz: building with $CXX"
$CXX "${FLAGS[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  "${SRCS[@]}" tests/parquet/fuzz/parquet_reader_fuzzer.cpp "${LIBS[@]}" -o "$OUT/parquet_reader_fuzzer"
# Seeds: small valid files in every writer configuration (built without sanitizers).
$CXX "${FLAGS[@]}" -O2 "${SRCS[@]}" tests/parquet/sample_table.cpp tests/parquet/interop_tool.cpp \
  -Itests/parquet "${LIBS[@]}" -o "$OUT/seed_writer"
"$OUT/seed_writer" write-sample "$OUT/seeds" 40 >/dev/null
rm -f "$OUT/seeds/expected.json"

if compgen -G "tests/parquet/fuzz/regressions/*" >/dev/null; then
  echo "fuzz: replaying regressions"
  "$OUT/parquet_reader_fuzzer" -rss_limit_mb=2048 tests/parquet/fuzz/regressions/*
fi

ARGS=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -artifact_prefix="$OUT/crashes/")
[[ $RUNS != 0 ]] && ARGS+=(-runs="$RUNS")
[[ $SECONDS_LIMIT != 0 ]] && ARGS+=(-max_total_time="$SECONDS_LIMIT")
echo "fuzz: running ${ARGS[*]}"
"$OUT/parquet_reader_fuzzer" "${ARGS[@]}" "$OUT/corpus" "$OUT/seeds"
echo "fuzz: no crashes"
