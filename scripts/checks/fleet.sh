#!/usr/bin/env bash
# Validates the checked-in example fleet plan offline with the engines' own schemas:
#   - kubernetes-validate --strict (bundled schemas, no network; pinned to Kubernetes 1.33, where
#     backoffLimitPerIndex and podFailurePolicy are GA) on every Job manifest;
#   - check-jsonschema's vendored GitHub workflow schema on the workflow;
#   - dlenv's own strict schema on docker-bake.json (bake itself ignores unknown attributes);
#   - bash -n on every sbatch script; hadolint and BuildKit's parser on the fleet Dockerfiles;
#   - `dlenv fleet check` (GPU limits, product labels known to the matrix, images named in the bake file).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/python-env.sh
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

dockerfiles=("$plan"/dockerfiles/*/Dockerfile)
for f in "${dockerfiles[@]}"; do
    out=$(hadolint "$f" 2>&1) || { echo "$out"; exit 1; }
    [ -z "$out" ] || { echo "$out"; exit 1; }
done
"$DLENV_PYTHON" -c 'import sys, dockerfile; [dockerfile.parse_file(f) for f in sys.argv[1:]]' "${dockerfiles[@]}"
echo "hadolint + BuildKit parser: ${#dockerfiles[@]} Dockerfiles ok"

dlenv=${DLENV_BIN:-.build/debug/dlenv}
[ -x "$dlenv" ] || swift build --product dlenv >/dev/null
"$dlenv" fleet check "$plan"

# The example is sharded (Indexed Jobs); validate the other shape too: plain Jobs, a RuntimeClass, no
# toleration, the GitHub Actions cache.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The workspace lists ../<example>/dlenv.yaml too: copy every example, keep the layout.
cp -r examples "$tmp/"
ws="$tmp/examples/workspace"
sed -i -e 's/^  shards: 2$/  shards: 1/' -e 's/^    cache: registry$/    cache: gha/' \
    -e 's/^    backoff_limit: 1$/    backoff_limit: 2\n    runtime_class: nvidia\n    tolerate_gpu_taint: false/' \
    "$ws/dlenv-workspace.yaml"
"$dlenv" fleet plan "$ws/dlenv-workspace.yaml" -o "$tmp/plan" >/dev/null
grep -q 'runtimeClassName: nvidia' "$tmp"/plan/kubernetes/*.yaml || { echo "fleet: variant not applied"; exit 1; }
out=$(kubernetes-validate --strict --quiet -k "$k8s_version" "$tmp"/plan/kubernetes/*.yaml 2>&1) || { echo "$out"; exit 1; }
if grep -qE '^(WARN|ERROR|FATAL)' <<<"$out"; then echo "$out"; exit 1; fi
check-jsonschema --builtin-schema vendor.github-workflows "$tmp"/plan/github/*.yml
check-jsonschema --schemafile scripts/checks/fleet/docker-bake.schema.json "$tmp/plan/docker-bake.json"
"$dlenv" fleet check "$tmp/plan"
