#!/usr/bin/env bash
# CI check for the probe area (runs after `swift test`, offline, in seconds): the scripts parse, and the built
# dlenv's probe, check and doctor give valid JSON with the documented keys on this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
bash -n scripts/gpu-check.sh
bash -n scripts/bench-probe.sh
bash -n scripts/bench-inspect.sh
DLENV=${DLENV:-.build/debug/dlenv}
"$DLENV" probe --no-exec --json | "$DLENV_PYTHON" -c '
import json, sys
r = json.load(sys.stdin)
for k in ("gpus", "toolkits", "cudnn", "nccl", "container", "wsl", "pythons", "warnings", "sources"):
    assert k in r, "probe --json lacks " + k
'
"$DLENV" check --torch 2.4.1 --accelerator cu121 --driver 470.82.01 --gpu 8.6 --json >/tmp/dlenv-check.json && {
    echo "check should have failed (driver 470 < 525.60.13)"
    exit 1
} || [ $? -eq 1 ]
"$DLENV_PYTHON" -c '
import json
r = json.load(open("/tmp/dlenv-check.json"))
assert r["compatible"] is False and r["links"] and r["fixes"], r
'
"$DLENV" doctor --no-exec --json | "$DLENV_PYTHON" -c 'import json, sys; r = json.load(sys.stdin); assert "best" in r'
# inspect on the fixture with a planted cuDNN on LD_LIBRARY_PATH (exit 1: shadowed, torchvision for another torch).
root=Tests/DLEnvProbeTests/Fixtures/inspect/torch215-runpath-shadowed/root
LD_LIBRARY_PATH=/opt/cuda-13.0/lib64 "$DLENV" inspect --root "$root" --python /venv/bin/python --gpu 8.6 --json \
    >/tmp/dlenv-inspect.json && exit 1 || [ $? -eq 1 ]
"$DLENV_PYTHON" -c '
import json
e = json.load(open("/tmp/dlenv-inspect.json"))["environments"][0]
kinds = {f["kind"] for f in e["verdict"]["findings"]}
assert {"shadowed_library", "requirement_unmet"} <= kinds, kinds
assert e["inspection"]["torch"]["arch_list"] == ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"]
'
echo "probe checks passed"
