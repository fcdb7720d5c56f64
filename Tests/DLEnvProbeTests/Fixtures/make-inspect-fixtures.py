#!/usr/bin/env python3
"""Writes the `dlenv inspect` fixtures: small ELF64 shared objects (with `.nv_fatbin` sections holding CUDA
fat-binary containers, and dynamic sections with DT_NEEDED / DT_SONAME / DT_RPATH / DT_RUNPATH) and small fake
environments (dist-info folders, torch/version.py, nvidia/*/lib, a planted library on a fake LD_LIBRARY_PATH).

No compiler, no CUDA and no torch are needed: the files are written byte by byte with the layouts of
`reference/fatbin.md` (container: magic 0xBA55ED50, version 1, header size 16, payload size; entry: kind 1 = PTX /
2 = SASS, header size, payload size, SM number at offset 28) and of the ELF64 specification (System V gABI). The
payloads are zero bytes: readers must never need them.

Usage: python3 make-inspect-fixtures.py   (writes Fixtures/inspect/ next to this script; review the diff)
"""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "inspect")

FATBIN_MAGIC = 0xBA55ED50
PTX, SASS = 1, 2


# MARK: fat binaries

def entry(kind, sm, payload=40, header_size=64, payload_size=None):
    """One fat-binary entry: a 64-byte header (kind, version 0x0101, header size, payload size, SM at 28)."""
    size = payload if payload_size is None else payload_size
    h = struct.pack("<HHIQ", kind, 0x0101, header_size, size)
    h += struct.pack("<IIII", size & 0xFFFFFFFF, 0, 0, sm)  # offset 16: compressed size; 28: SM number
    h = (h + b"\0" * header_size)[:header_size]
    return h + b"\0" * payload


def container(entries, declared=None):
    body = b"".join(entries)
    size = len(body) if declared is None else declared
    return struct.pack("<IHHQ", FATBIN_MAGIC, 1, 16, size) + body


# MARK: ELF64

def elf(needed=(), soname=None, rpath=None, runpath=None, fatbin=None, machine=62):
    """An ELF64 little-endian shared object: one PT_LOAD mapping the file at address 0 (so file offsets and
    addresses agree), PT_DYNAMIC, and the sections .dynstr, .dynamic, [.nv_fatbin], .shstrtab."""
    dynstr = b"\0"
    offsets = {}

    def s(text):
        nonlocal dynstr
        if text not in offsets:
            offsets[text] = len(dynstr)
            dynstr += text.encode() + b"\0"
        return offsets[text]

    tags = [(1, s(n)) for n in needed]  # DT_NEEDED
    if soname:
        tags.append((14, s(soname)))  # DT_SONAME
    if rpath:
        tags.append((15, s(rpath)))  # DT_RPATH
    if runpath:
        tags.append((29, s(runpath)))  # DT_RUNPATH
    ehdr, phnum, phentsize, shentsize = 64, 2, 56, 64
    dynstr_off = ehdr + phnum * phentsize
    dynamic_off = (dynstr_off + len(dynstr) + 7) & ~7
    tags += [(5, dynstr_off), (10, len(dynstr)), (0, 0)]  # DT_STRTAB, DT_STRSZ, DT_NULL
    dynamic = b"".join(struct.pack("<qQ", t, v) for t, v in tags)
    fat_off = dynamic_off + len(dynamic)
    fat = fatbin or b""
    names = [b"", b".dynstr", b".dynamic"] + ([b".nv_fatbin"] if fatbin is not None else []) + [b".shstrtab"]
    shstr = b"".join(n + b"\0" for n in names)
    name_off = [sum(len(n) + 1 for n in names[:i]) for i in range(len(names))]
    shstr_off = fat_off + len(fat)
    shoff = (shstr_off + len(shstr) + 7) & ~7
    shnum = len(names)
    total = shoff + shnum * shentsize
    header = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    header += struct.pack("<HHIQQQIHHHHHH", 3, machine, 1, 0, ehdr, shoff, 0, ehdr, phentsize, phnum, shentsize,
                          shnum, shnum - 1)
    ph = struct.pack("<IIQQQQQQ", 1, 4, 0, 0, 0, total, total, 0x1000)  # PT_LOAD, R
    ph += struct.pack("<IIQQQQQQ", 2, 6, dynamic_off, dynamic_off, dynamic_off, len(dynamic), len(dynamic), 8)

    def sh(name, type_, flags, off, size, link=0, align=1, entsize=0):
        return struct.pack("<IIQQQQIIQQ", name, type_, flags, off, off, size, link, 0, align, entsize)

    sections = sh(0, 0, 0, 0, 0)
    sections += sh(name_off[1], 3, 2, dynstr_off, len(dynstr))  # SHT_STRTAB, SHF_ALLOC
    sections += sh(name_off[2], 6, 3, dynamic_off, len(dynamic), link=1, align=8, entsize=16)  # SHT_DYNAMIC
    if fatbin is not None:
        sections += sh(name_off[3], 1, 2, fat_off, len(fat), align=8)  # SHT_PROGBITS
    sections += struct.pack("<IIQQQQIIQQ", name_off[-1], 3, 0, 0, shstr_off, len(shstr), 0, 0, 1, 0)
    out = header + ph + dynstr
    out += b"\0" * (dynamic_off - len(out)) + dynamic + fat + shstr
    out += b"\0" * (shoff - len(out)) + sections
    assert len(out) == total
    return out


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(path, mode)


def link(path, target):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


# MARK: the ELF files of the parser tests (Fixtures/inspect/elf)

def elf_files():
    d = os.path.join(OUT, "elf")
    two = container([entry(SASS, 80), entry(SASS, 90), entry(PTX, 90)])
    two += b"\0" * 8  # zero padding between containers (tolerated)
    two += container([entry(SASS, 80), entry(SASS, 90, header_size=72)])
    write(os.path.join(d, "fatbin-two-containers.so"),
          elf(needed=["libcudart.so.13"], soname="libfat.so", runpath="$ORIGIN", fatbin=two))
    # The second container says it holds 2**60 bytes: the first still counts, the second is a warning.
    bogus = container([entry(SASS, 80)]) + container([entry(SASS, 90)], declared=1 << 60)
    write(os.path.join(d, "fatbin-bogus-size.so"), elf(soname="libbogus.so", fatbin=bogus))
    # An entry whose payload size runs past its container, and one whose header is too small for the SM field.
    bad_entry = container([entry(SASS, 75), entry(SASS, 86, payload=8, payload_size=1 << 40)])
    bad_entry += container([entry(SASS, 75), entry(PTX, 75, header_size=16, payload=0)])
    write(os.path.join(d, "fatbin-bad-entry.so"), elf(soname="libbadentry.so", fatbin=bad_entry))
    # Garbage where a container should start, after a good one.
    garbage = container([entry(SASS, 120)]) + b"NOT A FATBIN HEADER!"
    write(os.path.join(d, "fatbin-garbage.so"), elf(soname="libgarbage.so", fatbin=garbage))
    # The section header says the section runs past the end of the file.
    cut = elf(soname="libcut.so", fatbin=container([entry(SASS, 80)]) * 4)
    write(os.path.join(d, "fatbin-section-past-eof.so"), patch_fatbin_size(cut))
    write(os.path.join(d, "no-fatbin.so"), elf(needed=["libc.so.6"], soname="libplain.so", rpath="$ORIGIN/../lib"))
    good = elf(needed=["libcudart.so.13"], soname="libfat.so", fatbin=two)
    write(os.path.join(d, "truncated-header.so"), good[:40])
    write(os.path.join(d, "truncated-sections.so"), good[: len(good) - 100])
    write(os.path.join(d, "not-elf.so"), "this is not an ELF file\n")
    write(os.path.join(d, "elf32.so"), b"\x7fELF" + bytes([1, 1, 1, 0]) + b"\0" * 60)
    write(os.path.join(d, "empty.so"), b"")


def patch_fatbin_size(data):
    """Rewrites the .nv_fatbin section header's size to run 4 KiB past the end of the file."""
    data = bytearray(data)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, = struct.unpack_from("<H", data, 0x3C)
    for i in range(shnum):
        base = shoff + i * 64
        type_, = struct.unpack_from("<I", data, base + 4)
        off, = struct.unpack_from("<Q", data, base + 24)
        if type_ == 1:  # the only PROGBITS section is .nv_fatbin
            struct.pack_into("<Q", data, base + 32, len(data) - off + 4096)
    return bytes(data)


# MARK: fake environments (Fixtures/inspect/<scenario>/root, FakeSystem scenario layout)

SP = "/venv/lib/python3.11/site-packages"


def dist(root, name, version, requires=(), requires_python=None, files=(), metadata_version=True, extra=""):
    folder = "%s-%s.dist-info" % (name.replace("-", "_"), version)
    lines = ["Metadata-Version: 2.1", "Name: " + name]
    if metadata_version:
        lines.append("Version: " + version)
    if requires_python:
        lines.append("Requires-Python: " + requires_python)
    lines += ["Requires-Dist: " + r for r in requires]
    text = "\n".join(lines) + "\n" + extra + "\nLong description that is not a header: Version: 9.9.9\n"
    base = root + SP + "/" + folder
    write(base + "/METADATA", text)
    record = [f + ",sha256=AAAA,123" for f in files] + [folder + "/METADATA,,", folder + "/RECORD,,"]
    write(base + "/RECORD", "\n".join(record) + "\n")


TORCH_RPATH = ("$ORIGIN/../../nvidia/cudnn/lib:$ORIGIN/../../nvidia/nccl/lib:$ORIGIN/../../nvidia/cu13/lib:"
               "$ORIGIN")
CU13_LIBS = ["libcudart.so.13", "libcublas.so.13", "libcusparse.so.12", "libnvJitLink.so.13"]


def torch215(root, loader="runpath", preload=False):
    """torch 2.15.0 (CUDA 13.2) as PyPI ships it, shrunk: its dist-info, version.py, libtorch_cuda.so with two
    fat-binary containers (SASS sm_75 sm_80 sm_86 sm_90 sm_100 sm_120, and one sm_89 kernel), the nvidia wheels'
    libraries and dist-infos."""
    tp = root + SP + "/torch"
    dist(root, "torch", "2.15.0", requires_python=">=3.11", requires=[
        "filelock",
        "cuda-toolkit[cublas,cudart,nvjitlink,cusparse]==13.2.2; platform_system == \"Linux\"",
        "nvidia-cudnn-cu13==9.26.0.51; platform_system == \"Linux\"",
        "nvidia-nccl-cu13==2.30.7; platform_system == \"Linux\"",
        "triton~=3.9.0; platform_system == \"Linux\" and python_version < \"3.16\"",
        "optree>=0.13.0; extra == \"optree\"",
    ], files=["torch/version.py", "torch/lib/libtorch_cuda.so"])
    write(tp + "/version.py", "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda']\n"
          "__version__ = '2.15.0+cu132'\ndebug = False\ncuda: Optional[str] = '13.2'\n"
          "git_version = 'd0f2af8b66b20da4baa50644c0cd3f887a2eae2e'\nhip: Optional[str] = None\n"
          "rocm: Optional[str] = None\nxpu: Optional[str] = None\n")
    init = "# torch/__init__.py (shrunk)\n"
    if preload:
        # The marker of torch's eager preload of the wheels' CUDA libraries (torch 2.15.0 torch/__init__.py).
        init += "def _load_global_deps():\n    _preload_cuda_deps(required=False)\n"
    write(tp + "/__init__.py", init)
    paths = dict(rpath=TORCH_RPATH) if loader == "rpath" else dict(runpath=TORCH_RPATH)
    six = [75, 80, 86, 90, 100, 120]
    fat = container([entry(SASS, sm) for sm in six])
    fat += container([entry(SASS, sm) for sm in six] + [entry(SASS, 89)])
    write(tp + "/lib/libtorch_cuda.so", elf(
        needed=["libc10.so", "libcudart.so.13", "libcudnn.so.9", "libnccl.so.2", "libcublas.so.13",
                "libcusparse.so.12", "libstdc++.so.6", "libc.so.6"],
        soname="libtorch_cuda.so", fatbin=fat, **paths), 0o755)
    write(tp + "/lib/libc10.so", elf(needed=["libc.so.6"], soname="libc10.so", **paths), 0o755)
    write(tp + "/lib/libtorch_global_deps.so", elf(needed=["libcudart.so.13", "libc.so.6"],
                                                   soname="libtorch_global_deps.so", **paths), 0o755)
    # torch._C finds torch/lib through "$ORIGIN/lib" (torch 2.15.0's _C.so has the same entry).
    c_paths = {k: v + ":$ORIGIN/lib" for k, v in paths.items()}
    write(tp + "/_C.cpython-311-x86_64-linux-gnu.so", elf(needed=["libtorch_cuda.so"], **c_paths))
    nv = root + SP + "/nvidia"
    write(nv + "/cudnn/lib/libcudnn.so.9", elf(soname="libcudnn.so.9", rpath="$ORIGIN"))
    write(nv + "/nccl/lib/libnccl.so.2", elf(soname="libnccl.so.2"))
    write(nv + "/cu13/lib/libcudart.so.13", elf(soname="libcudart.so.13", runpath="$ORIGIN"))
    write(nv + "/cu13/lib/libcublas.so.13", elf(soname="libcublas.so.13", runpath="$ORIGIN"))
    # CUDA's cusparse needs nvJitLink and finds it through RUNPATH, after LD_LIBRARY_PATH (pytorch#138460).
    write(nv + "/cu13/lib/libcusparse.so.12", elf(needed=["libnvJitLink.so.13"], soname="libcusparse.so.12",
                                                   runpath="$ORIGIN"))
    write(nv + "/cu13/lib/libnvJitLink.so.13", elf(soname="libnvJitLink.so.13"))
    dist(root, "nvidia-cudnn-cu13", "9.26.0.51", files=["nvidia/cudnn/lib/libcudnn.so.9"])
    dist(root, "nvidia-nccl-cu13", "2.30.7", files=["nvidia/nccl/lib/libnccl.so.2"])
    dist(root, "nvidia-cuda-runtime", "13.2.86", files=["nvidia/cu13/lib/libcudart.so.13"])
    dist(root, "nvidia-cublas", "13.4.1.3", files=["nvidia/cu13/lib/libcublas.so.13"])
    dist(root, "nvidia-cusparse", "12.7.10.12", files=["nvidia/cu13/lib/libcusparse.so.12"])
    dist(root, "nvidia-nvjitlink", "13.5.37", files=["nvidia/cu13/lib/libnvJitLink.so.13"])
    dist(root, "cuda-toolkit", "13.2.2", requires=[
        "nvidia-cublas==13.4.1.3.*; extra == 'cublas'",
        "nvidia-cuda-runtime==13.2.86.*; extra == 'cudart'",
        "nvidia-nvjitlink==13.5.37.*; extra == 'nvjitlink'",
        "nvidia-cusparse==12.7.10.12.*; extra == 'cusparse'",
        "nvidia-cufft==12.2.0.57.*; extra == 'cufft'",
    ])
    dist(root, "triton", "3.9.0")
    dist(root, "numpy", "2.3.4", requires_python=">=3.11")
    dist(root, "filelock", "3.20.0")
    write(root + "/venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.9\n")
    link(root + "/venv/bin/python", "python3.11")
    link(root + "/venv/bin/python3.11", "/usr/bin/python3.11")


def planted(root):
    """A cuDNN 9.1.0 and an nvJitLink 13.0 of a system CUDA install, on the fake LD_LIBRARY_PATH."""
    lib = root + "/opt/cuda-13.0/lib64"
    write(lib + "/libcudnn.so.9.1.0", elf(soname="libcudnn.so.9"))
    link(lib + "/libcudnn.so.9", "libcudnn.so.9.1.0")
    write(lib + "/libnvJitLink.so.13.0.48", elf(soname="libnvJitLink.so.13"))
    link(lib + "/libnvJitLink.so.13", "libnvJitLink.so.13.0.48")


def torchvision_for_other_torch(root):
    """torchvision 0.28.0+cu130 (built for torch 2.13.0, CUDA 13.0) next to torch 2.15.0."""
    tv = root + SP + "/torchvision"
    dist(root, "torchvision", "0.28.0+cu130", requires=["numpy", "torch==2.13.0", "pillow!=8.3.*,>=5.3.0"],
         files=["torchvision/_C.so", "torchvision/version.py"])
    # As torchvision's setup.py writes it: the CUDA version is computed at import, not a literal.
    write(tv + "/version.py", "__version__ = '0.28.0+cu130'\ngit_version = '0123456789abcdef'\n"
          "from torchvision.extension import _check_cuda_version\nif _check_cuda_version() > 0:\n"
          "    cuda = _check_cuda_version()\n")
    write(tv + "/_C.so", elf(needed=["libtorch_cuda.so", "libcudart.so.13"], soname="_C.so", runpath="$ORIGIN",
                             fatbin=container([entry(SASS, 75), entry(SASS, 80), entry(SASS, 90), entry(PTX, 90)])))


def scenarios():
    # torch 2.15.0 whose libraries find their CUDA libraries through RUNPATH (as a source or conda build does):
    # the loader searches LD_LIBRARY_PATH first, so the planted cuDNN shadows the wheel's.
    root = os.path.join(OUT, "torch215-runpath-shadowed", "root")
    torch215(root, loader="runpath")
    planted(root)
    torchvision_for_other_torch(root)
    dist(root, "xformers", "0.0.33", requires=["numpy", "torch==2.14.0"])
    # cu12 wheels next to the cu13 ones: nvidia-cudnn-cu12 installs into the same nvidia/cudnn/lib.
    dist(root, "nvidia-cudnn-cu12", "9.10.2.21", files=["nvidia/cudnn/lib/libcudnn.so.9"])
    write(os.path.join(OUT, "torch215-runpath-shadowed", "env.txt"), "LD_LIBRARY_PATH=/opt/cuda-13.0/lib64\n")

    # torch's libraries with DT_RPATH (searched before LD_LIBRARY_PATH) but no eager preload (torch <= 2.6): the
    # planted cuDNN is masked, but cusparse's RUNPATH lets the planted nvJitLink in (pytorch#138460).
    root = os.path.join(OUT, "torch215-rpath-nvjitlink", "root")
    torch215(root, loader="rpath", preload=False)
    planted(root)
    dist(root, "torchvision", "0.29.2", requires=["numpy", "torch>=2.14.0"])
    write(root + SP + "/torchvision/version.py", "__version__ = '0.29.2+cu132'\n")
    write(os.path.join(OUT, "torch215-rpath-nvjitlink", "env.txt"), "LD_LIBRARY_PATH=/opt/cuda-13.0/lib64\n")

    # torch 2.15.0 as PyPI ships it: DT_RPATH and the eager preload of the wheels' libraries by path: both planted
    # libraries are masked, the environment is consistent.
    root = os.path.join(OUT, "torch215-pypi", "root")
    torch215(root, loader="rpath", preload=True)
    planted(root)
    dist(root, "torchvision", "0.29.2", requires=["numpy", "torch>=2.14.0"])
    write(root + SP + "/torchvision/version.py", "__version__ = '0.29.2+cu132'\n")
    write(os.path.join(OUT, "torch215-pypi", "env.txt"), "LD_LIBRARY_PATH=/opt/cuda-13.0/lib64\n")

    # torch 2.13.0+cpu next to torchvision 0.28.0+cu128 and torchaudio built for another torch.
    root = os.path.join(OUT, "cpu-torch-cuda-torchvision", "root")
    dist(root, "torch", "2.13.0+cpu", requires_python=">=3.10", requires=["filelock"])
    write(root + SP + "/torch/version.py", "__version__ = '2.13.0+cpu'\ndebug = False\ncuda = None\n"
          "git_version = 'abc'\nhip = None\n")
    write(root + SP + "/torch/lib/libtorch_cpu.so", elf(needed=["libc.so.6"], soname="libtorch_cpu.so",
                                                         rpath="$ORIGIN"))
    dist(root, "torchvision", "0.28.0+cu128", requires=["numpy", "torch==2.13.0"])
    write(root + SP + "/torchvision/version.py", "__version__ = '0.28.0+cu128'\n")
    dist(root, "torchaudio", "2.10.0+cpu", requires=["torch==2.10.0"])
    write(os.path.join(OUT, "cpu-torch-cuda-torchvision", "env.txt"), "")

    # Bad input: a METADATA without Version, a dist-info without METADATA, a garbled version.py, a truncated
    # libtorch_cuda.so, a fat binary with a bogus size, a folder that is not a dist-info.
    root = os.path.join(OUT, "broken", "root")
    base = root + SP
    write(base + "/torch-2.15.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: torch\nRequires-Dist: torch==\n")
    write(base + "/torchvision-0.30.0.dist-info/RECORD", "")
    write(base + "/numpy-notaversion.dist-info/METADATA", "Name: numpy\nVersion: not a version\n")
    write(base + "/torch/version.py", "__version__ = \ncuda = '13.2\x00\ngarbage ((((\n")
    good = elf(needed=["libcudnn.so.9"], soname="libtorch_cuda.so", runpath="$ORIGIN",
               fatbin=container([entry(SASS, 80)]) + container([entry(SASS, 90)], declared=1 << 62))
    write(base + "/torch/lib/libtorch_cuda.so", good[: len(good) - 60])
    write(base + "/torch/lib/libtorch_cuda_linalg.so", elf(soname="libtorch_cuda_linalg.so", fatbin=container(
        [entry(SASS, 80)]) + container([entry(SASS, 90)], declared=1 << 62)))
    write(base + "/torch/lib/libc10.so", b"\x7fELF garbage")
    write(base + "/not-a-dist-info/METADATA", "Name: nothing\n")
    write(os.path.join(OUT, "broken", "env.txt"), "LD_LIBRARY_PATH=:/nonexistent::/opt/../opt\n")


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    elf_files()
    scenarios()
    print("wrote", OUT)
