"""The classic scalar-engine workload: an MLP 2-16-16-1 built from 0-d Tensors.

100 two-moons points, max-margin loss plus an L2 penalty, forward + backward +
SGD step, seconds per step. The reference is a pure-Python scalar engine in
micrograd's style defined below (a `Value` with `_backward` closures and a
recursive topological sort), both run as a user runs them (garbage collector
on), in alternating rounds of consecutive steps (a collection between rounds, outside
the time, so neither side pays for the other's garbage): each side's best round (the
median step of the round) and the range. The
figure with the collector off is reported too. Goal: at least 10x faster than the
reference (at most 0.10x its time).
"""

from __future__ import annotations

import gc
import math
import random
import statistics
import time

import numpy as np

from autograd import Tensor
from benchmarks.common import result, run_as_script


class Value:
    """A micrograd-style scalar: every node keeps closures over its children (cycles)."""

    def __init__(self, data, children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def backward(self):
        topo, visited = [], set()

        def build(v):  # recursive, as in micrograd
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)

        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def _moons(n: int = 100, seed: int = 0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, math.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    pts = np.stack([x, y], 1) + rng.normal(0, 0.1, (n, 2))
    return pts.tolist(), np.where(upper, 1.0, -1.0).tolist()


def _mlp(make, sizes=(2, 16, 16, 1), seed=0):
    rnd = random.Random(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layer = [([make(rnd.uniform(-1, 1)) for _ in range(n_in)], make(0.0)) for _ in range(n_out)]
        layers.append(layer)
    return layers


def _forward(layers, x):
    for k, layer in enumerate(layers):
        out = []
        for w, b in layer:
            act = b
            for wi, xi in zip(w, x):
                act = act + wi * xi
            out.append(act.relu() if k < len(layers) - 1 else act)
        x = out
    return x[0]


def _params(layers):
    return [p for layer in layers for w, b in layer for p in (*w, b)]


def _step(layers, X, Y, data_of, set_data, grad_of, zero):
    params = _params(layers)
    for p in params:
        zero(p)
    losses = [(1 + -y * _forward(layers, x)).relu() for x, y in zip(X, Y)]
    total = losses[0]
    for v in losses[1:]:
        total = total + v
    reg = params[0] * params[0]
    for p in params[1:]:
        reg = reg + p * p
    loss = total * (1.0 / len(losses)) + reg * 1e-4
    loss.backward()
    for p in params:
        set_data(p, data_of(p) - 0.05 * grad_of(p))
    return loss


def _graphgrad_setter(p, v):
    p.data = v


def _value_setter(p, v):
    p.data = v


def _rounds(fns: dict, rounds: int, steps: int) -> dict:
    """Each fn's round figures (the median of `steps` consecutive steps, as a training loop
    runs them), alternating between the fns, `rounds` times: {name: [seconds]}.

    A collection runs between rounds (outside the time), so neither side pays for garbage
    the other left behind; within a round each pays for its own, as when run alone.
    """
    times: dict = {k: [] for k in fns}
    for _ in range(rounds):
        for k, fn in fns.items():
            gc.collect()
            step_times = []
            for _ in range(steps):
                t0 = time.perf_counter()
                fn()
                step_times.append(time.perf_counter() - t0)
            times[k].append(statistics.median(step_times))
    return times


def run(quick: bool = False) -> list[dict]:
    X, Y = _moons(30 if quick else 100)
    rounds, steps = (2, 3) if quick else (4, 4)
    ref = _mlp(Value)
    ours = _mlp(lambda v: Tensor(v, requires_grad=True))

    def ref_step():
        _step(
            ref,
            X,
            Y,
            lambda p: p.data,
            _value_setter,
            lambda p: p.grad,
            lambda p: setattr(p, "grad", 0.0),
        )

    def our_step():
        _step(
            ours,
            X,
            Y,
            lambda p: p.data,
            _graphgrad_setter,
            lambda p: p.grad.data,
            lambda p: setattr(p, "grad", None),
        )

    fns = {"ref": ref_step, "ours": our_step}
    for fn in fns.values():  # warm up
        fn()
    out = []
    for collector in (True, False):
        if not collector:
            gc.disable()
        try:
            t = _rounds(fns, rounds, steps)
        finally:
            gc.enable()
        best = {k: min(v) for k, v in t.items()}
        label = "gc on" if collector else "gc off"
        out.append(
            result(
                f"scalar_mlp graphgrad ({label}, in process)",
                best["ours"],
                "s/step",
                f"micrograd-style ({best['ref']:.3f} s, {min(t['ref']):.3g}-{max(t['ref']):.3g})",
                best["ours"] / best["ref"],
                ">= 10x faster" if collector else None,
                range=f"{min(t['ours']):.3g}-{max(t['ours']):.3g}",
                speedup=best["ref"] / best["ours"],
            )
        )
    return out


if __name__ == "__main__":
    run_as_script(run)
