#!/usr/bin/env bash
# Builds a report a user would have after three weeks (two hosts, a torch upgrade, a regression, a failed
# verification, one real `dlenv verify --quick` on this host), checks its structure, and screenshots it with
# headless Chromium at a wide and a narrow window, folded and with the reference plots opened. The pictures go
# to OUT_DIR (default: a temporary folder), never into the repository: look at them before calling a report done.
# Usage: scripts/screenshot-report.sh [OUT_DIR]     (DLENV=path/to/dlenv overrides .build/debug/dlenv)
# Needs chromium (apt-get install -y chromium) for the pictures; without it, it checks the structure and exits 3.
# Offline: the page fetches nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
DLENV=${DLENV:-.build/debug/dlenv}
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/dlenv-report-shots.XXXXXX")}
case "$(cd "$(dirname "$out")" 2>/dev/null && pwd)/" in
"$PWD"/*) echo "error: $out is inside the repository; keep the pictures out of it" >&2; exit 2 ;;
esac
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/history.sqlite

# Three weeks of daily runs on a GPU box (torch 2.13.0+cpu, then 2.15.0+cu132 from day 12; the last bench run
# 30 % slower; one failed verification) and a single bench run on a laptop.
python3 - "$work/runs.json" <<'PY'
import json, sys, datetime
t0 = datetime.datetime(2026, 11, 12, 9, 0, tzinfo=datetime.timezone.utc)
box = {"fingerprint": "5f2c0e91a7d3b84e", "cpu_model": "AMD EPYC 9654 96-Core Processor",
       "gpus": ["NVIDIA H100 80GB HBM3 (GPU-5f2c0e91)"] * 2, "driver": "550.54.15"}
laptop = {"fingerprint": "9b1d44c2e0a7f3d6", "cpu_model": "Intel Core i7-1365U", "gpus": [], "driver": None}
def at(day, hour=0):
    return (t0 + datetime.timedelta(days=day, hours=hour)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
runs = []
for day in range(21):
    torch, cuda = ("2.13.0+cpu", None) if day < 12 else ("2.15.0+cu132", "13.2")
    env = {"python": "3.11.7", "torch": torch, "cuda": cuda, "device": "cpu", "blas_threads": 8, "torch_threads": 8}
    slow = 0.7 if day == 20 else 1.0
    wobble = 1 + 0.01 * ((day * 7) % 5 - 2)
    base = 1.0 if day < 12 else 1.08
    figs = {"sgemm_1024": 1450, "dgemm_1024": 720, "relu_16m": 9800, "mlp_step": 2400}
    results = [{"name": k, "value": round(v * base * wobble * slow, 1), "unit": "GFLOP/s" if "gemm" in k else ("Melem/s" if "16m" in k else "steps/s")} for k, v in figs.items()]
    results += [{"name": "torch/" + k, "value": round(v * 0.93 * base * wobble, 1), "unit": "GFLOP/s" if "gemm" in k else ("Melem/s" if "16m" in k else "steps/s")} for k, v in figs.items()]
    runs.append({"kind": "bench", "started_at": at(day, 2), "host": box, "dlenv_version": "0.1.0", "environment": env, "quick": False, "results": results})
    failed = day == 14
    runs.append({"kind": "verify", "started_at": at(day, 3), "host": box, "dlenv_version": "0.1.0", "environment": env,
                 "passed": not failed, "results": [{"name": "verify/" + w, "value": 0.0, "unit": "", "passed": not (failed and w == "dtypes")}
                                                   for w in ("gemm", "dtypes", "training", "lr-schedules")]})
runs.append({"kind": "bench", "started_at": at(19, 8), "host": laptop, "dlenv_version": "0.1.0",
             "environment": {"device": "cpu", "blas_threads": 4}, "quick": True,
             "results": [{"name": "sgemm_1024", "value": 102.0, "unit": "GFLOP/s"}]})
json.dump(runs, open(sys.argv[1], "w"))
PY
"$DLENV" history --import "$work/runs.json" --db "$db" >/dev/null
"$DLENV" verify --quick --db "$db" >/dev/null
"$DLENV" report --html "$out/report.html" --db "$db"

# Structure: the user's sections before the reference, the reference folded, one date axis, no scripts.
python3 - "$out/report.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
titles = re.findall(r"<h2>([^<]*)</h2>", page)
assert titles == ["Your environments", "Your benchmarks", "Your verification runs", "Reference plots"], titles
assert page.index("<details>") > page.index("<h2>Reference plots</h2>") and "<details open" not in page
bench = page.split("<h2>Your benchmarks</h2>")[1].split("<h2>")[0]
domains = set(re.findall(r'data-x-domain="([^"]*)"', bench))
assert len(domains) == 1, domains
assert "<script" not in page and "src=" not in page and "href=" not in page
print("structure ok: sections", " < ".join(titles) + ";", "one date axis for", bench.count("<svg"), "benchmark charts")
PY

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
    echo "no chromium: the structure is checked, no screenshots taken (apt-get install -y chromium)" >&2
    exit 3
fi
sed 's/<details>/<details open>/g' "$out/report.html" >"$out/report-open.html"
bash scripts/render-report.sh "$out/report.html" "$out/wide.png" 1400 2000
bash scripts/render-report.sh "$out/report.html" "$out/narrow.png" 800 2600
bash scripts/render-report.sh "$out/report-open.html" "$out/reference-open.png" 1400 4200
echo "look at them: $out/wide.png $out/narrow.png $out/reference-open.png"
