#!/usr/bin/env bash
# Benchmark: a cold `dlenv resolve` over the whole matrix (every release × variant, a host with two GPUs: an
# RTX 4090 and a GTX 1080 Ti, driver 550.54.15), with the embedded matrix. Target: < 20 ms wall.
# Uses hyperfine when installed (apt-get install hyperfine), else a loop timed with date +%s%N.
# Usage: scripts/bench-resolve.sh [path/to/dlenv]   (default: .build/release/dlenv, else .build/debug/dlenv)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
bin=${1:-}
if [ -z "$bin" ]; then
    if [ -x .build/release/dlenv ]; then bin=.build/release/dlenv; else bin=.build/debug/dlenv; fi
fi
[ -x "$bin" ] || { echo "error: $bin not found; build first (swift build -c release)" >&2; exit 2; }
args=(resolve --driver 550.54.15 --gpu "NVIDIA GeForce RTX 4090" --gpu "NVIDIA GeForce GTX 1080 Ti" --json)
# The binary must work alone: run a copy from an empty directory, so only the embedded matrix can be used.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bin" "$work/dlenv"
cd "$work"
./dlenv "${args[@]}" >/dev/null || { echo "error: dlenv resolve failed" >&2; exit 1; }
stacks=$(./dlenv "${args[@]}" | grep -c '"wheel"' || true)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "binary: $bin ($(du -h dlenv | cut -f1)); resolve finds $stacks stacks"
runs=${RUNS:-30}
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs "$runs" --export-json bench.json -N "./dlenv ${args[*]:0:3} --gpu 'NVIDIA GeForce RTX 4090' --gpu 'NVIDIA GeForce GTX 1080 Ti' --json" >/dev/null
    "$DLENV_PYTHON" - <<'PY'
import json
r = json.load(open("bench.json"))["results"][0]
print(f"cold dlenv resolve: mean {r['mean']*1000:.1f} ms, median {r['median']*1000:.1f} ms, "
      f"min {r['min']*1000:.1f} ms, max {r['max']*1000:.1f} ms wall over {len(r['times'])} runs (hyperfine); "
      f"CPU user+sys {(r['user'] + r['system'])*1000:.1f} ms")
PY
else
    total=0
    best=999999999999
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        ./dlenv "${args[@]}" >/dev/null
        end=$(date +%s%N)
        t=$(( (end - start) / 1000 ))
        total=$(( total + t ))
        [ "$t" -lt "$best" ] && best=$t
    done
    echo "cold dlenv resolve: mean $(( total / runs / 1000 )) ms, min $(( best / 1000 )) ms over $runs runs (date loop)"
fi
