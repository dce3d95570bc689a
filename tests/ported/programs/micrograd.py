"""Scalar reference values for a tiny autodiff engine, computed with one-element tensors.

A scalar engine (a ``Value`` class) is checked against these numbers: a two-input tanh
unit whose gradients are also worked out by hand, then two longer expressions mixing
``relu``, powers (squares, cubes, a square root), reflected operators and division. Every
leaf is a one-element float64 tensor (made from float32 numbers). Idioms: ``torch.Tensor([v]).double()``, ``x.requires_grad = True``, arithmetic
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


def gate():
    """A relu-gated cubic over a rational term, reusing intermediate values."""
    print("-- gate")
    u, v = leaf(0.5), leaf(-1.25)
    s1 = 3 * u - v**2
    s2 = (s1 * v).relu() + (u - s1).relu() * 0.5
    out = s2**3 / (1 + u**2)
    out.backward()
    show("out", out)
    show("u", u)
    show("v", v)


def rational():
    """Square roots, reciprocals, negation and relus of both signs, mixed with numbers."""
    print("-- rational")
    a, b = leaf(1.2), leaf(-0.7)
    p = 4 - a * b
    q = (b**2 + 2) ** 0.5
    r = p / q - 1 / a
    t = (-r).relu() + r.relu() * b
    h = t * t - 3.0 / (r**2 + 1) + a.relu() - (-b).relu() * 0.25
    h.backward()
    show("h", h)
    show("a", a)
    show("b", b)


def main():
    tanh_unit()
    gate()
    rational()


if __name__ == "__main__":
    main()
