#!/usr/bin/env python3
"""Summarise PyPI's file list of torch into the facts matrices/torch.yaml takes from it.

Usage: survey_index.py SIMPLE_JSON > pypi-torch-index.json
  where SIMPLE_JSON is `curl -H 'Accept: application/vnd.pypi.simple.v1+json' https://pypi.org/simple/torch/`.

Per release: the first upload date (UTC) of its files, and the Python tags of its Linux x86_64 and
Windows x86_64 wheels ("3.13t" for a free-threaded cp313t wheel; cp27mu/cp27m both count as "2.7").
"""

import json
import re
import sys


def pykey(p):
    major, minor = p.rstrip("t").split(".")
    return (int(major), int(minor), p.endswith("t"))


def main():
    simple = json.load(open(sys.argv[1]))
    out = {}
    for f in simple["files"]:
        m = re.match(r"torch-([0-9.]+)(?:-\d+)?-(cp\d+t?|py\d)-(cp\d+t?m?u?|abi3|none)-(.*)\.whl$", f["filename"])
        if not m:
            continue
        version, _, abi, plat = m.groups()
        entry = out.setdefault(version, {"released": "9999-99-99", "linux_x86_64": set(), "win_amd64": set()})
        entry["released"] = min(entry["released"], f["upload-time"][:10])
        if not abi.startswith("cp"):
            continue
        tag = abi.rstrip("mu")
        py = f"{tag[2]}.{tag[3:]}"
        if "linux" in plat and "x86_64" in plat:
            entry["linux_x86_64"].add(py)
        elif plat == "win_amd64":
            entry["win_amd64"].add(py)
    for entry in out.values():
        for k in ("linux_x86_64", "win_amd64"):
            entry[k] = sorted(entry[k], key=pykey)
    ordered = dict(sorted(out.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]))
    json.dump(ordered, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
