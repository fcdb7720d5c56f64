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
OUT = os.path.join(ROOT, "Tests", "DLEnvNNTests", "Goldens")


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
    write("schedulers.json", {"cases": cases, "errors": errors,
                              "semantics": "value i is the lr in force for step i: recorded, then optimizer.step(), "
                                           "then scheduler.step() (with metrics[i] for ReduceLROnPlateau)"})


SECTIONS = {"schedulers": schedulers}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(SECTIONS)
    for name in wanted:
        SECTIONS[name]()
