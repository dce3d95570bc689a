"""Record PyTorch's Adafactor and Muon trajectories for tests/test_optim_factored_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_optim_factored_fixtures.py

It writes tests/data/optim_factored.npz: the problem's data and starting parameters; per
case its options (JSON), the loss each step returned, the parameters after each step and
the final state of every parameter (PyTorch's keys). Adafactor's parameters have shapes
(3, 5), (5,), (5, 1), () and (2, 3, 4) (factored over the last two dims); Muon's, the 2-d
ones: (3, 5), (5, 1) and (6, 4). Cases: the defaults, other options, maximize, two param
groups, and a StepLR schedule stepped after every update.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "optim_factored.npz"
rng = np.random.default_rng(7)
DATA = {
    "x": rng.standard_normal((16, 3)),
    "y": rng.standard_normal((16, 1)),
    "z": rng.standard_normal((5, 6)),
    "target": rng.standard_normal((2, 3, 4)),
    "w1": 0.5 * rng.standard_normal((3, 5)),
    "b1": 0.1 * rng.standard_normal(5),
    "w2": 0.5 * rng.standard_normal((5, 1)),
    "scale": np.array(1.3),
    "k": rng.standard_normal((2, 3, 4)),
    "m": 0.3 * rng.standard_normal((6, 4)),
}
NAMES = {"Adafactor": ["w1", "b1", "w2", "scale", "k"], "Muon": ["w1", "w2", "m"]}


def loss_fn(p, dtype):
    """The mean squared error of a small network plus two terms for k and m."""
    t = {n: torch.tensor(DATA[n], dtype=dtype) for n in DATA}
    t.update(p)
    h = (t["x"] @ t["w1"] + t["b1"]).tanh()
    loss = ((h @ t["w2"] * t["scale"] - t["y"]) ** 2).mean()
    loss = loss + ((t["k"].tanh() - t["target"]) ** 2).mean()
    return loss + ((t["z"] @ t["m"]).sin() ** 2).mean()


def _cases():
    variants = {
        "Adafactor": [
            {},
            dict(lr=0.05, beta2_decay=-0.5, eps=(1e-20, 1e-2), d=1.1, weight_decay=0.1),
            dict(lr=0.02, eps=(1e-6, 1e-3), d=1.0, maximize=True),
        ],
        "Muon": [
            {},
            dict(lr=0.02, weight_decay=0.01, momentum=0.9, nesterov=False),
            dict(lr=0.01, adjust_lr_fn="match_rms_adamw", ns_steps=3, eps=1e-5),
            dict(lr=0.02, ns_coefficients=(2.0, -1.5, 0.5), adjust_lr_fn="original"),
        ],
    }
    cases = {}
    for opt, kws in variants.items():
        for i, kw in enumerate(kws):
            for dtype in ("float64", "float32"):
                cases[f"{opt.lower()}_{i}_{dtype}"] = dict(
                    opt=opt, kw=kw, dtype=dtype, steps=25, negate=bool(kw.get("maximize"))
                )
        cases[f"{opt.lower()}_groups_float64"] = dict(
            opt=opt, kw={}, dtype="float64", steps=20, groups=True, negate=False
        )
        cases[f"{opt.lower()}_steplr_float64"] = dict(
            opt=opt, kw=dict(lr=0.04), dtype="float64", steps=20, negate=False, steplr=[4, 0.5]
        )
    return cases


CASES = _cases()


def run(case):
    dtype = getattr(torch, case["dtype"])
    torch.set_default_dtype(dtype)  # PyTorch keeps scalar state in the default dtype
    names = NAMES[case["opt"]]
    params = {n: torch.tensor(DATA[n], dtype=dtype, requires_grad=True) for n in names}
    plist = list(params.values())
    cls = getattr(torch.optim, case["opt"])
    kw = dict(case["kw"])
    if case.get("groups"):
        opt = cls([{"params": plist[:2]}, {"params": plist[2:], "lr": 0.03}], **kw)
    else:
        opt = cls(plist, **kw)
    sched = None
    if case.get("steplr"):
        step_size, gamma = case["steplr"]
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma)
    sign = -1.0 if case["negate"] else 1.0
    losses, trajectory = [], []
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = sign * loss_fn(params, dtype)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        losses.append(float(loss))
        trajectory.append(np.concatenate([p.detach().numpy().ravel() for p in plist]))
    keys = sorted(opt.state[plist[0]])
    state = {}
    for p in plist:
        for k, v in opt.state[p].items():
            state.setdefault(k, []).append(np.asarray(v, dtype=np.float64).ravel())
    state = {k: np.concatenate(v) for k, v in state.items()}
    torch.set_default_dtype(torch.float32)
    return np.array(losses), np.array(trajectory), keys, state


def main():
    arrays = {f"data.{k}": v for k, v in DATA.items()}
    for name, case in CASES.items():
        losses, trajectory, keys, state = run(case)
        arrays[f"{name}.config"] = np.array(json.dumps(dict(case, state_keys=keys)))
        arrays[f"{name}.losses"] = losses
        arrays[f"{name}.params"] = trajectory
        for k, value in state.items():
            arrays[f"{name}.state.{k}"] = value
        print(f"{name}: losses {losses[0]:.6g} -> {losses[-1]:.6g}, state {sorted(state)}")
    arrays["cases"] = np.array(json.dumps(list(CASES)))
    arrays["names"] = np.array(json.dumps(NAMES))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, torch {torch.__version__})")


if __name__ == "__main__":
    main()
