#!/usr/bin/env bash
# The embedded failure catalogue must equal matrices/failures.yaml byte for byte, and the file must validate
# (`dlenv explain --check-catalogue`). Fast and offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
mkdir -p "$tmpdir/Sources/DLEnvExplain/Catalogue"
cp -r scripts matrices "$tmpdir/"
(cd "$tmpdir" && bash scripts/embed-failures.sh >/dev/null)
if ! cmp -s "$tmpdir/Sources/DLEnvExplain/Catalogue/EmbeddedCatalogue.swift" Sources/DLEnvExplain/Catalogue/EmbeddedCatalogue.swift; then
    echo "error: Sources/DLEnvExplain/Catalogue/EmbeddedCatalogue.swift is out of date with matrices/failures.yaml" >&2
    echo "hint: run scripts/embed-failures.sh and commit the result" >&2
    exit 1
fi
bin=$(ls .build/*/debug/dlenv .build/debug/dlenv .build/release/dlenv 2>/dev/null | head -1 || true)
if [ -n "$bin" ]; then
    "$bin" explain --check-catalogue matrices/failures.yaml
fi
echo "failure catalogue embedding up to date"
