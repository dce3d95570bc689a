"""Milliseconds per forward + backward of a one-layer LSTM, run apart.

Hidden 128, sequence 32, batch 32, input 32, float32; the loss is the sum of the outputs
times fixed random weights. graphgrad's nn.LSTM, the hand-written numpy version below (the
same PyTorch gate equations, the input projection of all steps in one GEMM, backward
through time written out) and PyTorch's nn.LSTM when an interpreter has it share the
weights, each in a process of its own, in alternating rounds (benchmarks/apart.py);
graphgrad's gradients are compared with numpy's once. Goal: within 1.3x of numpy.
Run: ``python -m benchmarks.lstm``.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import run_as_script

T, B, I, H = 32, 32, 32, 128


def _sigmoid(a):
    return 0.5 * (np.tanh(0.5 * a) + 1)


class NumpyLSTM:
    """One LSTM layer, forward and backward by hand (gates i, f, g, o as PyTorch)."""

    def __init__(self, w_ih, w_hh, b_ih, b_hh):
        self.w_ih, self.w_hh, self.b = w_ih, w_hh, b_ih + b_hh

    def forward_backward(self, x, dout):
        t_, b_, _ = x.shape
        h_ = self.w_hh.shape[1]
        xw = (x.reshape(t_ * b_, -1) @ self.w_ih.T + self.b).reshape(t_, b_, 4 * h_)
        hs = np.zeros((t_ + 1, b_, h_), x.dtype)
        cs = np.zeros((t_ + 1, b_, h_), x.dtype)
        acts = np.empty((t_, b_, 4 * h_), x.dtype)
        tcs = np.empty((t_, b_, h_), x.dtype)
        for t in range(t_):
            a = xw[t] + hs[t] @ self.w_hh.T
            acts[t, :, : 2 * h_] = _sigmoid(a[:, : 2 * h_])
            acts[t, :, 2 * h_ : 3 * h_] = np.tanh(a[:, 2 * h_ : 3 * h_])
            acts[t, :, 3 * h_ :] = _sigmoid(a[:, 3 * h_ :])
            i, f, g, o = np.split(acts[t], 4, axis=1)
            cs[t + 1] = f * cs[t] + i * g
            tcs[t] = np.tanh(cs[t + 1])
            hs[t + 1] = o * tcs[t]
        da = np.empty_like(acts)
        dh = np.zeros((b_, h_), x.dtype)
        dc = np.zeros((b_, h_), x.dtype)
        for t in reversed(range(t_)):
            i, f, g, o = np.split(acts[t], 4, axis=1)
            dh = dh + dout[t]
            dc = dc + dh * o * (1 - tcs[t] ** 2)
            da[t, :, :h_] = dc * g * i * (1 - i)
            da[t, :, h_ : 2 * h_] = dc * cs[t] * f * (1 - f)
            da[t, :, 2 * h_ : 3 * h_] = dc * i * (1 - g * g)
            da[t, :, 3 * h_ :] = dh * tcs[t] * o * (1 - o)
            dc = dc * f
            dh = da[t] @ self.w_hh
        da2 = da.reshape(t_ * b_, -1)
        self.dw_ih = da2.T @ x.reshape(t_ * b_, -1)
        self.dw_hh = da[1:].reshape(-1, 4 * h_).T @ hs[1:t_].reshape(-1, h_)
        self.db = da2.sum(axis=0)
        self.dx = (da2 @ self.w_ih).reshape(x.shape)
        return hs[1:]


def _weights():
    """Fixed weights (PyTorch's init ranges), the input, and the loss's output weights."""
    rng = np.random.default_rng(0)
    k = 1 / np.sqrt(H)
    w = [
        rng.uniform(-k, k, s).astype(np.float32)
        for s in ((4 * H, I), (4 * H, H), (4 * H,), (4 * H,))
    ]
    x0 = rng.standard_normal((T, B, I)).astype(np.float32)
    dout = rng.standard_normal((T, B, H)).astype(np.float32)
    return w, x0, dout


def _graphgrad(w, x0, dout):
    import nn
    from autograd import Tensor

    lstm = nn.LSTM(I, H)
    for p, a in zip((lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0), w):
        p.data[...] = a
    x = Tensor(x0, requires_grad=True)
    wt = Tensor(dout)

    def step():
        lstm.zero_grad()
        x.grad = None
        out, _ = lstm(x)
        (out * wt).sum().backward()

    step()
    ref = NumpyLSTM(*w)
    ref.forward_backward(x0, dout)
    for mine, theirs in ((lstm.weight_hh_l0.grad, ref.dw_hh), (x.grad, ref.dx)):
        assert np.allclose(mine.data, theirs, rtol=1e-3, atol=1e-4), "lstm: gradients differ"
    return step


def _numpy(w, x0, dout):
    ref = NumpyLSTM(*w)
    return lambda: ref.forward_backward(x0, dout)


def _torch(w, x0, dout):
    import torch

    lstm = torch.nn.LSTM(I, H)
    with torch.no_grad():
        for p, a in zip(
            (lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0), w
        ):
            p.copy_(torch.from_numpy(a))
    x = torch.from_numpy(x0).requires_grad_()
    wt = torch.from_numpy(dout)

    def step():
        lstm.zero_grad(set_to_none=True)
        x.grad = None
        out, _ = lstm(x)
        (out * wt).sum().backward()

    return step


def setup(impl: str):
    """Forward + backward of `impl` (graphgrad, numpy or torch) on the same weights."""
    return {"graphgrad": _graphgrad, "numpy": _numpy, "torch": _torch}[impl](*_weights())


def run(quick: bool = False) -> list[dict]:
    from benchmarks.apart import apart_rows, compare_apart

    t = compare_apart("lstm", {}, rounds=3 if quick else 9, steps=5 if quick else 15)
    return apart_rows("lstm fwd+bwd", t, {"numpy": "<= 1.3x"})


if __name__ == "__main__":
    run_as_script(run)
