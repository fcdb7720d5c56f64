#!/usr/bin/env bash
# CI check for the probe area (runs after `swift test`, offline, in seconds): the scripts parse, and the built
# dlenv's probe, check and doctor give valid JSON with the documented keys on this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash -n scripts/gpu-check.sh
bash -n scripts/bench-probe.sh
DLENV=${DLENV:-.build/debug/dlenv}
"$DLENV" probe --no-exec --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
for k in ("gpus", "toolkits", "cudnn", "nccl", "container", "wsl", "pythons", "warnings", "sources"):
    assert k in r, "probe --json lacks " + k
'
"$DLENV" check --torch 2.4.1 --accelerator cu121 --driver 470.82.01 --gpu 8.6 --json >/tmp/dlenv-check.json && {
    echo "check should have failed (driver 470 < 525.60.13)"
    exit 1
} || [ $? -eq 1 ]
python3 -c '
import json
r = json.load(open("/tmp/dlenv-check.json"))
assert r["compatible"] is False and r["links"] and r["fixes"], r
'
"$DLENV" doctor --no-exec --json | python3 -c 'import json, sys; r = json.load(sys.stdin); assert "best" in r'
echo "probe checks passed"
