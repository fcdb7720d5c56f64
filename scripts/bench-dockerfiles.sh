#!/usr/bin/env bash
# Benchmark: generate every example's Dockerfile and .dockerignore in one process, 20 times, and report the
# matrix load and the generation (parse + plan + render) separately, as `dlenv dockerfile --timings` measures
# them. The budget is generation under 100 ms for all examples together.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh
bin=${DLENV_BIN:-.build/debug/dlenv}
if [ ! -x "$bin" ]; then swift build --product dlenv >/dev/null; fi
specs=()
for spec in examples/*/dlenv.yaml; do
    [ "$(basename "$(dirname "$spec")")" = workspace ] && continue
    specs+=("$spec")
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=${RUNS:-20}
for _ in $(seq "$runs"); do
    "$bin" dockerfile "${specs[@]}" -o "$tmp/out" --timings 2>&1 | grep '^timings:' >>"$tmp/t"
done
"$DLENV_PYTHON" - "$tmp/t" "${#specs[@]}" "$bin" <<'PY'
import re
import statistics
import sys

loads, gens, cpus = [], [], []
pattern = r"matrix loaded in ([\d.]+) ms; \d+ spec\(s\) parsed, planned and rendered in ([\d.]+) ms \(CPU ([\d.]+) ms\)"
for line in open(sys.argv[1]):
    m = re.search(pattern, line)
    loads.append(float(m.group(1)))
    gens.append(float(m.group(2)))
    cpus.append(float(m.group(3)))
n = int(sys.argv[2])
print("%s, %d examples, %d runs" % (sys.argv[3], n, len(gens)))
print("generation (parse + plan + render, all examples): median %.1f ms, min %.1f ms, max %.1f ms"
      % (statistics.median(gens), min(gens), max(gens)))
print("  CPU time of the generation:                      median %.1f ms, min %.1f ms"
      % (statistics.median(cpus), min(cpus)))
print("matrix load (once per process):                   median %.1f ms" % statistics.median(loads))
with open("/proc/loadavg") as f:
    print("load average during the run: %s" % f.read().split()[0])
print("budget 100 ms for generation (CPU time): %s" % ("met" if statistics.median(cpus) < 100 else "MISSED"))
PY
