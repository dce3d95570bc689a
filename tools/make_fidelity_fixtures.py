"""Record PyTorch's answers at edge values for tests/test_fidelity_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_fidelity_fixtures.py

It writes tests/data/fidelity_pytorch.npz. Norms at the zero vector: for each function
(vector_norm, linalg.norm, Tensor.norm, F.normalize), p and upstream value u, the input
"x" (a zero row and a row with a zero element), the output "y", the gradient "gx" for an
upstream gradient full of u, and the gradients of gx.sum() with respect to x and to the
upstream gradient ("hx", "hg": double backward; zeros where PyTorch has none).
Tensor methods of the older linalg names: "linalg/<case>/out" and "linalg/<case>/grad"
(of the sum of the output's cubes, so a wrong sign shows), for the inputs "linalg/A"
(symmetric positive-definite), "linalg/L" (its Cholesky factor), "linalg/B", "linalg/R".
Max pooling without indices at ties, NaNs and -inf: "pool/<case>/x", "/y" and "/grad"
(for an upstream gradient 1, 2, 3, ... over the output), "/back" (the gradient of
sum(grad * v) with respect to that upstream gradient, v = 1, 2, 3, ... over the input:
the double backward reads v at each window's chosen index).
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


LINALG = {  # case: (function of the inputs A, L, B, R, which input is differentiated)
    "cholesky": (lambda A, L, B, R: A.cholesky(), "A"),
    "cholesky_upper": (lambda A, L, B, R: A.cholesky(upper=True), "A"),
    "cholesky_solve": (lambda A, L, B, R: B.cholesky_solve(L), "L"),
    "cholesky_solve_b": (lambda A, L, B, R: B.cholesky_solve(L), "B"),
    "cholesky_solve_upper": (lambda A, L, B, R: B.cholesky_solve(L.mT, upper=True), "L"),
    "cholesky_inverse": (lambda A, L, B, R: L.cholesky_inverse(), "L"),
    "cholesky_inverse_upper": (lambda A, L, B, R: L.mT.cholesky_inverse(upper=True), "L"),
    "svd_s": (lambda A, L, B, R: R.svd().S, "R"),
    "svd_usv": (lambda A, L, B, R: (lambda u, s, v: u @ torch.diag(s) @ v.mT)(*R.svd()), "R"),
    "qr_r_abs": (lambda A, L, B, R: R.qr().R.abs(), "R"),
}


def linalg() -> dict:
    """The Tensor-method cases: outputs and gradients."""
    rng = np.random.default_rng(0)
    m = rng.normal(size=(3, 3))
    a = m @ m.T + 3 * np.eye(3)
    arrays = {"A": a, "L": np.linalg.cholesky(a), "B": rng.normal(size=(3, 2))}
    arrays["R"] = rng.normal(size=(4, 3))
    out = {f"linalg/{k}": v for k, v in arrays.items()}
    for case, (fn, wrt) in LINALG.items():
        ts = {k: torch.tensor(v, requires_grad=k == wrt) for k, v in arrays.items()}
        y = fn(ts["A"], ts["L"], ts["B"], ts["R"])
        (y**3).sum().backward()
        out[f"linalg/{case}/out"] = y.detach().numpy()
        out[f"linalg/{case}/grad"] = ts[wrt].grad.numpy()
    return out


NAN, INF = float("nan"), float("inf")
X4 = [[1.0, 1.0, 0.0, 2.0], [1.0, 0.0, 2.0, 2.0], [0.0, 0.0, NAN, 3.0], [0.0, 0.0, 3.0, NAN]]
X1 = [1.0, 1.0, 0.0, 2.0, NAN, NAN, 3.0, 3.0, 3.0]
POOL = {  # case: (input, function of the input and F)
    "2d_k2": ([[X4]], lambda t, F: F.max_pool2d(t, 2)),
    "2d_k3_s1": ([[X4]], lambda t, F: F.max_pool2d(t, 3, 1)),
    "2d_k2_s1_p1": ([[X4]], lambda t, F: F.max_pool2d(t, 2, 1, 1)),
    "2d_dilation": ([[X4]], lambda t, F: F.max_pool2d(t, 2, 1, 0, 2)),
    "2d_ceil": ([[X4]], lambda t, F: F.max_pool2d(t, 3, 2, ceil_mode=True)),
    "2d_unbatched": ([X4], lambda t, F: F.max_pool2d(t, 2, 1)),
    "2d_zeros": ([[[[0.0] * 4] * 4] * 2], lambda t, F: F.max_pool2d(t, 2, 1)),
    "2d_minus_inf_pad": ([[[[-INF] * 3] * 3]], lambda t, F: F.max_pool2d(t, 3, 1, 1)),
    "2d_nan_pair": ([[[[0.0, NAN], [NAN, 0.0]]]], lambda t, F: F.max_pool2d(t, 2)),
    "1d_k3": ([[X1]], lambda t, F: F.max_pool1d(t, 3)),
    "1d_k2_s1_p1": ([[X1]], lambda t, F: F.max_pool1d(t, 2, 1, 1)),
    "1d_dilation": ([[[NAN, 0.0, NAN, 0.0, 1.0, 1.0]]], lambda t, F: F.max_pool1d(t, 2, 1, 0, 2)),
    "adaptive_2d": ([[X4]], lambda t, F: F.adaptive_max_pool2d(t, 3)),
    "adaptive_1d": ([[X1]], lambda t, F: F.adaptive_max_pool1d(t, 4)),
}


def pools() -> dict:
    """The max-pooling cases: x, y and the input's gradient."""
    out = {}
    for case, (x, fn) in POOL.items():
        t = torch.tensor(x, requires_grad=True)
        y = fn(t, F)
        g = torch.arange(1.0, y.numel() + 1).reshape(y.shape).requires_grad_()
        (gx,) = torch.autograd.grad(y, t, g, create_graph=True)
        v = torch.arange(1.0, t.numel() + 1).reshape(t.shape)
        (back,) = torch.autograd.grad((gx * v).sum(), g)
        out[f"pool/{case}/x"] = np.array(x)
        out[f"pool/{case}/y"] = y.detach().numpy()
        out[f"pool/{case}/grad"] = gx.detach().numpy()
        out[f"pool/{case}/back"] = back.numpy()
    return out


def main() -> None:
    """Write the fixture file."""
    torch.set_default_dtype(torch.float64)
    data = {"x": X, **norms(), **linalg(), **pools()}
    np.savez_compressed(OUT, **data)
    print(f"wrote {OUT} ({len(data)} arrays)")


if __name__ == "__main__":
    main()
