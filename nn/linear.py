"""`Linear` (the fused `Affine` primitive behind `functional.linear`), `Flatten`, `Unflatten`."""

from __future__ import annotations

import math

import numpy as np

from autograd.argcheck import integer, integers
from autograd.float_warnings import quiet_when_raised
from autograd.op import Op, unbroadcast
from autograd.tensor_class import Tensor, as_tensor

from . import init
from .module import Module, Parameter, factory_dtype

# when the product is taken as (W @ x.T).T: at most this many rows, into a layer at least this
# wide and deep (measured with OpenBLAS on one and two threads; see Affine.forward)
_FEW_ROWS, _WIDE, _DEEP = 32, 64, 128
_BLAS_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_ONES: dict = {}  # dtype -> a read-only vector of ones, sliced to the rows of a bias gradient
_ONES_MAX = 1 << 16  # rows beyond this get a vector of their own


def _ones(n: int, dtype) -> np.ndarray:
    """n ones of dtype (read-only), without a new array per backward for common sizes."""
    if n > _ONES_MAX:
        return np.ones(n, dtype)
    ones = _ONES.get(dtype)
    if ones is None or ones.shape[0] < n:
        ones = np.ones(max(n, 1024), dtype)
        ones.flags.writeable = False
        _ONES[dtype] = ones
    return ones[:n]


@quiet_when_raised
class Affine(Op):
    # Fused x @ W.T + b: one node instead of three (transpose, matmul, add), the bias added in
    # place into the fresh matmul result, and no gradient work for inputs that need none.
    __slots__ = ()  # (not `broadcasts`: the bias's gradient is summed back here, so the
    # engine checks no shapes)
    reads = ((1,), (0,), ())  # x and w each the other; the bias none

    def label(self, inputs: tuple = ()) -> str:
        return "Linear"

    def forward(self, x, w, b=None):
        o, i = w.shape
        x2 = x if x.ndim == 2 else x.reshape(-1, i) if x.ndim > 2 else None
        if x2 is not None and x2.shape[0] <= _FEW_ROWS and o >= _WIDE and i >= _DEEP:
            # few rows into a wide layer: BLAS is faster on W @ x.T (no transposed operand
            # on the big side) than on x @ W.T; the result is laid out C-contiguous again
            # together with the bias (784 -> 256 at batch 32: 146 -> 108 us, same bits)
            prod = (w @ x2.T).T
            out = np.empty(prod.shape, prod.dtype)
            if b is not None and b.dtype == out.dtype:
                np.add(prod, b, out=out)
                b = None
            else:
                out[...] = prod
            if x.ndim != 2:
                out = out.reshape(x.shape[:-1] + (o,))
        elif x.ndim == 2:
            out = x @ w.T
        else:
            rows = x.size // x.shape[-1] if x.shape[-1] else int(np.prod(x.shape[:-1]))
            out = (x.reshape(rows, x.shape[-1]) @ w.T).reshape(x.shape[:-1] + (w.shape[0],))
        if b is not None:
            if b.dtype == out.dtype:
                out += b  # in place into the fresh product: no extra buffer
            else:
                out = out + b
        return out

    def backward(self, g, out, x, w, b=None):
        need = self.needs
        if g.ndim == 2:
            g2, x2 = g, x
        else:  # fold the leading axes into the batch
            rows = int(np.prod(g.shape[:-1]))  # (not -1: ambiguous when a size is 0)
            g2, x2 = g.reshape(rows, g.shape[-1]), x.reshape(rows, x.shape[-1])
        gx = gw = gb = None
        if need[0]:
            gx = g2 @ w if g.ndim == 2 else (g2 @ w).reshape(x.shape)
        if need[1]:
            gw = g2.T @ x2  # already (out, in): no transpose of the result
        if b is not None and need[2]:
            # the column sums as one vector-matrix product: BLAS reads g once, where numpy's
            # sum over axis 0 adds the rows one by one, 3-7x slower (1024 x 192 float32:
            # 35 -> 11 us). A single column numpy sums pairwise, more exactly: kept there
            blas = type(g2) is np.ndarray and g2.dtype in _BLAS_FLOATS and g2.shape[1] > 1
            gb = _ones(g2.shape[0], g2.dtype) @ g2 if blas else g2.sum(axis=0)
            if gb.shape != b.shape:  # a bias of shape (1,) broadcast to every output
                gb = unbroadcast(gb, b.shape)
        return gx, gw, gb


def linear(input, weight, bias=None) -> Tensor:
    """x @ weight.T + bias, for x of shape (..., in_features) and weight (out, in)."""
    input = as_tensor(input)
    shape = input._data.shape
    out_f, in_f = weight._data.shape
    if not shape or shape[-1] != in_f:
        raise ValueError(
            f"Linear({in_f} -> {out_f}): input has "
            f"{shape[-1] if shape else 0} features in shape {tuple(shape)}, expected {in_f}"
        )
    if bias is None:
        return Affine.apply(input, weight)
    return Affine.apply(input, weight, bias)


class Linear(Module):
    """y = x W^T + b with W of shape (out_features, in_features); PyTorch's initialisation."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None,
                 dtype=None):  # fmt: skip
        super().__init__()
        self.in_features = integer(in_features, "in_features", "Linear", minimum=0)
        self.out_features = integer(out_features, "out_features", "Linear", minimum=0)
        dtype = factory_dtype(device, dtype, "Linear")
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype=dtype))
        self.bias = Parameter(np.empty(self.out_features, dtype=dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """New weights and bias from U(-1/sqrt(in_features), 1/sqrt(in_features)), as PyTorch."""
        # kaiming_uniform_(a=sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as in PyTorch
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input) -> Tensor:
        return linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Flatten(Module):
    """Flatten axes start_dim..end_dim into one (by default all but the batch axis)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = integer(start_dim, "start_dim", "Flatten")
        self.end_dim = integer(end_dim, "end_dim", "Flatten")

    def forward(self, input) -> Tensor:
        input = as_tensor(input)
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split axis `dim` into `unflattened_size`."""

    def __init__(self, dim: int, unflattened_size):
        super().__init__()
        self.dim = integer(dim, "dim", "Unflatten")
        self.unflattened_size = integers(unflattened_size, "unflattened_size", "Unflatten")

    def forward(self, input) -> Tensor:
        shape = input.shape
        d = self.dim % len(shape)
        return input.reshape(shape[:d] + self.unflattened_size + shape[d + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
