"""Record PyTorch's bidirectional RNN, LSTM and GRU for tests/test_nn_rnn_bidirectional.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_rnn_bidirectional_fixtures.py

It writes tests/data/rnn_bidirectional.npz. For each case (a layer type, 2 layers,
bidirectional, with or without batch_first and an initial state) it stores, in float64,
"<case>.state.<param>" (the state dict), "<case>.x", "<case>.h0" ("<case>.c0"), the
upstream gradient "<case>.gy", PyTorch's "<case>.out", "<case>.h_n" ("<case>.c_n") and
the gradients "<case>.grad.x" and "<case>.grad.<param>" of sum(out * gy) + sum(h_n) (+
sum(c_n)). "init.<cls>.<param>" is the float32 state dict of `cls(3, 2, 2,
bidirectional=True)` made right after torch.manual_seed(0) (the order of the draws).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "rnn_bidirectional.npz"
L, N, IN, H = 4, 2, 3, 2

arrays: dict[str, np.ndarray] = {}

for cls in ("RNN", "LSTM", "GRU"):
    torch.manual_seed(0)
    m = getattr(nn, cls)(IN, H, 2, bidirectional=True)
    for k, v in m.state_dict().items():
        arrays[f"init.{cls}.{k}"] = v.numpy().copy()

torch.set_default_dtype(torch.float64)
CASES = [
    ("RNN", False, True),
    ("LSTM", False, True),
    ("LSTM", True, False),
    ("GRU", True, True),
]
for i, (cls, batch_first, with_h0) in enumerate(CASES):
    name = f"case{i}"
    torch.manual_seed(100 + i)
    m = getattr(nn, cls)(IN, H, 2, batch_first=batch_first, bidirectional=True)
    x = torch.randn(*((N, L, IN) if batch_first else (L, N, IN)), requires_grad=True)
    lstm = cls == "LSTM"
    hx = None
    if with_h0:
        h0 = torch.randn(4, N, H)
        arrays[f"{name}.h0"] = h0.numpy()
        hx = h0
        if lstm:
            c0 = torch.randn(4, N, H)
            arrays[f"{name}.c0"] = c0.numpy()
            hx = (h0, c0)
    out, state = m(x, hx)
    h_n, c_n = state if lstm else (state, None)
    gy = torch.randn(*out.shape)
    loss = (out * gy).sum() + h_n.sum() + (c_n.sum() if lstm else 0)
    loss.backward()
    arrays[f"{name}.x"] = x.detach().numpy()
    arrays[f"{name}.gy"] = gy.numpy()
    arrays[f"{name}.out"] = out.detach().numpy()
    arrays[f"{name}.h_n"] = h_n.detach().numpy()
    if lstm:
        arrays[f"{name}.c_n"] = c_n.detach().numpy()
    arrays[f"{name}.grad.x"] = x.grad.numpy()
    for k, p in m.named_parameters():
        arrays[f"{name}.state.{k}"] = p.detach().numpy()
        arrays[f"{name}.grad.{k}"] = p.grad.numpy()

np.savez_compressed(OUT, **arrays)
print(f"wrote {OUT.relative_to(OUT.parents[2])}: {len(arrays)} arrays")
