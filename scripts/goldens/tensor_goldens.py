#!/usr/bin/env python3
"""Regenerates the DLEnvTensor goldens from real torch (CPU).

Usage: python3 scripts/goldens/tensor_goldens.py [OUT_DIR]
(default OUT_DIR: Tests/DLEnvTensorTests/Goldens). Every file records torch's version and CPU capability.
Floats are written with repr(), which round-trips exactly; float16/bfloat16 as raw 16-bit patterns.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "Tests", "DLEnvTensorTests", "Goldens")
META = {"torch": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "generator": "scripts/goldens/tensor_goldens.py"}


def fl(t):
    """Floats as repr() strings: exact round trips, and JSON parsers that round decimals cannot blur them."""
    return [repr(float(v)) for v in t.detach().reshape(-1).tolist()]


def bits16(t):
    return t.reshape(-1).view(torch.int16).tolist()


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"meta": META, **payload}, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------- init / random
def random_goldens():
    cases = []
    for seed in [0, 1, 42, 1234, 2**40 + 7]:
        for dtype, name in [(torch.float32, "float32"), (torch.float64, "float64"),
                            (torch.float16, "float16"), (torch.bfloat16, "bfloat16")]:
            for (lo, hi) in [(0.0, 1.0), (-0.5, 0.5), (-1.7320508075688772, 1.7320508075688772), (-3.0, 7.0)]:
                torch.manual_seed(seed)
                t = torch.empty(23, dtype=dtype).uniform_(lo, hi)
                vals = bits16(t) if dtype in (torch.float16, torch.bfloat16) else fl(t)
                cases.append({"kind": "uniform", "seed": seed, "dtype": name, "from": repr(lo), "to": repr(hi),
                              "count": 23, "values": vals})
    for seed in [0, 7]:
        for n in [4, 5, 15, 16, 37]:
            for dtype, name in [(torch.float32, "float32"), (torch.float64, "float64")]:
                torch.manual_seed(seed)
                t = torch.randn(n, dtype=dtype)
                cases.append({"kind": "normal", "seed": seed, "dtype": name, "count": n,
                              "mean": "0.0", "std": "1.0", "values": fl(t)})
        torch.manual_seed(seed)
        t = torch.empty(40, dtype=torch.float64).normal_(2.0, 0.5)
        cases.append({"kind": "normal", "seed": seed, "dtype": "float64", "count": 40, "mean": "2.0", "std": "0.5",
                      "values": fl(t)})
    linear = []
    for seed, (fin, fout) in [(0, (5, 3)), (3, (4, 2)), (11, (784, 4))]:
        torch.manual_seed(seed)
        m = torch.nn.Linear(fin, fout)
        linear.append({"seed": seed, "in": fin, "out": fout, "weight": fl(m.weight), "bias": fl(m.bias)})
    write("random.json", {"cases": cases, "linear": linear})


# ---------------------------------------------------------------- activations
POINTS = [-20.0, -6.0, -3.0, -2.5, -1.0, -0.5, -0.25, -1e-3, 0.0, 1e-3, 0.25, 0.5, 1.0, 2.5, 3.0, 6.0, 20.0,
          20.000001, 25.0]

ACTIVATIONS = {
    "relu": lambda x: F.relu(x),
    "relu6": lambda x: F.relu6(x),
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    "leaky_relu_0.2": lambda x: F.leaky_relu(x, 0.2),
    "rrelu_eval": lambda x: F.rrelu(x, training=False),
    "elu": lambda x: F.elu(x),
    "elu_0.5": lambda x: F.elu(x, 0.5),
    "selu": lambda x: F.selu(x),
    "celu": lambda x: F.celu(x),
    "celu_2": lambda x: F.celu(x, 2.0),
    "gelu": lambda x: F.gelu(x),
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": lambda x: F.silu(x),
    "mish": lambda x: F.mish(x),
    "sigmoid": lambda x: torch.sigmoid(x),
    "tanh": lambda x: torch.tanh(x),
    "softplus": lambda x: F.softplus(x),
    "softplus_2_1": lambda x: F.softplus(x, beta=2.0, threshold=1.0),
    "softsign": lambda x: F.softsign(x),
    "hardtanh": lambda x: F.hardtanh(x),
    "hardtanh_-2_2.5": lambda x: F.hardtanh(x, -2.0, 2.5),
    "hardsigmoid": lambda x: F.hardsigmoid(x),
    "hardswish": lambda x: F.hardswish(x),
    "hardshrink": lambda x: F.hardshrink(x),
    "softshrink": lambda x: F.softshrink(x),
    "tanhshrink": lambda x: F.tanhshrink(x),
    "threshold_0.5_-1": lambda x: F.threshold(x, 0.5, -1.0),
    "logsigmoid": lambda x: F.logsigmoid(x),
    "prelu_0.25": lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
}


def activation_goldens():
    out = []
    for name, f in ACTIVATIONS.items():
        for dtype, dname in [(torch.float32, "float32"), (torch.float64, "float64")]:
            x = torch.tensor(POINTS, dtype=dtype, requires_grad=True)
            y = f(x)
            y.sum().backward()
            out.append({"name": name, "dtype": dname, "x": fl(x), "y": fl(y), "grad": fl(x.grad)})
    # dimension-wise ones on a 2x5 input; the gradient of sum(y * w) for a fixed w.
    x0 = torch.tensor([[-1.0, 0.0, 2.0, 0.5, -3.0], [4.0, 4.0, -2.0, 1.5, 0.25]])
    w = torch.tensor([[0.5, -1.0, 2.0, 0.25, 1.5], [1.0, 0.0, -0.5, 3.0, 2.0]])
    dims = []
    for name, f in {"softmax": lambda x: F.softmax(x, dim=1), "log_softmax": lambda x: F.log_softmax(x, dim=1),
                    "softmin": lambda x: F.softmin(x, dim=1), "softmax_dim0": lambda x: F.softmax(x, dim=0),
                    "glu": lambda x: F.glu(x[:, :4], dim=1)}.items():
        x = x0.clone().requires_grad_(True)
        y = f(x)
        (y * w[:, :y.shape[1]]).sum().backward()
        dims.append({"name": name, "x": fl(x), "shape": list(x.shape), "y": fl(y), "y_shape": list(y.shape),
                     "w": fl(w[:, :y.shape[1]]), "grad": fl(x.grad)})
    write("activations.json", {"elementwise": out, "dimwise": dims})


# ---------------------------------------------------------------- dtypes
def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def dtype_goldens():
    values = [1.0 + 2**-11, 1.0 + 3 * 2**-11, 65504.0, 65519.99609375, 65520.0, 1e6, 2**-24, 2**-25, 1.5 * 2**-25,
              3 * 2**-25, -0.0, 0.1, 2049.0, 2051.0, 1.0 + 2**-8, 1.0 + 3 * 2**-8, 1e-40, 3.4028234663852886e38,
              -2.5, 0.333333, 1e-8, 123456.789, float("inf"), float("-inf")]
    values = [f32(v) for v in values]
    t = torch.tensor(values, dtype=torch.float32)
    conversions = {"float32": fl(t), "float16_bits": bits16(t.to(torch.float16)),
                   "bfloat16_bits": bits16(t.to(torch.bfloat16)),
                   "float16_back": fl(t.to(torch.float16).float()), "bfloat16_back": fl(t.to(torch.bfloat16).float())}
    d = torch.tensor([0.1, 1.0 / 3, 2.0 / 3, 1e-5, 65519.0, 1.0 + 2**-11 + 2**-40], dtype=torch.float64)
    conversions["float64"] = fl(d)
    conversions["float64_to_float16_bits"] = bits16(d.to(torch.float16))
    conversions["float64_to_float32"] = fl(d.to(torch.float32))
    ints = torch.tensor([-1.7, 1.7, 2.5, -2.5, 0.9], dtype=torch.float32)
    conversions["truncate_in"] = fl(ints)
    conversions["truncate_out"] = ints.to(torch.int64).tolist()

    names = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
             torch.bfloat16: "bfloat16", torch.int64: "int64", torch.bool: "bool"}
    promotion = []
    kinds = list(names)
    for a in kinds:
        for b in kinds:
            ta = torch.ones(2, dtype=a)
            tb = torch.ones(2, dtype=b)
            promotion.append({"a": names[a], "b": names[b], "kind": "tensor", "result": names[(ta + tb).dtype]})
            promotion.append({"a": names[a], "b": names[b], "kind": "zero_dim",
                              "result": names[(ta + torch.ones((), dtype=b)).dtype]})
        promotion.append({"a": names[a], "b": "python_float", "kind": "scalar", "result": names[(torch.ones(2, dtype=a) + 2.5).dtype]})
        promotion.append({"a": names[a], "b": "python_int", "kind": "scalar", "result": names[(torch.ones(2, dtype=a) * 2).dtype]})
    write("dtypes.json", {"conversions": conversions, "promotion": promotion})


# ---------------------------------------------------------------- reductions
def reduction_goldens():
    x = torch.tensor([[1.5, -2.0, 3.25, 0.0], [4.0, 4.0, -1.0, 2.5], [-3.0, 0.5, 0.5, 7.0]], dtype=torch.float32)
    r = {"x": fl(x), "shape": list(x.shape)}
    r["sum"] = fl(x.sum())
    r["sum_dim0"] = fl(x.sum(0))
    r["sum_dim1"] = fl(x.sum(1))
    r["mean_dim1"] = fl(x.mean(1))
    r["var_dim1"] = fl(x.var(1))
    r["var_dim0_unbiased_false"] = fl(x.var(0, unbiased=False))
    r["std_all"] = fl(x.std())
    r["logsumexp_dim1"] = fl(torch.logsumexp(x, 1))
    mx = x.max(1)
    r["max_dim1_values"] = fl(mx.values)
    r["max_dim1_indices"] = mx.indices.tolist()
    mn = x.min(0)
    r["min_dim0_values"] = fl(mn.values)
    r["min_dim0_indices"] = mn.indices.tolist()
    r["argmax"] = int(x.argmax())
    r["argmax_dim0"] = x.argmax(0).tolist()
    h = torch.ones(4096, dtype=torch.float16)
    r["float16_sum_4096_ones"] = fl(h.sum().float())
    xg = x.clone().requires_grad_(True)
    xg.max(1).values.sum().backward()
    r["max_dim1_grad"] = fl(xg.grad)
    write("reductions.json", {"reductions": r})


if __name__ == "__main__":
    torch.set_num_threads(1)
    random_goldens()
    activation_goldens()
    dtype_goldens()
    reduction_goldens()
    print(f"wrote goldens to {os.path.normpath(OUT)} with torch {torch.__version__}")
