"""Tensor's `cov`, `corrcoef` and `renorm`, a mixin: composed of recorded ops, so their
gradients (of any order) are the composition's, as PyTorch's.

As PyTorch's: rows are variables and columns observations (a 1-d tensor is one variable,
the result then 0-d); integer inputs give the default floating dtype; `correction`,
`fweights` and `aweights` as numpy's `ddof` and weights, with PyTorch's checks and its
warning when the degrees of freedom are not positive. `renorm` scales each slice along
`dim` whose p-norm exceeds `maxnorm` by maxnorm / (norm + 1e-7).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import dtypes
from .composite import mark, start
from .shapes import dim_index

if TYPE_CHECKING:
    from .tensor_class import Tensor

_TORCH_NAMES = {
    "float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte",
    "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool",
}  # fmt: skip


def _name(t: Tensor) -> str:
    return _TORCH_NAMES.get(t._data.dtype.name, t._data.dtype.name)


def _weights(w, name: str, observations: int, integral: bool) -> Tensor:
    if w.ndim > 1:
        raise RuntimeError(
            f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
            f"{w.ndim} dimensions"
        )
    if w.numel() != observations:
        raise RuntimeError(
            f"cov(): expected {name} to have the same numel as there are observations in the "
            f"input but got {w.numel()} != {observations}"
        )
    kind = w._data.dtype.kind
    if integral and kind not in "iu":
        raise RuntimeError(
            f"cov(): expected {name} to have integral dtype but got {name} with {_name(w)} dtype"
        )
    if not integral and kind != "f":
        raise RuntimeError(
            f"cov(): expected {name} to have floating point dtype but got {name} with "
            f"{_name(w)} dtype"
        )
    if np.any(np.asarray(w._data) < 0):
        raise RuntimeError(f"cov(): {name} cannot be negative")
    return w


class StatisticsMethods:
    """Covariance, correlation and the renormalisation of slices."""

    __slots__ = ()

    def cov(self, *, correction: int = 1, fweights=None, aweights=None) -> Tensor:
        """The covariance matrix of the variables (rows) over the observations (columns),
        with `correction` (1: Bessel's) and frequency or analytic weights."""
        if self.ndim > 2:
            raise RuntimeError(
                "cov(): expected input to have two or fewer dimensions but got an input with "
                f"{self.ndim} dimensions"
            )
        if type(correction) is not int:
            raise TypeError(
                f"cov(): argument 'correction' must be int, not {type(correction).__name__}"
            )
        t0 = start()
        x = self if self.ndim == 2 else self.reshape(1, -1)
        if x._data.dtype.kind in "iub":
            x = x.astype(dtypes.get_default_dtype())
        n = x.shape[1]
        w = None
        if fweights is not None:
            w = _weights(self._operand(fweights), "fweights", n, integral=True)
        if aweights is not None:
            aw = _weights(self._operand(aweights), "aweights", n, integral=False)
            w = aw if w is None else w * aw
        if w is None:
            w_sum = float(n)
            mean = x.mean(1, keepdims=True)
        else:
            w = w.astype(x._data.dtype) if w._data.dtype != x._data.dtype else w
            w_sum = w.sum()
            mean = (x * w).sum(1, keepdims=True) / w_sum
        if w is None or correction == 0:
            fact = w_sum - correction
        elif aweights is None:
            fact = w_sum - correction
        else:
            fact = w_sum - correction * (w * aw.astype(x._data.dtype)).sum() / w_sum
        if float(np.asarray(getattr(fact, "_data", fact))) <= 0:
            warnings.warn(
                "cov(): degrees of freedom is <= 0. Correction should be strictly less than "
                "the number of observations.",
                UserWarning,
                stacklevel=2,
            )
            fact = fact * 0.0 if hasattr(fact, "_data") else 0.0
        centred = x - mean
        weighted = centred if w is None else centred * w
        with np.errstate(divide="ignore", invalid="ignore"):
            out = centred.matmul(weighted.mT) / fact
        if out.shape == (1, 1):
            out = out.reshape(())
        return mark(out, t0, "cov", {"correction": correction})

    def corrcoef(self) -> Tensor:
        """The Pearson correlation coefficients of the variables (rows), clipped to [-1, 1]."""
        if self.ndim > 2:
            raise RuntimeError(
                "corrcoef(): expected input to have two or fewer dimensions but got an input "
                f"with {self.ndim} dimensions"
            )
        t0 = start()
        c = self.cov()
        with np.errstate(divide="ignore", invalid="ignore"):
            if c.ndim == 0:
                return mark(c / c, t0, "corrcoef", {})
            sd = c.diagonal().sqrt()
            c = c / sd.reshape(-1, 1) / sd.reshape(1, -1)
        return mark(c.clip(-1, 1), t0, "corrcoef", {})

    def renorm(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """Each slice along dim whose p-norm is above maxnorm, scaled to norm maxnorm."""
        if not p > 0:
            raise RuntimeError("renorm: non-positive-norm not supported")
        if maxnorm < 0:
            raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
        if self.ndim < 2:
            raise RuntimeError(
                f"renorm: input needs at least 2 dimensions, got {self.ndim} dimensions"
            )
        d = dim_index(dim, self.ndim, "renorm")
        if self._data.dtype.kind != "f":
            raise RuntimeError(
                "linalg.vector_norm: Expected a floating point or complex tensor as input. "
                f"Got {_name(self)}"
            )
        t0 = start()
        others = tuple(i for i in range(self.ndim) if i != d)
        norm = self.norm(p, dim=others, keepdim=True)
        over = np.asarray(norm._data > maxnorm)
        factor = (maxnorm / (norm + 1e-7)).where(self._result(over), 1.0)
        return mark(self * factor, t0, "renorm", {"p": p, "dim": d, "maxnorm": maxnorm})
