#!/usr/bin/env python3
"""Golden fixtures for DLEnvNN, computed by real torch.

Writes JSON files into Tests/DLEnvNNTests/Goldens/ (each records torch's version and CPU capability):
  schedulers.json  every lr scheduler in many configurations, compositions, and torch's errors
  init.json        torch.nn.init and default Linear/Conv2d init for fixed seeds
  optimizers.json  optimizer trajectories (SGD, Adam, AdamW, RMSprop, Adagrad; param groups)
  losses.json      loss values and input gradients
  modules.json     module forward/backward for fixed weights

Usage: python3 scripts/goldens/nn_goldens.py [section ...]   (default: all sections)
The Swift tests in Tests/DLEnvNNTests compare against these files; re-run this script to re-record.
"""
import json
import math
import os
import sys

import torch
from torch.optim import lr_scheduler as S

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.environ.get("NN_GOLDENS_OUT") or os.path.join(ROOT, "Tests", "DLEnvNNTests", "Goldens")


def header():
    return {
        "torch_version": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "generator": "scripts/goldens/nn_goldens.py",
    }


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({**header(), **payload}, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}")


# ---------------------------------------------------------------- schedulers

SCHEDULER_CASES = [
    # (expression as a user pastes it, steps, optimizer kind, metrics)
    ("StepLR(step_size=3)", 12, "sgd", None),
    ("StepLR(step_size=2, gamma=0.5)", 10, "sgd", None),
    ("StepLR(3, 0.7)", 10, "sgd", None),
    ("MultiStepLR(milestones=[2, 5, 5], gamma=0.1)", 8, "sgd", None),
    ("MultiStepLR(milestones=[8, 3])", 12, "sgd", None),
    ("ConstantLR()", 8, "sgd", None),
    ("ConstantLR(factor=0.5, total_iters=3)", 6, "sgd", None),
    ("ConstantLR(factor=0.1, total_iters=2)", 6, "sgd", None),
    ("LinearLR()", 8, "sgd", None),
    ("LinearLR(start_factor=0.1, total_iters=5)", 8, "sgd", None),
    ("LinearLR(start_factor=1.0, end_factor=0.0, total_iters=10)", 12, "sgd", None),
    ("LinearLR(start_factor=0.25, end_factor=0.75, total_iters=7)", 10, "sgd", None),
    ("ExponentialLR(gamma=0.9)", 10, "sgd", None),
    ("ExponentialLR(gamma=0.95)", 40, "sgd", None),
    ("PolynomialLR(total_iters=4, power=2.0)", 7, "sgd", None),
    ("PolynomialLR()", 8, "sgd", None),
    ("PolynomialLR(total_iters=10, power=0.5)", 12, "sgd", None),
    ("CosineAnnealingLR(T_max=4, eta_min=0.01)", 20, "sgd", None),
    ("CosineAnnealingLR(T_max=10)", 30, "sgd", None),
    ("CosineAnnealingLR(T_max=7, eta_min=0.001)", 40, "sgd", None),
    ("CosineAnnealingLR(T_max=100, eta_min=1e-6)", 120, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=3, T_mult=2)", 25, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=5, eta_min=0.01)", 20, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=1, T_mult=3)", 20, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2)", 12, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2, mode='triangular2')", 14, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2, mode='exp_range', gamma=0.9)", 12, "sgd", None),
    ("CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=3, step_size_down=5)", 20, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, cycle_momentum=False)", 10, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, scale_mode='iterations')",
     10, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, base_momentum=0.85, max_momentum=0.95)", 12, "adam", None),
    ("OneCycleLR(max_lr=0.1, total_steps=10)", 11, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=100)", 100, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=10, anneal_strategy='linear')", 11, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=20, three_phase=True)", 21, "sgd", None),
    ("OneCycleLR(max_lr=0.01, epochs=4, steps_per_epoch=5, pct_start=0.25)", 20, "sgd", None),
    ("OneCycleLR(max_lr=1.0, total_steps=30, div_factor=10.0, final_div_factor=100.0, cycle_momentum=False)",
     30, "sgd", None),
    ("OneCycleLR(max_lr=0.003, total_steps=50, pct_start=0.4)", 50, "adam", None),
    ("OneCycleLR(max_lr=0.1, total_steps=16, three_phase=True, anneal_strategy='linear')", 17, "adam", None),
    ("ReduceLROnPlateau(mode='min', patience=2)", 12, "sgd", [1.0, 0.9, 0.95, 0.95, 0.95, 0.94, 0.93, 0.95, 0.96, 0.97, 0.98]),
    ("ReduceLROnPlateau(factor=0.5, patience=2, cooldown=1, min_lr=0.01)", 19, "sgd",
     [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.89, 0.8999, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95]),
    ("ReduceLROnPlateau(mode='max', threshold=0.01, threshold_mode='abs', patience=1, factor=0.2)", 10, "sgd",
     [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.69, 0.71, 0.72]),
    ("ReduceLROnPlateau(patience=0, factor=0.5, min_lr=0.02, eps=1e-3)", 8, "sgd", [3, 3, 3, 3, 3, 3, 3]),
    ("LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)", 20, "sgd", None),
    ("LambdaLR(lr_lambda=lambda epoch: epoch // 10)", 25, "sgd", None),
    ("LambdaLR(lr_lambda=lambda e: 1.0 if e < 5 else 0.1 ** (e // 5))", 20, "sgd", None),
    ("LambdaLR(lr_lambda=lambda e: min(1.0, (e + 1) / 5))", 10, "sgd", None),
    ("LambdaLR(lr_lambda=lambda epoch: math.cos(math.pi * epoch / 20) * 0.5 + 0.5)", 25, "sgd", None),
    ("LambdaLR(lambda step: 1 - step / 30 if step < 30 else 0.0)", 32, "sgd", None),
    ("LambdaLR(lr_lambda=lambda e: (e % 3 + 1) / 3 * max(0.1, 1 - e * 0.05))", 24, "sgd", None),
    ("LambdaLR(lr_lambda=lambda e: math.sqrt(1 / (e + 1)) * math.exp(-e / 10))", 15, "sgd", None),
    ("MultiplicativeLR(lr_lambda=lambda epoch: 0.95)", 12, "sgd", None),
    ("MultiplicativeLR(lr_lambda=lambda epoch: 0.9 if epoch % 2 == 0 else 1.0)", 12, "sgd", None),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=20)], milestones=[5])",
     30, "sgd", None),
    ("SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)], milestones=[2])",
     8, "sgd", None),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.1, end_factor=1, total_iters=3), CosineAnnealingLR(T_max=5)], milestones=[3])",
     12, "sgd", None),
    ("SequentialLR(schedulers=[ConstantLR(factor=0.5, total_iters=2), ExponentialLR(gamma=0.9)], milestones=[0])",
     8, "sgd", None),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.5, total_iters=2), StepLR(step_size=2), CosineAnnealingWarmRestarts(T_0=3)], milestones=[3, 7])",
     16, "sgd", None),
    ("SequentialLR(schedulers=[LambdaLR(lr_lambda=lambda e: (e + 1) / 4), MultiStepLR(milestones=[2, 4])], milestones=[4])",
     10, "sgd", None),
    ("SequentialLR(schedulers=[ChainedScheduler(schedulers=[ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.9)]), StepLR(step_size=2)], milestones=[6])",
     12, "sgd", None),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=4), OneCycleLR(max_lr=0.5, total_steps=12)], milestones=[4])",
     14, "sgd", None),
    ("ChainedScheduler(schedulers=[ExponentialLR(gamma=0.95), StepLR(step_size=3, gamma=0.5)])", 15, "sgd", None),
    ("ChainedScheduler(schedulers=[CosineAnnealingLR(T_max=4), ExponentialLR(gamma=0.5)])", 10, "sgd", None),
    ("ChainedScheduler([ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)])", 6, "sgd", None),
    ("ChainedScheduler(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=20, eta_min=0.001)])",
     30, "sgd", None),
    ("ChainedScheduler(schedulers=[MultiplicativeLR(lr_lambda=lambda e: 0.97), CyclicLR(base_lr=0.01, max_lr=0.05, step_size_up=3)])",
     12, "sgd", None),
    ("torch.optim.lr_scheduler.StepLR(optimizer, step_size=4)", 10, "sgd", None),
]

ERROR_CASES = [
    ("ConstantLR(factor=2)", 3, "sgd", None),
    ("LinearLR(start_factor=0)", 3, "sgd", None),
    ("LinearLR(end_factor=1.5)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=10, pct_start=1)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=0)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=5)", 8, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=10, pct_start=0.1)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1, total_steps=10, anneal_strategy='cosine')", 3, "sgd", None),
    ("OneCycleLR(max_lr=[0.1, 0.2], total_steps=10)", 3, "sgd", None),
    ("OneCycleLR(max_lr=0.1, epochs=0, steps_per_epoch=3)", 3, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=0)", 3, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=2.5)", 3, "sgd", None),
    ("CosineAnnealingWarmRestarts(T_0=2, T_mult=0)", 3, "sgd", None),
    ("ReduceLROnPlateau(factor=1.5)", 3, "sgd", [1, 2]),
    ("ReduceLROnPlateau(mode='avg')", 3, "sgd", [1, 2]),
    ("ReduceLROnPlateau(threshold_mode='relative')", 3, "sgd", [1, 2]),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, mode='foo')", 3, "sgd", None),
    ("SequentialLR(schedulers=[StepLR(step_size=2)], milestones=[3])", 3, "sgd", None),
    ("SequentialLR(schedulers=[], milestones=[])", 3, "sgd", None),
    ("ChainedScheduler(schedulers=[])", 3, "sgd", None),
    ("StepLR(step_size=0)", 3, "sgd", None),
    ("StepLR(gamma=0.5)", 3, "sgd", None),
    ("StepLR(step_size=3, gama=0.5)", 3, "sgd", None),
    ("ExponentialLR()", 3, "sgd", None),
    ("ConstantLR(factor=0, total_iters=2)", 4, "sgd", None),
    ("LambdaLR(lr_lambda=lambda e: 1 / e)", 3, "sgd", None),
    ("SequentialLR(schedulers=[StepLR(step_size=2), ChainedScheduler(schedulers=[ExponentialLR(gamma=0.9)])], milestones=[2])",
     5, "sgd", None),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=0, step_size_down=0)", 3, "sgd", None),
]


# Two parameter groups (lr 0.05 and 0.5, as torch's own scheduler tests use), per-group lists included.
MULTI_GROUP_CASES = [
    ("StepLR(step_size=2, gamma=0.5)", 8),
    ("LambdaLR(lr_lambda=[lambda e: 0.9 ** e, lambda e: 1 / (e + 1)])", 8),
    ("CyclicLR(base_lr=[0.01, 0.02], max_lr=[0.1, 0.3], step_size_up=2, base_momentum=[0.8, 0.7], max_momentum=0.9)", 10),
    ("OneCycleLR(max_lr=[0.1, 1.0], total_steps=8, base_momentum=[0.85, 0.8])", 9),
    ("ReduceLROnPlateau(patience=0, factor=0.5, min_lr=[0.02, 0.2])", 6),
    ("SequentialLR(schedulers=[ConstantLR(factor=0.5, total_iters=2), CosineAnnealingLR(T_max=4, eta_min=0.01)], milestones=[3])", 10),
    ("ChainedScheduler(schedulers=[LinearLR(start_factor=0.2, total_iters=3), ExponentialLR(gamma=0.9)])", 8),
]

# The deprecated step(epoch) path: closed forms where the class has one.
EPOCH_CASES = [
    ("StepLR(step_size=3, gamma=0.5)", [2, 3, 7, 7, 1]),
    ("MultiStepLR(milestones=[2, 5, 5])", [1, 5, 6, 2]),
    ("ExponentialLR(gamma=0.9)", [3, 4, 10]),
    ("CosineAnnealingLR(T_max=4, eta_min=0.01)", [1, 5, 6, 8]),
    ("PolynomialLR(total_iters=4, power=2.0)", [1, 3, 6]),
    ("LinearLR(start_factor=0.25, total_iters=4)", [1, 2, 6]),
    ("ConstantLR(factor=0.5, total_iters=3)", [1, 3, 4]),
    ("MultiplicativeLR(lr_lambda=lambda e: 0.5)", [3, 3]),
    ("CosineAnnealingWarmRestarts(T_0=1, T_mult=3)", [121, 4, 2.5]),
    ("CosineAnnealingWarmRestarts(T_0=3)", [7, 1.5]),
]


def _namespace(opt):
    def bind(cls):
        def make(*args, **kwargs):
            if args and args[0] is opt:
                return cls(*args, **kwargs)
            return cls(opt, *args, **kwargs)
        return make

    ns = {name: bind(getattr(S, name)) for name in S.__all__ if name not in ("LRScheduler", "ChainedScheduler")}
    ns["ChainedScheduler"] = S.ChainedScheduler
    ns["math"] = math
    ns["optimizer"] = opt
    ns["torch"] = torch
    return ns


def _make_optimizer(kind, lr):
    p = torch.nn.Parameter(torch.zeros(1))
    if kind == "adam":
        return torch.optim.Adam([p], lr=lr)
    return torch.optim.SGD([p], lr=lr, momentum=0.9)


def _run(expr, steps, kind, metrics, lr=0.1):
    import warnings
    opt = _make_optimizer(kind, lr)
    lrs, moms = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = eval(expr, _namespace(opt))
        for i in range(steps):
            g = opt.param_groups[0]
            lrs.append(float(g["lr"]))
            moms.append(float(g["betas"][0] if kind == "adam" else g["momentum"]))
            if i == steps - 1:
                break
            opt.step()
            if metrics is not None:
                sched.step(metrics[i])
            else:
                sched.step()
    return lrs, moms


def schedulers():
    cases = []
    for expr, steps, kind, metrics in SCHEDULER_CASES:
        lrs, moms = _run(expr, steps, kind, metrics)
        case = {"expr": expr, "steps": steps, "optimizer": kind, "lr": 0.1, "lrs": lrs, "momentums": moms}
        if metrics is not None:
            case["metrics"] = metrics
        cases.append(case)
    errors = []
    for expr, steps, kind, metrics in ERROR_CASES:
        try:
            _run(expr, steps, kind, metrics)
        except Exception as e:  # noqa: BLE001 - we record exactly what torch raises
            errors.append({"expr": expr, "steps": steps, "optimizer": kind, "metrics": metrics,
                           "kind": type(e).__name__, "message": str(e).split("\n")[0]})
        else:
            raise SystemExit(f"expected an error from {expr}")
    multi = []
    for expr, steps in MULTI_GROUP_CASES:
        import warnings
        p1, p2 = torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([{"params": [p1], "lr": 0.05}, {"params": [p2], "lr": 0.5}], momentum=0.9)
        lrs, moms = [], []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sched = eval(expr, _namespace(opt))
            for i in range(steps):
                lrs.append([float(g["lr"]) for g in opt.param_groups])
                moms.append([float(g["momentum"]) for g in opt.param_groups])
                if i == steps - 1:
                    break
                opt.step()
                if "Plateau" in expr:
                    sched.step(1.0)
                else:
                    sched.step()
        multi.append({"expr": expr, "steps": steps, "lrs": lrs, "momentums": moms})
    epochs = []
    for expr, calls in EPOCH_CASES:
        import warnings
        opt = _make_optimizer("sgd", 0.1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sched = eval(expr, _namespace(opt))
            lrs = []
            for e in calls:
                opt.step()
                sched.step(e)
                lrs.append(float(opt.param_groups[0]["lr"]))
        epochs.append({"expr": expr, "epochs": calls, "lrs": lrs})
    write("schedulers.json", {"cases": cases, "errors": errors, "multi_group": multi, "epoch_calls": epochs,
                              "semantics": "value i is the lr in force for step i: recorded, then optimizer.step(), "
                                           "then scheduler.step() (with metrics[i] for ReduceLROnPlateau)"})


# ---------------------------------------------------------------- init

def _values(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def init():
    import torch.nn as nn
    from torch.nn import init as I
    records = []

    def record(name, tensor, seed, exact, params=None, rtol=0.0):
        records.append({"name": name, "shape": list(tensor.shape), "dtype": str(tensor.dtype).replace("torch.", ""),
                        "seed": seed, "params": params or {}, "values": _values(tensor), "exact": exact,
                        "rtol": rtol})

    for seed, (i, o) in [(0, (4, 2)), (0, (5, 3)), (1, (20, 7)), (7, (1, 1)), (42, (64, 10))]:
        torch.manual_seed(seed)
        m = nn.Linear(i, o)
        records.append({"name": "Linear", "shape": [o, i], "dtype": "float32", "seed": seed,
                        "params": {"in": i, "out": o}, "values": _values(m.weight), "bias": _values(m.bias),
                        "exact": True, "rtol": 0.0})
    torch.manual_seed(3)
    m = nn.Linear(5, 3, dtype=torch.float64)
    records.append({"name": "Linear", "shape": [3, 5], "dtype": "float64", "seed": 3, "params": {"in": 5, "out": 3},
                    "values": _values(m.weight), "bias": _values(m.bias), "exact": True, "rtol": 0.0})
    for seed, (ci, co, k, groups, bias) in [(0, (3, 4, (3, 2), 1, True)), (5, (2, 6, (3, 3), 2, True)),
                                            (9, (1, 2, (5, 5), 1, False))]:
        torch.manual_seed(seed)
        m = nn.Conv2d(ci, co, k, groups=groups, bias=bias)
        records.append({"name": "Conv2d", "shape": list(m.weight.shape), "dtype": "float32", "seed": seed,
                        "params": {"in": ci, "out": co, "kh": k[0], "kw": k[1], "groups": groups, "bias": bias},
                        "values": _values(m.weight), "bias": _values(m.bias) if bias else None,
                        "exact": True, "rtol": 0.0})

    def run(name, shape, seed, fn, exact, dtype=torch.float32, rtol=0.0, **params):
        torch.manual_seed(seed)
        t = torch.empty(shape, dtype=dtype)
        fn(t, **params)
        record(name, t, seed, exact, params, rtol)

    run("uniform_", [3, 5], 0, I.uniform_, True, a=-0.5, b=2.0)
    run("uniform_", [17], 1, I.uniform_, True, dtype=torch.float64, a=-1.0, b=1.0)
    run("normal_", [2, 5], 0, I.normal_, True, mean=0.5, std=2.0)
    run("normal_", [40], 2, I.normal_, True, dtype=torch.float64, mean=0.0, std=1.0)
    run("normal_", [6, 7], 3, I.normal_, False, rtol=1e-5, mean=1.0, std=0.1)
    run("xavier_uniform_", [5, 7], 4, I.xavier_uniform_, True, gain=2.0)
    run("xavier_uniform_", [4, 3, 3, 3], 4, I.xavier_uniform_, True)
    run("xavier_normal_", [3, 4], 5, I.xavier_normal_, True, gain=1.5)
    run("kaiming_uniform_", [6, 5], 6, I.kaiming_uniform_, True, mode="fan_out", nonlinearity="relu")
    run("kaiming_uniform_", [8, 3, 2, 2], 6, I.kaiming_uniform_, True, a=0.2)
    run("kaiming_normal_", [3, 5], 7, I.kaiming_normal_, True, mode="fan_in", nonlinearity="relu")
    run("kaiming_normal_", [64], 7, lambda t, **k: I.kaiming_normal_(t.view(8, 8), **k), False, rtol=1e-5,
        nonlinearity="tanh")
    run("trunc_normal_", [3, 4], 8, I.trunc_normal_, False, rtol=1e-5, mean=0.5, std=2.0, a=-1.0, b=3.0)
    run("trunc_normal_", [50], 8, I.trunc_normal_, False, rtol=1e-5, std=0.02)
    run("constant_", [2, 3], 0, I.constant_, True, val=0.3)
    run("ones_", [4], 0, I.ones_, True)
    run("zeros_", [4], 0, I.zeros_, True)
    run("eye_", [3, 5], 0, I.eye_, True)
    run("dirac_", [4, 2, 3, 3], 0, I.dirac_, True, groups=2)
    run("dirac_", [3, 5, 3], 0, I.dirac_, True)
    run("orthogonal_", [6, 4], 9, I.orthogonal_, False, rtol=1e-4, gain=1.0)
    run("orthogonal_", [3, 5], 10, I.orthogonal_, False, rtol=1e-4, gain=2.0)
    run("orthogonal_", [4, 2, 2], 11, I.orthogonal_, False, rtol=1e-4)
    gains = {name: I.calculate_gain(name) for name in
             ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
              "sigmoid", "tanh", "relu", "leaky_relu", "selu"]}
    gains["leaky_relu(0.2)"] = I.calculate_gain("leaky_relu", 0.2)
    gains["leaky_relu(sqrt5)"] = I.calculate_gain("leaky_relu", math.sqrt(5))
    torch.manual_seed(0)
    sp = torch.empty(10, 6)
    I.sparse_(sp, sparsity=0.3)
    write("init.json", {"records": records, "gains": gains,
                        "sparse": {"shape": [10, 6], "sparsity": 0.3, "zeros_per_column": [int((sp[:, j] == 0).sum()) for j in range(6)]}})


# ---------------------------------------------------------------- optimizers

OPTIMIZER_CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, momentum=0.9, maximize=True)),
    ("Adam", dict(lr=0.1)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("Adam", dict(lr=0.1, amsgrad=True)),
    ("Adam", dict(lr=0.05, maximize=True)),
    ("AdamW", dict(lr=0.1)),
    ("AdamW", dict(lr=0.1, weight_decay=0.1, amsgrad=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.001, alpha=0.9, eps=1e-6, momentum=0.5)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.1)),
]


def optimizers():
    steps = 6
    gen = torch.Generator().manual_seed(1234)
    p0 = torch.randn(2, 3, generator=gen)
    grads = [torch.randn(2, 3, generator=gen) for _ in range(steps)]
    grads[3][0, 1] = 0.0  # a zero gradient entry still moves momentum/Adam
    cases = []
    for dtype in (torch.float32, torch.float64):
        for name, kwargs in OPTIMIZER_CASES:
            p = torch.nn.Parameter(p0.clone().to(dtype))
            opt = getattr(torch.optim, name)([p], **kwargs)
            traj = []
            for g in grads:
                p.grad = g.clone().to(dtype)
                opt.step()
                traj.append(_values(p))
            kw = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
            cases.append({"optimizer": name, "kwargs": kw, "dtype": str(dtype).replace("torch.", ""),
                          "trajectory": traj})
    # Param groups: a backbone with a smaller lr, a head, and a frozen parameter (no grad) left untouched.
    backbone = torch.nn.Parameter(p0.clone())
    head = torch.nn.Parameter(p0.clone() * 2)
    frozen = torch.nn.Parameter(p0.clone() * 3, requires_grad=False)
    opt = torch.optim.SGD([{"params": [backbone], "lr": 0.01}, {"params": [head, frozen]}], lr=0.1, momentum=0.9)
    groups = []
    for g in grads:
        backbone.grad = g.clone()
        head.grad = -g.clone()
        opt.step()
        groups.append({"backbone": _values(backbone), "head": _values(head), "frozen": _values(frozen)})
    # Optimizers driven by schedulers: lr and momentum/beta1 change every step.
    driven = []
    for name, kwargs, expr in [("SGD", dict(lr=0.1, momentum=0.9), "OneCycleLR(opt, max_lr=0.5, total_steps=6)"),
                               ("Adam", dict(lr=0.01), "CyclicLR(opt, base_lr=0.001, max_lr=0.01, step_size_up=2)"),
                               ("AdamW", dict(lr=0.01), "CosineAnnealingLR(opt, T_max=4)")]:
        p = torch.nn.Parameter(p0.clone())
        opt = getattr(torch.optim, name)([p], **kwargs)
        sched = eval(expr, {**vars(S), "opt": opt})
        traj = []
        for g in grads:
            p.grad = g.clone()
            opt.step()
            sched.step()
            traj.append(_values(p))
        driven.append({"optimizer": name, "kwargs": kwargs, "scheduler": expr.replace("opt, ", ""), "trajectory": traj})
    write("optimizers.json", {"p0": _values(p0), "shape": [2, 3], "grads": [_values(g) for g in grads],
                              "cases": cases, "groups": groups, "driven": driven})


# ---------------------------------------------------------------- losses

def losses():
    import torch.nn.functional as F
    gen = torch.Generator().manual_seed(99)
    x = torch.randn(4, 5, generator=gen)
    y = torch.randn(4, 5, generator=gen)
    y[0, 0] = x[0, 0] + 1.0  # exactly at the smooth-l1/huber kink
    logits = torch.randn(6, 4, generator=gen)
    classes = torch.tensor([0, 3, 1, 2, 3, -100])
    cweight = torch.tensor([0.5, 1.0, 2.0, 1.5])
    probs_target = torch.softmax(torch.randn(6, 4, generator=gen), dim=1)
    p = torch.sigmoid(torch.randn(3, 4, generator=gen))
    b = (torch.rand(3, 4, generator=gen) > 0.5).float()
    z = torch.randn(3, 4, generator=gen) * 4
    pw = torch.tensor([1.0, 2.0, 0.5, 3.0])
    bw = torch.rand(3, 4, generator=gen)
    seg = torch.randn(2, 3, 2, 2, generator=gen)
    seg_t = torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])
    cases = []

    def case(name, fn, inp, tgt, extra=None, **kw):
        inp = inp.clone().requires_grad_(True)
        for reduction in ("mean", "sum", "none"):
            if inp.grad is not None:
                inp.grad = None
            out = fn(inp, tgt, reduction=reduction, **kw)
            out.sum().backward()
            cases.append({"loss": name, "reduction": reduction, "kwargs": {k: v for k, v in kw.items()
                                                                          if not isinstance(v, torch.Tensor)},
                          "tensors": extra or {}, "input": _values(inp), "input_shape": list(inp.shape),
                          "target": _values(tgt), "target_shape": list(tgt.shape),
                          "target_dtype": str(tgt.dtype).replace("torch.", ""),
                          "value": _values(out), "grad": _values(inp.grad)})

    case("mse", F.mse_loss, x, y)
    case("l1", F.l1_loss, x, y)
    case("smooth_l1", F.smooth_l1_loss, x, y)
    case("smooth_l1", F.smooth_l1_loss, x, y, beta=0.5)
    case("huber", F.huber_loss, x, y)
    case("huber", F.huber_loss, x, y, delta=0.7)
    case("cross_entropy", F.cross_entropy, logits, classes)
    case("cross_entropy", F.cross_entropy, logits, classes, extra={"weight": _values(cweight)}, weight=cweight)
    case("cross_entropy", F.cross_entropy, logits, classes, label_smoothing=0.1)
    case("cross_entropy", F.cross_entropy, logits, classes, extra={"weight": _values(cweight)}, weight=cweight,
         label_smoothing=0.2)
    case("cross_entropy", F.cross_entropy, logits, probs_target)
    case("cross_entropy", F.cross_entropy, logits, probs_target, extra={"weight": _values(cweight)}, weight=cweight,
         label_smoothing=0.1)
    case("cross_entropy", F.cross_entropy, seg, seg_t)
    case("nll", F.nll_loss, torch.log_softmax(logits, 1), classes)
    case("nll", F.nll_loss, torch.log_softmax(logits, 1), classes, extra={"weight": _values(cweight)}, weight=cweight)
    case("bce", F.binary_cross_entropy, p, b)
    case("bce", F.binary_cross_entropy, p, b, extra={"weight": _values(bw)}, weight=bw)
    case("bce_with_logits", F.binary_cross_entropy_with_logits, z, b)
    case("bce_with_logits", F.binary_cross_entropy_with_logits, z, b, extra={"pos_weight": _values(pw)}, pos_weight=pw)
    case("bce_with_logits", F.binary_cross_entropy_with_logits, z, b, extra={"weight": _values(bw)}, weight=bw)
    write("losses.json", {"cases": cases})


# ---------------------------------------------------------------- modules

def modules():
    import torch.nn as nn
    records = []
    gen = torch.Generator().manual_seed(5)
    # An MLP with torch's default init (seed 0), forward + backward of a cross-entropy loss.
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3))
    x = torch.randn(5, 6, generator=gen)
    t = torch.tensor([0, 2, 1, 1, 0])
    out = mlp(x)
    loss = nn.functional.cross_entropy(out, t)
    loss.backward()
    records.append({"module": "mlp", "seed": 0, "input": _values(x), "input_shape": [5, 6], "target": t.tolist(),
                    "output": _values(out), "loss": float(loss),
                    "grads": {n: _values(p.grad) for n, p in mlp.named_parameters()},
                    "params": {n: _values(p) for n, p in mlp.named_parameters()}})
    # A small CNN: conv (seed 1), BatchNorm2d in training for two batches, then eval; flatten + linear.
    torch.manual_seed(1)
    cnn = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 4 * 4, 2))
    xb1 = torch.randn(4, 2, 4, 4, generator=gen)
    xb2 = torch.randn(4, 2, 4, 4, generator=gen) * 2 + 1
    out1 = cnn(xb1)
    out1.sum().backward()
    out2 = cnn(xb2)
    bn = cnn[1]
    cnn.eval()
    out3 = cnn(xb1)
    records.append({"module": "cnn", "seed": 1, "inputs": [_values(xb1), _values(xb2)], "input_shape": [4, 2, 4, 4],
                    "outputs": [_values(out1), _values(out2), _values(out3)],
                    "grads": {n: _values(p.grad) for n, p in cnn.named_parameters()},
                    "running_mean": _values(bn.running_mean), "running_var": _values(bn.running_var),
                    "num_batches_tracked": int(bn.num_batches_tracked)})
    # BatchNorm1d on [N, C] and [N, C, L], momentum None (cumulative average).
    bn1 = nn.BatchNorm1d(3, momentum=None)
    a = torch.randn(6, 3, generator=gen)
    b2 = torch.randn(6, 3, generator=gen) + 3
    ya = bn1(a)
    yb = bn1(b2)
    bn1.eval()
    yc = bn1(a)
    records.append({"module": "batchnorm1d", "inputs": [_values(a), _values(b2)], "input_shape": [6, 3],
                    "outputs": [_values(ya), _values(yb), _values(yc)],
                    "running_mean": _values(bn1.running_mean), "running_var": _values(bn1.running_var)})
    # Conv2d with stride, padding, dilation and groups; loss = sum(out²) so weight gradients see the output.
    torch.manual_seed(3)
    conv = nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
    xc = torch.randn(2, 4, 7, 6, generator=gen).requires_grad_(True)
    oc = conv(xc)
    (oc * oc).sum().backward()
    records.append({"module": "conv_variants", "seed": 3, "input": _values(xc), "input_shape": [2, 4, 7, 6],
                    "output": _values(oc), "output_shape": list(oc.shape), "input_grad": _values(xc.grad),
                    "grads": {n: _values(p.grad) for n, p in conv.named_parameters()}})
    # BatchNorm1d without affine on [N, C, L]; BatchNorm2d without running statistics (eval keeps batch stats).
    bn3 = nn.BatchNorm1d(3, affine=False)
    s1 = torch.randn(4, 3, 5, generator=gen)
    y1 = bn3(s1)
    bn3.eval()
    y2 = bn3(s1)
    records.append({"module": "batchnorm1d_nc_l", "inputs": [_values(s1)], "input_shape": [4, 3, 5],
                    "outputs": [_values(y1), _values(y2)], "running_mean": _values(bn3.running_mean),
                    "running_var": _values(bn3.running_var)})
    bn4 = nn.BatchNorm2d(2, track_running_stats=False)
    s2 = torch.randn(3, 2, 2, 3, generator=gen)
    z1 = bn4(s2)
    bn4.eval()
    z2 = bn4(s2)
    records.append({"module": "batchnorm2d_no_stats", "inputs": [_values(s2)], "input_shape": [3, 2, 2, 3],
                    "outputs": [_values(z1), _values(z2)]})
    write("modules.json", {"records": records,
                           "named_parameters": [n for n, _ in cnn.named_parameters()],
                           "named_buffers": [n for n, _ in cnn.named_buffers()]})


SECTIONS = {"schedulers": schedulers, "init": init, "optimizers": optimizers, "losses": losses, "modules": modules}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(SECTIONS)
    for name in wanted:
        SECTIONS[name]()
