#!/usr/bin/env python3
"""Check matrices/torch.yaml against the schema the Swift loader enforces, and count its entries.

Usage: check_torch_yaml.py [PATH]   (default: matrices/torch.yaml next to this repository's root)

Exit status 0 when every rule holds, 1 otherwise (each problem printed as PATH:LINE: message).
The rules are those of the schema in matrices/README.md; this script is an independent second
check of the data file, so that a data edit is caught even before the Swift tests run.
"""

import datetime
import os
import re
import sys

import yaml

TOP_KEYS = {"schema", "series"}
SERIES_KEYS = {
    "series", "python", "python_windows", "pypi_default", "source", "verified", "note",
    "disputes", "variants", "releases",
}
VARIANT_KEYS = {
    "name", "cuda", "rocm", "cudnn", "nccl", "arch", "index_url", "find_links", "os", "source",
    "verified", "note", "disputes",
}
RELEASE_KEYS = {
    "version", "released", "torchvision", "torchaudio", "variants", "python", "source", "verified",
    "note", "disputes",
}
DISPUTE_KEYS = {"field", "value", "source", "why_not"}
VERIFIED = {"wheel-metadata", "release-notes", "hardware", "secondary"}

VARIANT_NAME = re.compile(r"^(cu\d+|cpu|rocm[\d.]+)$")
ARCH = re.compile(r"^(sm_\d+|compute_\d+|gfx[0-9a-f]+)$")
PYTHON = re.compile(r"^(2\.7|3\.\d+t?)$")
SERIES = re.compile(r"^\d+\.\d+$")
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
DOTTED = re.compile(r"^\d+(\.\d+)+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OS_NAMES = {"linux", "windows", "macos"}

# torchvision pairing of torch 1.x, from the torchvision README table and the torch pins in the
# torchvision wheels' METADATA (0.4.0 pins torch==1.2.0, 0.4.1 pins 1.3.0, 0.4.2 pins 1.3.1).
TORCHVISION_1X = {0: ("0.2.",), 1: ("0.3.",), 2: ("0.4.0",), 3: ("0.4.1", "0.4.2", "0.4.3")}


class LineLoader(yaml.SafeLoader):
    """A SafeLoader that records the line of every mapping (as key '__line__')."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def vkey(v: str):
    return tuple(int(x) for x in v.split("."))


def expected_torchvision(torch_version: str):
    major, minor, _ = vkey(torch_version)
    if major == 1:
        return TORCHVISION_1X.get(minor, (f"0.{minor + 1}.",))
    return (f"0.{minor + 15}.",)


def check(path: str):
    problems = []
    counts = {"series": 0, "releases": 0, "variants": 0, "disputes": 0}
    verified_counts = {}

    def bad(node, msg):
        line = node.get("__line__", 0) if isinstance(node, dict) else 0
        problems.append(f"{path}:{line}: {msg}")

    text = open(path, encoding="utf-8").read()
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(f"{path}:{event.start_mark.line + 1}: anchors/aliases are not allowed")
    doc = yaml.load(text, Loader=LineLoader)

    def keys(node, allowed, what):
        if not isinstance(node, dict):
            bad({}, f"{what} must be a mapping")
            return False
        for k in node:
            if k != "__line__" and k not in allowed:
                bad(node, f"unknown key '{k}' in {what}")
        return True

    def string(node, key, what, pattern=None, required=True):
        if key not in node:
            if required:
                bad(node, f"{what}: missing '{key}'")
            return None
        value = node[key]
        if not isinstance(value, str):
            bad(node, f"{what}: '{key}' must be a quoted string, got {type(value).__name__} {value!r}")
            return None
        if pattern and not pattern.match(value):
            bad(node, f"{what}: '{key}' value {value!r} is malformed")
        return value

    def provenance(node, what):
        string(node, "source", what)
        v = string(node, "verified", what)
        if v is not None and v not in VERIFIED:
            bad(node, f"{what}: verified {v!r} is not one of {sorted(VERIFIED)}")
        if v:
            verified_counts[v] = verified_counts.get(v, 0) + 1
        string(node, "note", what, required=False)
        for d in node.get("disputes", []) or []:
            counts["disputes"] += 1
            keys(d, DISPUTE_KEYS, f"{what} dispute")
            for k in ("field", "value", "source", "why_not"):
                string(d, k, f"{what} dispute")
        if "disputes" in node and not isinstance(node["disputes"], list):
            bad(node, f"{what}: disputes must be a list")

    def python_list(node, key, what):
        if key not in node:
            return
        value = node[key]
        if not isinstance(value, list) or not value:
            bad(node, f"{what}: '{key}' must be a non-empty list")
            return
        for p in value:
            if not isinstance(p, str) or not PYTHON.match(p):
                bad(node, f"{what}: python {p!r} is malformed (want \"3.12\" or \"3.13t\")")
        if len(set(value)) != len(value):
            bad(node, f"{what}: duplicate python versions")

    keys(doc, TOP_KEYS, "top level")
    if doc.get("schema") != 1:
        bad(doc, "schema must be 1")
    series_list = doc.get("series") or []
    previous = None
    all_versions = set()
    for s in series_list:
        if not keys(s, SERIES_KEYS, "series"):
            continue
        counts["series"] += 1
        name = string(s, "series", "series", SERIES) or "?"
        what = f"series {name}"
        if previous and SERIES.match(name) and vkey(name) <= vkey(previous):
            bad(s, f"{what}: series must be sorted oldest to newest (after {previous})")
        previous = name if SERIES.match(name) else previous
        provenance(s, what)
        python_list(s, "python", what)
        if "python" not in s:
            bad(s, f"{what}: missing 'python'")
        python_list(s, "python_windows", what)
        variants = s.get("variants") or []
        names = []
        for v in variants:
            if not keys(v, VARIANT_KEYS, f"{what} variant"):
                continue
            counts["variants"] += 1
            vname = string(v, "name", f"{what} variant", VARIANT_NAME) or "?"
            vwhat = f"{what} variant {vname}"
            if vname in names:
                bad(v, f"{vwhat}: duplicate variant name")
            names.append(vname)
            provenance(v, vwhat)
            cuda = string(v, "cuda", vwhat, DOTTED, required=False)
            rocm = string(v, "rocm", vwhat, DOTTED, required=False)
            if vname.startswith("cu"):
                if rocm is not None:
                    bad(v, f"{vwhat}: a CUDA variant has no 'rocm'")
                if cuda is None:
                    bad(v, f"{vwhat}: missing 'cuda'")
                elif vname != "cu" + cuda.replace(".", ""):
                    bad(v, f"{vwhat}: cuda {cuda!r} does not match the name")
            elif vname.startswith("rocm"):
                if cuda is not None:
                    bad(v, f"{vwhat}: a ROCm variant has no 'cuda'")
                if rocm is None:
                    bad(v, f"{vwhat}: missing 'rocm'")
                elif vname != "rocm" + rocm:
                    bad(v, f"{vwhat}: rocm {rocm!r} does not match the name")
            elif vname == "cpu":
                for k in ("cuda", "rocm", "cudnn", "nccl", "arch"):
                    if k in v:
                        bad(v, f"{vwhat}: a cpu variant has no '{k}'")
            string(v, "cudnn", vwhat, DOTTED, required=False)
            string(v, "nccl", vwhat, DOTTED, required=False)
            if "arch" in v:
                arch = v["arch"]
                if not isinstance(arch, list) or not arch:
                    bad(v, f"{vwhat}: arch must be a non-empty list")
                else:
                    for a in arch:
                        if not isinstance(a, str) or not ARCH.match(a):
                            bad(v, f"{vwhat}: arch entry {a!r} is malformed")
                    if len(set(arch)) != len(arch):
                        bad(v, f"{vwhat}: duplicate arch entries")
                    if vname.startswith("rocm") and any(not a.startswith("gfx") for a in arch):
                        bad(v, f"{vwhat}: a ROCm arch list holds gfx names only")
                    if vname.startswith("cu") and any(a.startswith("gfx") for a in arch):
                        bad(v, f"{vwhat}: a CUDA arch list holds sm_/compute_ names only")
            url = string(v, "index_url", vwhat, re.compile(r"^https://"), required=False)
            if url == f"https://download.pytorch.org/whl/{vname}":
                bad(v, f"{vwhat}: index_url is the default; leave it out")
            if "find_links" in v and v["find_links"] is not True:
                bad(v, f"{vwhat}: find_links is either true or absent")
            if "find_links" in v and url is None:
                bad(v, f"{vwhat}: find_links needs an index_url")
            if "os" in v:
                if not isinstance(v["os"], list) or not v["os"] or any(o not in OS_NAMES for o in v["os"]):
                    bad(v, f"{vwhat}: os must be a non-empty list of {sorted(OS_NAMES)}")
        default = string(s, "pypi_default", what)
        if default is not None and default not in names:
            bad(s, f"{what}: pypi_default {default!r} is not a variant of the series ({names})")
        releases = s.get("releases") or []
        if not releases:
            bad(s, f"{what}: no releases")
        prev_release = None
        for r in releases:
            if not keys(r, RELEASE_KEYS, f"{what} release"):
                continue
            counts["releases"] += 1
            version = string(r, "version", f"{what} release", VERSION) or "?"
            rwhat = f"release {version}"
            if VERSION.match(version):
                if not version.startswith(name + "."):
                    bad(r, f"{rwhat}: does not belong to series {name}")
                if version in all_versions:
                    bad(r, f"{rwhat}: duplicate release")
                all_versions.add(version)
                if prev_release and vkey(version) <= vkey(prev_release):
                    bad(r, f"{rwhat}: releases must be sorted oldest to newest")
                prev_release = version
            provenance(r, rwhat)
            date = string(r, "released", rwhat, DATE)
            if date and DATE.match(date):
                try:
                    datetime.date.fromisoformat(date)
                except ValueError:
                    bad(r, f"{rwhat}: released {date!r} is not a real date")
            tv = string(r, "torchvision", rwhat, DOTTED)
            if "torchaudio" not in r:
                bad(r, f"{rwhat}: missing 'torchaudio' (write torchaudio: null when none pairs)")
            elif r["torchaudio"] is not None:
                string(r, "torchaudio", rwhat, DOTTED)
            if tv and VERSION.match(version) and DOTTED.match(tv):
                if not tv.startswith(expected_torchvision(version)) and not r.get("note"):
                    bad(r, f"{rwhat}: torchvision {tv} breaks the pairing rule "
                           f"({' / '.join(expected_torchvision(version))}x) and has no note")
            if "variants" in r:
                sub = r["variants"]
                if not isinstance(sub, list) or not sub:
                    bad(r, f"{rwhat}: variants must be a non-empty list")
                else:
                    for n in sub:
                        if n not in names:
                            bad(r, f"{rwhat}: variant {n!r} is not a variant of series {name}")
                    if default is not None and default not in sub:
                        bad(r, f"{rwhat}: the series' pypi_default {default!r} is not in its variants")
            python_list(r, "python", rwhat)
    return problems, counts, verified_counts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "matrices", "torch.yaml")
    path = os.path.relpath(path)
    problems, counts, verified = check(path)
    for p in problems:
        print(p)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    how = ", ".join(f"{v} {k}" for k, v in sorted(verified.items()))
    print(f"{path}: {summary}; verified: {how}; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
