"""Record PyTorch's NAdam, RAdam, Adamax, Rprop and ASGD trajectories and its learning-rate
schedules for tests/test_optim_extra_pytorch.py and tests/test_lr_scheduler_extra.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_optim_extra_fixtures.py

It writes tests/data/optim_extra.npz: the problem's data and starting parameters; per
optimizer case its options (JSON), the loss each step returned, the parameters after each
step, and the state keys and final state of every parameter; per schedule case the
rates (``get_last_lr()``) and, where the schedule cycles momentum, the first group's
momentum or beta1 after construction and after every step; and, for
tests/test_nn_utils_fusion.py, float32 conv / linear and BatchNorm parameters with
``torch.nn.utils.fuse_*_weights``' results.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "optim_extra.npz"
rng = np.random.default_rng(1)
DATA = {
    "x": rng.standard_normal((16, 3)),
    "y": rng.standard_normal((16, 1)),
    "w1": 0.5 * rng.standard_normal((3, 5)),
    "b1": 0.1 * rng.standard_normal(5),
    "w2": 0.5 * rng.standard_normal((5, 1)),
    "scale": np.array(1.3),  # a 0-d parameter
}
NAMES = ["w1", "b1", "w2", "scale"]


def loss_fn(params, dtype):
    w1, b1, w2, scale = params
    x = torch.tensor(DATA["x"], dtype=dtype)
    y = torch.tensor(DATA["y"], dtype=dtype)
    return (((x @ w1 + b1).tanh() @ w2 * scale - y) ** 2).mean()


def _opt_cases():
    cases = {}
    variants = {
        "NAdam": [
            {},
            dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1, momentum_decay=0.01),
            dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
            dict(lr=0.01, maximize=True),
        ],
        "RAdam": [
            {},
            dict(lr=0.01, betas=(0.8, 0.95), weight_decay=0.1, eps=1e-6),
            dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
            dict(lr=0.01, maximize=True),
        ],
        "Adamax": [
            {},
            dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.1, eps=1e-4),
            dict(lr=0.01, maximize=True),
        ],
        "Rprop": [
            {},
            dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2)),
            dict(lr=0.01, maximize=True),
        ],
        "ASGD": [
            {},
            dict(lr=0.05, lambd=1e-2, alpha=0.5, t0=4, weight_decay=0.1),
            dict(lr=0.02, t0=2, maximize=True),
        ],
    }
    for opt, kws in variants.items():
        for i, kw in enumerate(kws):
            for dtype in ("float64", "float32"):
                name = f"{opt.lower()}_{i}_{dtype}"
                cases[name] = dict(
                    opt=opt, kw=kw, dtype=dtype, steps=15, negate=bool(kw.get("maximize"))
                )
        cases[f"{opt.lower()}_groups_float64"] = dict(
            opt=opt, kw={}, dtype="float64", steps=10, groups=True, negate=False
        )
    return cases


OPT_CASES = _opt_cases()


def run_optimizer(case):
    dtype = getattr(torch, case["dtype"])
    torch.set_default_dtype(dtype)  # PyTorch keeps scalar state in the default dtype
    params = [torch.tensor(DATA[n], dtype=dtype, requires_grad=True) for n in NAMES]
    cls = getattr(torch.optim, case["opt"])
    kw = dict(case["kw"])
    if case.get("groups"):
        opt = cls([{"params": params[:2]}, {"params": params[2:], "lr": 0.03}], **kw)
    else:
        opt = cls(params, **kw)
    sign = -1.0 if case["negate"] else 1.0
    losses, trajectory = [], []
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = sign * loss_fn(params, dtype)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        trajectory.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    keys = sorted(opt.state[params[0]])
    state = {
        k: np.concatenate([np.asarray(opt.state[p][k], dtype=np.float64).ravel() for p in params])
        for k in keys
    }
    torch.set_default_dtype(torch.float32)
    return np.array(losses), np.array(trajectory), keys, state


# Edge values: an empty parameter, and gradients 0, +-inf, nan and tiny, two steps of each
# optimizer with its defaults (float64).
EDGE_GRAD = np.array([0.0, np.inf, -np.inf, np.nan, 1e-30, -2.0])


def run_edge(opt_name):
    torch.set_default_dtype(torch.float64)
    p = torch.tensor(np.linspace(-1.0, 1.0, 6), requires_grad=True)
    e = torch.zeros(0, requires_grad=True)
    opt = getattr(torch.optim, opt_name)([p, e])
    out = []
    for _ in range(2):
        p.grad = torch.tensor(EDGE_GRAD)
        e.grad = torch.zeros(0)
        opt.step()
        out.append(p.detach().numpy().copy())
    torch.set_default_dtype(torch.float32)
    return np.array(out)


# ------------------------------------------------------------------ schedules
S = torch.optim.lr_scheduler
SCHED_CASES = {
    "multiplicative": dict(steps=12, groups=2),
    "constant_default": dict(steps=8),
    "constant": dict(steps=8, kw=dict(factor=0.5, total_iters=3)),
    "polynomial_default": dict(steps=8),
    "polynomial": dict(steps=12, kw=dict(total_iters=8, power=2.0)),
    "warm_restarts": dict(steps=40, kw=dict(T_0=5, T_mult=2, eta_min=0.001)),
    "warm_restarts_mult1": dict(steps=20, kw=dict(T_0=6)),
    "warm_restarts_fractional": dict(epochs=[0.0, 0.5, 1.25, 4.9, 5.0, 7.5, 15.0, 16.2, 34.0]),
    "cyclic_triangular": dict(
        steps=30, opt="SGD", kw=dict(base_lr=0.01, max_lr=0.1, step_size_up=4)
    ),
    "cyclic_triangular2": dict(
        steps=30,
        opt="SGD",
        kw=dict(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, mode="triangular2"),
    ),
    "cyclic_exp_range": dict(
        steps=30,
        opt="SGD",
        kw=dict(base_lr=0.01, max_lr=0.1, step_size_up=4, mode="exp_range", gamma=0.95),
    ),
    "cyclic_adam_betas": dict(
        steps=20,
        opt="Adam",
        kw=dict(base_lr=0.001, max_lr=0.01, step_size_up=3, base_momentum=0.7, max_momentum=0.9),
    ),
    "cyclic_no_momentum": dict(
        steps=12,
        opt="Adagrad",
        kw=dict(base_lr=0.01, max_lr=0.1, step_size_up=2, cycle_momentum=False),
    ),
    "onecycle_cos": dict(steps=20, opt="SGD", kw=dict(max_lr=0.1, total_steps=20)),
    "onecycle_linear": dict(
        steps=30,
        opt="Adam",
        kw=dict(
            max_lr=0.05,
            epochs=3,
            steps_per_epoch=10,
            pct_start=0.25,
            anneal_strategy="linear",
            div_factor=10.0,
            final_div_factor=100.0,
        ),
    ),
    "onecycle_three_phase": dict(
        steps=25,
        opt="SGD",
        kw=dict(max_lr=0.2, total_steps=25, three_phase=True, base_momentum=0.8),
    ),
    "onecycle_no_momentum": dict(
        steps=10, opt="Adagrad", kw=dict(max_lr=0.1, total_steps=10, cycle_momentum=False)
    ),
    "chained": dict(steps=15),
    "sequential": dict(steps=15),
}


def _make_scheduler(name, opt, kw):
    if name == "multiplicative":
        return S.MultiplicativeLR(opt, [lambda e: 0.9, lambda e: 0.5 + 0.01 * e])
    if name.startswith("constant"):
        return S.ConstantLR(opt, **kw)
    if name.startswith("polynomial"):
        return S.PolynomialLR(opt, **kw)
    if name.startswith("warm_restarts"):
        return S.CosineAnnealingWarmRestarts(opt, **(kw or dict(T_0=5, T_mult=2)))
    if name.startswith("cyclic"):
        return S.CyclicLR(opt, **kw)
    if name.startswith("onecycle"):
        return S.OneCycleLR(opt, **kw)
    if name == "chained":
        return S.ChainedScheduler(
            [S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)]
        )
    if name == "sequential":
        return S.SequentialLR(
            opt,
            [S.ConstantLR(opt, factor=0.1, total_iters=2), S.PolynomialLR(opt, total_iters=6)],
            milestones=[3],
        )
    raise KeyError(name)


def _momentum(opt):
    group = opt.param_groups[0]
    return group["betas"][0] if "betas" in group else group.get("momentum", math.nan)


def run_schedule(name, case):
    w = torch.zeros(2, requires_grad=True)
    v = torch.zeros(2, requires_grad=True)
    cls = getattr(torch.optim, case.get("opt", "SGD"))
    extra = {"momentum": 0.9} if cls is torch.optim.SGD else {}
    if case.get("groups") == 2:
        opt = cls([{"params": [w]}, {"params": [v], "lr": 0.5}], lr=0.1, **extra)
    else:
        opt = cls([w], lr=0.1, **extra)
    sched = _make_scheduler(name, opt, case.get("kw", {}))
    lrs = [sched.get_last_lr()]
    momenta = [_momentum(opt)]
    if "epochs" in case:
        for epoch in case["epochs"]:
            opt.step()
            sched.step(epoch)
            lrs.append(sched.get_last_lr())
            momenta.append(_momentum(opt))
    else:
        for _ in range(case["steps"]):
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr())
            momenta.append(_momentum(opt))
    return np.array(lrs, dtype=np.float64), np.array(momenta, dtype=np.float64)


# ------------------------------------------------------------------ fusion
def fusion_arrays():
    """float32 inputs and PyTorch's fused weights and biases."""
    f32 = np.float32
    fuse = torch.nn.utils
    r = np.random.default_rng(2)
    inputs = {
        "conv_w": r.standard_normal((4, 3, 3, 3)).astype(f32),
        "convt_w": r.standard_normal((3, 4, 3, 3)).astype(f32),
        "conv_b": r.standard_normal(4).astype(f32),
        "linear_w": r.standard_normal((4, 5)).astype(f32),
        "rm": r.standard_normal(4).astype(f32),
        "rv": r.uniform(0.2, 3.0, 4).astype(f32),
        "bn_w": r.standard_normal(4).astype(f32),
        "bn_b": r.standard_normal(4).astype(f32),
        "rm1": r.standard_normal(1).astype(f32),
        "rv1": r.uniform(0.2, 3.0, 1).astype(f32),
        "bn_w1": r.standard_normal(1).astype(f32),
        "bn_b1": r.standard_normal(1).astype(f32),
    }
    t = {k: torch.tensor(v) for k, v in inputs.items()}
    eps = 1e-3
    out = {
        "conv": fuse.fuse_conv_bn_weights(
            t["conv_w"], t["conv_b"], t["rm"], t["rv"], eps, t["bn_w"], t["bn_b"]
        ),
        "conv_plain": fuse.fuse_conv_bn_weights(
            t["conv_w"], None, t["rm"], t["rv"], eps, None, None
        ),
        "convt": fuse.fuse_conv_bn_weights(
            t["convt_w"], t["conv_b"], t["rm"], t["rv"], eps, t["bn_w"], t["bn_b"], True
        ),
        "linear": fuse.fuse_linear_bn_weights(
            t["linear_w"], t["conv_b"], t["rm"], t["rv"], eps, t["bn_w"], t["bn_b"]
        ),
        "linear_one": fuse.fuse_linear_bn_weights(
            t["linear_w"], None, t["rm1"], t["rv1"], eps, t["bn_w1"], t["bn_b1"]
        ),
    }
    arrays = {f"fuse.in.{k}": v for k, v in inputs.items()}
    for name, (w, b) in out.items():
        arrays[f"fuse.out.{name}.w"] = w.detach().numpy()
        arrays[f"fuse.out.{name}.b"] = b.detach().numpy()
    return arrays


def main():
    arrays = {f"data.{k}": v for k, v in DATA.items()}
    arrays.update(fusion_arrays())
    for name, case in OPT_CASES.items():
        losses, trajectory, keys, state = run_optimizer(case)
        case = dict(case, state_keys=keys)
        arrays[f"{name}.config"] = np.array(json.dumps(case))
        arrays[f"{name}.losses"] = losses
        arrays[f"{name}.params"] = trajectory
        for k, value in state.items():
            arrays[f"{name}.state.{k}"] = value
        print(f"{name}: losses {losses[0]:.6g} -> {losses[-1]:.6g}, state {keys}")
    arrays["optimizer_cases"] = np.array(json.dumps(list(OPT_CASES)))
    arrays["edge.grad"] = EDGE_GRAD
    for opt_name in ("NAdam", "RAdam", "Adamax", "Rprop", "ASGD"):
        arrays[f"edge.{opt_name}"] = run_edge(opt_name)
    for name, case in SCHED_CASES.items():
        lrs, momenta = run_schedule(name, case)
        arrays[f"sched.{name}.config"] = np.array(json.dumps(case))
        arrays[f"sched.{name}.lrs"] = lrs
        arrays[f"sched.{name}.momenta"] = momenta
        print(f"sched {name}: {lrs[:4, 0].round(5).tolist()} ... {lrs[-1, 0]:.5g}")
    arrays["schedule_cases"] = np.array(json.dumps(list(SCHED_CASES)))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, torch {torch.__version__})")


if __name__ == "__main__":
    main()
