#!/usr/bin/env bash
# Parquet benchmark: bi::parquet vs DuckDB on the same 1M x 10 table in the same run.
# $1 = Release build directory (e.g. build-release). Writes bench/results/parquet.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
BIN=$BUILD/src/parquet/parquet_bench
[[ -x $BIN ]] || cmake --build "$BUILD" --target parquet_bench || true
[[ -x $BIN ]] || BIN=$(find "$BUILD" -name parquet_bench -type f -perm -u+x | head -1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bi-parquet-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
node bench/parquet_bench.mjs "$BIN" "$WORK"
