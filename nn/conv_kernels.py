"""numpy kernels of convolution and pooling on NCHW arrays (no Tensors here; see conv_ops.py).

Layout. A convolution's columns are batch-major, (N, K, L) with K = C*kh*kw rows in
(c, i, j) order and L = Ho*Wo: sample n's columns are one matrix, so every product is one
BLAS call per sample whose result is already in NCHW order:

    forward        y[n]  = W (O, K) @ cols[n] (K, L)        -> (N, O, L), no transpose
    weight grad    gW    = sum_n g[n] (O, L) @ cols[n].T    -> (O, K)
    input grad     dcols = W.T (K, O) @ g[n] (O, L)         -> col2im -> (N, C, H, W)

The one-GEMM layout, (N*L, K) @ (K, O), needs a transposing copy of the output, of the
gradient and, for col2im, of its columns: on the CNN benchmark's layers (K = 9 or 72,
L = 784 or 196) the per-sample products are 1.3-7x faster. The columns are built with
kh*kw slab copies (one per kernel offset, never per pixel). The bias rides in the
products as a row of ones; a stride-1 input gradient lays its columns on the padded
image's width, so col2im is kh*kw contiguous adds.

Pooling with stride == kernel, no padding and sizes that tile exactly reads its windows
through one reshape, (N, C, Ho, kh, Wo, kw); other geometries use the same per-offset
slabs on a padded copy. Max-pool's backward routes through boolean masks, one position
per window (at ties, the one PyTorch's CPU kernel picks). A stride-1 input gradient runs
in pieces of samples whose columns stay in cache.

Every kernel works on a range of samples, so `parallel_for` can split the batch between
threads (autograd/threads.py); only the weight gradient sums across samples, in fixed
pieces added in order, so results do not depend on the number of threads.
"""

from __future__ import annotations

import numpy as np

from autograd.op import masked
from autograd.threads import parallel_for

# the weight gradient sums its per-sample products in pieces of _PIECE samples, fewer when
# a piece's (samples, O, K) products would exceed _PARTIAL_LIMIT elements
_PIECE = 16
_PARTIAL_LIMIT = 1 << 20
# the input gradient makes its columns and adds them back onto the image in pieces of
# samples whose columns take about this many elements (1 MiB of float32: they stay in cache)
_CACHED_COLUMNS = 1 << 18


def _out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _pair_text(p: tuple) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]}, {p[1]}"


class Geom:
    """The window geometry shared by a convolution or pooling and its backward ops."""

    __slots__ = ("kernel", "stride", "padding", "dilation")

    def __init__(self, kernel, stride, padding, dilation=(1, 1)):
        self.kernel, self.stride, self.padding, self.dilation = kernel, stride, padding, dilation

    def text(self, name: str, pool: bool = False) -> str:
        """How a drawing labels the op: 'Conv2d 3×3', then what differs from the default."""
        lines = [f"{name} {self.kernel[0]}×{self.kernel[1]}"]
        if self.stride != (self.kernel if pool else (1, 1)):
            lines.append(f"stride {_pair_text(self.stride)}")
        if self.padding != (0, 0):
            lines.append(f"padding {_pair_text(self.padding)}")
        if self.dilation != (1, 1):
            lines.append(f"dilation {_pair_text(self.dilation)}")
        return "\n".join(lines)

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

    def pad(self, x: np.ndarray, value=0.0) -> np.ndarray:
        """x with `padding` rows and columns of `value` around each image (x itself if none)."""
        ph, pw = self.padding
        if not (ph or pw):
            return x
        n, c, h, w = x.shape
        if value == 0:  # zeros, then the image: the border's short columns cost more
            xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), x.dtype)  # (64x8x14x14: 50 -> 38 us)
            xp[:, :, ph : ph + h, pw : pw + w] = x
            return xp
        xp = np.empty((n, c, h + 2 * ph, w + 2 * pw), x.dtype)
        xp[:, :, :ph] = value  # only the border is filled, then the image copied in
        xp[:, :, ph + h :] = value
        xp[:, :, ph : ph + h, :pw] = value
        xp[:, :, ph : ph + h, pw + w :] = value
        xp[:, :, ph : ph + h, pw : pw + w] = x
        return xp

    def crop(self, xp: np.ndarray, h: int, w: int) -> np.ndarray:
        """The image inside a padded array (a view)."""
        ph, pw = self.padding
        return xp[..., ph : ph + h, pw : pw + w]

    def disjoint(self) -> bool:
        """Windows never overlap, so a scatter can assign instead of add."""
        (kh, kw), (sh, sw), (dh, dw) = self.kernel, self.stride, self.dilation
        return sh >= dh * (kh - 1) + 1 and sw >= dw * (kw - 1) + 1

    def tiles(self, h: int, w: int) -> bool:
        """The windows tile an unpadded h x w image exactly (stride == kernel, no dilation)."""
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return (
            (kh, kw) == (sh, sw)
            and self.padding == (0, 0)
            and self.dilation == (1, 1)
            and h % kh == 0
            and w % kw == 0
        )

    def pointwise(self) -> bool:
        """A 1x1 kernel, stride 1, no padding: the columns are the image itself."""
        return self.kernel == (1, 1) and self.stride == (1, 1) and self.padding == (0, 0)

    def __repr__(self) -> str:
        return f"kernel={self.kernel}, stride={self.stride}, padding={self.padding}"


# ------------------------------------------------------------------ convolution
def _im2col_into(x: np.ndarray, geom: Geom, cols: np.ndarray) -> None:
    """Write x's columns into cols (N, C, kh, kw, Ho, Wo): kh*kw slab copies, whose inner
    runs are image rows."""
    xp = geom.pad(x)
    kh, kw = geom.kernel
    ho, wo = cols.shape[4:]
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[geom.slab(i, j, ho, wo)]


def _col_view(cols: np.ndarray, c: int, geom: Geom, ho: int, wo: int) -> np.ndarray:
    """The first C*kh*kw rows of (N, K', L) columns as (N, C, kh, kw, Ho, Wo): a view (it
    only splits axes), which `_im2col_into` writes through."""
    kh, kw = geom.kernel
    return cols[:, : c * kh * kw].reshape(cols.shape[0], c, kh, kw, ho, wo)


def im2col(x: np.ndarray, geom: Geom) -> np.ndarray:
    """(N, C, H, W) -> columns (N, C*kh*kw, Ho*Wo), rows in (c, i, j) order; for a pointwise
    geometry, a view of x (never written to)."""
    n, c, h, w = x.shape
    kh, kw = geom.kernel
    ho, wo = geom.out_hw(h, w)
    if geom.pointwise():
        return x.reshape(n, c, h * w)
    cols = np.empty((n, c * kh * kw, ho * wo), x.dtype)
    view = _col_view(cols, c, geom, ho, wo)
    parallel_for(lambda lo, hi: _im2col_into(x[lo:hi], geom, view[lo:hi]), n, cols.size)
    return cols


def conv_forward(x: np.ndarray, w: np.ndarray, b, geom: Geom) -> tuple[np.ndarray, np.ndarray]:
    """y (N, O, Ho, Wo) = W * x + b, and the columns kept for the weight gradient.

    The bias rides in the product: the columns get a last row of ones and W a last column
    b, so no pass over y adds it, and the weight gradient's product yields the bias
    gradient as its last column (a pointwise geometry, whose columns are x, adds b instead).
    """
    n, c, h, wd = x.shape
    o = w.shape[0]
    ho, wo = geom.out_hw(h, wd)
    k, length = w.shape[1] * w.shape[2] * w.shape[3], ho * wo
    w2 = w.reshape(o, k)
    fused = b is not None and not geom.pointwise()
    if geom.pointwise():
        cols = x.reshape(n, c, length)
    else:
        cols = np.empty((n, k + fused, length), x.dtype)
        if fused:
            cols[:, k] = 1
            w2 = np.concatenate([w2, b.reshape(o, 1).astype(w2.dtype, copy=False)], axis=1)
    view = None if geom.pointwise() else _col_view(cols, c, geom, ho, wo)
    y = np.empty((n, o, length), np.result_type(cols, w2))
    add_bias = b is not None and not fused

    def part(lo, hi):
        if view is not None:
            _im2col_into(x[lo:hi], geom, view[lo:hi])
        np.matmul(w2, cols[lo:hi], out=y[lo:hi])  # one GEMM per sample
        if add_bias:
            y[lo:hi] += b.reshape(o, 1)

    parallel_for(part, n, cols.size + y.size)
    return y.reshape(n, o, ho, wo), cols


def conv_weight_grad(cols: np.ndarray, g: np.ndarray) -> np.ndarray:
    """sum_n g[n] @ cols[n].T, (O, K'): the weight gradient, and the bias gradient in a last
    column when the columns carry `conv_forward`'s row of ones.

    The batch is summed in fixed pieces, added in order: the result does not depend on the
    number of threads (nor on which finishes first), so a seed gives the same numbers on
    every machine.
    """
    n, o = g.shape[:2]
    g3 = g.reshape(n, o, g.shape[2] * g.shape[3])
    c3 = cols.transpose(0, 2, 1)  # a view: BLAS reads it transposed
    k = c3.shape[2]
    step = max(1, min(_PIECE, _PARTIAL_LIMIT // max(1, o * k)))
    partial = [None] * -(-n // step)

    def pieces(lo, hi):
        for p in range(lo, hi):
            a, b = p * step, min(n, (p + 1) * step)
            partial[p] = np.matmul(g3[a:b], c3[a:b]).sum(axis=0)

    parallel_for(pieces, len(partial), cols.size + g.size)
    if not partial:  # an empty batch
        return np.zeros((o, k), np.result_type(g, cols))
    gw = partial[0]
    for p in partial[1:]:
        gw += p
    return gw


def bias_grad(g: np.ndarray) -> np.ndarray:
    """g (N, O, Ho, Wo) summed over all but the channel axis."""
    n, o, ho, wo = g.shape
    return np.einsum("nol->o", g.reshape(n, o, ho * wo))


def _col2im_into(dcols: np.ndarray, geom: Geom, out: np.ndarray) -> None:
    """out (N, C, H, W) = every column entry of dcols (N, C, kh, kw, Ho, Wo) added back onto
    its pixel (the adjoint of `_im2col_into`)."""
    n, c, kh, kw, ho, wo = dcols.shape
    h, w = out.shape[2:]
    ph, pw = geom.padding
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dcols.dtype) if (ph or pw) else out
    if xp is out:
        out[...] = 0
    assign = geom.disjoint()
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            if assign:
                xp[idx] = dcols[:, :, i, j]
            else:
                xp[idx] += dcols[:, :, i, j]
    if xp is not out:
        out[...] = geom.crop(xp, h, w)


def conv_input_grad(g: np.ndarray, w: np.ndarray, x_shape: tuple, geom: Geom) -> np.ndarray:
    """The transposed convolution: W.T @ g[n] as columns, added back onto their pixels."""
    o, c, kh, kw = w.shape
    n, _, ho, wo = g.shape
    out = np.empty((n, *x_shape[1:]), np.result_type(g, w))
    wt = w.reshape(o, c * kh * kw).T
    g3 = g.reshape(n, o, ho * wo)
    if geom.pointwise():  # the columns are the input gradient

        def product(lo, hi):
            np.matmul(wt, g3[lo:hi], out=out[lo:hi].reshape(hi - lo, c, ho * wo))

        parallel_for(product, n, out.size)
        return out

    if geom.stride == (1, 1):
        # the weights' rows in (i, j, c) order: each kernel offset's columns are one block
        wk = w.transpose(2, 3, 1, 0).reshape(kh * kw * c, o)
        per_sample = c * kh * kw * _slab(geom, x_shape)  # its columns' elements
        step = max(1, _CACHED_COLUMNS // max(1, per_sample))

        def flat(lo, hi):  # in pieces whose columns stay in cache for col2im's adds
            for a in range(lo, hi, step):
                b = min(hi, a + step)
                _flat_input_grad(g[a:b], wk, geom, out[a:b])

        parallel_for(flat, n, n * per_sample + out.size)
        return out

    def part(lo, hi):
        dcols = np.matmul(wt, g3[lo:hi])  # (N, K, L)
        _col2im_into(dcols.reshape(hi - lo, c, kh, kw, ho, wo), geom, out[lo:hi])

    parallel_for(part, n, n * c * kh * kw * ho * wo + out.size)
    return out


def _slab(geom: Geom, x_shape: tuple) -> int:
    """The elements of one channel's block in `_flat_input_grad`: its padded image and the
    last kernel offset's shift along a row, 16 more if the channels' blocks would be a
    multiple of 2 KiB in float32 (the CNN's second convolution: blocks of 8 x 256 made its
    adds 3.4x slower than blocks of 8 x 258, one add 131 against 39 us: the columns'
    rows then fall into the same cache sets)."""
    (ph, pw), kw, dw = geom.padding, geom.kernel[1], geom.dilation[1]
    q = (x_shape[2] + 2 * ph) * (x_shape[3] + 2 * pw) + (kw - 1) * dw
    return q + 16 if (x_shape[1] * q) % 512 == 0 else q


def _flat_input_grad(g: np.ndarray, wk: np.ndarray, geom: Geom, out: np.ndarray) -> None:
    """The input gradient of a stride-1 convolution, its columns laid out on the padded
    image: each channel's columns are a block of `_slab` elements (g on the padded width,
    zero rows below), so a kernel offset's columns for all channels are one contiguous
    run, and col2im is kh*kw adds of one run per sample, each shifted by the offset.

    wk: the weights as (kh*kw*C, O), rows in (i, j, c) order. The last nonzero column of a
    channel lands, at the largest shift, on the last pixel of its padded image: what runs
    past its block into the next one is zeros, so every pixel gets the adds it got one
    channel at a time (the same bits). numpy pays about 70 ns for each row of a strided
    add, which the runs avoid (the CNN's second convolution: 16 x 8 rows of 224 elements
    per add before, 16 runs of 2,064 now).
    """
    m, o, ho, wo = g.shape
    _, c, h, w = out.shape
    (kh, kw), (dh, dw), (ph, pw) = geom.kernel, geom.dilation, geom.padding
    hp, wp = h + 2 * ph, w + 2 * pw
    q = _slab(geom, out.shape)
    if not hp * wp:  # an image of no pixels: out is empty
        return
    gw = np.zeros((m, o, q // wp + 1, wp), g.dtype)
    gw[:, :, :ho, :wo] = g
    starts = [i * dh * wp + j * dw for i in range(kh) for j in range(kw)]
    dcols = np.matmul(wk, gw.reshape(m, o, (q // wp + 1) * wp)[:, :, :q])
    dcols = dcols.reshape(m, kh * kw, c * q)
    flat = np.zeros((m, c * q + starts[-1]), dcols.dtype)
    for k, start in enumerate(starts):
        run = flat[:, start : start + c * q]
        np.add(run, dcols[:, k], out=run)
    image = flat[:, : c * q].reshape(m, c, q)[:, :, : hp * wp].reshape(m, c, hp, wp)
    out[...] = image[:, :, ph : ph + h, pw : pw + w]


# ------------------------------------------------------------------ pooling
def lowest(dtype: np.dtype):
    """What max pooling pads with: -inf, or the smallest integer (False for bools)."""
    if dtype.kind == "f":
        return -np.inf
    if dtype.kind == "b":
        return False
    return np.iinfo(dtype).min


def _max_pool_into(x: np.ndarray, geom: Geom, out: np.ndarray) -> None:
    kh, kw = geom.kernel
    if geom.tiles(*x.shape[2:]):  # one reshape: reduce the column offsets, then the rows
        n, c, h, w = x.shape
        b = x.reshape(n, c, h // kh, kh, w // kw, kw)
        r = b[..., 0].copy() if kw == 1 else np.maximum(b[..., 0], b[..., 1])
        for j in range(2, kw):
            np.maximum(r, b[..., j], out=r)
        if kh == 1:
            out[...] = r[:, :, :, 0]
            return
        np.maximum(r[:, :, :, 0], r[:, :, :, 1], out=out)
        for i in range(2, kh):
            np.maximum(out, r[:, :, :, i], out=out)
        return
    ho, wo = out.shape[2:]
    xp = geom.pad(x, lowest(x.dtype))
    for k, (i, j) in enumerate((i, j) for i in range(kh) for j in range(kw)):
        part = xp[geom.slab(i, j, ho, wo)]
        if k == 0:
            out[...] = part
        else:
            np.maximum(out, part, out=out)


def max_pool(x: np.ndarray, geom: Geom) -> np.ndarray:
    """The largest value of each window (NaN propagates)."""
    n, c = x.shape[:2]
    out = np.empty((n, c, *geom.out_hw(*x.shape[2:])), x.dtype)
    parallel_for(lambda lo, hi: _max_pool_into(x[lo:hi], geom, out[lo:hi]), n, x.size)
    return out


def _hits(x: np.ndarray, m: np.ndarray, geom: Geom) -> np.ndarray:
    """Where each window's maximum is, one position per window: a boolean (kh, kw, N, C,
    Ho, Wo) stack. At ties, PyTorch's CPU kernel's choice (its scan in row-major order
    keeps the first largest value, or the last NaN: `max_pool_indices`' rule)."""
    kh, kw = geom.kernel
    ho, wo = m.shape[2:]
    xp = geom.pad(x, lowest(x.dtype))
    hits = np.empty((kh, kw, *m.shape), dtype=bool)
    for i in range(kh):
        for j in range(kw):
            np.equal(xp[geom.slab(i, j, ho, wo)], m, out=hits[i, j])
    nan = np.isnan(m) if m.dtype.kind == "f" else None
    if np.count_nonzero(hits) == m.size and (nan is None or not nan.any()):
        return hits  # one maximum per window (the usual case)
    return _first_hits(hits, xp, m, nan, geom, x.shape[2:])


def _first_hits(hits, xp, m, nan, geom: Geom, hw: tuple) -> np.ndarray:
    """`hits` cut to one per window, in place: the first in row-major order (padding
    never, as PyTorch's scan reads only the image), the last NaN of a NaN window."""
    kh, kw = geom.kernel
    ho, wo = m.shape[2:]
    offsets = [(i, j) for i in range(kh) for j in range(kw)]
    if any(geom.padding) and m.dtype.kind == "f" and (m == -np.inf).any():
        inside = geom.pad(np.ones((1, 1, *hw), bool), False)  # a -inf window: not the padding
        for i, j in offsets:
            hits[i, j] &= inside[geom.slab(i, j, ho, wo)]
    taken = np.zeros(m.shape, bool)
    for i, j in offsets:
        h = hits[i, j]
        np.greater(h, taken, out=h)  # h and not taken
        taken |= h
    if nan is not None and nan.any():  # no element equals a NaN maximum: the last NaN
        taken = ~nan
        for i, j in reversed(offsets):
            h = np.isnan(xp[geom.slab(i, j, ho, wo)])
            np.greater(h, taken, out=h)
            hits[i, j] |= h
            taken |= h
    return hits


def max_pool_backward(g: np.ndarray, x: np.ndarray, m: np.ndarray, geom: Geom) -> np.ndarray:
    """Each window's gradient sent to its maximum (at ties, PyTorch's: see `_hits`)."""
    out = np.empty(x.shape, g.dtype)

    def part(lo, hi):
        _scatter_into(g[lo:hi], _hits(x[lo:hi], m[lo:hi], geom), geom, out[lo:hi])

    parallel_for(part, x.shape[0], 3 * x.size)
    return out


def max_share(x: np.ndarray, m: np.ndarray, geom: Geom) -> np.ndarray:
    """The constant weights of max-pool's scatter, (kh, kw, N, C, Ho, Wo): 1 at each
    window's maximum (see `_hits`), else 0."""
    return _hits(x, m, geom).astype(m.dtype)


def _scatter_into(g: np.ndarray, share, geom: Geom, out: np.ndarray) -> None:
    """out (N, C, H, W): each window sends g * share[i, j] to its pixel at offset (i, j)
    (share: a scalar, or a (kh, kw, N, C, Ho, Wo) stack); overlapping windows add."""
    n, c, h, w = out.shape
    kh, kw = geom.kernel
    ho, wo = g.shape[2:]
    ph, pw = geom.padding
    assign = geom.disjoint()
    padded = bool(ph or pw)
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), g.dtype) if padded else out
    if not padded and not (assign and h == kh * ho and w == kw * wo):
        out[...] = 0  # pixels no window covers (or several cover) start at zero
    scalar = np.ndim(share) == 0
    if scalar and share != 1:
        g = g * share
    # max pooling's shares are 0 off the maxima: an infinite g is masked there, not g * 0
    finite = scalar or bool(np.isfinite(g).all())
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            if scalar:
                if assign:
                    xp[idx] = g
                else:
                    xp[idx] += g
            elif not finite:
                s = share[i, j]
                part = masked(g if s.dtype == bool else g * s, s != 0)
                if assign:
                    xp[idx] = part
                else:
                    xp[idx] += part
            elif assign:
                np.multiply(g, share[i, j], out=xp[idx])
            else:
                xp[idx] += g * share[i, j]
    if padded:
        out[...] = geom.crop(xp, h, w)


def scatter(g: np.ndarray, share, x_shape: tuple, geom: Geom) -> np.ndarray:
    """(N, C, Ho, Wo) -> x_shape: g * share[i, j] to each window's pixels; the adjoint of
    `gather`."""
    out = np.empty(x_shape, g.dtype)
    scalar = np.ndim(share) == 0

    def part(lo, hi):
        _scatter_into(g[lo:hi], share if scalar else share[:, :, lo:hi], geom, out[lo:hi])

    parallel_for(part, x_shape[0], 2 * out.size)
    return out


def _gather_into(x: np.ndarray, share, geom: Geom, out: np.ndarray) -> None:
    ho, wo = out.shape[2:]
    xp = geom.pad(x)
    kh, kw = geom.kernel
    scalar = np.ndim(share) == 0
    for k, (i, j) in enumerate((i, j) for i in range(kh) for j in range(kw)):
        part = xp[geom.slab(i, j, ho, wo)]
        if not scalar:
            part = part * share[i, j]
        if k == 0:
            out[...] = part
        else:
            np.add(out, part, out=out)
    if scalar and share != 1:
        out *= share


def gather(x: np.ndarray, share, geom: Geom) -> np.ndarray:
    """Per window, the sum of share[i, j] * pixel: (N, C, H, W) -> (N, C, Ho, Wo)."""
    n, c = x.shape[:2]
    out = np.empty((n, c, *geom.out_hw(*x.shape[2:])), np.result_type(x, share))
    scalar = np.ndim(share) == 0

    def part(lo, hi):
        _gather_into(x[lo:hi], share if scalar else share[:, :, lo:hi], geom, out[lo:hi])

    parallel_for(part, n, 2 * x.size)
    return out


# ------------------------------------------------------------------ pooling indices, unpooling
def _first_inside(n: int, k: int, s: int, p: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Per output cell of one axis: the window's first position and its first inside the
    image (a padded start steps by the dilation until inside)."""
    start = np.arange(n, dtype=np.int64) * s - p
    first = np.where(start < 0, start + (-start + d - 1) // d * d, start)
    return start, first


def max_pool_indices(x: np.ndarray, geom: Geom) -> np.ndarray:
    """PyTorch's indices of max pooling, into each flattened H * W image: per window, the
    first largest value in row-major order, or the last NaN (a NaN wins); a window of
    -inf (or padding only) points at its first pixel inside the image."""
    n, c, h, w = x.shape
    ho, wo = geom.out_hw(h, w)
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = geom.kernel, geom.stride, geom.padding, geom.dilation
    rs, r0 = _first_inside(ho, kh, sh, ph, dh)
    cs, c0 = _first_inside(wo, kw, sw, pw, dw)
    best = np.full((n, c, ho, wo), lowest(x.dtype), np.result_type(x.dtype, np.float16))
    index = np.empty((n, c, ho, wo), np.int64)
    index[...] = r0[:, None] * w + c0[None, :]
    xp = geom.pad(x, lowest(x.dtype))
    for i in range(kh):
        for j in range(kw):
            part = xp[geom.slab(i, j, ho, wo)]
            take = (part > best) | np.isnan(part)
            np.copyto(best, part, where=take)
            at = (rs + i * dh)[:, None] * w + (cs + j * dw)[None, :]
            np.copyto(index, np.broadcast_to(at, index.shape), where=take)
    return index


def unpool(x: np.ndarray, index: np.ndarray, out_hw: tuple) -> np.ndarray:
    """(N, C, H, W) values written at their flat indices of (N, C, *out_hw) zeros (a later
    duplicate index overwrites an earlier one)."""
    n, c = x.shape[:2]
    out = np.zeros((n, c, out_hw[0] * out_hw[1]), x.dtype)
    np.put_along_axis(out, index.reshape(n, c, -1), x.reshape(n, c, -1), axis=2)
    return out.reshape(n, c, *out_hw)


def col2im(cols: np.ndarray, x_shape: tuple, geom: Geom) -> np.ndarray:
    """(N, C*kh*kw, L) columns summed back onto their pixels of (N, C, H, W) zeros: the
    adjoint of `im2col` (fold)."""
    n, c, h, w = x_shape
    kh, kw = geom.kernel
    ho, wo = geom.out_hw(h, w)
    out = np.empty(x_shape, cols.dtype)
    view = cols.reshape(n, c, kh, kw, ho, wo)
    parallel_for(lambda lo, hi: _col2im_into(view[lo:hi], geom, out[lo:hi]), n, 2 * cols.size)
    return out


def last_writes(index: np.ndarray, total: int) -> np.ndarray | None:
    """Which entries of (N, C, ...) flat indices into `total` values are written last at
    their index (as `unpool` writes them), or None when no index repeats in an image."""
    n, c = index.shape[:2]
    flat = index.reshape(n, c, -1)
    order = np.broadcast_to(np.arange(flat.shape[2]), flat.shape)
    writer = np.full((n, c, total), -1, np.int64)
    np.put_along_axis(writer, flat, order, axis=2)
    last = np.take_along_axis(writer, flat, axis=2) == order
    return None if last.all() else last.reshape(index.shape)
