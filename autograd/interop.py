"""Tensor's conversions and numpy protocols (`len`, `bool`, `float`, `np.asarray(t)`, ...).

Mixed into Tensor. numpy functions called on Tensors compute on the arrays and
warn when a tensor that requires grad is involved: the result is not tracked.
"""

from __future__ import annotations

import warnings


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

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            warnings.warn(
                "a Tensor that requires grad was converted to a numpy array: the result is "
                "not tracked and no gradient flows through it (use .detach().numpy())",
                stacklevel=2,
            )
        a = self.data
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
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(_lower(v, tracked) for v in x)
    return x
