#!/usr/bin/env python3
"""Writes the probe fixtures from the verbatim captured outputs in reference/probe.md.

Every captured file is copied byte for byte from a `Fixture <ID>` block of probe.md (which cites the upstream
source of each); the scenario table below says which block becomes which file of which machine. A few files are
not in probe.md and are marked LOCAL (captured on the dlenv development machine: /proc/cpuinfo, the OpenBLAS
config string, the Python probe's output) or DERIVED (one line taken from a cited block, e.g. the version line of
`modinfo nvidia` F1.2b as /sys/module/nvidia/version). The fuzz corpus (fuzz/corpus/) gets every block.

Usage: python3 make-fixtures.py /path/to/reference/probe.md   (re-run after probe.md changes; review the diff)
"""
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

text = open(sys.argv[1], encoding="utf-8").read()
blocks = {}
for m in re.finditer(r"^Fixture (F[\d.]+[a-z])\b[^\n]*\n```[a-z]*\n(.*?)```", text, re.S | re.M):
    blocks[m.group(1)] = m.group(2)


def F(ident):
    return blocks[ident]


LOCAL = os.path.join(HERE, "local")  # files captured on the development machine, kept as they are


def local(name):
    return open(os.path.join(LOCAL, name), encoding="utf-8").read()


# scenario -> {"root": {path: text}, "links": {path: target}, "commands": {key: (stdout, exit)}, "env": {...},
#              "path": [(name, path)], "nvml": {...}, "openblas": "..", "expect": {...}}
S = {}

S["r375-proc-version"] = dict(
    root={"/proc/driver/nvidia/version": F("F1.1b")},
    expect=dict(driver="375.74", driver_source="/proc/driver/nvidia/version", gpu_count=0,
                details={"kernel_module": "proprietary"}))
S["r384-gtx650-proc"] = dict(
    root={"/proc/driver/nvidia/version": F("F1.1a"),
          "/proc/driver/nvidia/gpus/0000:04:00.0/information": F("F1.3b")},
    expect=dict(driver="384.98", gpu_count=1, gpu_names=["GeForce GTX 650"],
                gpu_uuids=["GPU-e3f822b9-8c5f-95a5-b379-8dfdeefd7758"], gpu_source="/proc/driver/nvidia/gpus"))
S["r384-banner-no-cuda"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3q"), 0)},
    expect=dict(driver="384.111", driver_source="nvidia-smi (banner)", cuda_version=None, gpu_count=0))
S["r430-gtx1060-banner"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3a"), 0)},
    expect=dict(driver="430.34", cuda_version="10.1", gpu_count=1, gpu_names=[None], memory_mib=[6069]))
S["r450-titanxp-banner"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3b"), 0)},
    expect=dict(driver="450.57", cuda_version="11.0", gpu_count=1, memory_mib=[12196]))
S["r470-quadro-no-compute-cap"] = dict(
    commands={"nvidia-smi.query": (F("F2.2g"), 2), "nvidia-smi.banner": (F("F2.3c"), 0)},
    expect=dict(driver="470.256.02", cuda_version="11.4", gpu_count=1, memory_mib=[8111], warnings=[],
                details={"nvidia_smi_note": "compute_cap"}))
S["r510-a100-mig-banner"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3d") + F("F2.3e"), 0)},
    expect=dict(driver="510.47.03", cuda_version="11.6", gpu_count=2, memory_mib=[81920, 81920]))
S["r510-p100-xml"] = dict(
    commands={"nvidia-smi.xml": (F("F2.6a"), 0)},
    expect=dict(driver="510.47.03", driver_source="nvidia-smi -q -x", cuda_version="11.6", gpu_count=1,
                gpu_names=["Tesla P100-PCIE-16GB"], memory_mib=[16384],
                gpu_uuids=["GPU-d3da8716-eaab-75db-efc1-60e88e1cd55e"], mig=[None]))
S["r535-mig-xml-truncated"] = dict(
    commands={"nvidia-smi.xml": (F("F2.6b"), 0)},
    expect=dict(driver="535.129.03", cuda_version="12.2", gpu_count=2, mig=[True, None],
                details={"gpu0.mig_devices": "3"}))
S["mig-a100-list"] = dict(
    commands={"nvidia-smi.list": (F("F2.4a"), 0)},
    expect=dict(driver=None, gpu_count=4, gpu_names=["NVIDIA A100-SXM4-80GB"] * 4, mig=[True, None, None, None],
                details={"gpu0.mig_devices": "4", "gpu0.mig_profiles": "1g.20gb,1g.20gb,1g.20gb,1g.20gb"}))
S["r570-mixed-titanv-rtx5880-query"] = dict(
    commands={"nvidia-smi.query": (F("F2.2a"), 0)},
    expect=dict(driver="570.86.15", driver_source="nvidia-smi --query-gpu", gpu_count=2,
                gpu_names=["NVIDIA TITAN V", "NVIDIA RTX 5880 Ada Generation"],
                compute_capabilities=["7.0", "8.9"]))
S["r595-l40s-query-units"] = dict(
    commands={"nvidia-smi.query": (F("F2.2c"), 0)},
    expect=dict(driver="595.71.05", gpu_count=2, gpu_names=["NVIDIA L40S", "NVIDIA L40S"],
                memory_mib=[46068, 46068]))
S["r610-b300-sysmodule-query-cuda13"] = dict(
    # DERIVED: /sys/module/nvidia/version is the `version:` line of `modinfo nvidia` (F1.2b), same machine as
    # F2.2d and F4.2a (public file #63125688786), where nvcc is not installed (F4.4m).
    root={"/sys/module/nvidia/version": "610.57.04\n", "/usr/local/cuda-13.3/version.json": F("F4.2a")},
    links={"/usr/local/cuda": "cuda-13.3"},
    commands={"nvidia-smi.query": (F("F2.2d"), 0)},
    expect=dict(driver="610.57.04", driver_source="/sys/module/nvidia/version", gpu_count=7,
                gpu_names=["NVIDIA B300 SXM6 AC"] * 7, compute_capabilities=["10.3"] * 7, toolkits=["13.3.1"],
                warnings=[]))
S["r610-b200-kmd-banner"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3l"), 0)},
    expect=dict(driver="610.43.02", cuda_version="13.3", gpu_count=2, memory_mib=[183359, 183359],
                details={"nvidia_smi_wording": "KMD/UMD (R610+)"}))
S["r610-mixed-rtx5070ti-banner"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3m"), 0)},
    expect=dict(driver="610.43.02", cuda_version="13.3", gpu_count=1, memory_mib=[16303]))
S["r470-snap-smi-on-r580-driver"] = dict(
    commands={"nvidia-smi.banner": (F("F2.3r"), 0)},
    expect=dict(driver="580.95.05", cuda_version="13.0", gpu_count=1,
                warnings=["nvidia-smi 470.256.02 does not belong to the running driver 580.95.05"]))
S["wsl2-cuda-err"] = dict(
    root={"/proc/sys/kernel/osrelease": F("F7.1b"), "/dev/dxg": ""},
    commands={"nvidia-smi.banner": (F("F2.3n"), 0)},
    expect=dict(wsl=True, driver="546.80", cuda_version=None, gpu_count=1, memory_mib=[6144],
                warnings=["CUDA Version: ERR!", "WSL"]))
S["wsl2-healthy"] = dict(
    root={"/proc/sys/kernel/osrelease": "6.6.114.1-microsoft-standard-WSL2\n", "/dev/dxg": ""},
    commands={"nvidia-smi.banner": (F("F2.3o"), 0)},
    expect=dict(wsl=True, driver="555.99", cuda_version="12.5", gpu_count=1, warnings=[]))
S["wsl1-no-gpu"] = dict(
    root={"/proc/sys/kernel/osrelease": F("F7.1c")},
    expect=dict(wsl=True, driver=None, gpu_count=0, warnings=["WSL1"]))
S["wsl2-smi-segfault"] = dict(
    root={"/proc/sys/kernel/osrelease": F("F7.1b"), "/dev/dxg": ""},
    commands={"nvidia-smi.query": ("", "signal 11")},
    expect=dict(wsl=True, driver=None, gpu_count=0, warnings=["crashed (signal 11)"]))
S["jetson-orin-nano-r36"] = dict(
    root={"/etc/nv_tegra_release": F("F7.4e"), "/proc/device-tree/model": F("F7.4f").rstrip("\n") + "\0",
          "/usr/local/cuda/version.json": F("F4.2e")},
    expect=dict(jetson="L4T 36.4.7 (NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super)",
                driver=None, gpu_count=0, toolkits=["12.2.140"]))
S["jetson-orin-nx-r35-open-module"] = dict(
    root={"/proc/driver/nvidia/version": F("F1.1g")},
    expect=dict(jetson="L4T 35.3.1", driver=None, gpu_count=0, details={"kernel_module": "open"}))
S["jetson-r32-5-single-revision"] = dict(
    root={"/etc/nv_tegra_release": F("F7.4a")},
    expect=dict(jetson="L4T 32.5.0", driver=None, gpu_count=0))
S["container-a800-no-gpus-folder"] = dict(
    root={"/.dockerenv": "", "/proc/driver/nvidia/params": "Mobile: 4294967295\n"},
    env={"NVIDIA_VISIBLE_DEVICES": "all"},
    commands={"nvidia-smi.banner": (F("F2.3g"), 0)},
    expect=dict(container=True, driver="535.86.10", cuda_version="12.2", gpu_count=2,
                details={"proc_driver_nvidia": "container tmpfs (no gpus/ folder)", "nvidia_visible_devices": "all"}))
S["container-visible-devices-none"] = dict(
    root={"/.dockerenv": ""},
    env={"NVIDIA_VISIBLE_DEVICES": "none"},
    expect=dict(container=True, driver=None, gpu_count=0, warnings=["NVIDIA_VISIBLE_DEVICES=none"]))
S["rocm-mi300x-kfd"] = dict(
    # DERIVED: .info/version as ROCm/ROCm#4268 reports it ("ROCm version: 6.2.2-116"); the three GPU nodes
    # hold the one line F6.2b shows for an MI300X node.
    root={"/opt/rocm/.info/version": "6.2.2-116\n",
          "/sys/class/kfd/kfd/topology/nodes/0/properties": F("F6.2c"),
          "/sys/class/kfd/kfd/topology/nodes/2/properties": F("F6.2b").split("\n", 1)[1],
          "/sys/class/kfd/kfd/topology/nodes/3/properties": F("F6.2b").split("\n", 1)[1],
          "/sys/class/kfd/kfd/topology/nodes/4/properties": F("F6.2b").split("\n", 1)[1]},
    expect=dict(rocm="6.2.2", gfx=["gfx942"] * 3, driver=None, gpu_count=3))
S["rocm-therock-rx7900"] = dict(
    root={"/opt/rocm/.info/version": "7.14.0\n", "/opt/rocm/share/hip/version": F("F6.1a"),
          "/sys/class/kfd/kfd/topology/nodes/0/properties": F("F6.2c"),
          "/sys/class/kfd/kfd/topology/nodes/1/properties": F("F6.2a")},
    expect=dict(rocm="7.14.0", gfx=["gfx1100"], gpu_count=1, details={"hip_version": "7.16.26331"}))
S["broken-nvml-version-mismatch"] = dict(
    # DERIVED: kernel module and library versions from the kernel log in stackhpc/ansible-slurm-appliance#287.
    root={"/sys/module/nvidia/version": "530.30.02\n",
          "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.535.54.03": ""},
    nvml={"initError": 18, "initErrorString": "Driver/library version mismatch", "devices": []},
    commands={"nvidia-smi.query": ("Failed to initialize NVML: Driver/library version mismatch\n", 18)},
    expect=dict(driver="530.30.02", gpu_count=0,
                warnings=["Driver/library version mismatch", "libnvidia-ml.so.535.54.03 is version 535.54.03"]))
S["broken-smi-version-mismatch"] = dict(
    # The exit status was not captured; 18 mirrors NVML_ERROR_LIB_RM_VERSION_MISMATCH (§2.1: codes mirror NVML).
    commands={"nvidia-smi.query": ("Failed to initialize NVML: Driver/library version mismatch\n"
                                   "NVML library version: 570.124\n", 18)},
    expect=dict(driver=None, gpu_count=0, warnings=["version mismatch (NVML library 570.124)"]))
S["broken-cannot-communicate"] = dict(
    # DERIVED: the sysfs files of an NVIDIA display-class PCI function (vendor/class as the kernel prints them).
    root={"/sys/bus/pci/devices/0000:01:00.0/vendor": "0x10de\n",
          "/sys/bus/pci/devices/0000:01:00.0/class": "0x030000\n"},
    commands={"nvidia-smi.query": ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                                   "Make sure that the latest NVIDIA driver is installed and running.\n\n", 9)},
    expect=dict(driver=None, gpu_count=0,
                warnings=["couldn't communicate with the NVIDIA driver", "no NVIDIA driver is loaded"]))
S["broken-exit-255"] = dict(
    root={"/sys/module/nvidia/version": F("F1.2a")},
    commands={"nvidia-smi.query": ("", 255)},
    expect=dict(driver="550.144.03", gpu_count=0, warnings=["nvidia-smi failed: exit 255"]))
S["broken-nvml-unknown-error"] = dict(
    commands={"nvidia-smi.query": ("Failed to initialize NVML: Unknown Error\n", 255)},
    expect=dict(driver=None, gpu_count=0, warnings=["Unknown Error"]))
S["broken-smi-hang"] = dict(
    root={"/sys/module/nvidia/version": F("F1.2a")},
    commands={"nvidia-smi.query": ("", "hang"), "nvidia-smi.banner": (F("F2.3i"), 0)},
    expect=dict(driver="550.144.03", gpu_count=0, warnings=["hung and was killed after 5 s"]))
S["workstation-toolkits-cudnn-nccl-python"] = dict(
    root={"/sys/module/nvidia/version": "550.40.07\n",
          "/usr/local/cuda-12.6/version.json": F("F4.2d"), "/usr/local/cuda-11.8/version.json": F("F4.2b"),
          "/usr/local/cuda-10.2/version.txt": F("F4.3a"),
          "/usr/include/x86_64-linux-gnu/cudnn_version_v9.h": F("F5.1a"), "/usr/include/nccl.h": F("F5.2a"),
          "/usr/lib/x86_64-linux-gnu/libnccl.so.2.17.1": ""},
    links={"/usr/local/cuda": "cuda-12.6", "/usr/lib/x86_64-linux-gnu/libnccl.so.2": "libnccl.so.2.17.1"},
    commands={"nvidia-smi.banner": (F("F2.3i"), 0), "nvcc.version": (F("F4.4e"), 0),
              "python_usr_bin_python3": (local("python-probe-torch-cpu.txt"), 0)},
    path=[("nvcc", "/usr/bin/nvcc"), ("python3", "/usr/bin/python3")],
    expect=dict(driver="550.40.07", cuda_version="12.4", gpu_count=1, memory_mib=[12282],
                toolkits=["12.6.85", "10.2.89", "11.8.89", "11.5.119"], cudnn=["9.1.0"], nccl=["2.17.1"],
                pythons=[{"path": "/usr/bin/python3", "version": "3.11.7", "torch": "2.13.0+cpu"}], warnings=[]))
S["cpu-only-epyc-openblas"] = dict(
    root={"/proc/cpuinfo": local("cpuinfo-amd-epyc.txt"),
          "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so": ""},
    links={"/usr/lib/x86_64-linux-gnu/libopenblas.so.0": "openblas-pthread/libopenblasp-r0.3.21.so"},
    openblas=local("openblas-config-epyc.txt"),
    expect=dict(driver=None, gpu_count=0, cpu_model="AMD EPYC", cpu_cores=2, fp32_peak=156.5,
                blas_version="0.3.21", blas_core="Zen", warnings=[]))

root = os.path.join(HERE, "hosts")
shutil.rmtree(root, ignore_errors=True)
for name, s in S.items():
    base = os.path.join(root, name)
    os.makedirs(os.path.join(base, "root"))
    for path, content in s.get("root", {}).items():
        p = os.path.join(base, "root", path.lstrip("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w", encoding="utf-8").write(content)
    for path, target in s.get("links", {}).items():
        p = os.path.join(base, "root", path.lstrip("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink(target, p)
    if s.get("commands"):
        os.makedirs(os.path.join(base, "commands"))
        for key, (out, status) in s["commands"].items():
            open(os.path.join(base, "commands", key + ".txt"), "w", encoding="utf-8").write(out)
            if status != 0:
                open(os.path.join(base, "commands", key + ".exit"), "w").write(str(status) + "\n")
    if s.get("env"):
        open(os.path.join(base, "env.txt"), "w").write("".join(f"{k}={v}\n" for k, v in s["env"].items()))
    if s.get("path"):
        open(os.path.join(base, "path.txt"), "w").write("".join(f"{n} {p}\n" for n, p in s["path"]))
    if s.get("nvml"):
        open(os.path.join(base, "nvml.json"), "w").write(json.dumps(s["nvml"], indent=2) + "\n")
    if s.get("openblas"):
        open(os.path.join(base, "openblas.txt"), "w").write(s["openblas"])
    open(os.path.join(base, "expected.json"), "w").write(json.dumps(s["expect"], indent=2, sort_keys=True) + "\n")
    # An empty root/ would not survive git; keep the folder.
    if not os.listdir(os.path.join(base, "root")):
        open(os.path.join(base, "root", ".keep"), "w").close()

corpus = os.path.join(REPO, "fuzz", "corpus")
os.makedirs(corpus, exist_ok=True)
for ident, content in blocks.items():
    open(os.path.join(corpus, ident + ".txt"), "w", encoding="utf-8").write(content)
for name in os.listdir(LOCAL):
    shutil.copy(os.path.join(LOCAL, name), os.path.join(corpus, "local-" + name))
print(f"{len(S)} scenarios, {len(blocks)} corpus blocks")
