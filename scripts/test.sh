#!/usr/bin/env bash
# Runs every test and check: swift-format lint, the Swift test suite, and the external validators of what dlenv
# generates (hadolint, BuildKit's parser, kubernetes-validate, check-jsonschema) where their scripts exist.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== swift format lint"
swift format lint --strict -r Sources Tests Package.swift

echo "== swift test"
log=$(mktemp)
set +e
swift test >"$log" 2>&1
status=$?
set -e
# Build progress lines are noise; everything else (each test, the closing summary) is printed.
grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" || true
rm -f "$log"
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status)"; exit "$status"; }

for check in scripts/checks/*.sh; do
    [ -e "$check" ] || continue
    echo "== $check"
    bash "$check"
done
echo "== all checks passed"
