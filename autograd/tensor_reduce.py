"""Tensor's reductions (`sum`, `mean`, `max`, `var`, `softmax`, ...), mixed into Tensor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .composite import mark, start
from .grad_mode import is_grad_enabled
from .ops_reduce import LogSoftmax, Max, Softmax, Sum
from .shapes import axis_args, count, norm_axis

if TYPE_CHECKING:
    from .tensor_class import Tensor


def complex_only(name: str, t: Tensor, fn) -> Tensor:
    """numpy's answer for a complex tensor that does not require grad, else a TypeError."""
    if t.requires_grad and is_grad_enabled():
        raise TypeError(
            f"{name}: not differentiable for complex tensors (it needs a conjugate); "
            "use .detach() for the value"
        )
    return t._result(fn(t._data))


class ReductionMethods:
    """Methods that reduce over axes (numpy's axis/keepdims or PyTorch's dim/keepdim)."""

    __slots__ = ()

    def sum(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        return Sum.apply(self, axis=norm_axis(axis, self.ndim), keepdims=keepdims)

    def mean(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim)
        t0 = start()
        return mark(self.sum(ax, keepdims) / count(self.shape, ax), t0, "mean", {"axis": ax})

    def max(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """Largest value; at ties the gradient is split evenly between the maxima."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        return Max.apply(self, axis=norm_axis(axis, self.ndim), keepdims=keepdims)

    def min(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """Smallest value; at ties the gradient is split evenly between the minima."""
        if self._data.dtype.kind not in "fc":  # not differentiable: numpy's min (bool too)
            axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
            ax = norm_axis(axis, self.ndim)
            return self._result(np.min(self._data, axis=ax, keepdims=keepdims))
        t0 = start()
        out = -((-self).max(axis, keepdims, dim=dim, keepdim=keepdim))
        return mark(out, t0, "min", {"axis": axis if dim is None else dim})

    def var(self, axis=None, keepdims: bool = False, ddof: int = 0, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim)
        if self._data.dtype.kind == "c":  # |x - mean|^2 needs a conjugate
            return complex_only(
                "var", self, lambda a: np.var(a, axis=ax, keepdims=keepdims, ddof=ddof)
            )
        t0 = start()
        centred = self - self.mean(ax, keepdims=True)
        out = (centred * centred).sum(ax, keepdims) / (count(self.shape, ax) - ddof)
        return mark(out, t0, "var", {"axis": ax, "ddof": ddof or None})

    def std(self, axis=None, keepdims: bool = False, ddof: int = 0, *, dim=None, keepdim=None):
        t0 = start()
        out = self.var(axis, keepdims, ddof, dim=dim, keepdim=keepdim).sqrt()
        return mark(out, t0, "std", {"axis": axis if dim is None else dim, "ddof": ddof or None})

    def logsumexp(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim)
        m = np.max(self._data, axis=ax, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        t0 = start()
        out = (self - m).exp().sum(ax, keepdims=True).log() + m
        out = out if keepdims else out.reshape(np.squeeze(m, ax).shape)
        return mark(out, t0, "logsumexp", {"axis": ax})

    def softmax(self, axis: int = -1, *, dim=None):
        return Softmax.apply(self, axis=dim if dim is not None else axis)

    def log_softmax(self, axis: int = -1, *, dim=None):
        return LogSoftmax.apply(self, axis=dim if dim is not None else axis)

    def argmax(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        return self._result(np.argmax(self._data, axis=axis, keepdims=keepdims))

    def argmin(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        return self._result(np.argmin(self._data, axis=axis, keepdims=keepdims))
