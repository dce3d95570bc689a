"""The fused ops behind the recurrent layers (nn/rnn.py).

A layer over a sequence is one node, `RecurrentLayer`: its forward runs the time loop in
numpy (the input projection of all steps in one GEMM, then per step h @ W_hh^T and the
gate math) and its backward is backpropagation through time in numpy, with each weight
gradient a single GEMM over all steps instead of one per step. Under create_graph its
backward recomputes the layer with engine ops and writes backpropagation through time
with them, so double backward works. Multi-layer networks stack layer nodes.

The cells record the input projection (nn.functional.linear), a matmul with W_hh and
one fused pointwise primitive (`LSTMPointwise` / `GRUPointwise`): the gate
nonlinearities of a step in one node instead of about fifteen. Their backward is
written with operators only, so it runs on arrays and, under create_graph, on Tensors.
"""

from __future__ import annotations

import numpy as np

import autograd
from autograd import Tensor
from autograd.op import Op, value

from .linear import linear as _linear


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
        return _lstm_pointwise_grad(grad[0], grad[1], gates, c)


def _lstm_pointwise_grad(gh, gc, gates, c):
    """Gradients of (gates, c) given those of (h', c'); arrays or Tensors."""
    i, f, g, o, c_new = _lstm_gates(gates, c)  # recomputed: cheaper than saving four arrays
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
        return _gru_pointwise_grad(grad, gi, gh, h)


def _gru_pointwise_grad(grad, gi, gh, h):
    """Gradients of (gi, gh, h) given that of h'; arrays or Tensors."""
    r, z, n, ghn = _gru_gates(gi, gh)
    dan = grad * (1 - z) * (1 - n * n)
    dar = dan * ghn * r * (1 - r)
    daz = grad * (h - n) * z * (1 - z)
    return _cat([dar, daz, dan], -1), _cat([dar, daz, dan * r], -1), grad * z


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


def _sigmoid_(a):
    """In-place sigmoid of an array (the tanh form: stable, no exp overflow)."""
    np.multiply(a, 0.5, out=a)
    np.tanh(a, out=a)
    a += 1
    a *= 0.5


class RecurrentLayer(Op):
    """One recurrent layer over a whole sequence, all time steps in one node.

    Inputs: x (L, N, I), h0 (N, H), c0 (N, H) for LSTM only, w_ih (G*H, I), w_hh (G*H, H),
    then b_ih and b_hh (G*H,) when `bias`. Output: the hidden states (L, N, H); for LSTM
    (L + 1, N, H), the last row being the final cell state.

    The forward runs the time loop in numpy (the input projection of all steps in one
    GEMM, per step one GEMM with W_hh and the gate math) and saves the activations; the
    backward is backpropagation through time in numpy with every weight gradient one GEMM
    over all steps. Under create_graph the backward recomputes the layer with engine ops
    from the input Tensors and writes backpropagation through time with engine ops, so
    derivatives of any order work.
    """

    __slots__ = ("mode", "bias", "_hs", "_cs", "_acts", "_aux")

    # ---------------------------------------------------------------- forward
    def forward(self, x, h0, *rest):
        mode = self.mode
        lstm = mode == "LSTM"
        c0 = rest[0] if lstm else None
        w_ih, w_hh = rest[1:3] if lstm else rest[:2]
        b_ih, b_hh = (rest[-2], rest[-1]) if self.bias else (None, None)
        seq, n, _ = x.shape
        h = w_hh.shape[1]
        xw = x.reshape(seq * n, -1) @ w_ih.T
        if b_ih is not None:
            xw += b_ih if mode == "GRU" else b_ih + b_hh
        xw = xw.reshape(seq, n, -1)
        w_hh_t = w_hh.T
        # LSTM: buf = [h0, h_1 .. h_L, c_L]; the output is buf[1:], a view
        buf = np.empty((seq + 2 if lstm else seq + 1, n, h), dtype=xw.dtype)
        hs = buf[: seq + 1]
        hs[0] = h0
        if lstm:
            cs = np.empty((seq + 1, n, h), dtype=xw.dtype)
            cs[0] = c0
            tcs = np.empty((seq, n, h), dtype=xw.dtype)
            for t in range(seq):
                a = xw[t]
                a += hs[t] @ w_hh_t
                _sigmoid_(a[:, : 2 * h])
                np.tanh(a[:, 2 * h : 3 * h], out=a[:, 2 * h : 3 * h])
                _sigmoid_(a[:, 3 * h :])
                np.multiply(a[:, h : 2 * h], cs[t], out=cs[t + 1])
                cs[t + 1] += a[:, :h] * a[:, 2 * h : 3 * h]
                np.tanh(cs[t + 1], out=tcs[t])
                np.multiply(a[:, 3 * h :], tcs[t], out=hs[t + 1])
            buf[seq + 1] = cs[seq]
            self._cs, self._aux = cs, tcs
        elif mode == "GRU":
            ghn = np.empty((seq, n, h), dtype=xw.dtype)
            for t in range(seq):
                gh = hs[t] @ w_hh_t
                if b_hh is not None:
                    gh += b_hh
                a = xw[t]  # becomes (r, z, n)
                a[:, : 2 * h] += gh[:, : 2 * h]
                _sigmoid_(a[:, : 2 * h])
                ghn[t] = gh[:, 2 * h :]
                nn_ = a[:, 2 * h :]
                nn_ += a[:, :h] * ghn[t]
                np.tanh(nn_, out=nn_)
                # h' = n + z * (h - n)
                np.subtract(hs[t], nn_, out=hs[t + 1])
                hs[t + 1] *= a[:, h : 2 * h]
                hs[t + 1] += nn_
            self._aux = ghn
        else:
            relu = mode == "RNN_RELU"
            for t in range(seq):
                a = xw[t]
                a += hs[t] @ w_hh_t
                if relu:
                    np.maximum(a, 0, out=hs[t + 1])
                else:
                    np.tanh(a, out=hs[t + 1])
            xw = None
        self._hs, self._acts = hs, xw
        return buf[1:]

    # ---------------------------------------------------------------- backward
    def backward(self, g, out, x, h0, *rest):
        if isinstance(g, Tensor):
            return self._graph_backward(g, (x, h0, *rest))
        mode = self.mode
        lstm = mode == "LSTM"
        need = self.needs
        w_ih, w_hh = rest[1:3] if lstm else rest[:2]
        seq, n, n_in = x.shape
        h = w_hh.shape[1]
        hs, acts = self._hs, self._acts
        dt = hs.dtype
        gates = w_hh.shape[0]
        da = np.empty((seq, n, gates), dtype=dt)  # gradient of the pre-activations
        dgh = None  # GRU: the gradient of h @ W_hh^T + b_hh, when it differs from da
        dh = None  # gradient reaching h_t through the recurrence
        dc = None
        if lstm:
            cs, tcs = self._cs, self._aux
            dc = np.array(g[seq], dtype=dt, copy=True)
            for t in range(seq - 1, -1, -1):
                dh_t = g[t] if dh is None else g[t] + dh
                a = acts[t]
                i, f, gg, o = a[:, :h], a[:, h : 2 * h], a[:, 2 * h : 3 * h], a[:, 3 * h :]
                tc = tcs[t]
                dc += dh_t * o * (1 - tc * tc)
                d = da[t]
                np.multiply(dc * gg, i * (1 - i), out=d[:, :h])
                np.multiply(dc * cs[t], f * (1 - f), out=d[:, h : 2 * h])
                np.multiply(dc * i, 1 - gg * gg, out=d[:, 2 * h : 3 * h])
                np.multiply(dh_t * tc, o * (1 - o), out=d[:, 3 * h :])
                dc *= f
                if t or need[1]:
                    dh = d @ w_hh
        elif mode == "GRU":
            ghn = self._aux
            dgh = np.empty_like(da)
            for t in range(seq - 1, -1, -1):
                dh_t = g[t] if dh is None else g[t] + dh
                a = acts[t]
                r, z, nn_ = a[:, :h], a[:, h : 2 * h], a[:, 2 * h :]
                d, e = da[t], dgh[t]
                dan = d[:, 2 * h :]
                np.multiply(dh_t * (1 - z), 1 - nn_ * nn_, out=dan)
                np.multiply(dan * ghn[t], r * (1 - r), out=d[:, :h])
                np.multiply(dh_t * (hs[t] - nn_), z * (1 - z), out=d[:, h : 2 * h])
                e[:, : 2 * h] = d[:, : 2 * h]
                np.multiply(dan, r, out=e[:, 2 * h :])
                if t or need[1]:
                    dh = dh_t * z + e @ w_hh
        else:
            relu = mode == "RNN_RELU"
            for t in range(seq - 1, -1, -1):
                dh_t = g[t] if dh is None else g[t] + dh
                y = hs[t + 1]
                if relu:
                    np.multiply(dh_t, y > 0, out=da[t])
                else:
                    np.multiply(dh_t, 1 - y * y, out=da[t])
                if t or need[1]:
                    dh = da[t] @ w_hh
        da2 = da.reshape(seq * n, gates)
        dgh2 = da2 if dgh is None else dgh.reshape(seq * n, gates)
        k = 3 if lstm else 2  # index of w_ih among the inputs
        grads = [None] * len(need)
        if need[0]:
            grads[0] = (da2 @ w_ih).reshape(x.shape)
        if need[1]:
            grads[1] = dh
        if lstm and need[2]:
            grads[2] = dc
        if need[k]:
            grads[k] = da2.T @ x.reshape(seq * n, n_in)
        if need[k + 1]:
            grads[k + 1] = dgh2.T @ hs[:seq].reshape(seq * n, h)
        if self.bias and (need[k + 2] or need[k + 3]):
            db = da2.sum(axis=0)  # LSTM and RNN: the two biases get the same gradient
            grads[k + 2] = db if need[k + 2] else None
            if need[k + 3]:
                grads[k + 3] = db if dgh is None else dgh2.sum(axis=0)
        return tuple(grads)

    def _graph_backward(self, g, inputs):
        """Backpropagation through time with engine ops (recorded: double backward)."""
        mode = self.mode
        lstm = mode == "LSTM"
        x, h0 = inputs[:2]
        c0 = inputs[2] if lstm else None
        w_ih, w_hh = inputs[3:5] if lstm else inputs[2:4]
        b_ih, b_hh = (inputs[-2], inputs[-1]) if self.bias else (None, None)
        seq, n, n_in = x.shape
        if mode != "GRU" and b_ih is not None:
            xw = _linear(x, w_ih, b_ih + b_hh)
        else:
            xw = _linear(x, w_ih, b_ih)
        w_hh_t = w_hh.T
        # the forward again, step by step, keeping what each step's backward needs
        hs, cs, pres = [h0], [c0], []
        for t in range(seq):
            if mode == "GRU":
                gh = hs[t] @ w_hh_t
                if b_hh is not None:
                    gh = gh + b_hh
                pres.append(gh)
                hs.append(GRUPointwise.apply(xw[t], gh, hs[t]))
                continue
            pre = xw[t] + hs[t] @ w_hh_t
            pres.append(pre)
            if lstm:
                hc = LSTMPointwise.apply(pre, cs[t])
                hs.append(hc[0])
                cs.append(hc[1])
            else:
                hs.append(pre.tanh() if mode == "RNN_TANH" else pre.relu())
        # backward through time
        da, dgh = [None] * seq, [None] * seq
        dh = None
        dc = g[seq] if lstm else None
        for t in range(seq - 1, -1, -1):
            dh_t = g[t] if dh is None else g[t] + dh
            if lstm:
                da[t], dc = _lstm_pointwise_grad(dh_t, dc, pres[t], cs[t])
                dh = da[t] @ w_hh
            elif mode == "GRU":
                da[t], dgh[t], dz = _gru_pointwise_grad(dh_t, xw[t], pres[t], hs[t])
                dh = dz + dgh[t] @ w_hh
            else:
                if mode == "RNN_TANH":
                    da[t] = dh_t * (1 - hs[t + 1] * hs[t + 1])
                else:
                    da[t] = dh_t * (value(pres[t]) > 0).astype(dh_t.dtype)
                dh = da[t] @ w_hh
        gates = w_hh.shape[0]
        da2 = autograd.stack(da).reshape(seq * n, gates)
        dgh2 = autograd.stack(dgh).reshape(seq * n, gates) if mode == "GRU" else da2
        need = [t.requires_grad for t in inputs]
        k = 3 if lstm else 2
        grads = [None] * len(inputs)
        if need[0]:
            grads[0] = (da2 @ w_ih).reshape(x.shape)
        grads[1] = dh if need[1] else None
        if lstm and need[2]:
            grads[2] = dc
        if need[k]:
            grads[k] = da2.T @ x.reshape(seq * n, n_in)
        if need[k + 1]:
            grads[k + 1] = dgh2.T @ autograd.stack(hs[:seq]).reshape(seq * n, -1)
        if self.bias:
            if need[k + 2]:
                grads[k + 2] = da2.sum(axis=0)
            if need[k + 3]:
                grads[k + 3] = dgh2.sum(axis=0)
        return tuple(grads)
