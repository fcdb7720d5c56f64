#!/usr/bin/env python3
"""Check the PyPI-measured facts in matrices/torch.yaml against the recorded measurements.

Usage: compare_survey.py TORCH_YAML [DIR]   (DIR defaults to this script's folder)

DIR holds what the survey scripts recorded (offline evidence, refreshed by re-running them):
  pypi-torch-index.json   survey_index.py: per release its PyPI upload date and wheel Python tags
  pypi-torch-wheels.jsonl survey_pypi.sh:  per release the Linux x86_64 wheel's version.py,
                          METADATA pins and compiled GPU architectures
  pypi-pairs.txt          survey_pairs.sh: each torchvision/torchaudio release's torch requirement

Rules: every torch release on PyPI is in the file; a PyPI release's `released` date is PyPI's; each
series' `python` (and `python_windows`) is the union of its PyPI releases' wheel tags, with a
release-level `python` wherever a release differs; `pypi_default` is the measured wheel's CUDA; a
default variant whose `source` is that PyPI release carries the measured cuda/cudnn/nccl/arch; and
each release's torchvision/torchaudio declares a torch requirement that the release satisfies.
Exit status 1 on any mismatch.
"""

import json
import os
import re
import sys

import yaml


def vkey(v):
    return tuple(int(x) for x in re.findall(r"\d+", v))


def pykey(p):
    major, minor = p.rstrip("t").split(".")
    return (int(major), int(minor), p.endswith("t"))


def pin(requires, pattern):
    for r in requires:
        m = re.match(rf"{pattern}\s*\(?==\s*([0-9.]+)", r)
        if m:
            return m.group(1)
    return None


def measured_arch(d):
    """The wheel's arch list: CUDA_ARCH_FLAGS (torch >= 1.7), else the SASS/PTX entries that hold
    torch's own kernels (a few stray entries below a fifth of the largest count are left out);
    None when neither was measured."""
    if d.get("arch_flags"):
        return d["arch_flags"].split()
    own = d.get("fatbin_torch_kernels") or {}
    if not own:
        return None
    top = max(own.values())
    keep = sorted((k for k, c in own.items() if c * 5 >= top), key=vkey)
    return [k for k in keep if k.startswith("sm_")] + [k for k in keep if k.startswith("compute_")]


def main():
    yaml_path = sys.argv[1]
    folder = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    doc = yaml.safe_load(open(yaml_path))
    index = json.load(open(os.path.join(folder, "pypi-torch-index.json")))
    wheels = [json.loads(l) for l in open(os.path.join(folder, "pypi-torch-wheels.jsonl")) if l.strip()]
    pairs = {}
    for line in open(os.path.join(folder, "pypi-pairs.txt")):
        parts = line.split(None, 3)
        if len(parts) >= 3:
            pairs[(parts[0], parts[1])] = parts[3].strip() if len(parts) > 3 else ""

    problems = []
    releases, series_of = {}, {}
    for s in doc["series"]:
        for r in s["releases"]:
            releases[r["version"]] = r
            series_of[r["version"]] = s

    for version, facts in index.items():
        if vkey(version) < (1, 0, 0):
            continue
        r = releases.get(version)
        if r is None:
            problems.append(f"{version}: on PyPI but not in {yaml_path}")
            continue
        if r.get("released") != facts["released"]:
            problems.append(f"{version}: released {r.get('released')} but PyPI's first upload is {facts['released']}")

    for s in doc["series"]:
        on_pypi = [r for r in s["releases"] if r["version"] in index]
        if not on_pypi:
            continue
        linux = sorted({p for r in on_pypi for p in index[r["version"]]["linux_x86_64"]}, key=pykey)
        win = sorted({p for r in on_pypi for p in index[r["version"]]["win_amd64"]}, key=pykey)
        if s["python"] != linux:
            problems.append(f"series {s['series']}: python {s['python']} but PyPI's Linux wheels are {linux}")
        want_win = win if win and win != linux else None
        if s.get("python_windows") != want_win:
            problems.append(f"series {s['series']}: python_windows {s.get('python_windows')} but PyPI says {want_win}")
        for r in on_pypi:
            own = index[r["version"]]["linux_x86_64"]
            effective = r.get("python", s["python"])
            if effective != own:
                problems.append(f"{r['version']}: python {effective} but its PyPI Linux wheels are {own}")

    for d in wheels:
        version = d["version"]
        s = series_of.get(version)
        if s is None:
            problems.append(f"{version}: measured but not in {yaml_path}")
            continue
        local = d.get("version_py_version") or ""
        if "+cpu" in local:
            problems.append(f"{version}: the measured wheel is a CPU build ({local}); re-measure from PyPI")
            continue
        cuda = d.get("version_py_cuda")
        name = "cu" + "".join(cuda.split(".")[:2])
        if s["pypi_default"] != name:
            problems.append(f"series {s['series']}: pypi_default {s['pypi_default']} but PyPI's {version} is {local or name}")
            continue
        v = next(x for x in s["variants"] if x["name"] == name)
        if v.get("source") != f"https://pypi.org/project/torch/{version}/":
            continue
        checks = {
            "cuda": ".".join(cuda.split(".")[:2]),
            "cudnn": pin(d["requires_dist"], r"nvidia-cudnn-cu1\d"),
            "nccl": pin(d["requires_dist"], r"nvidia-nccl-cu1\d"),
            "arch": measured_arch(d),
        }
        if checks["arch"] is None:
            problems.append(f"{version}: no arch list could be measured from {d['wheel']}")
        for key, want in checks.items():
            if want is not None and v.get(key) != want:
                problems.append(f"series {s['series']} variant {name}: {key} {v.get(key)} but {d['wheel']} says {want}")
        if v.get("verified") != "wheel-metadata":
            problems.append(f"series {s['series']} variant {name}: measured, so verified must be wheel-metadata")

    for version, r in releases.items():
        for pkg in ("torchvision", "torchaudio"):
            pv = r.get(pkg)
            if pv is None or (pkg, pv) not in pairs:
                continue
            spec = pairs[(pkg, pv)]
            exact = re.search(r"==\s*([0-9.]+)(\+\w+)?", spec)
            floor = re.search(r">=\s*([0-9.]+)", spec)
            if exact and exact.group(1) != version:
                problems.append(f"{version}: {pkg} {pv} requires {spec}")
            elif floor and vkey(version) < vkey(floor.group(1)):
                problems.append(f"{version}: {pkg} {pv} requires {spec}")

    for p in problems:
        print(p)
    print(f"{yaml_path}: compared with {len(index)} PyPI releases, {len(wheels)} measured wheels, "
          f"{len(pairs)} torchvision/torchaudio releases; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
