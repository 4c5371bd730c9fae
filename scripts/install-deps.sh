#!/usr/bin/env bash
# Installs everything bi-tool needs to build, run, test and benchmark on Debian 12.
# Idempotent: packages already present are skipped, npm trees are reinstalled from lockfiles
# only when the lockfile changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, grouped by what needs them.
packages=(
  # build
  build-essential cmake pkg-config git ca-certificates curl python3
  libboost-dev nlohmann-json3-dev libssl-dev libargon2-dev libcurl4-openssl-dev
  libsqlite3-dev libzstd-dev libsnappy-dev zlib1g-dev libuchardet-dev python3-pandas
  libtinyxml2-dev
  prometheus-cpp-dev libhowardhinnant-date-dev  # /metrics registry; IANA zones for schedules
  # executor: the card runtime (Debian's /usr/bin/python3) and its OS sandbox
  python3-numpy python3-matplotlib python3-plotly python3-scipy python3-dev libseccomp-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev wrk nginx-light python3-jwt python3-prometheus-client python3-yaml
  awscli  # interop checks of the DynamoDB and S3 backends
  clang-14 libclang-rt-14-dev
  # the web app's end-to-end tests (frontend/e2e: Playwright drives Debian's Chromium)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Node.js (for the npm-based test peers): Debian's if the machine has none.
if ! command -v npm >/dev/null; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q nodejs npm
fi

# npm trees with a committed lockfile: reinstall only when the lockfile changed.
for dir in tests/peers tools/openapi frontend; do
  [[ -f $dir/package-lock.json ]] || continue
  stamp=$dir/node_modules/.lock-stamp
  if [[ ! -f $stamp ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
