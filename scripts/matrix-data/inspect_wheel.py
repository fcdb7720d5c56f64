#!/usr/bin/env python3
"""Read the facts matrices/torch.yaml records from one downloaded torch wheel, without a GPU.

Usage: inspect_wheel.py WHEEL [--json]

Prints:
  * METADATA: Version, Requires-Python and the nvidia-* / cuda-toolkit pins (CUDA, cuDNN, NCCL);
  * torch/version.py: __version__ (local tag = the variant) and `cuda` / `hip`;
  * arch_flags: the CUDA_ARCH_FLAGS string compiled into libtorch_python.so, which is what
    torch.cuda.get_arch_list() splits and prints (torch >= 1.7; absent before);
  * fatbin: a histogram of the GPU code embedded in every torch/lib/*.so .nv_fatbin section
    (kind 2 = SASS "sm_XX", kind 1 = PTX "compute_XX"), including statically linked libraries;
  * fatbin_torch_kernels: the SASS/PTX entries that hold torch's own kernels (uncompressed entries
    that name ATen/THC/caffe2 symbols): for torch < 1.7, which has no CUDA_ARCH_FLAGS, the arch list.

The fatbin entry header layout (kind u16 at +0, header size u32 at +4, padded payload size u64 at
+8, arch u32 at +28) is the one documented by the open fatbin readers (e.g. gpuocelot /
cuda-fatbin-decompression); entries follow each other at header_size + payload_size.
Only the Python standard library is used, so it runs on any machine with python3.
"""

import json
import re
import struct
import sys
import zipfile
from collections import Counter

FATBIN_MAGIC = 0xBA55ED50


def elf_sections(data: bytes):
    """Yield (name, offset, size) of every section of a 64-bit little-endian ELF image."""
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = []
    for i in range(shnum):
        base = shoff + i * shentsize
        name, _type, _flags, _addr, off, size = struct.unpack_from("<IIQQQQ", data, base)
        headers.append((name, off, size))
    str_off = headers[shstrndx][1]
    for name, off, size in headers:
        end = data.index(b"\0", str_off + name)
        yield data[str_off + name : end].decode(), off, size


# Mangled-name fragments of torch's own kernels (ATen, THC, caffe2). Old wheels link cuDNN/cuBLAS
# statically, so their fatbins also hold those libraries' code for other architectures; counting only
# the (uncompressed) cubins that mention torch's own symbols separates the two.
TORCH_MARKERS = (b"_ZN2at", b"THC", b"caffe2", b"at6native")


def fatbin_histogram(data: bytes, own: Counter = None) -> Counter:
    """Count the SASS (sm_XX) and PTX (compute_XX) entries in the .nv_fatbin section; `own` (if
    given) counts the entries that hold torch's own kernels."""
    hist: Counter = Counter()
    for name, off, size in elf_sections(data):
        if name != ".nv_fatbin":
            continue
        pos, end = off, off + size
        while pos + 16 <= end:
            magic, _ver, hsize, fsize = struct.unpack_from("<IHHQ", data, pos)
            if magic != FATBIN_MAGIC:
                # containers are 8-byte aligned; skip padding
                pos += 8
                continue
            entry, stop = pos + hsize, pos + hsize + fsize
            while entry + 32 <= stop:
                kind, _v, ehsize, esize = struct.unpack_from("<HHIQ", data, entry)
                arch = struct.unpack_from("<I", data, entry + 28)[0]
                name = {2: f"sm_{arch}", 1: f"compute_{arch}"}.get(kind)
                if name:
                    hist[name] += 1
                    if own is not None:
                        payload = data[entry + ehsize : entry + ehsize + esize]
                        if any(m in payload for m in TORCH_MARKERS):
                            own[name] += 1
                if ehsize == 0:
                    break
                entry += ehsize + esize
            pos = stop
    return hist


# The literal ends with NUL but may follow another literal without one (2.8/2.9 store it right after
# an unterminated string), so only its end is anchored.
ARCH_FLAGS = re.compile(rb"((?:sm|compute)_\d+[af]?(?: (?:sm|compute)_\d+[af]?)*)\0")


def arch_flags(data: bytes):
    """The CUDA_ARCH_FLAGS literal (e.g. b'sm_75 sm_80 ... sm_120') in libtorch_python.so."""
    found = [m.group(1).decode() for m in ARCH_FLAGS.finditer(data)]
    # the literal is the longest space-separated list; single words are kernel names
    multi = [f for f in found if " " in f]
    return max(multi, key=len) if multi else (found[0] if found else None)


def inspect(path: str) -> dict:
    out: dict = {"wheel": path.rsplit("/", 1)[-1]}
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8", "replace")
        out["version"] = re.search(r"^Version: (.*)$", text, re.M).group(1)
        rp = re.search(r"^Requires-Python: (.*)$", text, re.M)
        out["requires_python"] = rp.group(1) if rp else None
        out["requires_dist"] = [
            r
            for r in re.findall(r"^Requires-Dist: (.*)$", text, re.M)
            if re.match(r"(nvidia-|cuda-toolkit|torch|triton|cuda-bindings)", r)
        ]
        if "torch/version.py" in names:
            vp = z.read("torch/version.py").decode()
            for key in ("__version__", "cuda", "hip", "git_version"):
                m = re.search(rf"^{key}(?:: [^=]*)? = (.*)$", vp, re.M)
                if m:
                    out[f"version_py_{key.strip('_')}"] = m.group(1).strip("'\"")
        hist: Counter = Counter()
        own: Counter = Counter()
        flags = None
        for n in names:
            if not re.match(r"torch/lib/.*\.so(\.\d+)*$", n) and not re.match(r"torch/_C.*\.so$", n):
                continue
            if "libtorch_cpu" in n:
                continue  # CPU code only (and the largest file): no GPU code to count
            data = z.read(n)
            if "libtorch_python" in n or n.startswith("torch/_C"):
                flags = flags or arch_flags(data)
            h = fatbin_histogram(data, own)
            if h:
                out.setdefault("fatbin_files", []).append(n)
            hist.update(h)
            del data
        out["arch_flags"] = flags
        out["fatbin_torch_kernels"] = dict(sorted(own.items(), key=lambda kv: (kv[0][0], int(re.sub(r"\D", "", kv[0])))))
        out["fatbin"] = dict(sorted(hist.items(), key=lambda kv: (kv[0][0], int(re.sub(r"\D", "", kv[0])))))
    return out


if __name__ == "__main__":
    result = inspect(sys.argv[1])
    if "--json" in sys.argv:
        print(json.dumps(result, sort_keys=True))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
