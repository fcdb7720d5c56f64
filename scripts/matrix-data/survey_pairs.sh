#!/usr/bin/env bash
# Re-measure the torchvision/torchaudio → torch pins recorded in matrices/torch.yaml: download one
# Linux x86_64 wheel of every torchvision and torchaudio release on PyPI and print the version,
# upload date and its Requires-Dist on torch. Needs network access to PyPI; small downloads.
# Usage: scripts/matrix-data/survey_pairs.sh > pairs.txt
set -euo pipefail
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
for pkg in torchvision torchaudio; do
  curl -fsS -H 'Accept: application/vnd.pypi.simple.v1+json' "https://pypi.org/simple/$pkg/" -o "$work/$pkg.json"
  python3 - "$work/$pkg.json" "$pkg" > "$work/$pkg.urls" <<'PY'
import json, re, sys
d, pkg = json.load(open(sys.argv[1])), sys.argv[2]
pref = ["cp311-cp311", "cp310-cp310", "cp39-cp39", "cp38-cp38", "cp37-cp37m", "cp36-cp36m", "py3-none", "py2.py3-none"]
by, first = {}, {}
for f in d["files"]:
    m = re.match(rf"{pkg}-([0-9.]+(?:\.post\d+)?)-((?:cp\d+-cp\d+m?)|py3-none|py2\.py3-none)-(manylinux[^.]*x86_64|any)\.whl$", f["filename"])
    if not m:
        continue
    v, tag = m.group(1), m.group(2)
    first[v] = min(first.get(v, "9"), f["upload-time"][:10])
    if tag in pref and (v not in by or pref.index(tag) < pref.index(by[v][0])):
        by[v] = (tag, f["url"])
for v in sorted(by, key=lambda v: [int(x) for x in re.findall(r"\d+", v)]):
    print(v, first[v], by[v][1])
PY
  while read -r version date url; do
    rm -rf "$work/dl"; mkdir -p "$work/dl"
    pip_for_wheel "$url" "$work/dl"
    whl=$(ls "$work"/dl/*.whl)
    req=$(unzip -p "$whl" '*.dist-info/METADATA' | grep -E '^Requires-Dist: torch([ =<>!~(;]|$)' | sed 's/^Requires-Dist: //' | tr '\n' ' ' || true)
    echo "$pkg $version $date ${req:-<no torch pin>}"
  done < "$work/$pkg.urls"
done
