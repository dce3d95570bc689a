"""Tensor's shape and indexing methods (`reshape`, `transpose`, `x[idx]`, ...), a mixin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .composite import mark, start
from .op import index_value
from .ops_shape import BroadcastTo, Copy, GetItem, Reshape, Transpose
from .shapes import count, resolve, shape_arg

if TYPE_CHECKING:
    from .tensor_class import Tensor


class ShapeMethods:
    """Methods that move elements without computing on them; each one primitive."""

    __slots__ = ()

    def __getitem__(self, index) -> Tensor:
        return GetItem.apply(self, index=index_value(index))

    def reshape(self, *shape) -> Tensor:
        return Reshape.apply(self, shape=resolve(shape_arg(shape), self.size))

    def view(self, *shape) -> Tensor:
        return self.reshape(*shape)

    def transpose(self, *axes) -> Tensor:
        axes = shape_arg(axes) if axes else None
        if axes is not None:
            axes = tuple(a % self.ndim if self.ndim else a for a in axes)
            if sorted(axes) != list(range(self.ndim)):
                raise ValueError(
                    f"transpose: axes {axes} are not a permutation of {self.ndim} axes"
                )
        return Transpose.apply(self, axes=axes)

    def permute(self, *axes) -> Tensor:
        return self.transpose(*axes)

    def swapaxes(self, a: int, b: int) -> Tensor:
        axes = list(range(self.ndim))
        axes[a], axes[b] = axes[b], axes[a]
        return self.transpose(tuple(axes))

    def squeeze(self, axis=None) -> Tensor:
        shape = np.squeeze(np.empty(self.shape, dtype=np.bool_), axis).shape
        return self.reshape(shape)

    def unsqueeze(self, axis: int) -> Tensor:
        return self.reshape(np.expand_dims(np.empty(self.shape, dtype=np.bool_), axis).shape)

    def expand_dims(self, axis: int) -> Tensor:
        return self.unsqueeze(axis)

    def flatten(self, start_axis: int = 0, end_axis: int = -1) -> Tensor:
        shape = self.shape
        if not shape:
            return self.reshape(1)
        s, e = start_axis % len(shape), end_axis % len(shape)
        t0 = start()
        out = self.reshape(shape[:s] + (count(shape[s : e + 1], None),) + shape[e + 1 :])
        return mark(out, t0, "flatten")

    def broadcast_to(self, *shape) -> Tensor:
        shape = shape_arg(shape)
        if shape == self.shape:
            return self
        return BroadcastTo.apply(self, shape=shape)

    def expand(self, *shape) -> Tensor:
        return self.broadcast_to(*shape)

    def copy(self) -> Tensor:
        """A copy in new memory (differentiable)."""
        return Copy.apply(self)

    def clone(self) -> Tensor:
        return self.copy()
