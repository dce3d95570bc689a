"""numpy kernels of convolution and pooling on NCHW arrays (no Tensors here; see conv_ops.py).

Layout. A convolution's columns are batch-major, (N, C, kh, kw, Ho, Wo): sample n's
columns are one (C*kh*kw, Ho*Wo) matrix, so every product is one BLAS call per sample
whose result is already in NCHW order:

    forward        y[n]  = W (O, K) @ cols[n] (K, L)        -> (N, O, L), no transpose
    weight grad    gW    = sum_n g[n] (O, L) @ cols[n].T    -> (O, K)
    input grad     dcols = W.T (K, O) @ g[n] (O, L)         -> col2im -> (N, C, H, W)

(K = C*kh*kw, L = Ho*Wo.) The one-GEMM layout, (N*L, K) @ (K, O), needs a transposing
copy of the output, of the gradient and, for col2im, of its columns: on the CNN benchmark's
layers (K = 9 or 72, L = 784 or 196) the per-sample products are 1.3-7x faster. The
columns are built with kh*kw slab copies (one per kernel offset, never per pixel).

Pooling with stride == kernel, no padding and sizes that tile exactly reads its windows
through one reshape, (N, C, Ho, kh, Wo, kw); other geometries use the same per-offset
slabs on a padded copy. Max-pool's backward routes through boolean masks and divides by
the number of maxima only when a window has ties.
"""

from __future__ import annotations

import numpy as np

# per-sample products whose (N, O, K) partial weight gradients exceed this many elements
# are summed in batch chunks, so the temporary stays small whatever the layer
_PARTIAL_LIMIT = 1 << 20


def _out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


class Geom:
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

    def pad(self, x: np.ndarray, value=0.0) -> np.ndarray:
        """x with `padding` rows and columns of `value` around each image (x itself if none)."""
        ph, pw = self.padding
        if not (ph or pw):
            return x
        n, c, h, w = x.shape
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

    def __repr__(self) -> str:
        return f"kernel={self.kernel}, stride={self.stride}, padding={self.padding}"


# ------------------------------------------------------------------ convolution
def im2col(x: np.ndarray, geom: Geom) -> np.ndarray:
    """(N, C, H, W) -> columns (N, C, kh, kw, Ho, Wo): entry [n, c, i, j] is the slab of
    image n, channel c that kernel offset (i, j) multiplies. A 1x1 stride-1 unpadded
    convolution's columns are x itself (a view: never written to)."""
    n, c, h, w = x.shape
    kh, kw = geom.kernel
    ho, wo = geom.out_hw(h, w)
    if (kh, kw) == (1, 1) and geom.stride == (1, 1) and geom.padding == (0, 0):
        return x.reshape(n, c, 1, 1, h, w)
    xp = geom.pad(x)
    cols = np.empty((n, c, kh, kw, ho, wo), x.dtype)
    for i in range(kh):  # kh*kw slab copies, whose inner runs are image rows
        for j in range(kw):
            cols[:, :, i, j] = xp[geom.slab(i, j, ho, wo)]
    return cols


def col2im(dcols: np.ndarray, x_shape: tuple, geom: Geom) -> np.ndarray:
    """The adjoint of `im2col`: every column entry added back onto its pixel."""
    n, c, kh, kw, ho, wo = dcols.shape
    h, w = x_shape[2:]
    ph, pw = geom.padding
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dcols.dtype)
    assign = geom.disjoint()
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            if assign:
                xp[idx] = dcols[:, :, i, j]
            else:
                xp[idx] += dcols[:, :, i, j]
    return np.ascontiguousarray(geom.crop(xp, h, w)) if (ph or pw) else xp


def conv_forward(x: np.ndarray, w: np.ndarray, b, geom: Geom) -> tuple[np.ndarray, np.ndarray]:
    """The convolution y (N, O, Ho, Wo) = W * x + b, and the columns (kept for backward)."""
    n = x.shape[0]
    o = w.shape[0]
    ho, wo = geom.out_hw(*x.shape[2:])
    cols = im2col(x, geom)
    y = np.matmul(w.reshape(o, -1), cols.reshape(n, -1, ho * wo))  # one GEMM per sample
    if b is not None:
        y += b.reshape(o, 1)
    return y.reshape(n, o, ho, wo), cols


def conv_weight_grad(cols: np.ndarray, g: np.ndarray, w_shape: tuple) -> np.ndarray:
    """sum_n g[n] @ cols[n].T: the weight gradient from the columns and g (N, O, Ho, Wo)."""
    n, o = g.shape[:2]
    g3 = g.reshape(n, o, -1)
    c3 = cols.reshape(n, -1, g3.shape[2]).transpose(0, 2, 1)  # a view: BLAS reads it transposed
    k = c3.shape[2]
    step = max(1, _PARTIAL_LIMIT // max(1, o * k))
    gw = None
    for lo in range(0, n, step):  # one chunk unless the layer is large
        part = np.matmul(g3[lo : lo + step], c3[lo : lo + step]).sum(axis=0)
        gw = part if gw is None else np.add(gw, part, out=gw)
    if gw is None:  # an empty batch
        gw = np.zeros((o, k), np.result_type(g, cols))
    return gw.reshape(w_shape)


def conv_input_grad(g: np.ndarray, w: np.ndarray, x_shape: tuple, geom: Geom) -> np.ndarray:
    """The transposed convolution: W.T @ g[n] as columns, then col2im."""
    o, c, kh, kw = w.shape
    n, _, ho, wo = g.shape
    dcols = np.matmul(w.reshape(o, -1).T, g.reshape(n, o, ho * wo))  # (N, K, L)
    return col2im(dcols.reshape(n, c, kh, kw, ho, wo), x_shape, geom)


def bias_grad(g: np.ndarray) -> np.ndarray:
    """g (N, O, Ho, Wo) summed over all but the channel axis."""
    n, o = g.shape[:2]
    return g.reshape(n, o, -1).sum(axis=2).sum(axis=0)


# ------------------------------------------------------------------ pooling
def _blocks(x: np.ndarray, geom: Geom) -> np.ndarray:
    """An exactly tiled image as (N, C, Ho, kh, Wo, kw) (a view)."""
    n, c, h, w = x.shape
    kh, kw = geom.kernel
    return x.reshape(n, c, h // kh, kh, w // kw, kw)


def max_pool(x: np.ndarray, geom: Geom) -> np.ndarray:
    """The largest value of each window (NaN propagates)."""
    kh, kw = geom.kernel
    if geom.tiles(*x.shape[2:]):  # reduce the column offsets, then the row offsets
        b = _blocks(x, geom)
        r = b[..., 0].copy() if kw == 1 else np.maximum(b[..., 0], b[..., 1])
        for j in range(2, kw):
            np.maximum(r, b[..., j], out=r)
        m = r[:, :, :, 0].copy() if kh == 1 else np.maximum(r[:, :, :, 0], r[:, :, :, 1])
        for i in range(2, kh):
            np.maximum(m, r[:, :, :, i], out=m)
        return m
    ho, wo = geom.out_hw(*x.shape[2:])
    xp = geom.pad(x, -np.inf)
    m = None
    for i in range(kh):
        for j in range(kw):
            part = xp[geom.slab(i, j, ho, wo)]
            m = part.copy() if m is None else np.maximum(m, part, out=m)
    return m


def max_hits(x: np.ndarray, m: np.ndarray, geom: Geom):
    """Where each window's maximum is: a boolean (kh, kw, N, C, Ho, Wo) stack of masks, and
    the number of maxima per window (as m's dtype, at least 1), or None when there are no
    ties."""
    kh, kw = geom.kernel
    ho, wo = m.shape[2:]
    xp = geom.pad(x, -np.inf)
    hits = np.empty((kh, kw) + m.shape, dtype=bool)
    for i in range(kh):
        for j in range(kw):
            np.equal(xp[geom.slab(i, j, ho, wo)], m, out=hits[i, j])
    if np.count_nonzero(hits) == m.size:  # one maximum per window (the usual case)
        return hits, None
    count = np.add.reduce(hits.reshape(kh * kw, -1), axis=0, dtype=m.dtype).reshape(m.shape)
    return hits, np.maximum(count, 1, out=count)  # a NaN window has none: its gradient is 0


def scatter(g: np.ndarray, share, x_shape: tuple, geom: Geom) -> np.ndarray:
    """Each window sends g * share[i, j] to the pixel at offset (i, j) (share: a scalar or a
    (kh, kw, N, C, Ho, Wo) stack); overlapping windows add. The adjoint of `gather`."""
    n, c, h, w = x_shape
    kh, kw = geom.kernel
    ho, wo = g.shape[2:]
    ph, pw = geom.padding
    assign = geom.disjoint()
    covered = assign and not (ph or pw) and h == kh * ho and w == kw * wo
    xp = (np.empty if covered else np.zeros)((n, c, h + 2 * ph, w + 2 * pw), dtype=g.dtype)
    scalar = np.ndim(share) == 0
    if scalar and share != 1:
        g = g * share
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            if assign:
                if scalar:
                    xp[idx] = g
                else:
                    np.multiply(g, share[i, j], out=xp[idx])
            else:
                xp[idx] += g if scalar else g * share[i, j]
    return np.ascontiguousarray(geom.crop(xp, h, w)) if (ph or pw) else xp


def gather(x: np.ndarray, share, geom: Geom) -> np.ndarray:
    """Per window, the sum of share[i, j] * pixel (N, C, H, W) -> (N, C, Ho, Wo)."""
    ho, wo = geom.out_hw(*x.shape[2:])
    xp = geom.pad(x)
    kh, kw = geom.kernel
    scalar = np.ndim(share) == 0
    out = None
    for i in range(kh):
        for j in range(kw):
            part = xp[geom.slab(i, j, ho, wo)]
            if out is None:
                out = part.copy() if scalar else part * share[i, j]
            else:
                np.add(out, part if scalar else part * share[i, j], out=out)
    if scalar and share != 1:
        out *= share
    return out
