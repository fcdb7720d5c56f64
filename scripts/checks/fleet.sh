#!/usr/bin/env bash
# Validates the checked-in example fleet plan offline with the engines' own schemas:
#   - kubernetes-validate --strict (bundled schemas, no network; pinned to Kubernetes 1.33, where
#     backoffLimitPerIndex and podFailurePolicy are GA) on every Job manifest;
#   - check-jsonschema's vendored GitHub workflow schema on the workflow;
#   - dlenv's own strict schema on docker-bake.json (bake itself ignores unknown attributes);
#   - bash -n on every sbatch script;
#   - `dlenv fleet check` (GPU limits, product labels known to the matrix, images named in the bake file).
set -euo pipefail
cd "$(dirname "$0")/../.."
plan=examples/workspace/plan
k8s_version=1.33.0

shopt -s nullglob
manifests=("$plan"/kubernetes/*.yaml)
scripts=("$plan"/slurm/*.sbatch)
[ ${#manifests[@]} -gt 0 ] || { echo "fleet: no manifests in $plan/kubernetes"; exit 1; }

# kubernetes-validate exits 0 with a WARN line when it has no schema for a kind: treat any WARN as failure.
out=$(kubernetes-validate --strict --quiet -k "$k8s_version" "${manifests[@]}" 2>&1) || { echo "$out"; exit 1; }
if grep -qE '^(WARN|ERROR|FATAL)' <<<"$out"; then echo "$out"; exit 1; fi
echo "kubernetes-validate --strict (k8s $k8s_version): ${#manifests[@]} manifests ok"

check-jsonschema --builtin-schema vendor.github-workflows "$plan"/github/*.yml
check-jsonschema --schemafile scripts/checks/fleet/docker-bake.schema.json "$plan/docker-bake.json"

for s in "${scripts[@]}"; do bash -n "$s"; done
echo "bash -n: ${#scripts[@]} sbatch scripts ok"

dlenv=".build/debug/dlenv"
if [ -x "$dlenv" ]; then
    "$dlenv" fleet check "$plan"
else
    swift run -q dlenv fleet check "$plan"
fi
