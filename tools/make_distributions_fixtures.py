"""Record PyTorch's torch.distributions on the cases of tests/distribution_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_distributions_fixtures.py

It writes tests/data/distributions_pytorch.npz. Per case: "<case>.<property>" (mean,
variance, stddev, mode, entropy, batch_shape, event_shape; the string "raise:<Error>" where
PyTorch raises), "<case>.log_prob", ".cdf", ".icdf" (at the case's values; icdf at
probabilities 0.1, 0.5, 0.95 broadcast to the batch), "<case>.grad.<i>" (the gradient of
log_prob(values).sum() + entropy().sum(), where there is an entropy, in the i-th
constructor tensor), and under
manual_seed(seed), "<case>.sample.<seed>.<shape>" then "<case>.rsample.<seed>.<shape>" drawn
one after the other; per KL pair, "kl.<p>.<q>" and "kl.<p>.<q>.grad.<i>" (p's then q's
tensors); per case with rsample, "<case>.rsample_grad.<i>": the gradient of
(x * x + x).sum(), x = rsample((4,)) under manual_seed(7). Per transform case: "t.<name>.y",
".inv" (of y), ".ladj", ".shapes" (forward_shape of x's shape, -1, inverse_shape of y's),
".dims" (domain and codomain event_dim, bijective), ".grad" (of sum(y ** 2) + sum(ladj)).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
import torch.distributions as D

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "distributions_pytorch.npz"

import distribution_cases as cases  # noqa: E402


def _value(fn, *args):
    try:
        v = fn(*args)
    except (NotImplementedError, ValueError) as e:
        return np.array(f"raise:{type(e).__name__}")
    if isinstance(v, torch.Size):
        return np.array(tuple(v), dtype=np.int64)
    return v.detach().numpy()


def _property(d, prop: str):
    return d.entropy() if prop == "entropy" else getattr(d, prop)


def _shape_key(shape) -> str:
    return "x".join(map(str, shape)) or "scalar"


def main() -> None:
    out: dict[str, np.ndarray] = {}
    for name in cases.CASES:
        d = cases.build(D, torch, name)
        for prop in cases.PROPERTIES:
            out[f"{name}.{prop}"] = _value(_property, d, prop)
        vals = cases.values(torch, name)
        if vals is not None:
            out[f"{name}.log_prob"] = _value(d.log_prob, vals)
            out[f"{name}.cdf"] = _value(d.cdf, vals)
        probs = torch.tensor([0.1, 0.5, 0.95], dtype=torch.float64).reshape(
            (3,) + (1,) * len(d.batch_shape)
        )
        out[f"{name}.icdf"] = _value(d.icdf, probs)
        if vals is not None:
            leaves: list = []
            dg = cases.build(D, torch, name, leaves)
            loss = dg.log_prob(vals).sum()
            if out[f"{name}.entropy"].dtype.kind != "U":  # (Poisson has none)
                loss = loss + dg.entropy().sum()
            loss.backward()
            for i, t in enumerate(leaves):
                out[f"{name}.grad.{i}"] = t.grad.numpy()
        for seed in cases.SEEDS:
            torch.manual_seed(seed)
            for shape in cases.SAMPLE_SHAPES:
                out[f"{name}.sample.{seed}.{_shape_key(shape)}"] = _value(d.sample, shape)
                out[f"{name}.rsample.{seed}.{_shape_key(shape)}"] = _value(d.rsample, shape)
        if d.has_rsample:
            leaves = []
            dg = cases.build(D, torch, name, leaves)
            torch.manual_seed(7)
            x = dg.rsample((4,))
            try:
                (x * x + x).sum().backward()
            except RuntimeError:  # (Wishart's: PyTorch 2.13 modifies a saved mask in place)
                continue
            for i, t in enumerate(leaves):
                grad = t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
                out[f"{name}.rsample_grad.{i}"] = grad
    for name, (_, x_list) in cases.TRANSFORM_CASES.items():
        t = cases.transform(D, name)
        x = torch.tensor(x_list, dtype=torch.float64, requires_grad=True)
        y = t(x)
        out[f"t.{name}.y"] = y.detach().numpy()
        out[f"t.{name}.inv"] = t.inv(y.detach()).numpy()
        out[f"t.{name}.ladj"] = _value(t.log_abs_det_jacobian, x, y)
        out[f"t.{name}.shapes"] = np.array(
            [*t.forward_shape(x.shape), -1, *t.inverse_shape(y.shape)], dtype=np.int64
        )
        out[f"t.{name}.dims"] = np.array(
            [t.domain.event_dim, t.codomain.event_dim, int(t.bijective)], dtype=np.int64
        )
        loss = y.pow(2).sum()
        if out[f"t.{name}.ladj"].dtype.kind != "U":
            loss = loss + t.log_abs_det_jacobian(x, y).sum()
        loss.backward()
        out[f"t.{name}.grad"] = x.grad.numpy()
    for p_name, q_name in cases.KL_PAIRS:
        leaves = []
        p = cases.build(D, torch, p_name, leaves)
        q = cases.build(D, torch, q_name, leaves)
        kl = D.kl_divergence(p, q)
        out[f"kl.{p_name}.{q_name}"] = kl.detach().numpy()
        if torch.isfinite(kl).all():
            kl.sum().backward()
            for i, t in enumerate(leaves):
                out[f"kl.{p_name}.{q_name}.grad.{i}"] = (
                    t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
                )
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT} ({len(out)} arrays, PyTorch {torch.__version__})")


if __name__ == "__main__":
    main()
