"""The fused ops behind the recurrent layers (nn/rnn.py).

A layer over a sequence is one node, `RecurrentLayer`: its forward runs the time loop in
numpy (the input projection of all steps in one GEMM, then per step h @ W_hh^T and the
gate math, in place) and its backward is backpropagation through time, with each weight
gradient a single GEMM over all steps instead of one per step. Multi-layer networks
stack layer nodes.

The cells record the input projection (nn.functional.linear), a matmul with W_hh and
one fused pointwise primitive (`LSTMPointwise` / `GRUPointwise`): the gate
nonlinearities of a step in one node instead of about fifteen.

Every backward here is written once, over `xp` (autograd/op.py): on arrays in an
ordinary backward, on Tensors under create_graph (which records it: double backward).
The gradient of one step, `_lstm_step_grad` / `_gru_step_grad`, is shared by the cell
ops and the layer's backpropagation through time, which on arrays has it write each
step's gate gradients into one buffer for the whole sequence (no list to stack). The
layer's backward needs the forward's activations: the arrays it saved, or under
create_graph the forward recomputed with engine ops (`_recompute`), so that they are
differentiable too.
"""

from __future__ import annotations

import numpy as np

from autograd.composite import mark, start
from autograd.float_warnings import quiet
from autograd.op import Op, sigmoid, value, xp
from autograd.tensor_class import concatenate, stack

from .linear import linear as _linear

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# ------------------------------------------------------------------ one step
def _lstm_gates(gates, c):
    """An LSTM step from the pre-activations gates (B, 4H) and the cell state c (B, H)."""
    f_ = xp(gates)
    h4 = gates.shape[-1] // 4
    i = f_.sigmoid(gates[..., :h4])
    f = f_.sigmoid(gates[..., h4 : 2 * h4])
    g = f_.tanh(gates[..., 2 * h4 : 3 * h4])
    o = f_.sigmoid(gates[..., 3 * h4 :])
    c_new = f * c + i * g
    return i, f, g, o, c_new


def _joined(parts: list, out):
    """The parts side by side on the last axis: written into `out` (an array the caller
    owns, e.g. one step of a gradient buffer) when given, else a new array or Tensor."""
    if out is not None:
        return np.concatenate(parts, -1, out=out)
    return xp(parts[0]).concatenate(parts, -1)


def _lstm_step_grad(dh, dc, i, f, g, o, c, tc, out=None):
    """Gradients of an LSTM step's pre-activations (into `out` if given) and of c, its
    input cell state.

    dh, dc: the gradients of h' = o tanh(c') and c' = f c + i g; tc = tanh(c').
    """
    dc = dc + dh * o * (1 - tc * tc)
    parts = [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g * g)]
    parts.append(dh * tc * o * (1 - o))
    return _joined(parts, out), dc * f


def _gru_gates(gi, gh):
    """A GRU step's gates from gi = W_ih x + b_ih and gh = W_hh h + b_hh."""
    f_ = xp(gi)
    h3 = gi.shape[-1] // 3
    r = f_.sigmoid(gi[..., :h3] + gh[..., :h3])
    z = f_.sigmoid(gi[..., h3 : 2 * h3] + gh[..., h3 : 2 * h3])
    ghn = gh[..., 2 * h3 :]
    n = f_.tanh(gi[..., 2 * h3 :] + r * ghn)
    return r, z, n, ghn


def _gru_step_grad(dh, r, z, n, ghn, h, out_i=None, out_h=None):
    """Gradients of gi, of gh (into out_i, out_h if given) and (directly) of h, given that
    of h' = n + z (h - n)."""
    dan = dh * (1 - z) * (1 - n * n)
    dar = dan * ghn * r * (1 - r)
    daz = dh * (h - n) * z * (1 - z)
    return _joined([dar, daz, dan], out_i), _joined([dar, daz, dan * r], out_h), dh * z


class LSTMPointwise(Op):
    """One LSTM step after the matmuls: gates (B, 4H), c (B, H) -> stacked (h', c') (2, B, H)."""

    __slots__ = ()

    def forward(self, gates, c):
        i, f, g, o, c_new = _lstm_gates(gates, c)
        return np.stack([o * np.tanh(c_new), c_new])

    def backward(self, grad, out, gates, c):
        i, f, g, o, c_new = _lstm_gates(gates, c)  # recomputed: cheaper than saving four arrays
        return _lstm_step_grad(grad[0], grad[1], i, f, g, o, c, xp(c_new).tanh(c_new))


class GRUPointwise(Op):
    """One GRU step after the matmuls: gi = W_ih x + b_ih, gh = W_hh h + b_hh, h -> h'."""

    __slots__ = ()

    def forward(self, gi, gh, h):
        r, z, n, _ = _gru_gates(gi, gh)
        return n + z * (h - n)

    def backward(self, grad, out, gi, gh, h):
        return _gru_step_grad(grad, *_gru_gates(gi, gh), h)


def _step(mode: str, xw, h, c, w_hh_t, b_hh):
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


# ------------------------------------------------------------------ a whole layer
@quiet
class RecurrentLayer(Op):
    """One recurrent layer over a whole sequence, all time steps in one node.

    Inputs: x (L, N, I), h0 (N, H), c0 (N, H) for LSTM only, w_ih (G*H, I), w_hh (G*H, H),
    then b_ih and b_hh (G*H,) when `bias`. Output: the hidden states (L, N, H); for LSTM
    (L + 1, N, H), the last row being the final cell state.

    Saved by the forward: `_hs` the hidden states h_0..h_L, `_acts` the activated gates
    of every step (LSTM i f g o, GRU r z n), `_cs` the LSTM cell states c_0..c_L, `_aux`
    tanh(c_t) (LSTM) or W_hn h + b_hn (GRU).
    """

    __slots__ = ("mode", "bias", "_hs", "_cs", "_acts", "_aux")

    def label(self, inputs: tuple = ()) -> str:
        name = {"RNN_TANH": "RNN (tanh)", "RNN_RELU": "RNN (relu)"}.get(self.mode, self.mode)
        return f"{name}\nall steps" + ("" if self.bias else "\nno bias")

    def unrolled(self, *inputs):
        """The layer again from `inputs` (Tensors), step by step with recorded ops (the
        cells'), each step one composite `RNNCell` / `LSTMCell` / `GRUCell` with its time
        `t`: what `draw(..., unroll=True)` shows in place of this node."""
        x, h0, c0, w_ih, w_hh, b_ih, b_hh = self._unpack(inputs)
        mode = self.mode
        cell = {"RNN_TANH": "RNNCell", "RNN_RELU": "RNNCell"}.get(mode, mode + "Cell")
        fused = b_ih + b_hh if mode != "GRU" and b_ih is not None else b_ih
        xw = _linear(x, w_ih, fused)
        w_hh_t = w_hh.T
        h, c, hs = h0, c0, []
        for t in range(x.shape[0]):
            t0 = start()
            h, c = _step(mode, xw[t], h, c, w_hh_t, b_hh if mode == "GRU" else None)
            mark((h, c) if c is not None else h, t0, cell, {"t": t + 1})
            hs.append(h)
        if mode != "LSTM":
            return stack(hs)
        t0 = start()  # the hidden states, then the last cell state: one "stack" node
        return mark(concatenate([stack(hs), c.unsqueeze(0)]), t0, "stack")

    def _unpack(self, inputs):
        """(x, h0, c0, w_ih, w_hh, b_ih, b_hh) from the inputs (c0, biases may be None)."""
        lstm = self.mode == "LSTM"
        x, h0 = inputs[:2]
        c0 = inputs[2] if lstm else None
        w_ih, w_hh = inputs[3:5] if lstm else inputs[2:4]
        b_ih, b_hh = (inputs[-2], inputs[-1]) if self.bias else (None, None)
        return x, h0, c0, w_ih, w_hh, b_ih, b_hh

    # ---------------------------------------------------------------- forward
    def forward(self, *inputs):
        x, h0, c0, w_ih, w_hh, b_ih, b_hh = self._unpack(inputs)
        mode = self.mode
        lstm = mode == "LSTM"
        seq, n, _ = x.shape
        h = w_hh.shape[1]
        xw = x.reshape(seq * n, -1) @ w_ih.T
        if b_ih is not None:
            xw += b_ih if mode == "GRU" else b_ih + b_hh
        xw = xw.reshape(seq, n, -1)  # becomes the activated gates, step by step
        w_hh_t = np.ascontiguousarray(w_hh.T)  # BLAS multiplies by it 1.5x faster than by the view
        # LSTM: buf = [h0, h_1 .. h_L, c_L]; the output is buf[1:], a view
        buf = np.empty((seq + 2 if lstm else seq + 1, n, h), dtype=xw.dtype)
        hs = buf[: seq + 1]
        hs[0] = h0
        aux = np.empty((seq, n, h), dtype=xw.dtype)  # LSTM: tanh(c_t); GRU: W_hn h + b_hn
        cs = None
        if lstm:
            cs = np.empty((seq + 1, n, h), dtype=xw.dtype)
            cs[0] = c0
            for t in range(seq):
                a = xw[t]
                a += hs[t] @ w_hh_t
                sigmoid(a[:, : 2 * h], out=a[:, : 2 * h])
                np.tanh(a[:, 2 * h : 3 * h], out=a[:, 2 * h : 3 * h])
                sigmoid(a[:, 3 * h :], out=a[:, 3 * h :])
                np.multiply(a[:, h : 2 * h], cs[t], out=cs[t + 1])
                cs[t + 1] += a[:, :h] * a[:, 2 * h : 3 * h]
                np.tanh(cs[t + 1], out=aux[t])
                np.multiply(a[:, 3 * h :], aux[t], out=hs[t + 1])
            buf[seq + 1] = cs[seq]
        elif mode == "GRU":
            for t in range(seq):
                gh = hs[t] @ w_hh_t
                if b_hh is not None:
                    gh += b_hh
                a = xw[t]  # becomes (r, z, n)
                a[:, : 2 * h] += gh[:, : 2 * h]
                sigmoid(a[:, : 2 * h], out=a[:, : 2 * h])
                aux[t] = gh[:, 2 * h :]
                nn_ = a[:, 2 * h :]
                nn_ += a[:, :h] * aux[t]
                np.tanh(nn_, out=nn_)
                # h' = n + z * (h - n)
                np.subtract(hs[t], nn_, out=hs[t + 1])
                hs[t + 1] *= a[:, h : 2 * h]
                hs[t + 1] += nn_
        else:
            relu = mode == "RNN_RELU"
            for t in range(seq):
                a = xw[t]
                a += hs[t] @ w_hh_t
                if relu:
                    np.maximum(a, 0, out=hs[t + 1])
                else:
                    np.tanh(a, out=hs[t + 1])
            xw = aux = None  # the outputs are all the backward needs
        self._hs, self._cs, self._acts, self._aux = hs, cs, xw, aux
        return buf[1:]

    def _recompute(self, inputs):
        """The forward again with engine ops, keeping what the backward needs (lists)."""
        x, h0, c0, w_ih, w_hh, b_ih, b_hh = self._unpack(inputs)
        mode = self.mode
        fused = b_ih + b_hh if mode != "GRU" and b_ih is not None else b_ih
        xw = _linear(x, w_ih, fused)
        w_hh_t = w_hh.T
        hs, cs, acts, aux = [h0], [c0], [], []
        for t in range(x.shape[0]):
            if mode == "GRU":
                gh = hs[t] @ w_hh_t
                if b_hh is not None:
                    gh = gh + b_hh
                r, z, n, ghn = _gru_gates(xw[t], gh)
                acts.append(xp(r).concatenate([r, z, n], -1))
                aux.append(ghn)
                hs.append(n + z * (hs[t] - n))
            elif mode == "LSTM":
                i, f, g, o, c = _lstm_gates(xw[t] + hs[t] @ w_hh_t, cs[t])
                acts.append(xp(i).concatenate([i, f, g, o], -1))
                cs.append(c)
                aux.append(c.tanh())
                hs.append(o * aux[t])
            else:
                pre = xw[t] + hs[t] @ w_hh_t
                hs.append(pre.tanh() if mode == "RNN_TANH" else pre.relu())
        return hs, cs, acts, aux

    # ---------------------------------------------------------------- backward
    def backward(self, g, out, *inputs):
        x, h0, c0, w_ih, w_hh, b_ih, b_hh = self._unpack(inputs)
        f_ = xp(g)
        mode = self.mode
        need = self.needs
        seq, n, n_in = x.shape
        h = w_hh.shape[1]
        saved = (self._hs, self._cs, self._acts, self._aux)
        hs, cs, acts, aux = f_.saved(saved, lambda: self._recompute(inputs))
        gates = w_hh.shape[0]
        # the gradients of the pre-activations, step by step: on arrays written into one
        # buffer each (no list to stack); on Tensors (create_graph) a list, latest first
        arrays = isinstance(g, np.ndarray)
        das = np.empty((seq, n, gates), g.dtype) if arrays else []
        dghs = (np.empty((seq, n, gates), g.dtype) if arrays else []) if mode == "GRU" else das
        dh = None  # the gradient reaching h_t through the recurrence
        dc = g[seq] if mode == "LSTM" else None
        for t in range(seq - 1, -1, -1):
            dh_t = g[t] if dh is None else g[t] + dh
            out = das[t] if arrays else None
            if mode == "LSTM":
                a = acts[t]
                gates_t = a[:, :h], a[:, h : 2 * h], a[:, 2 * h : 3 * h], a[:, 3 * h :]
                da, dc = _lstm_step_grad(dh_t, dc, *gates_t, cs[t], aux[t], out)
                dgh = da
            elif mode == "GRU":
                a = acts[t]
                r, z, nn_ = a[:, :h], a[:, h : 2 * h], a[:, 2 * h :]
                out_h = dghs[t] if arrays else None
                da, dgh, dz = _gru_step_grad(dh_t, r, z, nn_, aux[t], hs[t], out, out_h)
            else:
                y = hs[t + 1]
                pre = (1 - y * y) if mode == "RNN_TANH" else (value(y) > 0)
                da = np.multiply(dh_t, pre, out=out) if arrays else dh_t * pre
                dgh = da
            if not arrays:
                das.append(da)
                if mode == "GRU":
                    dghs.append(dgh)
            if t or need[1]:
                dh = dgh @ w_hh if mode != "GRU" else dz + dgh @ w_hh
        da2 = _in_order(das).reshape(seq * n, gates)
        dgh2 = _in_order(dghs).reshape(seq * n, gates) if mode == "GRU" else da2
        k = 3 if mode == "LSTM" else 2  # the position of w_ih among the inputs
        grads = [None] * len(inputs)
        if need[0]:
            grads[0] = (da2 @ w_ih).reshape(x.shape)
        grads[1] = dh if need[1] else None
        if mode == "LSTM" and need[2]:
            grads[2] = dc
        if need[k]:
            grads[k] = da2.T @ x.reshape(seq * n, n_in)
        if need[k + 1]:
            h_prev = hs[:seq] if arrays else f_.stack(hs[:seq])
            grads[k + 1] = dgh2.T @ h_prev.reshape(seq * n, h)
        if self.bias and (need[k + 2] or need[k + 3]):
            db = da2.sum(axis=0)  # LSTM and RNN: the two biases get the same gradient
            grads[k + 2] = db if need[k + 2] else None
            if need[k + 3]:
                grads[k + 3] = db if dgh2 is da2 else dgh2.sum(axis=0)
        return tuple(grads)


def _in_order(steps):
    """Per-step gradients as one (seq, ...) value: the buffer itself, or the list (latest
    first) stacked in time order."""
    return steps if isinstance(steps, np.ndarray) else xp(steps[0]).stack(steps[::-1])
