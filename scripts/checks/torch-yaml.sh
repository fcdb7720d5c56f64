#!/usr/bin/env bash
# Checks matrices/torch.yaml against its schema rules (independent of the Swift loader); offline, fast.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/matrix-data/check_torch_yaml.py matrices/torch.yaml
