#!/usr/bin/env bash
# Lints docs/openapi.yaml with @redocly/cli (version pinned in package-lock.json), failing on any
# problem, warnings included (redocly.yaml extends recommended-strict). Run by ctest
# (openapi_lint) and by hand: tools/openapi/lint.sh
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -x node_modules/.bin/redocly ]]; then
  echo "openapi_lint: tools/openapi/node_modules is missing; run scripts/install-deps.sh" >&2
  exit 1
fi
# No network from tests: no telemetry, no update check.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
exec node_modules/.bin/redocly lint --config redocly.yaml --format stylish ../../docs/openapi.yaml
