"""Record PyTorch's answers for the keyword arguments tests/test_signatures.py checks.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_signature_fixtures.py

It writes tests/data/signatures.npz:

- "legacy": JSON, for each loss module and each (size_average, reduce) pair other than
  (None, None), the `reduction` PyTorch's deprecated-argument rule picks and its warning;
- "weight/<fn>/<reduction>/...": mse_loss, l1_loss and huber_loss with `weight=` (float64):
  the inputs "x", "y", "w", PyTorch's value "out" and the gradients "gx", "gw" of
  sum(out * g) for the upstream "g";
- "embed/<case>/...": F.embedding with max_norm (float32 and float64, norm types 1, 2, 3.5,
  inf, a padding row): the weight before ("w") and after ("w_after") the renormalisation,
  the indices "idx", the output "out" and the weight's gradient "gw" for the upstream "g";
- "norm/<case>/...": BatchNorm1d, InstanceNorm2d and GroupNorm with bias=False: input "x",
  weight "weight", output "out" (training mode); "norm_meta": JSON of their reprs and
  state-dict keys;
- "softmax/...": F.softmax and F.log_softmax of float32 input with dtype=torch.float64;
- "backward_inputs/...": y.backward(inputs=[...]) on a small graph: the `.grad` each
  tensor gets (NaN-filled where PyTorch leaves it None);
- "module_names": JSON of the names `state_dict` (with and without `prefix=`) gives for a
  module with a non-persistent buffer, and those `named_modules`, `named_parameters` (with
  and without `remove_duplicate`) and `named_buffers` give when it also shares a layer.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "signatures.npz"

LOSSES = [
    "MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss",
    "MultiMarginLoss", "KLDivLoss", "SmoothL1Loss",
]  # fmt: skip
FLAGS = [None, True, False]


def legacy() -> dict:
    out = {}
    for name in LOSSES:
        for sa in FLAGS:
            for rd in FLAGS:
                if sa is None and rd is None:
                    continue
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    m = getattr(nn, name)(size_average=sa, reduce=rd)
                msgs = [str(w.message) for w in caught]
                out[f"{name}|{sa}|{rd}"] = [m.reduction, msgs[0] if msgs else ""]
    return out


def weighted(arrays: dict, rng) -> None:
    x = rng.standard_normal((3, 4)) * 2
    y = rng.standard_normal((3, 4))
    w = rng.uniform(0.1, 2.0, (3, 4))
    for fn in ("mse_loss", "l1_loss", "huber_loss"):
        for reduction in ("mean", "sum", "none"):
            tx = torch.tensor(x, requires_grad=True)
            tw = torch.tensor(w, requires_grad=True)
            out = getattr(F, fn)(tx, torch.tensor(y), reduction=reduction, weight=tw)
            g = rng.standard_normal(out.shape)
            (out * torch.tensor(g)).sum().backward()
            key = f"weight/{fn}/{reduction}"
            arrays.update({
                f"{key}/x": x, f"{key}/y": y, f"{key}/w": w, f"{key}/g": g,
                f"{key}/out": out.detach().numpy(), f"{key}/gx": tx.grad.numpy(),
                f"{key}/gw": tw.grad.numpy(),
            })  # fmt: skip


EMBED = {  # name: (dtype, num, dim, indices, max_norm, norm_type, padding_idx, scale)
    "f64_l2": ("float64", 6, 4, [[0, 2, 2], [5, 0, 1]], 1.0, 2.0, None, 2.0),
    "f32_l2": ("float32", 6, 4, [0, 3, 3, 4], 1.5, 2.0, None, 2.0),
    "f64_l1": ("float64", 5, 3, [1, 4, 1], 2.0, 1.0, None, 2.0),
    "f64_p35": ("float64", 5, 3, [0, 1, 2, 3, 4], 0.7, 3.5, None, 1.0),
    "f64_inf": ("float64", 5, 3, [4, 2], 0.5, float("inf"), None, 1.0),
    "f32_padding": ("float32", 5, 3, [0, 1, 1, 3], 1.0, 2.0, 1, 2.0),
    "f64_small": ("float64", 4, 3, [0, 1, 2, 3], 100.0, 2.0, None, 1.0),
}


def embeddings(arrays: dict, rng) -> None:
    for name, (dtype, n, d, idx, max_norm, p, pad, scale) in EMBED.items():
        dt = getattr(torch, dtype)
        w0 = (rng.standard_normal((n, d)) * scale).astype(dtype)
        w = torch.tensor(w0, dtype=dt, requires_grad=True)
        i = torch.tensor(idx)
        out = F.embedding(i, w, padding_idx=pad, max_norm=max_norm, norm_type=p)
        g = rng.standard_normal(out.shape).astype(dtype)
        (out * torch.tensor(g)).sum().backward()
        key = f"embed/{name}"
        arrays.update({
            f"{key}/w": w0, f"{key}/idx": np.array(idx), f"{key}/g": g,
            f"{key}/w_after": w.detach().numpy(), f"{key}/out": out.detach().numpy(),
            f"{key}/gw": w.grad.numpy(),
            f"{key}/config": np.array(json.dumps([max_norm if max_norm != float("inf")
                                                  else "inf", "inf" if p == float("inf")
                                                  else p, pad])),
        })  # fmt: skip


def norms(arrays: dict, rng) -> dict:
    meta = {}
    cases = {
        "BatchNorm1d": (nn.BatchNorm1d(3, bias=False), (5, 3)),
        "InstanceNorm2d": (nn.InstanceNorm2d(3, affine=True, bias=False), (2, 3, 4, 4)),
        "GroupNorm": (nn.GroupNorm(2, 4, bias=False), (3, 4, 5)),
    }
    for name, (m, shape) in cases.items():
        m = m.double()
        weight = rng.uniform(0.5, 1.5, m.weight.shape)
        with torch.no_grad():
            m.weight.copy_(torch.tensor(weight))
        x = rng.standard_normal(shape)
        out = m(torch.tensor(x))
        arrays.update({
            f"norm/{name}/x": x, f"norm/{name}/weight": weight,
            f"norm/{name}/out": out.detach().numpy(),
        })  # fmt: skip
        meta[name] = [repr(m), list(m.state_dict())]
    return meta


def softmaxes(arrays: dict, rng) -> None:
    x = rng.standard_normal((3, 5)).astype(np.float32) * 3
    arrays["softmax/x"] = x
    arrays["softmax/out"] = F.softmax(torch.tensor(x), dim=1, dtype=torch.float64).numpy()
    arrays["softmax/log_out"] = F.log_softmax(torch.tensor(x), 0, dtype=torch.float64).numpy()


def backward_inputs(arrays: dict) -> None:
    a = torch.tensor([1.5, -2.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([0.5, 3.0], dtype=torch.float64, requires_grad=True)
    y = a * b
    y.retain_grad()
    z = (y * y).sum() + b.sum()
    z.backward(inputs=[y, b])
    for name, t in (("a", a), ("b", b), ("y", y)):
        grad = t.grad
        arrays[f"backward_inputs/{name}"] = (
            np.full(2, np.nan) if grad is None else grad.detach().numpy()
        )


def module_names() -> dict:
    """Names a module with a shared layer and a non-persistent buffer gives."""

    class Net(nn.Module):
        def __init__(self, shared: bool):
            super().__init__()
            self.register_buffer("mask", torch.ones(2), persistent=False)
            self.register_buffer("count", torch.zeros(1))
            self.a = nn.Linear(2, 2)
            if shared:
                self.b = self.a
            self.c = nn.Sequential(nn.Linear(2, 1), self.a if shared else nn.Linear(1, 2))

    plain, net = Net(False), Net(True)
    return {
        "state_dict": list(plain.state_dict()),
        "state_dict_prefix": list(plain.state_dict(prefix="model.")),
        "named_modules": [n for n, _ in net.named_modules()],
        "named_modules_all": [n for n, _ in net.named_modules(remove_duplicate=False)],
        "named_parameters": [n for n, _ in net.named_parameters()],
        "named_parameters_all": [n for n, _ in net.named_parameters(remove_duplicate=False)],
        "named_buffers": [n for n, _ in net.named_buffers()],
    }


def main() -> None:
    rng = np.random.default_rng(20261207)
    arrays: dict = {"legacy": np.array(json.dumps(legacy()))}
    weighted(arrays, rng)
    embeddings(arrays, rng)
    arrays["norm_meta"] = np.array(json.dumps(norms(arrays, rng)))
    softmaxes(arrays, rng)
    backward_inputs(arrays)
    arrays["module_names"] = np.array(json.dumps(module_names()))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({len(arrays)} arrays)")


if __name__ == "__main__":
    main()
