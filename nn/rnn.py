"""Recurrent layers: RNN, LSTM, GRU (multi-layer, batch_first, bidirectional) and their
single-step cells.

Parameters, shapes, gate order and initialisation are PyTorch's: `weight_ih_l{k}`
(gates*hidden, input), `weight_hh_l{k}` (gates*hidden, hidden), `bias_ih_l{k}`,
`bias_hh_l{k}`, all U(-1/sqrt(hidden), 1/sqrt(hidden)); LSTM gates (i, f, g, o), GRU gates
(r, z, n) with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)). A bidirectional layer
also has the `_reverse` weights of a pass over the sequence backwards; its output is the
two passes' side by side, and h_n holds each layer's forward then reverse final state.

A layer over a sequence is one fused node and a cell step three (nn/rnn_ops.py).
"""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer, number

from . import init
from .dropout import dropout
from .linear import linear as _linear
from .module import Module, Parameter, factory_dtype
from .rnn_ops import _GATES, RecurrentLayer, _step

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]


def _uniform(shape, bound, dtype):
    """A new Parameter drawn U(-bound, bound), as PyTorch's reset_parameters (in creation
    order, which is PyTorch's parameter order)."""
    p = Parameter(np.empty(shape, dtype))
    init.uniform_(p, -bound, bound)
    return p


def _refuse_unsupported(who: str, proj_size) -> None:
    """PyTorch's options graphgrad's recurrent layers do not have: a clear error."""
    if integer(proj_size, "proj_size", who, minimum=0):
        raise NotImplementedError(
            f"{who}: proj_size is not implemented; follow the layer with "
            f"nn.Linear(hidden_size, {proj_size}, bias=False)"
        )


class RNNBase(Module):
    """The base of RNN, LSTM and GRU (PyTorch's): `mode` is "RNN_TANH", "RNN_RELU", "LSTM"
    or "GRU"; the layers' weights, their initialisation and the forward over a sequence."""

    mode = ""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        if mode not in _GATES:
            raise ValueError(f"Unrecognized RNN mode: {mode}")
        self.mode = mode
        who = type(self).__name__
        _refuse_unsupported(who, proj_size)
        dt = factory_dtype(device, dtype, who)
        self.input_size = integer(input_size, "input_size", who, minimum=1)
        self.hidden_size = integer(hidden_size, "hidden_size", who, minimum=1)
        self.num_layers = integer(num_layers, "num_layers", who, minimum=1)
        self.bias, self.batch_first = bool(bias), bool(batch_first)
        self.bidirectional = bool(bidirectional)
        self.dropout = number(dropout, "dropout", who)
        if not 0 <= self.dropout <= 1:
            raise ValueError(f"{who}: dropout must be in [0, 1], got {dropout}")
        g = _GATES[self.mode] * self.hidden_size
        bound = 1 / math.sqrt(self.hidden_size)
        directions = ("", "_reverse") if self.bidirectional else ("",)
        for k in range(self.num_layers):
            n_in = self.input_size if k == 0 else self.hidden_size * len(directions)
            for d in directions:  # PyTorch's order: each layer's forward, then its reverse
                # PyTorch's parameter names need computed attribute names
                setattr(self, f"weight_ih_l{k}{d}", _uniform((g, n_in), bound, dt))
                setattr(self, f"weight_hh_l{k}{d}", _uniform((g, self.hidden_size), bound, dt))
                if self.bias:
                    setattr(self, f"bias_ih_l{k}{d}", _uniform((g,), bound, dt))
                    setattr(self, f"bias_hh_l{k}{d}", _uniform((g,), bound, dt))

    def flatten_parameters(self) -> None:
        """A no-op, as PyTorch's on the CPU (its weights are already in one place for cuDNN)."""

    def _layer(self, k: int, suffix: str = "") -> tuple:
        p = lambda name: getattr(self, f"{name}_l{k}{suffix}", None)  # noqa: E731
        return p("weight_ih"), p("weight_hh"), p("bias_ih"), p("bias_hh")

    def _direction(self, x: Tensor, h: Tensor, c, k: int, suffix: str) -> tuple:
        """One layer in one direction over x (L, N, in): (output (L, N, H), h_n, c_n)."""
        lstm = self.mode == "LSTM"
        w_ih, w_hh, b_ih, b_hh = self._layer(k, suffix)
        reverse = bool(suffix)
        seq = x.shape[0]
        args = [x.flip(0) if reverse else x, h]
        if lstm:
            args.append(c)
        args += [w_ih, w_hh] if b_ih is None else [w_ih, w_hh, b_ih, b_hh]
        # the whole layer is one node (see RecurrentLayer); slicing its output is cheap
        # because the engine keeps slice gradients sparse until they are summed
        y = RecurrentLayer.apply(*args, mode=self.mode, bias=b_ih is not None)
        out = y[:seq] if lstm else y
        return (out.flip(0) if reverse else out), y[seq - 1], (y[seq] if lstm else None)

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
        n = x.shape[1]
        directions = ("", "_reverse") if self.bidirectional else ("",)
        shape = (self.num_layers * len(directions), n, self.hidden_size)
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
            outs = []
            for j, suffix in enumerate(directions):
                i = k * len(directions) + j  # h0's index: PyTorch's (layer, direction) order
                h = h0[i] if h0 is not None else zeros
                c = (c0[i] if c0 is not None else zeros) if lstm else None
                out, h, c = self._direction(x, h, c, k, suffix)
                outs.append(out)
                h_n.append(h)
                if lstm:
                    c_n.append(c)
            # the directions' outputs side by side (forward first), as PyTorch's
            x = autograd.cat(outs, -1) if len(outs) > 1 else outs[0]
            if self.dropout and self.training and k < self.num_layers - 1:
                x = dropout(x, self.dropout, True)
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
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    """Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device=None,
                 dtype=None):  # fmt: skip
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device=device, dtype=dtype)  # fmt: skip
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory; forward(x, (h0, c0)) returns (output, (h_n, c_n))."""

    mode = "LSTM"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device=None, dtype=None):  # fmt: skip
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device=device, dtype=dtype)  # fmt: skip


class GRU(RNNBase):
    """Gated recurrent unit; forward(x, h0) returns (output, h_n)."""

    mode = "GRU"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device=None, dtype=None, *, proj_size: int = 0):  # fmt: skip
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device=device, dtype=dtype)  # fmt: skip


class RNNCellBase(Module):
    """The base of RNNCell, LSTMCell and GRUCell (PyTorch's): `num_chunks` gates of
    hidden_size rows in each weight; the subclasses' `mode` says which step runs."""

    mode = ""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, num_chunks: int = 1,
                 device=None, dtype=None):  # fmt: skip
        super().__init__()
        who = type(self).__name__
        dt = factory_dtype(device, dtype, who)
        self.input_size = integer(input_size, "input_size", who, minimum=0)
        self.hidden_size = integer(hidden_size, "hidden_size", who, minimum=0)
        self.bias = bias
        g = integer(num_chunks, "num_chunks", who, minimum=1) * self.hidden_size
        bound = 1 / math.sqrt(self.hidden_size) if self.hidden_size else 0.0
        self.weight_ih = _uniform((g, self.input_size), bound, dt)
        self.weight_hh = _uniform((g, self.hidden_size), bound, dt)
        self.bias_ih = _uniform((g,), bound, dt) if bias else None
        self.bias_hh = _uniform((g,), bound, dt) if bias else None

    def forward(self, input: Tensor, hx=None):
        if not self.mode:
            raise NotImplementedError(
                f"{type(self).__name__} has no step of its own: use RNNCell, LSTMCell or GRUCell"
            )
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

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class RNNCell(RNNCellBase):
    """One Elman RNN step: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None):  # fmt: skip
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}"
            )
        super().__init__(input_size, hidden_size, bias, 1, device=device, dtype=dtype)
        self.mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        self.nonlinearity = nonlinearity


class LSTMCell(RNNCellBase):
    """One LSTM step: forward(x, (h, c)) returns (h', c')."""

    mode = "LSTM"

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None
    ):
        super().__init__(input_size, hidden_size, bias, 4, device=device, dtype=dtype)


class GRUCell(RNNCellBase):
    """One GRU step: forward(x, h) returns h'."""

    mode = "GRU"

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None
    ):
        super().__init__(input_size, hidden_size, bias, 3, device=device, dtype=dtype)
