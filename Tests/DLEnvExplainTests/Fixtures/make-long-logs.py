#!/usr/bin/env python3
"""Writes the long-log fixtures of `dlenv explain`: real error texts (threads/) buried in hundreds of lines of
ordinary log output, plus binary junk and an empty file. Deterministic (fixed seed): rerun it after editing the
noise, and commit what it writes. Usage: python3 make-long-logs.py (from any directory)."""
import json
import os
import random

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(14)

# Ordinary lines of pip, training loops, data loading, docker builds and warnings: none of them is a failure dlenv
# knows, and some come close (memory numbers, "kernel", "mismatch", "CUDA available") to keep the patterns honest.
packages = ["numpy", "pillow", "tqdm", "scipy", "pyyaml", "requests", "filelock", "sympy", "networkx", "jinja2"]
templates = [
    lambda: f"Collecting {rng.choice(packages)}>={rng.randint(1, 3)}.{rng.randint(0, 20)}",
    lambda: f"  Downloading {rng.choice(packages)}-{rng.randint(1, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}-py3-none-any.whl ({rng.randint(10, 990) / 10} MB)",
    lambda: f"Requirement already satisfied: {rng.choice(packages)} in /usr/local/lib/python3.10/dist-packages",
    lambda: f"Epoch {rng.randint(1, 50)}/50  step {rng.randint(1, 900)}/900  loss={rng.random():.4f}  lr={rng.choice(['1.0e-04', '3.0e-04', '5.0e-05'])}",
    lambda: f"INFO:root:loading checkpoint from /data/ckpt/model_{rng.randint(0, 9999):04d}.pt",
    lambda: f"{rng.randint(0, 100)}%|{'#' * rng.randint(0, 10):<10}| {rng.randint(0, 625)}/625 [01:02<00:00, {rng.randint(5, 15)}.0it/s]",
    lambda: f"#{rng.randint(1, 30)} [{rng.randint(1, 9)}/9] RUN apt-get update && apt-get install -y --no-install-recommends git",
    lambda: f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 12:{rng.randint(10, 59)}:{rng.randint(10, 59)} WARNING dataloader: worker {rng.randint(0, 7)} is slow",
    lambda: f"memory usage: {rng.randint(1, 40) / 10} GiB resident, {rng.randint(1, 9)}.{rng.randint(0, 9)} GiB peak",
    lambda: "CUDA available: True",
    lambda: "UserWarning: The given NumPy array is not writable, and PyTorch does not support non-writable tensors.",
    lambda: f"compiling kernel image for op conv2d_{rng.randint(1, 99)} (cached)",
    lambda: "note: version mismatch between the numpy headers and the runtime is harmless here",
    lambda: f"validation mAP@0.5 = {rng.random():.3f}, IoU threshold 0.5, {rng.randint(100, 5000)} images",
]


def noise(n):
    return [rng.choice(templates)() for _ in range(n)]


cases = json.load(open(os.path.join(here, "cases.json")))
chosen = [
    "threads/driver-too-old-fooocus-1313.log",
    "threads/no-kernel-image-torchal-4.log",
    "threads/cuda-oom-cads-4.log",
    "threads/library-shadowing-pytorch-131312.log",
    "threads/container-cuda-requirement-petric2-27.log",
    "threads/nvml-unknown-error-nvidia-docker-1671.log",
    "threads/torchvision-mismatch-hallo-98.log",
    "threads/fabric-manager-hf-hub-4134.log",
]
os.makedirs(os.path.join(here, "long"), exist_ok=True)
long_cases = []
for case in cases:
    if case["file"] not in chosen:
        continue
    text = open(os.path.join(here, case["file"])).read().rstrip("\n").split("\n")
    before, after = noise(rng.randint(300, 500)), noise(rng.randint(100, 200))
    name = "long/" + os.path.basename(case["file"])
    with open(os.path.join(here, name), "w") as f:
        f.write("\n".join(before + text + after) + "\n")
    long_cases.append({"file": name, "source": case["source"], "id": case["id"], "facts": case["facts"],
                       "error_from": len(before) + 1, "error_to": len(before) + len(text)})
with open(os.path.join(here, "long", "cases.json"), "w") as f:
    json.dump(long_cases, f, indent=1)
    f.write("\n")

# Binary junk: random bytes with NULs, the start of an ELF file.
junk = bytes([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) + bytes(rng.randrange(256) for _ in range(8184))
open(os.path.join(here, "junk.bin"), "wb").write(junk)
open(os.path.join(here, "empty.log"), "w").close()
print(f"wrote {len(long_cases)} long logs, junk.bin, empty.log")
