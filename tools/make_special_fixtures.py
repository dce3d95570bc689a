"""Record PyTorch's torch.special at the points of tests/special_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_special_fixtures.py

It writes tests/data/special_pytorch.npz: "<name>.float64" (the values at the points) and
"<name>.float32" (at the points rounded to float32, computed in float64 and rounded once,
which is what graphgrad computes: PyTorch's float kernels lose more digits, 4e-4 relative
for airy_ai of large negative arguments), "grad.<name>" (the gradient of the sum,
float64) and, for two-argument functions, "grad.<name>.<i>" for each differentiated input;
"multigammaln" and "grad.multigammaln".
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "special_pytorch.npz"

import special_cases as cases  # noqa: E402

S = torch.special


def main() -> None:
    out: dict[str, np.ndarray] = {}

    def record(name, fn, *points):
        out[f"{name}.float64"] = fn(*[torch.tensor(p, dtype=torch.float64) for p in points]).numpy()
        rounded = [torch.tensor(p.astype(np.float32)).double() for p in points]
        out[f"{name}.float32"] = fn(*rounded).float().numpy()

    for name, x in cases.UNARY.items():
        record(name, getattr(S, name), x)
    for name, (a, b) in cases.BINARY.items():
        record(name, getattr(S, name), a, b)
    for name in cases.POLYNOMIALS:
        x, n = cases.SHIFTED_POINTS if name.startswith("shifted") else cases.POLY_POINTS
        record(name, getattr(S, name), x, n)
    for name, x in cases.GRAD_UNARY.items():
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        getattr(S, name)(t).sum().backward()
        out[f"grad.{name}"] = t.grad.numpy()
    for name, (a, b, which) in cases.GRAD_BINARY.items():
        ts = [
            torch.tensor(v, dtype=torch.float64, requires_grad=i in which)
            for i, v in enumerate((a, b))
        ]
        getattr(S, name)(*ts).sum().backward()
        for i in which:
            out[f"grad.{name}.{i}"] = ts[i].grad.numpy()
    x, p = cases.MULTIGAMMALN
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = S.multigammaln(t, p)
    y.sum().backward()
    out["multigammaln"] = y.detach().numpy()
    out["grad.multigammaln"] = t.grad.numpy()
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT} ({len(out)} arrays, PyTorch {torch.__version__})")


if __name__ == "__main__":
    main()
