"""Tensor's conversions and numpy protocols (`len`, `bool`, `float`, `f"{t:.4f}"`,
`np.asarray(t)`, ...).

Mixed into Tensor. numpy functions called on Tensors compute on the arrays and
warn when a tensor that requires grad is involved: the result is not tracked. numpy's
ufuncs: `ndarray op Tensor` goes to the Tensor's reflected operator (recorded), and a
ufunc that writes into numpy arrays (`p.data += -lr * p.grad`: `np.add(a, t, out=a)`)
computes on the arrays when no tensor in it requires grad; any other ufunc call on a
Tensor is refused with a TypeError naming the Tensor method to use.
"""

from __future__ import annotations

import warnings

import numpy as np

from .grad_mode import is_grad_enabled

# ufunc -> the Tensor operator `ndarray op tensor` means (the reflected one)
_REFLECTED = {
    np.add: "__radd__",
    np.subtract: "__rsub__",
    np.multiply: "__rmul__",
    np.true_divide: "__rtruediv__",
    np.matmul: "__rmatmul__",
    np.power: "__rpow__",
    np.less: "__gt__",
    np.less_equal: "__ge__",
    np.greater: "__lt__",
    np.greater_equal: "__le__",
    np.equal: "__eq__",
    np.not_equal: "__ne__",
    np.bitwise_and: "__and__",
    np.bitwise_or: "__or__",
    np.bitwise_xor: "__xor__",
}


class NumpyInterop:
    """Python conversions and numpy's array protocols, mixed into Tensor."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self)))

    def __bool__(self) -> bool:
        return bool(self._one("bool"))

    def __float__(self) -> float:
        return float(self._one("float"))

    def __int__(self) -> int:
        return int(self._one("int"))

    def __index__(self) -> int:
        if self.dtype.kind not in "iub":
            raise TypeError(f"only integer tensors can be used as an index, got {self.dtype}")
        return int(self._one("index"))

    def _one(self, what: str):
        if self._data.size != 1:
            raise ValueError(
                f"{what}() of a tensor with {self._data.size} elements is ambiguous; "
                "it needs exactly one element"
            )
        return self._data.item()

    def __format__(self, spec: str) -> str:
        """A one-element tensor formats as its number (`f"{loss:.4f}"`), and so does a 0-d
        Tensor with no spec (`f"{loss}"` is `"2.5"`, as PyTorch's); others need no spec."""
        if not spec:
            # PyTorch's rule: only a plain Tensor (not a Parameter or other subclass), whose
            # direct bases are the mixins, this one among them
            if self._data.ndim == 0 and NumpyInterop in type(self).__bases__:
                return format(self._data.item(), spec)
            return str(self)
        if self._data.size == 1:
            return format(self._data.item(), spec)
        raise TypeError(
            f"unsupported format string {spec!r} for a Tensor of shape {self.shape}: only "
            "one-element tensors format as numbers"
        )

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        """numpy ufuncs on Tensors: see the module docstring."""
        if out is not None:
            outs = out if isinstance(out, tuple) else (out,)
            if method == "__call__" and not any(isinstance(o, NumpyInterop) for o in outs):
                tracked: list = []
                args = _lower(inputs, tracked)
                if is_grad_enabled() and any(t.requires_grad for t in tracked):
                    raise TypeError(
                        f"numpy.{ufunc.__name__}(..., out=array) with a Tensor that requires "
                        "grad: the result would not be tracked; use .detach() (or do it under "
                        "autograd.no_grad())"
                    )
                return ufunc(*args, out=out, **kwargs)
        elif method == "__call__" and not kwargs and len(inputs) == 2 and inputs[1] is self:
            name = _REFLECTED.get(ufunc)
            if name is not None and not isinstance(inputs[0], NumpyInterop):
                return getattr(self, name)(inputs[0])  # `ndarray op tensor`, recorded
        raise TypeError(
            f"numpy.{ufunc.__name__} on a Tensor is not recorded: use the Tensor method or "
            f"the autograd function (t.{ufunc.__name__}(), autograd.{ufunc.__name__}(t)), or "
            "np.asarray(t.detach()) for a plain array"
        )

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            warnings.warn(
                "a Tensor that requires grad was converted to a numpy array: the result is "
                "not tracked and no gradient flows through it (use .detach().numpy())",
                stacklevel=2,
            )
        a = self.numpy()
        if dtype is not None and a.dtype != dtype:
            return a.astype(dtype)
        return a.copy() if copy else a

    def __array_function__(self, func, types, args, kwargs):
        """numpy functions (`np.sum(t)`, `np.stack([t, u])`) compute on the arrays.

        The result is a plain numpy array, so for tensors that require grad this
        warns that it is not tracked (the Tensor methods are). Only numpy calls
        with a Tensor argument come here: nothing else pays for it.
        """
        tracked = []
        args = _lower(args, tracked)
        kwargs = {k: _lower(v, tracked) for k, v in kwargs.items()}
        if any(t.requires_grad for t in tracked):
            warnings.warn(
                f"numpy.{func.__name__}() on a Tensor that requires grad returns a plain numpy "
                "array: the result is not tracked and no gradient flows through it (use the "
                "Tensor method or autograd function instead, or .detach() to say it is meant)",
                stacklevel=2,
            )
        return func(*args, **kwargs)


def _lower(x, tracked: list):
    """x with Tensors (also inside lists and tuples) replaced by their arrays."""
    if isinstance(x, NumpyInterop):
        tracked.append(x)
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return type(x)(_lower(v, tracked) for v in x)
    return x
