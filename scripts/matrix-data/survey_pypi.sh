#!/usr/bin/env bash
# Re-measure the PyPI facts in matrices/torch.yaml: for every torch release on PyPI, download its
# Linux x86_64 wheel (one Python tag), run inspect_wheel.py on it, append one JSON line, delete it.
# Needs network access to PyPI and ~1 GB of free disk at a time; takes ~15 minutes.
# Usage: scripts/matrix-data/survey_pypi.sh OUT.jsonl [VERSION...]
set -euo pipefail
out=${1:?usage: survey_pypi.sh OUT.jsonl [VERSION...]}; shift
here=$(cd "$(dirname "$0")" && pwd)
# pip refuses a wheel URL for another Python/platform, so ask for the same file by name with
# that wheel's own tags (python version, ABI, platform).
pip_for_wheel() {
  local file=${1##*/} dir=$2
  read -r name ver py abi plat < <(python3 -c 'import sys,re; f=sys.argv[1][:-4]; p=f.split("-"); print(p[0], p[1], p[2], p[3], p[4])' "$file")
  local pyver=${py#cp} args
  if [[ $abi == none ]]; then
    # a Python-independent wheel (py3-none-any, or py3-none-manylinux with compiled code)
    args=(--python-version 3.11)
    [[ $plat == any ]] || args+=(--platform "$plat")
  else
    args=(--python-version "${pyver:0:1}.${pyver:1}" --platform "$plat" --implementation cp --abi "$abi")
  fi
  # PIP_CONFIG_FILE=/dev/null and no PIP_FIND_LINKS: only PyPI, never a local wheel folder
  env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null pip download --quiet --no-deps --no-cache-dir --only-binary :all: "${args[@]}" -d "$dir" "$name==$ver" >/dev/null
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsS -H 'Accept: application/vnd.pypi.simple.v1+json' https://pypi.org/simple/torch/ -o "$work/simple.json"
python3 - "$work/simple.json" "$@" > "$work/urls" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
want = set(sys.argv[2:])
pref = ["cp311-cp311", "cp310-cp310", "cp39-cp39", "cp38-cp38", "cp37-cp37m", "cp36-cp36m"]
by = {}
for f in d["files"]:
    m = re.match(r"torch-([0-9.]+)-(cp\d+-cp\d+m?)-(manylinux[^.]*x86_64)\.whl$", f["filename"])
    if not m or (want and m.group(1) not in want):
        continue
    v, tag = m.group(1), m.group(2)
    if tag in pref:
        best = by.get(v)
        if best is None or pref.index(tag) < pref.index(best[0]):
            by[v] = (tag, f["url"])
for v in sorted(by, key=lambda v: [int(x) for x in v.split(".")], reverse=True):  # newest first
    print(v, by[v][1])
PY
while read -r version url; do
  rm -rf "$work/dl"; mkdir -p "$work/dl"
  pip_for_wheel "$url" "$work/dl"
  python3 "$here/inspect_wheel.py" "$work"/dl/*.whl --json >> "$out"
  echo "done $version" >&2
done < "$work/urls"
