#!/usr/bin/env bash
# Benchmarks `dlenv inspect` on a venv against `python -m torch.utils.collect_env` in the same run (issue #14:
# under 150 ms for a venv with torch 2.15.0 and its nvidia wheels, ~5 GB on disk). Prints the medians of wall time
# (ms) and the ratio. The first runs warm the page cache; the files are then read as they are on a used machine.
#   usage: scripts/bench-inspect.sh VENV        (VENV/bin/python is inspected and runs collect_env)
#   DLENV=path/to/dlenv (default .build/release/dlenv, else .build/debug/dlenv)   RUNS=N (default 20)
#   COLLECT_RUNS=N (default 3)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 VENV" >&2; exit 2; }
VENV=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
DLENV=${DLENV:-.build/release/dlenv}
[ -x "$DLENV" ] || DLENV=.build/debug/dlenv
RUNS=${RUNS:-20}
PY="$VENV/bin/python"
[ -e "$PY" ] || { echo "$PY: no such interpreter" >&2; exit 2; }

median_ms() { # median_ms COMMAND...: wall time of RUNS runs, median, in ms (3 decimals)
    local times=() i start end
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($((end - start)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1e6}'
}

echo "binary: $DLENV ($(file -b "$DLENV" 2>/dev/null | cut -d, -f1-2)); venv: $VENV ($(du -sh "$VENV" 2>/dev/null | cut -f1))"
echo "runs: $RUNS; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
# The host is declared: the benchmark measures reading the environment, not probing this machine.
"$DLENV" inspect --python "$PY" --driver 580.65.06 --gpu 8.6 >/dev/null 2>&1 || true
inspect=$(median_ms "$DLENV" inspect --python "$PY" --driver 580.65.06 --gpu 8.6 --json)
probed=$(median_ms "$DLENV" inspect --python "$PY" --json)
version=$(median_ms "$DLENV" --version)
RUNS=${COLLECT_RUNS:-3}
collect=$(median_ms "$PY" -m torch.utils.collect_env)
echo "dlenv --version (process start):                 ${version} ms"
echo "dlenv inspect --python VENV (declared host):     ${inspect} ms   (target < 150 ms)"
echo "dlenv inspect --python VENV (host probed):       ${probed} ms"
echo "$PY -m torch.utils.collect_env:  ${collect} ms"
awk -v i="$inspect" -v t="$collect" 'BEGIN { printf "ratio collect_env / inspect: %.0fx\n", t / i }'
