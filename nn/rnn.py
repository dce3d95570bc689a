"""Recurrent layers: RNN, LSTM, GRU (multi-layer, batch_first) and their single-step cells.

Parameters, shapes, gate order and initialisation are PyTorch's: `weight_ih_l{k}`
(gates*hidden, input), `weight_hh_l{k}` (gates*hidden, hidden), `bias_ih_l{k}`,
`bias_hh_l{k}`, all U(-1/sqrt(hidden), 1/sqrt(hidden)); LSTM gates (i, f, g, o), GRU gates
(r, z, n) with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).

Each step records the input projection (nn.functional.linear), a matmul with W_hh and
one fused pointwise primitive (`LSTMPointwise` / `GRUPointwise`): the gate
nonlinearities of a step in one node instead of about fifteen, which is what keeps a
recurrent step cheap. Their backward is written with operators only, so it runs on
arrays and, under create_graph, on Tensors (double backward works).
"""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor, get_default_dtype
from autograd.function import Op

from .linear import linear as _linear
from .module import Module, Parameter

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell"]


def _sigmoid(a):
    if isinstance(a, Tensor):
        return a.sigmoid()
    return (np.tanh(a * 0.5) + 1) * 0.5  # stable for any a, and faster than exp forms


def _tanh(a):
    return a.tanh() if isinstance(a, Tensor) else np.tanh(a)


def _cat(parts, axis):
    if isinstance(parts[0], Tensor):
        return autograd.concatenate(parts, axis=axis)
    return np.concatenate(parts, axis=axis)


def _lstm_gates(gates, c):
    h4 = gates.shape[-1] // 4
    i = _sigmoid(gates[..., :h4])
    f = _sigmoid(gates[..., h4 : 2 * h4])
    g = _tanh(gates[..., 2 * h4 : 3 * h4])
    o = _sigmoid(gates[..., 3 * h4 :])
    c_new = f * c + i * g
    return i, f, g, o, c_new


class LSTMPointwise(Op):
    """One LSTM step after the matmuls: gates (B, 4H), c (B, H) -> stacked (h', c') (2, B, H)."""

    __slots__ = ()

    def forward(self, gates, c):
        i, f, g, o, c_new = _lstm_gates(gates, c)
        return np.stack([o * np.tanh(c_new), c_new])

    def backward(self, grad, out, gates, c):
        i, f, g, o, c_new = _lstm_gates(gates, c)  # recomputed: cheaper than saving four arrays
        gh, gc = grad[0], grad[1]
        tc = _tanh(c_new)
        dc = gc + gh * o * (1 - tc * tc)
        parts = [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g * g)]
        parts.append(gh * tc * o * (1 - o))
        return _cat(parts, -1), dc * f


def _gru_gates(gi, gh):
    h3 = gi.shape[-1] // 3
    r = _sigmoid(gi[..., :h3] + gh[..., :h3])
    z = _sigmoid(gi[..., h3 : 2 * h3] + gh[..., h3 : 2 * h3])
    ghn = gh[..., 2 * h3 :]
    n = _tanh(gi[..., 2 * h3 :] + r * ghn)
    return r, z, n, ghn


class GRUPointwise(Op):
    """One GRU step after the matmuls: gi = W_ih x + b_ih, gh = W_hh h + b_hh, h -> h'."""

    __slots__ = ()

    def forward(self, gi, gh, h):
        r, z, n, _ = _gru_gates(gi, gh)
        return n + z * (h - n)

    def backward(self, grad, out, gi, gh, h):
        r, z, n, ghn = _gru_gates(gi, gh)
        dan = grad * (1 - z) * (1 - n * n)
        dar = dan * ghn * r * (1 - r)
        daz = grad * (h - n) * z * (1 - z)
        return _cat([dar, daz, dan], -1), _cat([dar, daz, dan * r], -1), grad * z


def _uniform(shape, bound):
    from autograd.creation import generator

    return Parameter(generator().uniform(-bound, bound, shape).astype(get_default_dtype()))


_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _step(mode: str, xw: Tensor, h: Tensor, c, w_hh_t: Tensor, b_hh):
    """One time step given the input projection xw (bias included). Returns (h', c')."""
    if mode == "GRU":
        gh = h @ w_hh_t
        if b_hh is not None:
            gh = gh + b_hh
        return GRUPointwise.apply(xw, gh, h), None
    pre = xw + h @ w_hh_t
    if mode == "LSTM":
        hc = LSTMPointwise.apply(pre, c)
        return hc[0], hc[1]
    return (pre.tanh() if mode == "RNN_TANH" else pre.relu()), None


class _RNNBase(Module):
    mode = ""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        mode: str | None = None,
    ):
        super().__init__()
        if mode is not None:
            self.mode = mode
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        self.num_layers, self.bias = int(num_layers), bool(bias)
        self.batch_first, self.dropout = bool(batch_first), float(dropout)
        if not 0 <= self.dropout <= 1:
            raise ValueError(f"{type(self).__name__}: dropout must be in [0, 1], got {dropout}")
        g = _GATES[self.mode] * self.hidden_size
        bound = 1 / math.sqrt(self.hidden_size)
        for k in range(self.num_layers):
            n_in = self.input_size if k == 0 else self.hidden_size
            # PyTorch's parameter names need computed attribute names
            setattr(self, f"weight_ih_l{k}", _uniform((g, n_in), bound))
            setattr(self, f"weight_hh_l{k}", _uniform((g, self.hidden_size), bound))
            if self.bias:
                setattr(self, f"bias_ih_l{k}", _uniform((g,), bound))
                setattr(self, f"bias_hh_l{k}", _uniform((g,), bound))

    def _layer(self, k: int) -> tuple:
        p = lambda name: getattr(self, f"{name}_l{k}", None)  # noqa: E731
        return p("weight_ih"), p("weight_hh"), p("bias_ih"), p("bias_hh")

    def _who(self) -> str:
        return f"{type(self).__name__}({self.input_size}, {self.hidden_size})"

    def forward(self, input: Tensor, hx=None):
        who, lstm = self._who(), self.mode == "LSTM"
        if input.ndim not in (2, 3) or input.shape[-1] != self.input_size:
            layout = "(N, L, {0})" if self.batch_first else "(L, N, {0})"
            raise ValueError(
                f"{who}: expected input {layout.format(self.input_size)} or "
                f"(L, {self.input_size}), got {tuple(input.shape)}"
            )
        batched = input.ndim == 3
        x = input if batched else input.unsqueeze(1)
        if self.batch_first and batched:
            x = x.swapaxes(0, 1)
        seq, n = x.shape[:2]
        shape = (self.num_layers, n, self.hidden_size)
        h0, c0 = (hx if lstm else (hx, None)) if hx is not None else (None, None)
        if h0 is not None and not batched:
            h0 = h0.unsqueeze(1)
            c0 = c0.unsqueeze(1) if c0 is not None else None
        for t, name in ((h0, "h0"), (c0, "c0")):
            if t is not None and tuple(t.shape) != shape:
                raise ValueError(f"{who}: expected {name} of shape {shape}, got {tuple(t.shape)}")
        zeros = Tensor(np.zeros(shape[1:], dtype=x.dtype))
        h_n, c_n = [], []
        for k in range(self.num_layers):
            w_ih, w_hh, b_ih, b_hh = self._layer(k)
            b_in = b_ih
            if b_ih is not None and self.mode != "GRU":
                b_in = b_ih + b_hh  # the two biases only ever appear summed
                b_hh = None
            h = h0[k] if h0 is not None else zeros
            c = (c0[k] if c0 is not None else zeros) if lstm else None
            w_hh_t = w_hh.T
            # the input projection of every step in one matmul; the per-step slices'
            # gradients stay sparse in the engine until summed, so slicing costs O(L)
            xw = _linear(x, w_ih, b_in)
            hs = []
            for t in range(seq):
                h, c = _step(self.mode, xw[t], h, c, w_hh_t, b_hh)
                hs.append(h)
            h_n.append(h)
            c_n.append(c)
            if self.dropout and self.training and k < self.num_layers - 1:
                from autograd.creation import generator

                scale = 1 / (1 - self.dropout)
                hs = [
                    h
                    * Tensor(
                        ((generator().random(h.shape) >= self.dropout) * scale).astype(h.dtype)
                    )
                    for h in hs
                ]
            x = autograd.stack(hs)
        out = x.swapaxes(0, 1) if self.batch_first and batched else x
        h_n = autograd.stack(h_n)
        c_n = autograd.stack(c_n) if lstm else None
        if not batched:
            out, h_n = out.squeeze(1), h_n.squeeze(1)
            c_n = c_n.squeeze(1) if lstm else None
        return (out, (h_n, c_n)) if lstm else (out, h_n)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        return s


class RNN(_RNNBase):
    """Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0):  # fmt: skip
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, mode)
        self.nonlinearity = nonlinearity


class LSTM(_RNNBase):
    """Long short-term memory; forward(x, (h0, c0)) returns (output, (h_n, c_n))."""

    mode = "LSTM"


class GRU(_RNNBase):
    """Gated recurrent unit; forward(x, h0) returns (output, h_n)."""

    mode = "GRU"


class _CellBase(Module):
    mode = ""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, mode=None):
        super().__init__()
        if mode is not None:
            self.mode = mode
        self.input_size, self.hidden_size, self.bias = int(input_size), int(hidden_size), bias
        g = _GATES[self.mode] * self.hidden_size
        bound = 1 / math.sqrt(self.hidden_size)
        self.weight_ih = _uniform((g, self.input_size), bound)
        self.weight_hh = _uniform((g, self.hidden_size), bound)
        self.bias_ih = _uniform((g,), bound) if bias else None
        self.bias_hh = _uniform((g,), bound) if bias else None

    def forward(self, input: Tensor, hx=None):
        lstm = self.mode == "LSTM"
        if input.ndim not in (1, 2) or input.shape[-1] != self.input_size:
            raise ValueError(
                f"{type(self).__name__}({self.input_size}, {self.hidden_size}): expected input "
                f"(N, {self.input_size}) or ({self.input_size},), got {tuple(input.shape)}"
            )
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        zeros = Tensor(np.zeros((x.shape[0], self.hidden_size), dtype=x.dtype))
        if hx is None:
            h, c = zeros, zeros
        else:
            h, c = hx if lstm else (hx, None)
            if not batched:
                h = h.unsqueeze(0)
                c = c.unsqueeze(0) if c is not None else None
        b_in, b_hh = self.bias_ih, self.bias_hh
        if b_in is not None and self.mode != "GRU":
            b_in, b_hh = b_in + b_hh, None
        xw = _linear(x, self.weight_ih, b_in)
        h, c = _step(self.mode, xw, h, c, self.weight_hh.T, b_hh)
        if not batched:
            h = h.squeeze(0)
            c = c.squeeze(0) if c is not None else None
        return (h, c) if lstm else h


class RNNCell(_CellBase):
    """One Elman RNN step: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh"):  # fmt: skip
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}"
            )
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(input_size, hidden_size, bias, mode)
        self.nonlinearity = nonlinearity


class LSTMCell(_CellBase):
    """One LSTM step: forward(x, (h, c)) returns (h', c')."""

    mode = "LSTM"


class GRUCell(_CellBase):
    """One GRU step: forward(x, h) returns h'."""

    mode = "GRU"
