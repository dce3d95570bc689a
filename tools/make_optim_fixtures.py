"""Record PyTorch's Adadelta and LBFGS trajectories for tests/test_optim_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_optim_fixtures.py

It writes tests/data/optim.npz: the problems' data and starting parameters, and per case
the optimizer's options (JSON), the loss each step returned, the parameters after each
step and, for LBFGS, the closure-call and iteration counters. All float64.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "optim.npz"
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
DATA = {
    "x": rng.standard_normal((16, 3)),
    "y": rng.standard_normal((16, 1)),
    "w1": 0.5 * rng.standard_normal((3, 5)),
    "b1": 0.1 * rng.standard_normal(5),
    "w2": 0.5 * rng.standard_normal((5, 1)),
    "b2": np.zeros(1),
    "rosen": np.array([-1.5, 2.0]),
}


def mlp_loss(params):
    w1, b1, w2, b2 = params
    x, y = torch.tensor(DATA["x"]), torch.tensor(DATA["y"])
    return (((x @ w1 + b1).tanh() @ w2 + b2 - y) ** 2).mean()


def rosenbrock(params):
    (p,) = params
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


PROBLEMS = {"mlp": (["w1", "b1", "w2", "b2"], mlp_loss), "rosen": (["rosen"], rosenbrock)}

CASES = {
    "adadelta_default": dict(opt="Adadelta", problem="mlp", steps=40, kw={}),
    "adadelta_options": dict(
        opt="Adadelta",
        problem="mlp",
        steps=40,
        kw=dict(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1),
    ),
    "adadelta_maximize": dict(
        opt="Adadelta", problem="mlp", steps=20, kw=dict(maximize=True), negate=True
    ),
    "adadelta_groups": dict(opt="Adadelta", problem="mlp", steps=20, kw={}, groups=True),
    "lbfgs_fixed_steps": dict(opt="LBFGS", problem="mlp", steps=4, kw=dict(lr=0.5)),
    # 3 steps (60 iterations): later, near the optimum, the last bits of the two
    # libraries' sums (dot products, tanh) are amplified past 1e-9
    "lbfgs_strong_wolfe": dict(
        opt="LBFGS", problem="mlp", steps=3, kw=dict(line_search_fn="strong_wolfe")
    ),
    "lbfgs_short_history": dict(
        opt="LBFGS",
        problem="mlp",
        steps=5,
        kw=dict(lr=0.8, max_iter=7, max_eval=9, history_size=3, tolerance_change=1e-12),
    ),
    "lbfgs_rosenbrock_wolfe": dict(
        opt="LBFGS", problem="rosen", steps=6, kw=dict(line_search_fn="strong_wolfe")
    ),
    "lbfgs_rosenbrock_fixed": dict(
        opt="LBFGS", problem="rosen", steps=3, kw=dict(lr=0.05, max_iter=10, history_size=4)
    ),
}


def run(case):
    names, loss_fn = PROBLEMS[case["problem"]]
    params = [torch.tensor(DATA[n], requires_grad=True) for n in names]
    cls = getattr(torch.optim, case["opt"])
    if case.get("groups"):
        groups = [{"params": params[:2]}, {"params": params[2:], "lr": 0.3, "rho": 0.5}]
        opt = cls(groups, **case["kw"])
    else:
        opt = cls(params, **case["kw"])
    sign = -1.0 if case.get("negate") else 1.0

    def closure():
        opt.zero_grad()
        loss = sign * loss_fn(params)
        loss.backward()
        return loss

    losses, trajectory, counters = [], [], []
    for _ in range(case["steps"]):
        losses.append(float(opt.step(closure)))
        trajectory.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
        if case["opt"] == "LBFGS":
            s = opt.state[params[0]]
            counters.append([s["func_evals"], s["n_iter"]])
    return np.array(losses), np.array(trajectory), np.array(counters)


def main():
    arrays = {f"data.{k}": v for k, v in DATA.items()}
    for name, case in CASES.items():
        losses, trajectory, counters = run(case)
        arrays[f"{name}.config"] = np.array(json.dumps(case))
        arrays[f"{name}.losses"] = losses
        arrays[f"{name}.params"] = trajectory
        arrays[f"{name}.counters"] = counters
        print(f"{name}: losses {losses[0]:.6g} -> {losses[-1]:.6g}", counters[-1:].tolist())
    arrays["cases"] = np.array(json.dumps(list(CASES)))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, torch {torch.__version__})")


if __name__ == "__main__":
    main()
