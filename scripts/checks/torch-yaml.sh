#!/usr/bin/env bash
# Checks matrices/torch.yaml: its schema rules (independently of the Swift loader), then its PyPI facts
# against the recorded survey of the real wheels (scripts/matrix-data/pypi-*). Offline and fast.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
"$DLENV_PYTHON" scripts/matrix-data/check_torch_yaml.py matrices/torch.yaml
"$DLENV_PYTHON" scripts/matrix-data/compare_survey.py matrices/torch.yaml scripts/matrix-data
