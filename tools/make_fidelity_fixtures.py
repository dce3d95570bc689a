"""Record PyTorch's answers at edge values for tests/test_fidelity_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_fidelity_fixtures.py

It writes tests/data/fidelity_pytorch.npz. Norms at the zero vector: for each function
(vector_norm, linalg.norm, Tensor.norm, F.normalize), p and upstream value u, the input
"x" (a zero row and a row with a zero element), the output "y", the gradient "gx" for an
upstream gradient full of u, and the gradients of gx.sum() with respect to x and to the
upstream gradient ("hx", "hg": double backward; zeros where PyTorch has none).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "fidelity_pytorch.npz"
X = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, -2.0]])
NORMS = {
    "vector_norm": lambda x, p: torch.linalg.vector_norm(x, p, dim=1),
    "linalg_norm": lambda x, p: torch.linalg.norm(x, p, dim=1, keepdim=True),
    "tensor_norm": lambda x, p: x.norm(p, dim=1),
    "normalize": lambda x, p: F.normalize(x, p, dim=1),
}
PS = {"1": 1.0, "2": 2.0, "inf": float("inf"), "0.5": 0.5, "3": 3.0}
UPSTREAM = {"one": 1.0, "nan": float("nan"), "inf": float("inf")}


def _dense(t: torch.Tensor | None, like: torch.Tensor) -> np.ndarray:
    """PyTorch's gradient as an array: zeros where it has none (or an efficient zero)."""
    if t is None or t._is_zerotensor():
        return np.zeros(tuple(like.shape))
    return t.detach().numpy().copy()


def norms() -> dict:
    """The norm cases: name/p/upstream -> x, y, gx, hx, hg."""
    out = {}
    for name, fn in NORMS.items():
        for pname, p in PS.items():
            for uname, u in UPSTREAM.items():
                x = torch.tensor(X, requires_grad=True)
                y = fn(x, p)
                gy = torch.full(y.shape, u, dtype=torch.float64, requires_grad=True)
                (gx,) = torch.autograd.grad(y, x, gy, create_graph=True)
                hx, hg = torch.autograd.grad(gx.sum(), (x, gy), allow_unused=True)
                key = f"norm/{name}/{pname}/{uname}"
                out[f"{key}/y"] = y.detach().numpy()
                out[f"{key}/gx"] = gx.detach().numpy()
                out[f"{key}/hx"] = _dense(hx, x)
                out[f"{key}/hg"] = _dense(hg, gy)
    return out


def main() -> None:
    """Write the fixture file."""
    torch.set_default_dtype(torch.float64)
    data = {"x": X, **norms()}
    np.savez_compressed(OUT, **data)
    print(f"wrote {OUT} ({len(data)} arrays)")


if __name__ == "__main__":
    main()
