#!/usr/bin/env bash
# The embedded matrices must equal matrices/*.yaml byte for byte (the binary carries them), and the files must
# validate. Fast and offline: regenerates the embedding into a temporary file and compares.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
cp -r scripts matrices Sources "$tmpdir/" 2>/dev/null
(cd "$tmpdir" && bash scripts/embed-matrices.sh --yaml-only >/dev/null)
if ! cmp -s "$tmpdir/Sources/DLEnvMatrix/EmbeddedMatrices.swift" Sources/DLEnvMatrix/EmbeddedMatrices.swift; then
    echo "error: Sources/DLEnvMatrix/EmbeddedMatrices.swift is out of date with matrices/*.yaml" >&2
    echo "hint: run scripts/embed-matrices.sh and commit the result" >&2
    exit 1
fi
bin=$(ls .build/*/debug/dlenv .build/debug/dlenv .build/release/dlenv 2>/dev/null | head -1 || true)
if [ -n "$bin" ]; then
    "$bin" matrix validate matrices
fi
echo "matrix embedding up to date"
