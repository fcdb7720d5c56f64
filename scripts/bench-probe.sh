#!/usr/bin/env bash
# Benchmarks the probe and check against PyTorch's collect_env, in the same run (issue #3: `dlenv probe
# --no-exec` under 20 ms wall, `dlenv check` for one stack under 50 ms cold, compared with
# `python3 -m torch.utils.collect_env`, which takes seconds). Prints medians of wall time (ms) and the ratios.
#   DLENV=path/to/dlenv  (default .build/release/dlenv, else .build/debug/dlenv)   RUNS=N (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
DLENV=${DLENV:-.build/release/dlenv}
[ -x "$DLENV" ] || DLENV=.build/debug/dlenv
RUNS=${RUNS:-20}
PYTHON=${PYTHON:-$DLENV_PYTHON}

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

echo "binary: $DLENV ($(file -b "$DLENV" 2>/dev/null | cut -d, -f1-2)); runs: $RUNS; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
probe=$(median_ms "$DLENV" probe --no-exec --json)
check=$(median_ms "$DLENV" check --torch 2.4.1 --accelerator cu121 --driver 550.54.15 --gpu 8.6 --json)
version=$(median_ms "$DLENV" --version)
RUNS=${COLLECT_RUNS:-3}
collect=$(median_ms "$PYTHON" -m torch.utils.collect_env)
echo "dlenv --version (process start):             ${version} ms"
echo "dlenv probe --no-exec --json:                ${probe} ms   (target < 20 ms)"
echo "dlenv check (one stack, declared host):      ${check} ms   (target < 50 ms)"
echo "$PYTHON -m torch.utils.collect_env:          ${collect} ms"
awk -v p="$probe" -v c="$check" -v t="$collect" \
    'BEGIN { printf "ratio collect_env / probe --no-exec: %.0fx; collect_env / check: %.0fx\n", t / p, t / c }'
