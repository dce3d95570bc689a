"""Scalar reference values for a tiny autodiff engine, computed with one-element tensors.

A scalar engine (a ``Value`` class) is checked against these numbers: a two-input tanh
unit whose gradients are also worked out by hand, then two longer expressions mixing
``relu``, powers, reflected operators and division. Every leaf is a one-element float64
tensor. Idioms: ``torch.Tensor([v]).double()``, ``x.requires_grad = True``, arithmetic
with Python numbers on either side (``2 * a``, ``3 + b``, ``1 / c``, ``-d``), ``**``,
``.relu()``, ``torch.tanh``, ``.backward()`` on a one-element tensor, ``.data.item()``,
``.grad.item()``. No randomness.
In the manner of micrograd's engine tests and its lecture's neuron check.
"""

import math

import autograd as torch


def leaf(value):
    """A one-element float64 tensor that collects a gradient."""
    t = torch.Tensor([value]).double()
    t.requires_grad = True
    return t


def show(label, t):
    """Print a tensor's value and, for a leaf, its gradient."""
    if not t.is_leaf:
        print(f"{label:>6s}  value {t.data.item():+.10f}")
    else:
        print(f"{label:>6s}  value {t.data.item():+.10f}  grad {t.grad.item():+.10f}")


def tanh_unit():
    """out = tanh(w1*x1 + w2*x2 + b); the gradients also by hand, from 1 - out**2."""
    print("-- tanh unit")
    x1, x2 = leaf(1.5), leaf(-0.5)
    w1, w2 = leaf(-2.0), leaf(0.75)
    b = leaf(3.25)
    pre = x1 * w1 + x2 * w2 + b
    out = torch.tanh(pre)
    out.backward()
    show("out", out)
    for name, t in (("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b)):
        show(name, t)
    local = 1 - out.data.item() ** 2
    by_hand = {
        "x1": local * w1.data.item(),
        "w1": local * x1.data.item(),
        "b": local,
    }
    for name, g in by_hand.items():
        print(f"{name:>6s}  by hand {g:+.10f}")
    print(f"  pre-activation {pre.data.item():+.10f}, tanh {math.tanh(pre.data.item()):+.10f}")


def chain():
    """A short expression: products, a relu of a sum and a self-multiplication."""
    print("-- chain")
    p = leaf(-3.0)
    q = 2 * p + 1 + p
    r = q.relu() + q * p
    s = (r * r).relu()
    s.backward()
    show("s", s)
    show("p", p)


def mixed():
    """A longer expression: powers, reflected operators, division and in-between reuse."""
    print("-- mixed")
    a, b = leaf(-2.5), leaf(1.75)
    c = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = a * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    h = 1 / (g + 4) - 0.5 * a
    h.backward()
    show("h", h)
    show("a", a)
    show("b", b)


def main():
    tanh_unit()
    chain()
    mixed()


if __name__ == "__main__":
    main()
