#!/usr/bin/env bash
# Regenerates Sources/DLEnvWorkloads/Twin/TwinExpectedFigures.swift: the core's figures of a quick run of every
# workload, which `dlenv dockerfile` embeds in the image's twin (so generating a Dockerfile never runs the core).
# Run it after changing a workload; TwinExpectedFiguresTests fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product dlenv >/dev/null
out=Sources/DLEnvWorkloads/Twin/TwinExpectedFigures.swift
.build/debug/dlenv verify --emit-expected-swift "$out"
swift format format -i "$out"
echo "wrote $out; re-record the Dockerfiles: RECORD_GOLDENS=1 swift test --filter RecipeGoldenTests"
