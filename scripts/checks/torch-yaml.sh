#!/usr/bin/env bash
# Checks matrices/torch.yaml: its schema rules (independently of the Swift loader), then its PyPI facts
# against the recorded survey of the real wheels (scripts/matrix-data/pypi-*). Offline and fast.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/matrix-data/check_torch_yaml.py matrices/torch.yaml
python3 scripts/matrix-data/compare_survey.py matrices/torch.yaml scripts/matrix-data
