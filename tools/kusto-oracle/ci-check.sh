#!/usr/bin/env bash
# CI check for the Kusto.Language oracle: installs the pinned
# @kusto/language-service-next (npm ci), reruns the oracle over
# internal/kql/testdata/oracle/corpus.jsonl and diffs its output with the
# committed expected.jsonl, so that a corpus edit without regenerated
# verdicts (or any change in the oracle's output) is noticed.
#
# Skips (exit 0, with a message) when node or npm is missing or when npm
# cannot install the package (registry unreachable). Fails when the oracle
# itself fails or its output differs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(cd "$here/../../internal/kql/testdata/oracle" && pwd)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "kusto-oracle: skipped: node and npm are not both installed"
  exit 0
fi

# timeout(1) bounds each step when available.
limit() {
  local secs=$1; shift
  if command -v timeout >/dev/null 2>&1; then timeout "$secs" "$@"; else "$@"; fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$here" || exit 1
if ! limit 100 npm ci --prefer-offline --no-audit --no-fund --loglevel=error \
    --fetch-retries=1 --fetch-timeout=20000 >"$tmp/npm.log" 2>&1; then
  echo "kusto-oracle: skipped: 'npm ci' failed (npm registry unreachable?); last lines:"
  tail -n 5 "$tmp/npm.log" | sed 's/^/  /'
  exit 0
fi

if ! limit 120 node oracle.js "$data/corpus.jsonl" "$tmp/expected.jsonl"; then
  echo "kusto-oracle: FAIL: oracle.js failed"
  exit 1
fi
if ! diff -u "$data/expected.jsonl" "$tmp/expected.jsonl" >"$tmp/diff"; then
  echo "kusto-oracle: FAIL: the oracle's output differs from internal/kql/testdata/oracle/expected.jsonl:"
  head -n 40 "$tmp/diff"
  echo "Regenerate it (node tools/kusto-oracle/oracle.js internal/kql/testdata/oracle/corpus.jsonl internal/kql/testdata/oracle/expected.jsonl),"
  echo "then run 'go test ./internal/kql -run TestOracle -update-oracle' and review known-differences.md."
  exit 1
fi
echo "kusto-oracle: ok ($(wc -l <"$data/expected.jsonl") verdicts unchanged)"
