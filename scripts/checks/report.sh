#!/usr/bin/env bash
# CI check for the report (runs after `swift test`, offline, about 30 s): the built dlenv writes the page of a
# three-week demo history, its structure holds (the user's sections first, the reference folded, one date axis),
# and headless Chromium screenshots it where Chromium is installed. The pictures go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash -n scripts/render-report.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
set +e
bash scripts/screenshot-report.sh "$out"
status=$?
set -e
if [ "$status" -eq 3 ]; then
    echo "report: structure checked; screenshots skipped (no chromium)"
    exit 0
fi
[ "$status" -eq 0 ] || exit "$status"
for png in wide narrow reference-open; do
    python3 - "$out/$png.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n", sys.argv[1] + " is not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w >= 800 and h >= 2000, (w, h)
PY
done
echo "report: structure and screenshots ok"
