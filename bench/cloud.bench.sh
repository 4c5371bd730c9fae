#!/usr/bin/env bash
# Cloud backends beside the embedded ones (issue 12): the same `bi serve` twice in one run, once
# on SQLite + the local blob directory and once on DynamoDB + S3 over the local protocol peers
# (dynalite, s3rver from tests/peers). Each imports a ~97 MB CSV through the API (best of
# CLOUD_REPS, default 3) and runs a group-by card on it uncached (noCache, median of CLOUD_RUNS,
# default 5) and cached (median of 50 sequential requests). Ratios are cloud / embedded: how
# much the network protocols and the peers cost. Writes bench/results/cloud.md.
#   usage: bench/cloud.bench.sh BUILD_DIR        CLOUD_ROWS=100000 for a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "$1")
rows=${CLOUD_ROWS:-900000}
reps=${CLOUD_REPS:-3}
runs=${CLOUD_RUNS:-5}
py=/usr/bin/python3
peers=tests/peers/node_modules/.bin
work=$(mktemp -d /tmp/bi-cloud-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }
median() { "$py" -c 'import statistics,sys; print("%.1f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
ms_of() {  # curl arguments... -> wall milliseconds of one request (fails on a non-2xx answer)
  curl -fs -o /dev/null -w '%{time_total}' "$@" | "$py" -c 'import sys; print("%.2f" % (float(sys.stdin.read()) * 1000))'
}

echo "cloud: generating $rows rows"
"$py" bench/import_gen.py "$rows" "$work/data.csv"
csv_bytes=$(stat -c %s "$work/data.csv")

# measure NAME: starts bi serve with the current environment, prints "import_s uncached_ms cached_ms"
measure() {
  local name=$1 port exec_port token dataset card best="" t0 t1 i
  port=$(free_port); exec_port=$(free_port)
  "$build/bi" serve --demo --host 127.0.0.1 --port "$port" --executor-port "$exec_port" \
    --data-dir "$work/$name" > "$work/$name.log" 2>&1 &
  local pid=$!
  wait_http "http://127.0.0.1:$port/api/health"
  token=$(curl -fs "http://127.0.0.1:$port/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"admin@example.com","password":"bi-demo-password"}' |
    "$py" -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  for ((i = 0; i < reps; i++)); do
    t0=$(date +%s.%N)
    curl -fs -o "$work/dataset.json" "http://127.0.0.1:$port/api/datasets" \
      -H "Authorization: Bearer $token" -F "name=bench $i" -F "file=@$work/data.csv"
    t1=$(date +%s.%N)
    best=$("$py" -c "b='$best'; d=$t1 - $t0; print('%.2f' % (d if not b else min(float(b), d)))")
  done
  dataset=$("$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["rowCount"] == int(sys.argv[2]), d; print(d["datasetId"])' "$work/dataset.json" "$rows")
  card=$(curl -fs "http://127.0.0.1:$port/api/cards" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"title\":\"by region\",\"datasetId\":\"$dataset\",
      \"code\":\"df.groupby('region', as_index=False)['qty'].sum()\"}" |
    "$py" -c 'import json,sys; print(json.load(sys.stdin)["cardId"])')
  local run=(-X POST "http://127.0.0.1:$port/api/cards/$card/run" -H "Authorization: Bearer $token"
             -H 'Content-Type: application/json')
  local uncached=() cached=()
  for ((i = 0; i < runs; i++)); do uncached+=("$(ms_of "${run[@]}" -d '{"noCache":true}')"); done
  for ((i = 0; i < 50; i++)); do cached+=("$(ms_of "${run[@]}" -d '{}')"); done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$best $(median "${uncached[@]}") $(median "${cached[@]}")"
}

echo "cloud: embedded backends"
read -r emb_import emb_uncached emb_cached < <(measure embedded)
[[ -n $emb_cached ]] || { echo "cloud: the embedded run failed" >&2; exit 1; }

echo "cloud: DynamoDB (dynalite) + S3 (s3rver)"
ddb_port=$(free_port); s3_port=$(free_port)
node "$peers/dynalite" --host 127.0.0.1 --port "$ddb_port" --path "$work/dynalite" \
  --createTableMs 0 > "$work/dynalite.log" 2>&1 &
node --openssl-legacy-provider "$peers/s3rver" --address 127.0.0.1 --port "$s3_port" --directory "$work/s3rver" --silent \
  --configure-bucket bi-datasets > "$work/s3rver.log" 2>&1 &
wait_http "http://127.0.0.1:$ddb_port/"
wait_http "http://127.0.0.1:$s3_port/"
export DYNAMODB_ENDPOINT=http://127.0.0.1:$ddb_port S3_ENDPOINT=http://127.0.0.1:$s3_port
export S3_ACCESS_KEY=S3RVER S3_SECRET_KEY=S3RVER S3_BUCKET_DATASETS=bi-datasets
"$build/bi" admin init-tables --data-dir "$work/cloud" > /dev/null
read -r cloud_import cloud_uncached cloud_cached < <(measure cloud)
[[ -n $cloud_cached ]] || { echo "cloud: the cloud run failed" >&2; exit 1; }

ratio() { "$py" -c "print('%.2f' % ($1 / $2))"; }
mkdir -p bench/results
cat > bench/results/cloud.md <<MD
## Cloud backends (issue 12)

\`bench/cloud.bench.sh\`: one \`bi serve\` on the embedded backends (SQLite, local blob
directory) and one on DynamoDB and S3 over local protocol peers (dynalite, s3rver), in the same
run. Import: a $((csv_bytes / 1000000)) MB CSV ($rows rows) through POST /api/datasets, best of
$reps. Card: \`df.groupby('region')['qty'].sum()\` on that dataset, uncached (\`noCache\`, median
of $runs) and from the result cache (median of 50 sequential requests). Ratio: cloud /
embedded (1.00 = no cost; the peers are Node.js programs, not DynamoDB and S3, so this bounds
the client side rather than predicting AWS latency). A cached run on DynamoDB still reads the
user, card and dataset records from it on every request (records are reused between requests
only where the store has a change stamp, docs/storage.md). Load average at start: $load_start.

| measure | embedded | cloud (dynalite + s3rver) | ratio |
|---|---:|---:|---:|
| $((csv_bytes / 1000000)) MB import (s) | $emb_import | $cloud_import | $(ratio "$cloud_import" "$emb_import") |
| uncached card run (ms) | $emb_uncached | $cloud_uncached | $(ratio "$cloud_uncached" "$emb_uncached") |
| cached card run (ms) | $emb_cached | $cloud_cached | $(ratio "$cloud_cached" "$emb_cached") |
MD
cat bench/results/cloud.md
