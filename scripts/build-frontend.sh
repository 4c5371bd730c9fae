#!/usr/bin/env bash
# Builds the web app (frontend/, React + Vite) into frontend/dist, which `bi serve` serves at /.
# Run by `make run` (and `make web`). Skipped cleanly while frontend/package.json does not exist.
# Like install-deps.sh: `npm ci` only when the lockfile changed since the last install, and the
# build only when a source is newer than frontend/dist/index.html.
set -euo pipefail
cd "$(dirname "$0")/../frontend" 2>/dev/null || { echo "build-frontend: no frontend/ yet; skipped"; exit 0; }
if [[ ! -f package.json ]]; then
  echo "build-frontend: no frontend/package.json yet; skipped (bi serve runs without the web app)"
  exit 0
fi

stamp=node_modules/.lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

# The API types are generated from docs/openapi.yaml during the build, so it counts as a source.
if [[ -f dist/index.html ]] && [[ -z $(find src public index.html vite.config.* tsconfig*.json \
    package.json package-lock.json ../docs/openapi.yaml -newer dist/index.html 2>/dev/null |
    head -1) ]]; then
  echo "build-frontend: frontend/dist is up to date"
  exit 0
fi
npm run build
