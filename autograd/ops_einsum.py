"""`Einsum`: numpy's einsum as one primitive, and the parsing of its equations.

A primitive because composing a contraction from broadcast, multiply and sum would
materialise the full outer product; numpy contracts directly (with BLAS where it can).
The backward for each input is one more einsum: the upstream gradient contracted with
the other inputs, written to the input's subscripts. Labels that only that input has
(summed inside it) are supplied by a ones operand; a repeated label (a diagonal, `ii`)
gets a fresh label and an identity operand; a size-1 axis broadcast against a longer
one gets a fresh label, so the gradient sums over the broadcast.
"""

from __future__ import annotations

import numpy as np

from .op import Op, value

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"  # string.ascii_letters


def parse(equation: str, shapes: list[tuple]) -> tuple[tuple[str, ...], str]:
    """Explicit subscripts (one string per operand, and the output's) for an einsum equation.

    `...` becomes letters (broadcast from the right, as numpy's); without `->` the output
    is the ellipsis dims, then the labels used once, in alphabetical order.
    """
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(
            f"einsum: the equation {equation!r} has {len(terms)} operands, got {len(shapes)}"
        )
    used = set(eq) - set(".,->")
    if not used <= set(_LETTERS):
        raise ValueError(f"einsum: subscripts must be letters, got {equation!r}")
    spare = [c for c in _LETTERS if c not in used]
    n_ell = 0
    for term, shape in zip(terms, shapes):
        if "..." in term:
            n_ell = max(n_ell, len(shape) - (len(term) - 3))
        elif len(term) != len(shape):
            raise ValueError(
                f"einsum: operand {term!r} has {len(term)} subscripts but {len(shape)} dims"
            )
    if n_ell > len(spare):
        raise ValueError("einsum: too many dimensions for the letters available")
    ell = "".join(spare[:n_ell])
    ins = []
    for term, shape in zip(terms, shapes):
        if "..." in term:
            k = len(shape) - (len(term) - 3)
            if k < 0:
                raise ValueError(f"einsum: operand {term!r} has more subscripts than dims")
            term = term.replace("...", ell[n_ell - k :] if k else "")
        ins.append(term)
    if arrow:
        out = rhs.replace("...", ell)
    else:
        counts = {c: "".join(ins).count(c) for c in set("".join(ins))}
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    for c in out:
        if c not in "".join(ins):
            raise ValueError(f"einsum: output subscript {c!r} does not appear in the inputs")
    if len(set(out)) != len(out):
        raise ValueError(f"einsum: output subscript repeated in {equation!r}")
    return tuple(ins), out


def _sizes(ins, shapes) -> dict:
    """The length of each label (the largest over operands: size-1 axes broadcast)."""
    sizes: dict = {}
    for term, shape in zip(ins, shapes):
        for c, n in zip(term, shape):
            sizes[c] = max(sizes.get(c, 1), n)
    return sizes


class Einsum(Op):
    """numpy's einsum with explicit subscripts `(inputs, output)` (see the module docstring)."""

    __slots__ = ("subscripts",)

    def forward(self, *arrays):
        ins, out = self.subscripts
        eq = ",".join(ins) + "->" + out
        big = len(arrays) > 2 or max(np.size(a) for a in arrays) > 4096
        return np.einsum(eq, *arrays, optimize=bool(big))

    def backward(self, g, out, *inputs):
        ins, out_sub = self.subscripts
        shapes = [np.shape(value(x)) for x in inputs]
        sizes = _sizes(ins, shapes)
        taken = set("".join(ins)) | set(out_sub)
        fresh = (c for c in _LETTERS if c not in taken)
        grads = []
        for i, need in enumerate(self.needs):
            if not need:
                grads.append(None)
                continue
            operands, terms = [g], [out_sub]
            for j, x in enumerate(inputs):
                if j != i:
                    operands.append(x)
                    terms.append(ins[j])
            target, extra = [], []  # the gradient's subscripts; constant operands
            present = "".join(terms)
            for c, n in zip(ins[i], shapes[i]):
                if c in target or (n == 1 and sizes[c] > 1):
                    f = next(fresh)  # a diagonal, or an axis broadcast against a longer one
                    if c in target:
                        extra.append((np.eye(n, dtype=bool), c + f))
                    else:
                        extra.append((np.ones(1, dtype=bool), f))
                    target.append(f)
                    continue
                if c not in present:  # summed inside this input only: its gradient broadcasts
                    extra.append((np.ones(n, dtype=bool), c))
                    present += c
                target.append(c)
            dtype = np.result_type(*[value(x) for x in operands])
            for arr, term in extra:
                arr = arr.astype(dtype)
                operands.append(g._result(arr) if hasattr(g, "_result") else arr)
                terms.append(term)
            grads.append(Einsum.call(*operands, subscripts=(tuple(terms), "".join(target))))
        return tuple(grads)
