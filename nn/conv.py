"""Convolution and pooling on NCHW images: Conv2d, MaxPool2d, AvgPool2d and their functions.

Each is a fused primitive: composing a convolution from engine ops would record one
node per kernel offset and materialise every product; im2col + one GEMM does the same
arithmetic in a few large numpy calls. Loops run over kernel offsets (9 for 3x3), never
over pixels.

Double backward: the convolution's backward is written with two more primitives,
`ConvTranspose2dOp` (the input gradient) and `Conv2dWeightGradOp` (the weight gradient);
the three are adjoint to each other, so under `create_graph=True` the backward records
itself and derivatives of any order work. Pooling's backward is `PoolScatter` (a
weighted scatter into the windows) whose adjoint is `PoolGather`, so pooling supports
double backward too.

Max-pool ties: the gradient of a window goes to every position equal to the window's
maximum, split evenly between them (a window of four zeros sends a quarter to each).
AvgPool2d counts padded zeros in the average (PyTorch's count_include_pad=True).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import autograd
from autograd import Tensor, get_default_dtype
from autograd.function import Op

from . import init
from .module import Module, Parameter

__all__ = ["AvgPool2d", "Conv2d", "MaxPool2d", "avg_pool2d", "conv2d", "max_pool2d"]


def _pair(v, what: str) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError(f"{what} must be an int or a pair, got {v!r}")
        return int(v[0]), int(v[1])
    return int(v), int(v)


def _out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


class _Geom:
    """The window geometry shared by a convolution or pooling and its backward ops."""

    __slots__ = ("kernel", "stride", "padding", "dilation")

    def __init__(self, kernel, stride, padding, dilation=(1, 1)):
        self.kernel, self.stride, self.padding, self.dilation = kernel, stride, padding, dilation

    def out_hw(self, h: int, w: int) -> tuple[int, int]:
        (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (
            self.kernel,
            self.stride,
            self.padding,
            self.dilation,
        )
        return _out_len(h, kh, sh, ph, dh), _out_len(w, kw, sw, pw, dw)

    def slab(self, i: int, j: int, ho: int, wo: int) -> tuple:
        """The index (into a padded image) of the pixels kernel offset (i, j) touches."""
        (sh, sw), (dh, dw) = self.stride, self.dilation
        return (
            Ellipsis,
            slice(i * dh, i * dh + sh * (ho - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (wo - 1) + 1, sw),
        )

    def pad(self, x, value=0.0):
        ph, pw = self.padding
        if not (ph or pw):
            return x
        return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)

    def crop(self, xp, h: int, w: int):
        ph, pw = self.padding
        return xp[..., ph : ph + h, pw : pw + w]

    def disjoint(self) -> bool:
        """Windows never overlap, so a scatter can assign instead of add."""
        (kh, kw), (sh, sw), (dh, dw) = self.kernel, self.stride, self.dilation
        return sh >= dh * (kh - 1) + 1 and sw >= dw * (kw - 1) + 1

    def __repr__(self) -> str:
        return f"kernel={self.kernel}, stride={self.stride}, padding={self.padding}"


# ------------------------------------------------------------------ numpy kernels
def _im2col(x: np.ndarray, geom: _Geom) -> np.ndarray:
    """(N, C, H, W) -> columns (C, kh, kw, N, Ho, Wo), ready for one GEMM with (O, C*kh*kw)."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = geom.kernel, geom.stride, geom.dilation
    ho, wo = geom.out_hw(h, w)
    xp = geom.pad(x)
    win = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw][:, :, :ho, :wo]  # (N, C, Ho, Wo, kh, kw), a view
    cols = np.empty((c, kh, kw, n, ho, wo), dtype=x.dtype)
    cols[...] = win.transpose(1, 4, 5, 0, 2, 3)  # the one gather copy
    return cols


def _col2im(cols: np.ndarray, x_shape: tuple, geom: _Geom) -> np.ndarray:
    """Add every column entry back onto its pixel: (N, Ho, Wo, C, kh, kw) -> (N, C, H, W).

    The adjoint of `_im2col` up to the columns' layout (this one is the input gradient's
    GEMM output, rows per output pixel); the adds run on a channels-last buffer.
    """
    n, ho, wo, c, kh, kw = cols.shape
    h, w = x_shape[2:]
    ph, pw = geom.padding
    xp = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=cols.dtype)
    for i in range(kh):  # a loop over kernel offsets: kh*kw shifted slab adds
        for j in range(kw):
            _, rows, columns = geom.slab(i, j, ho, wo)
            xp[:, rows, columns] += cols[..., i, j]
    return np.ascontiguousarray(xp[:, ph : ph + h, pw : pw + w].transpose(0, 3, 1, 2))


def _conv_forward(x, w, b, geom: _Geom):
    n, _, h, wd = x.shape
    o = w.shape[0]
    ho, wo = geom.out_hw(h, wd)
    cols = _im2col(x, geom)
    # the one GEMM, (N*Ho*Wo, C*kh*kw) @ (C*kh*kw, O): the big dimension first, as in the
    # reference (see _conv_weight_grad)
    y = cols.reshape(-1, n * ho * wo).T @ w.reshape(o, -1).T
    if b is not None:
        y += b
    return np.ascontiguousarray(y.reshape(n, ho, wo, o).transpose(0, 3, 1, 2)), cols


def _grad_rows(g: np.ndarray) -> np.ndarray:
    """(N, O, Ho, Wo) -> (O, N*Ho*Wo), the GEMM layout of an output gradient."""
    return np.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(g.shape[1], -1)


def _conv_input_grad(g, w, x_shape, geom: _Geom):
    """The transposed convolution: g @ W as columns (one row per output pixel), then col2im."""
    o, c, kh, kw = w.shape
    n, _, ho, wo = g.shape
    # (N*Ho*Wo, O) @ (O, C*kh*kw): the orientation of the reference's GEMMs, whose big
    # dimension is the output's rows; W^T @ rows (C*kh*kw, N*Ho*Wo) threads worse
    dcols = _grad_rows(g).T @ w.reshape(o, -1)
    return _col2im(dcols.reshape(n, ho, wo, c, kh, kw), x_shape, geom)


def _conv_weight_grad(x, g, w_shape, geom: _Geom, cols=None):
    if cols is None:
        cols = _im2col(x, geom)
    rows = _grad_rows(g)
    # one GEMM, (C*kh*kw, N*Ho*Wo) @ (N*Ho*Wo, O), then the small result transposed. Not
    # rows @ cols.T: that orientation, (O, C*kh*kw) out of a 12544-long inner product,
    # makes multi-threaded OpenBLAS (0.3.31) stall for up to hundreds of ms on a busy machine
    gw = cols.reshape(-1, rows.shape[1]) @ rows.T
    return np.ascontiguousarray(gw.T).reshape(w_shape)


# ------------------------------------------------------------------ primitives
def _conv_t(g, w, x_shape, geom):
    if isinstance(g, Tensor):
        return ConvTranspose2dOp.apply(g, w, x_shape=x_shape, geom=geom)
    return _conv_input_grad(g, w, x_shape, geom)


def _conv_w(x, g, w_shape, geom):
    if isinstance(g, Tensor):
        return Conv2dWeightGradOp.apply(x, g, w_shape=w_shape, geom=geom)
    return _conv_weight_grad(x, g, w_shape, geom)


def _conv(x, w, geom):
    if isinstance(x, Tensor):
        return Conv2dOp.apply(x, w, geom=geom, needs_input_grad=True)
    return _conv_forward(x, w, None, geom)[0]


class Conv2dOp(Op):
    """Cross-correlation of x (N, C, H, W) with w (O, C, kh, kw), plus an optional bias (O,)."""

    __slots__ = ("geom", "needs_input_grad", "_cols")

    def forward(self, x, w, b=None):
        y, self._cols = _conv_forward(x, w, b, self.geom)
        return y

    def backward(self, g, out, x, w, b=None):
        gb = None if b is None else g.sum(axis=(0, 2, 3))
        gx = _conv_t(g, w, x.shape, self.geom) if self.needs_input_grad else None
        if isinstance(g, Tensor):
            gw = _conv_w(x, g, w.shape, self.geom)
        else:  # reuse the forward's columns: the weight gradient is one GEMM
            gw = _conv_weight_grad(x, g, w.shape, self.geom, self._cols)
        return (gx, gw) if b is None else (gx, gw, gb)


class ConvTranspose2dOp(Op):
    """The input gradient of a convolution: g (N, O, Ho, Wo) and w -> (N, C, H, W)."""

    __slots__ = ("x_shape", "geom")

    def forward(self, g, w):
        return _conv_input_grad(g, w, self.x_shape, self.geom)

    def backward(self, gg, out, g, w):
        # <gg, convT(g, w)> = <conv(gg, w), g> = <weight_grad(gg, g), w>
        return _conv(gg, w, self.geom), _conv_w(gg, g, w.shape, self.geom)


class Conv2dWeightGradOp(Op):
    """The weight gradient of a convolution: x (N, C, H, W) and g (N, O, Ho, Wo) -> w's shape."""

    __slots__ = ("w_shape", "geom")

    def forward(self, x, g):
        return _conv_weight_grad(x, g, self.w_shape, self.geom)

    def backward(self, gw, out, x, g):
        # <gw, weight_grad(x, g)> = <conv(x, gw), g> = <convT(g, gw), x>
        return _conv_t(g, gw, x.shape, self.geom), _conv(x, gw, self.geom)


def _scatter(g, share, x_shape, geom: _Geom):
    """Adjoint of `_gather`: each window sends share * its output gradient to its pixels."""
    n, c, h, w = x_shape
    kh, kw = geom.kernel
    ho, wo = g.shape[2:]
    ph, pw = geom.padding
    exact = geom.disjoint() and not (ph or pw) and h == kh * ho and w == kw * wo
    xp = (np.empty if exact else np.zeros)((n, c, h + 2 * ph, w + 2 * pw), dtype=g.dtype)
    scalar = np.ndim(share) == 0
    if scalar:
        g = g * share
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            part = g if scalar else g * share[i, j]
            if geom.disjoint():
                xp[idx] = part
            else:
                xp[idx] += part
    return np.ascontiguousarray(geom.crop(xp, h, w)) if (ph or pw) else xp


def _gather(x, share, geom: _Geom):
    """Per window, the sum of share * pixel: (N, C, H, W) -> (N, C, Ho, Wo)."""
    ho, wo = geom.out_hw(*x.shape[2:])
    xp = geom.pad(x)
    kh, kw = geom.kernel
    scalar = np.ndim(share) == 0
    out = None
    for i in range(kh):
        for j in range(kw):
            part = xp[geom.slab(i, j, ho, wo)]
            part = part if scalar else part * share[i, j]
            out = part.copy() if out is None else np.add(out, part, out=out)
    return out * share if scalar else out


class PoolScatter(Op):
    """Backward of pooling: g (N, C, Ho, Wo) spread over the windows with constant weights."""

    __slots__ = ("x_shape", "geom", "_share")

    def forward(self, g):
        return _scatter(g, self._share, self.x_shape, self.geom)

    def backward(self, gg, out, g):
        if isinstance(gg, Tensor):
            return (PoolGather.apply(gg, geom=self.geom, _share=self._share),)
        return (_gather(gg, self._share, self.geom),)


class PoolGather(Op):
    """Weighted window sums with constant weights: the adjoint of PoolScatter."""

    __slots__ = ("geom", "_share")

    def forward(self, x):
        return _gather(x, self._share, self.geom)

    def backward(self, g, out, x):
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=self._share),)
        return (_scatter(g, self._share, x.shape, self.geom),)


class MaxPool2dOp(Op):
    """The largest value of each window; ties split the gradient evenly (see module doc)."""

    __slots__ = ("geom",)

    def forward(self, x):
        ho, wo = self.geom.out_hw(*x.shape[2:])
        xp = self.geom.pad(x, -np.inf)
        kh, kw = self.geom.kernel
        m = None
        for i in range(kh):
            for j in range(kw):
                part = xp[self.geom.slab(i, j, ho, wo)]
                m = part.copy() if m is None else np.maximum(m, part, out=m)
        return m

    def backward(self, g, out, x):
        geom = self.geom
        xv = x._data if isinstance(x, Tensor) else x
        m = out._data if isinstance(out, Tensor) else out
        ho, wo = m.shape[2:]
        xp = geom.pad(xv, -np.inf)
        kh, kw = geom.kernel
        hits = np.empty((kh, kw) + m.shape, dtype=xv.dtype)
        for i in range(kh):
            for j in range(kw):
                np.equal(xp[geom.slab(i, j, ho, wo)], m, out=hits[i, j])
        count = hits.sum(axis=(0, 1))
        if count.max() > 1:  # ties: split the window's gradient evenly
            hits /= count
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=xv.shape, geom=geom, _share=hits),)
        return (_scatter(g, hits, xv.shape, geom),)


class AvgPool2dOp(Op):
    """The mean of each window (padded zeros count, as in PyTorch's default)."""

    __slots__ = ("geom",)

    def forward(self, x):
        kh, kw = self.geom.kernel
        return _gather(x, x.dtype.type(1.0 / (kh * kw)), self.geom)

    def backward(self, g, out, x):
        kh, kw = self.geom.kernel
        share = np.dtype(g.dtype).type(1.0 / (kh * kw))
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=share),)
        return (_scatter(g, share, x.shape, self.geom),)


# ------------------------------------------------------------------ functions
def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _check_image(x: Tensor, who: str, channels: int | None = None) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    want = f"(N, {channels}, H, W)" if channels is not None else "(N, C, H, W)"
    if x.ndim != 4:
        raise ValueError(
            f"{who}: expected a 4-d input {want}, got {x.ndim}-d input {_shape_str(x.shape)}"
        )
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{who}: expected input {want}, got {_shape_str(x.shape)}")


def _check_fits(x_shape, geom: _Geom, who: str) -> None:
    (kh, kw), (ph, pw), (dh, dw) = geom.kernel, geom.padding, geom.dilation
    hp, wp = x_shape[2] + 2 * ph, x_shape[3] + 2 * pw
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if eh > hp or ew > wp:
        raise ValueError(
            f"{who}: kernel {eh}x{ew} is larger than the padded input {hp}x{wp} "
            f"(input {_shape_str(x_shape)}, padding {geom.padding})"
        )
    if min(geom.stride) < 1 or min(geom.dilation) < 1 or min(geom.padding) < 0:
        raise ValueError(f"{who}: stride and dilation must be >= 1 and padding >= 0")


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """2-d cross-correlation, as torch.nn.functional.conv2d.

    `padding` is an int, a pair, or "valid" (none) or "same" (the output keeps
    the input's height and width; stride 1 only). As in PyTorch (and Keras), an
    odd amount of "same" padding puts the extra row and column at the bottom
    and right. With `groups` g, weight is (out, in / g, kh, kw): each group of
    in / g input channels has its own out / g filters (g = in: depthwise).
    """
    return _conv2d(input, weight, bias, stride, padding, dilation, "conv2d", groups)


def _same_padding(x: Tensor, kernel, stride, dilation, who: str) -> tuple[Tensor, tuple]:
    """x padded at the end where "same" needs an odd total, and the symmetric padding left."""
    if stride != (1, 1):
        raise ValueError(f"{who}: padding='same' needs stride 1 (got stride {stride})")
    pads = []
    for axis, k, d in ((2, kernel[0], dilation[0]), (3, kernel[1], dilation[1])):
        total = d * (k - 1)
        if total % 2:  # one more at the end: a zero row (column) appended
            shape = list(x.shape)
            shape[axis] = 1
            x = autograd.concatenate([x, Tensor(np.zeros(shape, x.dtype))], axis=axis)
        pads.append(total // 2)
    return x, tuple(pads)


def _conv2d(x, weight, bias, stride, padding, dilation, who, groups=1):
    if weight.ndim != 4:
        raise ValueError(f"{who}: weight must be (out, in, kh, kw), got {_shape_str(weight.shape)}")
    if groups != int(groups) or groups < 1 or weight.shape[0] % groups:
        raise ValueError(
            f"{who}: groups={groups} must be a positive int dividing the "
            f"{weight.shape[0]} output channels"
        )
    groups = int(groups)
    _check_image(x, who, weight.shape[1] * groups)
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    if isinstance(padding, str):
        if padding == "same":
            x, padding = _same_padding(x, weight.shape[2:], stride, dilation, who)
        elif padding == "valid":
            padding = 0
        else:
            raise ValueError(
                f"{who}: padding must be an int, a pair, 'same' or 'valid', got {padding!r}"
            )
    geom = _Geom(tuple(weight.shape[2:]), stride, _pair(padding, "padding"), dilation)
    _check_fits(x.shape, geom, who)
    if bias is not None and bias.shape != (weight.shape[0],):
        raise ValueError(
            f"{who}: bias must have shape ({weight.shape[0]},), got {_shape_str(bias.shape)}"
        )
    if groups > 1:
        return _grouped(x, weight, bias, geom, groups)
    if bias is not None:
        return Conv2dOp.apply(x, weight, bias, geom=geom, needs_input_grad=x.requires_grad)
    return Conv2dOp.apply(x, weight, geom=geom, needs_input_grad=x.requires_grad)


def _grouped(x: Tensor, weight: Tensor, bias, geom: _Geom, groups: int) -> Tensor:
    """A grouped convolution: one convolution per group of channels, joined on axis 1."""
    cin, cout = weight.shape[1], weight.shape[0] // groups
    outs = []
    for i in range(groups):
        part = (x[:, i * cin : (i + 1) * cin], weight[i * cout : (i + 1) * cout])
        if bias is not None:
            part += (bias[i * cout : (i + 1) * cout],)
        outs.append(Conv2dOp.apply(*part, geom=geom, needs_input_grad=x.requires_grad))
    return autograd.concatenate(outs, axis=1)


def _pool_geom(x, kernel_size, stride, padding, who) -> _Geom:
    _check_image(x, who)
    k = _pair(kernel_size, "kernel_size")
    s = k if stride is None else _pair(stride, "stride")
    p = _pair(padding, "padding")
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise ValueError(f"{who}: padding {p} must be at most half the kernel size {k}")
    geom = _Geom(k, s, p)
    _check_fits(x.shape, geom, who)
    return geom


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0) -> Tensor:
    """Max over each window (stride defaults to the kernel size); ties split the gradient."""
    return MaxPool2dOp.apply(
        input, geom=_pool_geom(input, kernel_size, stride, padding, "max_pool2d")
    )


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0) -> Tensor:
    """Mean over each window (stride defaults to the kernel size; padded zeros count)."""
    return AvgPool2dOp.apply(
        input, geom=_pool_geom(input, kernel_size, stride, padding, "avg_pool2d")
    )


# ------------------------------------------------------------------ modules
class Conv2d(Module):
    """2-d convolution over NCHW input; weight (out, in, kh, kw), bias (out,)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups: int = 1,
        bias: bool = True,
    ):
        super().__init__()
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.groups = int(groups)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride = _pair(stride, "stride")
        self.padding = padding if isinstance(padding, str) else _pair(padding, "padding")
        self.dilation = _pair(dilation, "dilation")
        if isinstance(padding, str) and padding not in ("same", "valid"):
            raise ValueError(f"{self._who()}: padding must be 'same' or 'valid', got {padding!r}")
        if padding == "same" and self.stride != (1, 1):
            raise ValueError(f"{self._who()}: padding='same' needs stride 1 (got {self.stride})")
        g = self.groups
        if g != groups or g < 1 or self.in_channels % g or self.out_channels % g:
            raise ValueError(
                f"{self._who()}: groups={groups} must be a positive int dividing both channel "
                "counts"
            )
        dt = get_default_dtype()
        self.weight = Parameter(
            np.empty((self.out_channels, self.in_channels // g, *self.kernel_size), dt)
        )
        self.bias = Parameter(np.empty((out_channels,), dt)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: kaiming_uniform_(a=sqrt(5)); bias U(-1/sqrt(fan_in), +)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _who(self) -> str:
        k = self.kernel_size
        ks = str(k[0]) if k[0] == k[1] else f"{k[0]}x{k[1]}"
        return f"Conv2d({self.in_channels} -> {self.out_channels}, kernel {ks})"

    def forward(self, x: Tensor) -> Tensor:
        return _conv2d(
            x,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.dilation,
            self._who(),
            self.groups,
        )

    def extra_repr(self) -> str:
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0, 0):
            s += f", padding={self.padding!r}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class _Pool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """Max pooling; ties split the gradient evenly between the maxima of a window."""

    def forward(self, x: Tensor) -> Tensor:
        geom = _pool_geom(x, self.kernel_size, self.stride, self.padding, self._who())
        return MaxPool2dOp.apply(x, geom=geom)

    def _who(self) -> str:
        return f"MaxPool2d(kernel {self.kernel_size})"


class AvgPool2d(_Pool2d):
    """Average pooling (padded zeros count in the average)."""

    def forward(self, x: Tensor) -> Tensor:
        geom = _pool_geom(x, self.kernel_size, self.stride, self.padding, self._who())
        return AvgPool2dOp.apply(x, geom=geom)

    def _who(self) -> str:
        return f"AvgPool2d(kernel {self.kernel_size})"
