#!/usr/bin/env bash
# The one script to run on a GPU machine (a device run): it builds nothing. It runs the carried dlenv binary
# (.build/release/dlenv, or $DLENV; build it static with `swift build -c release --static-swift-stdlib` so it
# runs there alone) and saves everything under $OUT in at most 8 files (the device tool's limit):
#   summary.txt      each command with its exit status and wall time
#   raw-nvidia.txt   nvidia-smi banner, -L, --query-gpu, -q, /proc and /sys driver files: new real fixtures
#   raw-smi-xml.txt  nvidia-smi -q -x
#   probe.json       dlenv probe --json          probe.txt   dlenv probe
#   check.txt        dlenv check for the torch it finds (and the installed torches)
#   doctor.txt       dlenv doctor, then doctor --json
#   verify.txt       dlenv verify --python python3 on CPU and --device cuda, the self-checking twin on cuda,
#                    and dlenv bench --quick --rounds 1 --python python3
set -u
cd "$(dirname "$0")/.."
source scripts/python-env.sh
DLENV=${DLENV:-.build/release/dlenv}
OUT=${OUT:-gpu-check-out}
mkdir -p "$OUT"
summary="$OUT/summary.txt"
: >"$summary"

run() { # run FILE COMMAND...: append the command's output to $OUT/FILE and its status to the summary
    local file=$1
    shift
    local start end rc
    start=$(date +%s%N)
    {
        echo "\$ $*"
        timeout 300 "$@" 2>&1
        rc=$?
        echo "[exit $rc]"
    } >>"$OUT/$file"
    end=$(date +%s%N)
    rc=$(tail -n 1 "$OUT/$file" | tr -dc '0-9')
    echo "exit ${rc:-?}  $(((end - start) / 1000000)) ms  $*" >>"$summary"
}

{
    echo "host: $(uname -a)"
    echo "binary: $DLENV ($(ls -l "$DLENV" 2>&1))"
    ldd "$DLENV" 2>&1 | sed 's/^/ldd: /'
} >>"$summary"
[ -x "$DLENV" ] || { echo "no dlenv binary at $DLENV" >>"$summary"; exit 1; }

for cmd in "nvidia-smi" "nvidia-smi -L" \
    "nvidia-smi --query-gpu=index,name,uuid,memory.total,compute_cap,mig.mode.current,driver_version --format=csv,noheader,nounits" \
    "nvidia-smi --query-gpu=index,name,uuid,memory.total,compute_cap,mig.mode.current,driver_version --format=csv" \
    "nvidia-smi -q" "cat /proc/driver/nvidia/version" "cat /sys/module/nvidia/version" \
    "sh -c 'cat /proc/driver/nvidia/gpus/*/information'" "cat /proc/sys/kernel/osrelease" \
    "sh -c 'ls -l /usr/lib/x86_64-linux-gnu/libnvidia-ml.so* /usr/lib/x86_64-linux-gnu/libcuda.so*'" \
    "sh -c 'cat /usr/local/cuda*/version.json'" "nvcc --version"; do
    run raw-nvidia.txt sh -c "$cmd"
done
run raw-smi-xml.txt nvidia-smi -q -x

run probe.json "$DLENV" probe --json
run probe.txt "$DLENV" probe
run probe.txt "$DLENV" probe --no-exec

# The torch the probe found in a Python environment (the first one), else torch 2.4 as a reference stack.
torch=$("$DLENV_PYTHON" -c 'import json,sys
r = json.loads(open(sys.argv[1]).read().split("\n", 1)[1].rsplit("\n[exit", 1)[0])
print(next((p["torch"]["version"].split("+")[0] for p in r.get("pythons", []) if p.get("torch")), ""))' \
    "$OUT/probe.json" 2>/dev/null || true)
run check.txt "$DLENV" check --torch "${torch:-2.4}"
run check.txt "$DLENV" check --torch "${torch:-2.4}" --json
run check.txt "$DLENV" check

run doctor.txt "$DLENV" doctor
run doctor.txt "$DLENV" doctor --json

run verify.txt "$DLENV" verify --python "$DLENV_PYTHON" --no-store
run verify.txt "$DLENV" verify --python "$DLENV_PYTHON" --device cuda --no-store
run verify.txt "$DLENV" verify --python "$DLENV_PYTHON" --device cuda --json --no-store
# The twin alone, carrying the core's figures: what a container without dlenv runs to check its GPU.
twin=$(mktemp --suffix=.py)
run verify.txt "$DLENV" verify --emit-twin "$twin" --with-expected
run verify.txt "$DLENV_PYTHON" "$twin" --check --device cuda
run verify.txt "$DLENV" bench --quick --rounds 1 --python "$DLENV_PYTHON" --no-store
echo "done; files in $OUT" >>"$summary"
