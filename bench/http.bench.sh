#!/usr/bin/env bash
# GET /api/health under wrk (2 threads, 64 and 256 connections, 10 s each), side by side with
# Debian's nginx serving the same body from a file. Both write an access-log line per request
# to a file and use as many workers as the machine has cores.
#   usage: bench/http.bench.sh BUILD_DIR      writes bench/results/http.md
set -euo pipefail
build=$1
cd "$(dirname "$0")/.."
duration=${HTTP_BENCH_SECONDS:-10}
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run unprivileged and must read the body file
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bi_port=$(free_port); exec_port=$(free_port); nginx_port=$(free_port)
cores=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# bi serve, its JSON log to a file.
"$build/bi" serve --host 127.0.0.1 --port "$bi_port" --executor-port "$exec_port" \
  --data-dir "$work/data" > "$work/bi.log" 2>&1 &
# nginx with the same body from a file.
mkdir -p "$work/www/api" "$work/nginx/logs"
printf '{"status":"ok"}' > "$work/www/api/health"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes $cores;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx/logs/access.log;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location /api/health { default_type application/json; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &

for port in "$bi_port" "$nginx_port"; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/api/health" | grep -q '"status":"ok"'
done

# Prints "requests_per_second p99_ms" from one wrk run.
measure() {
  local out rps p99
  out=$(wrk -t2 -c"$2" -d"${duration}s" --latency "http://127.0.0.1:$1/api/health")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

rows=""
for conns in 64 256; do
  read -r bi_rps bi_p99 < <(measure "$bi_port" "$conns")
  read -r ng_rps ng_p99 < <(measure "$nginx_port" "$conns")
  ratio=$(awk -v a="$bi_rps" -v b="$ng_rps" 'BEGIN {printf "%.2f", a / b}')
  rows+="| $conns | $(printf '%.0f' "$bi_rps") | $bi_p99 | $(printf '%.0f' "$ng_rps") | $ng_p99 | $ratio |"$'\n'
  echo "connections=$conns bi=$bi_rps rps (p99 $bi_p99 ms) nginx=$ng_rps rps (p99 $ng_p99 ms) ratio=$ratio"
done

mkdir -p bench/results
{
  echo "## HTTP: \`GET /api/health\` vs nginx"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
  echo "wrk 2 threads, ${duration} s per run, on the same machine as the server. bi: \`bi serve\`"
  echo "(Release, $cores I/O threads, JSON access log to a file). nginx: $(nginx -v 2>&1 | sed 's/.*\///'),"
  echo "$cores workers, the same body from a file, access log to a file."
  echo
  echo "| connections | bi req/s | bi p99 ms | nginx req/s | nginx p99 ms | bi / nginx |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s' "$rows"
  echo
  echo "Target: at least 0.70 of nginx's requests per second at 256 connections, p99 under 10 ms."
  echo
  echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (wrk and the servers themselves make about 2)."
} > bench/results/http.md
