"""The Tensor's window and adjoint views and its in-place view forms, mixed into Tensor.

`unfold` (sliding windows, a read-only strided view), `sum_to_size` (the reverse of
`expand`), `H`/`mH`/`adjoint` (conjugate transposes), and the in-place forms of the shape
views (`squeeze_`, `unsqueeze_`, `transpose_`, `t_`): the tensor object takes the view's
shape over the same memory. As PyTorch: refused on a leaf that requires
grad (and on a view of one) while grad mode is on; inside a graph, the tensor becomes the
node of the view, and an op recorded earlier that used it refuses to backward.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from . import hooks, versions
from .argcheck import integer
from .ops_shape import Unfold
from .shapes import dim_index, shape_arg

if TYPE_CHECKING:
    from collections.abc import Callable

    from .tensor_class import Tensor


class ViewMethods:
    """Window, adjoint and in-place view methods of Tensor (see the module docstring)."""

    __slots__ = ()

    # ------------------------------------------------------------------- windows
    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """The windows of `size` elements every `step` along `dimension`: that dim becomes
        the number of windows, (length - size) // step + 1, and a new last dim of `size`
        holds each window. A read-only view (overlapping windows share memory)."""
        size = integer(size, "size", "unfold")
        step = integer(step, "step", "unfold")
        if self.ndim == 0:  # as a 1-element 1-d tensor, with the window dim alone left
            dim_index(dimension, 1, "unfold")
            if size > 1:
                raise RuntimeError(
                    f"maximum size for tensor at dimension 0 is 1 but size is {size}"
                )
            return self.reshape(1).unfold(0, size, step).reshape(size)
        d = dim_index(dimension, self.ndim, "unfold")
        length = self.shape[d]
        if size < 0:
            raise RuntimeError(f"size is {size} but must be >= 0")
        if size > length:
            raise RuntimeError(
                f"maximum size for tensor at dimension {d} is {length} but size is {size}"
            )
        if step <= 0:
            raise RuntimeError(f"step is {step} but must be > 0")
        return Unfold.apply(self, dim=d, size=size, step=step)

    def sum_to_size(self, *sizes, size=None) -> Tensor:
        """The sum down to `size` (a shape `expand` could take back to self's): leading dims
        summed away, dims of size 1 summed with keepdim. Sizes, one sequence, or `size=`."""
        if size is not None and sizes:
            raise TypeError("sum_to_size(): size given both by position and by keyword")
        target = shape_arg(sizes if size is None else (size,), "sum_to_size")
        shape = tuple(self.shape)
        lead = len(shape) - len(target)
        if lead < 0 or any(t not in (1, n) for t, n in zip(target, shape[lead:])):
            raise RuntimeError(
                f"size {{{list(target)}}} is not expandable to size {{{list(shape)}}}."
            )
        if target == shape:
            return self
        out = self.sum(tuple(range(lead))) if lead else self
        axes = tuple(i for i, (t, n) in enumerate(zip(target, out.shape)) if t == 1 and n != 1)
        return out.sum(axes, keepdim=True) if axes else out.reshape(target)

    # ------------------------------------------------------------------ adjoints
    @property
    def H(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The conjugate transpose of a matrix (a 0-d tensor: its conjugate, with PyTorch's
        deprecation warning)."""
        if self.ndim == 0:
            warnings.warn(
                "Tensor.H is deprecated on 0-D tensors. Consider using x.conj().",
                UserWarning,
                stacklevel=2,
            )
            return self.conj()
        if self.ndim != 2:
            raise RuntimeError(
                "tensor.H is only supported on matrices (2-D tensors). Got "
                f"{self.ndim}-D tensor."
                + (" For batches of matrices, consider using tensor.mH" if self.ndim > 2 else "")
            )
        return self._adjoint()

    @property
    def mH(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The conjugate transpose of each matrix (the last two dims swapped, conjugated)."""
        if self.ndim < 2:
            raise RuntimeError(
                "tensor.mH is only supported on matrices or batches of matrices. Got "
                f"{self.ndim}-D tensor."
            )
        return self._adjoint()

    def adjoint(self) -> Tensor:
        """The conjugate transpose of each matrix, as `mH`."""
        if self.ndim < 2:
            raise RuntimeError(
                "tensor.adjoint() is only supported on matrices or batches of matrices. Got "
                f"{self.ndim}-D tensor."
            )
        return self._adjoint()

    def _adjoint(self) -> Tensor:
        out = self.swapaxes(-2, -1)
        return out.conj() if self.is_complex() else out

    # ------------------------------------------------------------- in place
    def squeeze_(self, dim=None) -> Tensor:
        """`squeeze`, in place: the tensor takes the squeezed shape (same memory)."""
        return self._view_("squeeze_", lambda t: t.squeeze() if dim is None else t.squeeze(dim))

    def unsqueeze_(self, dim: int) -> Tensor:
        """`unsqueeze`, in place: a dim of size 1 inserted at dim (same memory)."""
        return self._view_("unsqueeze_", lambda t: t.unsqueeze(dim))

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        """`transpose(dim0, dim1)`, in place: the two dims swapped (same memory)."""
        return self._view_("transpose_", lambda t: t.transpose(dim0, dim1))

    def t_(self) -> Tensor:
        """`t()`, in place: a matrix transposed (0-d and 1-d as they are)."""
        if self.ndim > 2:
            raise RuntimeError(
                f"t_() expects a tensor with <= 2 dimensions, but self is {self.ndim}D"
            )
        return self._view_("t_", lambda t: t.t())

    def _view_(self, what: str, view: Callable[[Tensor], Tensor]) -> Tensor:
        """self takes view(self)'s shape over its own memory; recorded as the node of the
        view when self is inside a graph (see the module docstring)."""
        recorded = self._inplace(what)
        if recorded:
            old = self._result(self._data)  # the node self was, under a new object
            old._op, old._in0, old._in1, old._many = self._op, self._in0, self._in1, self._many
            old._stamp, old._requires_grad, old._retain = self._stamp, True, False
            if hasattr(self, "_scope"):
                old._scope = self._scope
            prior = versions.prior(self)
            if prior is not None:
                versions.set_prior(old, prior)
            now = versions.tick()  # changed now: earlier uses go to old (versions.seen)
            old._vers = -now  # (minus: a snapshot, anomaly.check_versions)
            versions.set_prior(self, (now, old))
            hooks.move_pre_hooks(self, old)
            r = view(old)
            self._op, self._in0, self._in1, self._many = r._op, r._in0, r._in1, r._many
            self._requires_grad = r._requires_grad
            for slot in ("_scope", "_trace"):
                if hasattr(r, slot):
                    setattr(self, slot, getattr(r, slot))
        else:
            r = view(self.detach())
        self._data = r._data
        versions.bump(self, memory=False)
        if recorded:  # after the bump: the node's own values are current
            self._stamp = versions.tick()
        return self
