#!/usr/bin/env bash
# Runs every bench/*.bench.sh against a Release build, then joins their sections
# (bench/results/*.md) into bench/RESULTS.md.
#   usage: bench/run.sh [BUILD_DIR]        BENCH=http bench/run.sh  runs only http.bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build-release}")
for script in bench/*.bench.sh; do
  name=$(basename "$script" .bench.sh)
  [[ -n ${BENCH:-} && $name != "$BENCH" ]] && continue
  echo "== bench: $name"
  "$script" "$build"
done
{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` (bench/run.sh). Every figure is compared with a peer measured in the"
  echo "same run on the same machine; ratios matter, absolute numbers move about ±20% between runs."
  echo
  for section in bench/results/*.md; do
    cat "$section"
    echo
  done
} > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
