#!/usr/bin/env bash
# Runs every test and check: swift-format lint, the Swift test suite, and the external validators of what dlenv
# generates (hadolint, BuildKit's parser, kubernetes-validate, check-jsonschema) where their scripts exist.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh

echo "== swift format lint"
swift format lint --strict -r Sources Tests Package.swift

echo "== swift test"
log=$(mktemp)
set +e
swift test >"$log" 2>&1
status=$?
set -e
# Build progress lines are noise; everything else (each test, the closing summary) is printed.
grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" || true
rm -f "$log"
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status)"; exit "$status"; }

# The same core tests on other kernel paths, so an expectation that depends on the CPU fails here before it fails
# on another machine: the portable Swift activation kernels, OpenBLAS forced to other cores (SkylakeX only where
# the CPU has AVX-512), and the built-in GEMM. The build is reused; each run takes seconds.
kernel_runs=("DLENV_KERNELS=swift" "OPENBLAS_CORETYPE=Haswell" "OPENBLAS_CORETYPE=Prescott" "DLENV_BLAS=builtin")
grep -qw avx512f /proc/cpuinfo 2>/dev/null && kernel_runs+=("OPENBLAS_CORETYPE=SkylakeX")
for run in "${kernel_runs[@]}"; do
    echo "== swift test (core tests with $run)"
    log=$(mktemp)
    set +e
    env "$run" swift test --skip-build --filter 'DLEnvTensorTests|DLEnvNNTests|DLEnvScheduleExpressionTests|DLEnvWorkloadsTests' >"$log" 2>&1
    status=$?
    set -e
    [ "$status" -eq 0 ] || { grep -vE '^\[[0-9]+/[0-9]+\] ' "$log"; rm -f "$log"; echo "swift test with $run failed"; exit "$status"; }
    # One line each (the full run above carries the closing summary).
    echo "ok: $(grep -oE '[0-9]+ tests in [0-9]+ suites' "$log" | tail -1) with $run"
    rm -f "$log"
done

# Mutation fuzzing of every parser of outside input (issue #18): fixed seed, DLENV_FUZZ_SECONDS shared by the
# parsers (60 s in all), the corpus in fuzz/corpus/; prints the number of cases. A crash fails the run.
echo "== fuzz (DLENV_FUZZ_SECONDS=${DLENV_FUZZ_SECONDS:-60})"
log=$(mktemp)
set +e
DLENV_FUZZ_SECONDS="${DLENV_FUZZ_SECONDS:-60}" swift test --skip-build --filter ParserFuzzTests >"$log" 2>&1
status=$?
set -e
grep -E '^fuzz' "$log" || true
[ "$status" -eq 0 ] || { grep -vE '^\[[0-9]+/[0-9]+\] ' "$log"; rm -f "$log"; echo "fuzzing failed (exit $status)"; exit "$status"; }
rm -f "$log"

for check in scripts/checks/*.sh; do
    [ -e "$check" ] || continue
    echo "== $check"
    bash "$check"
done
echo "== all checks passed"
