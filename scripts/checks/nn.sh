#!/usr/bin/env bash
# The committed DLEnvNN goldens are exactly what the installed torch writes today (checked only when the
# installed torch and CPU capability are the ones the goldens were recorded with; otherwise skipped).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
goldens=Tests/DLEnvNNTests/Goldens
if ! "$DLENV_PYTHON" -c "import torch" 2>/dev/null; then
    echo "skip: $DLENV_PYTHON has no torch"
    exit 0
fi
recorded=$("$DLENV_PYTHON" -c "import json; d = json.load(open('$goldens/schedulers.json')); print(d['torch_version'], d['cpu_capability'])")
# torch, its MKL and its oneDNN each pick kernels by the CPU; on a CPU above the recorded capability (AVX512 here,
# goldens from AVX2) the three switches below make all of them run the recorded kernels (checked here: every golden
# then matches bit for bit), so the check runs on every x86-64 machine instead of skipping.
if [ "${recorded##* }" = AVX2 ]; then
    export ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2
fi
installed=$("$DLENV_PYTHON" -c "import torch; print(torch.__version__, torch.backends.cpu.get_cpu_capability())")
if [ "$recorded" != "$installed" ]; then
    echo "skip: goldens recorded with torch $recorded, installed $installed"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
NN_GOLDENS_OUT="$out" "$DLENV_PYTHON" -W ignore scripts/goldens/nn_goldens.py >/dev/null
for f in "$goldens"/*.json; do
    if ! cmp -s "$f" "$out/$(basename "$f")"; then
        echo "stale golden: $f differs from what torch $installed writes (re-run $DLENV_PYTHON scripts/goldens/nn_goldens.py)"
        exit 1
    fi
done
echo "DLEnvNN goldens match torch $installed"
