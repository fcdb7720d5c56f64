#!/usr/bin/env bash
# Renders a dlenv HTML report to a PNG with headless Chromium, to look at before calling a report done.
# Usage: scripts/render-report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]
# Needs chromium (apt-get install -y chromium). Works offline: the report fetches nothing.
set -euo pipefail
html=${1:?usage: scripts/render-report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]}
out=${2:-${html%.html}.png}
width=${3:-1400}
height=${4:-4200}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium found; install it: apt-get install -y chromium" >&2
    exit 3
fi
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$width,$height" --screenshot="$out" "file://$abs" >/dev/null 2>&1
[ -s "$out" ] || { echo "error: chromium wrote no screenshot" >&2; exit 1; }
echo "wrote $out"
