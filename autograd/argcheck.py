"""Checks for the numeric arguments of layers and optimizers: integers, numbers, ranges.

Sizes, dims and counts must be integers in the sense of `operator.index` (Python and
numpy ints pass, `2.5` and `2.0` do not, as in PyTorch); other hyper-parameters must be
real numbers (not strings). A wrong type is a `TypeError`, a value out of range a
`ValueError`, each naming the argument and its owner (`who`, such as "Linear").
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence

__all__ = ["integer", "integers", "number"]


def _got(value) -> str:
    return f"{value!r} ({type(value).__name__})"


def integer(value, name: str, who: str, minimum: int | None = None) -> int:
    """`value` as a Python int (by `operator.index`); TypeError if it is not an integer."""
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{who}: {name} must be an int, got {_got(value)}") from None
    if minimum is not None and n < minimum:
        raise ValueError(f"{who}: {name} must be >= {minimum}, got {n}")
    return n


def integers(value, name: str, who: str, length: int | None = None, minimum: int | None = None):
    """An int or a sequence of ints as a tuple; an int n gives (n,) * length ((n,) by default)."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if length is not None and len(value) != length:
            raise ValueError(
                f"{who}: {name} must be an int or a sequence of {length} ints, got {value!r}"
            )
        return tuple(integer(v, f"{name}[{i}]", who, minimum) for i, v in enumerate(value))
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{who}: {name} must be an int or a sequence of ints, got {_got(value)}"
        ) from None
    return (integer(n, name, who, minimum),) * (1 if length is None else length)


def number(
    value,
    name: str,
    who: str,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """`value` as a float; TypeError unless it is a real number, ValueError outside the range.

    Accepts Python and numpy numbers and one-element arrays or Tensors (anything `float()`
    takes except strings and complex numbers). NaN is out of every range.
    """
    if isinstance(value, (str, bytes, complex)) or not (
        isinstance(value, numbers.Real) or hasattr(type(value), "__float__")
    ):
        raise TypeError(f"{who}: {name} must be a number, got {_got(value)}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{who}: {name} must be a single number, got {_got(value)}") from None
    if low is None and high is None:
        return x
    above = low is None or (x > low if low_open else x >= low)
    below = high is None or (x < high if high_open else x <= high)
    if not (above and below) or math.isnan(x):
        lo = "(-inf" if low is None else ("(" if low_open else "[") + f"{low:g}"
        hi = "inf)" if high is None else f"{high:g}" + (")" if high_open else "]")
        raise ValueError(f"{who}: {name} must be in {lo}, {hi}, got {value!r}")
    return x
