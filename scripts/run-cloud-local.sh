#!/usr/bin/env bash
# The production topology on this machine, for trying it without AWS: DynamoDB (dynalite) on
# 8001 and S3 (s3rver) on 9000 as in the deployment guide's docker-compose, then
# `bi admin init-tables`, `bi executor` on 8080 and `bi api --demo` on 8000, each its own
# process. Data stays under ./data-cloud-local. Ctrl-C stops everything.
# Usage: scripts/run-cloud-local.sh <build dir>
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
BI=$BUILD/bi
DATA=${BI_CLOUD_LOCAL_DIR:-$PWD/data-cloud-local}
PEERS=tests/peers/node_modules/.bin
mkdir -p "$DATA/dynalite" "$DATA/s3rver" "$DATA/api" "$DATA/executor"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for_port() {  # <port> <name>
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run-cloud-local: $2 did not listen on port $1" >&2
  exit 1
}

node "$PEERS/dynalite" --host 127.0.0.1 --port 8001 --path "$DATA/dynalite" &
pids+=($!)
node --openssl-legacy-provider "$PEERS/s3rver" --address 127.0.0.1 --port 9000 --directory "$DATA/s3rver" --silent \
  --configure-bucket bi-datasets &
pids+=($!)
wait_for_port 8001 dynalite
wait_for_port 9000 s3rver

# The same variables the ECS task definitions set; s3rver's built-in account signs S3.
export DYNAMODB_ENDPOINT=http://127.0.0.1:8001
export S3_ENDPOINT=http://127.0.0.1:9000
export S3_ACCESS_KEY=S3RVER S3_SECRET_KEY=S3RVER
export S3_BUCKET_DATASETS=bi-datasets
if [[ ! -f $DATA/executor-secret ]]; then
  head -c 32 /dev/urandom | base64 | tr -d '/+=' > "$DATA/executor-secret"
fi
EXECUTOR_SHARED_SECRET=$(cat "$DATA/executor-secret")
export EXECUTOR_SHARED_SECRET

"$BI" admin init-tables
BI_DATA_DIR=$DATA/executor "$BI" executor --port 8080 &
pids+=($!)
wait_for_port 8080 "bi executor"
BI_DATA_DIR=$DATA/api EXECUTOR_ENDPOINT=http://127.0.0.1:8080 "$BI" api --port 8000 --demo &
pids+=($!)
wait -n "${pids[@]}"
