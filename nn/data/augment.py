"""Seeded augmentations for image batches (N, C, H, W), vectorised over the batch.

Each transform is a callable object: ``t(x)`` returns a new batch of the same shape and
dtype (``RandomCrop`` to another ``size`` is the exception), so it can be given to
``DataLoader(transform=...)``. Its random numbers come from its own generator, seeded
with ``seed``: two transforms built with the same seed give the same sequence of outputs.
``Mixup`` changes the labels too: it is called as ``x, y = mixup(x, y_onehot)`` and has
``takes_targets = True``, which ``DataLoader`` and ``Compose`` use to pass it the pair.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "Transform",
    "RandomFlip",
    "RandomRotation",
    "RandomShift",
    "RandomCrop",
    "BrightnessContrast",
    "GaussianNoise",
    "RandomErasing",
    "Mixup",
    "Compose",
]


def _check(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"{name} expects an image batch (N, C, H, W), got shape {x.shape}")
    return x


def _gather(x: np.ndarray, rows: np.ndarray, cols: np.ndarray, fill: float) -> np.ndarray:
    """out[n, c, i, j] = x[n, c, rows[n, i, j], cols[n, i, j]], ``fill`` where out of bounds."""
    n, _, h, w = x.shape
    ok = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    batch = np.arange(n).reshape(n, 1, 1)
    # advanced indices around a slice: the result is (N, H', W', C)
    vals = x.transpose(0, 2, 3, 1)[batch, np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1)]
    vals = np.where(ok[..., None], vals, fill)
    return vals.transpose(0, 3, 1, 2)


def _bilinear(x: np.ndarray, sy: np.ndarray, sx: np.ndarray, fill: float) -> np.ndarray:
    """Sample x at real coordinates (sy, sx) of shape (N, H', W') by bilinear interpolation."""
    y0, x0 = np.floor(sy), np.floor(sx)
    wy, wx = (sy - y0)[:, None], (sx - x0)[:, None]
    y0, x0 = y0.astype(np.int64), x0.astype(np.int64)
    out = (1 - wy) * (1 - wx) * _gather(x, y0, x0, fill)
    out += (1 - wy) * wx * _gather(x, y0, x0 + 1, fill)
    out += wy * (1 - wx) * _gather(x, y0 + 1, x0, fill)
    out += wy * wx * _gather(x, y0 + 1, x0 + 1, fill)
    return out


class Transform:
    """Base class: holds the seeded generator ``rng``; subclasses implement ``__call__``."""

    takes_targets = False

    def __init__(self, seed: int | None = None):
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "rng")
        return f"{type(self).__name__}({args})"


class RandomFlip(Transform):
    """Mirror each image left-right (and/or upside down) with probability p."""

    def __init__(self, horizontal: bool = True, vertical: bool = False, p: float = 0.5, seed=None):
        super().__init__(seed)
        self.horizontal, self.vertical, self.p = horizontal, vertical, p

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "RandomFlip")
        out = x
        for axis, on in ((3, self.horizontal), (2, self.vertical)):
            if on:
                flip = (self.rng.random(len(x)) < self.p).reshape(-1, 1, 1, 1)
                out = np.where(flip, np.flip(out, axis), out)
        return out.copy() if out is x else out


class RandomRotation(Transform):
    """Rotate each image about its centre by an angle uniform in [-degrees, degrees].

    ``degrees`` may also be a ``(low, high)`` range; positive angles turn the image
    counter-clockwise (90 degrees is ``np.rot90``). Bilinear interpolation on a sampling
    grid built for the whole batch; pixels from outside the image are ``fill``.
    """

    def __init__(self, degrees: float | Sequence[float] = 15.0, fill: float = 0.0, seed=None):
        super().__init__(seed)
        if np.isscalar(degrees):
            degrees = (-float(degrees), float(degrees))
        self.degrees, self.fill = tuple(degrees), fill

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "RandomRotation")
        n, _, h, w = x.shape
        theta = np.deg2rad(self.rng.uniform(*self.degrees, size=n)).reshape(n, 1, 1)
        cy, cx = (h - 1) / 2, (w - 1) / 2
        dy = np.arange(h).reshape(1, h, 1) - cy
        dx = np.arange(w).reshape(1, 1, w) - cx
        cos, sin = np.cos(theta), np.sin(theta)
        # inverse map, positive angles turn the content counter-clockwise (as rot90):
        # the output pixel at offset (dy, dx) from the centre samples R(theta) (dy, dx)
        sx = cos * dx - sin * dy + cx
        sy = sin * dx + cos * dy + cy
        # snap near-integer coordinates so a rotation by 0 or 90 degrees is exact
        sx, sy = np.round(sx, 6), np.round(sy, 6)
        return _bilinear(x, sy, sx, self.fill).astype(x.dtype, copy=False)


class RandomShift(Transform):
    """Translate each image by a whole number of pixels in [-max_shift, max_shift] per axis.

    A positive shift moves the content down / right; uncovered pixels are ``fill``.
    """

    def __init__(self, max_shift: int = 2, fill: float = 0.0, seed=None):
        super().__init__(seed)
        self.max_shift, self.fill = int(max_shift), fill

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "RandomShift")
        n, _, h, w = x.shape
        m = self.max_shift
        dy = self.rng.integers(-m, m + 1, size=n).reshape(n, 1, 1)
        dx = self.rng.integers(-m, m + 1, size=n).reshape(n, 1, 1)
        rows = np.arange(h).reshape(1, h, 1) - dy
        cols = np.arange(w).reshape(1, 1, w) - dx
        return _gather(x, rows, cols, self.fill).astype(x.dtype, copy=False)


class RandomCrop(Transform):
    """Pad each image by ``padding`` (with ``fill``) and cut a random ``size`` crop from it."""

    def __init__(self, size: int | tuple[int, int], padding: int = 0, fill: float = 0.0, seed=None):
        super().__init__(seed)
        self.size = (size, size) if np.isscalar(size) else tuple(size)
        self.padding, self.fill = int(padding), fill

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "RandomCrop")
        n, _, h, w = x.shape
        (ch, cw), p = self.size, self.padding
        if ch > h + 2 * p or cw > w + 2 * p:
            raise ValueError(
                f"crop {self.size} larger than the padded image {(h + 2 * p, w + 2 * p)}"
            )
        top = self.rng.integers(0, h + 2 * p - ch + 1, size=n).reshape(n, 1, 1)
        left = self.rng.integers(0, w + 2 * p - cw + 1, size=n).reshape(n, 1, 1)
        rows = top - p + np.arange(ch).reshape(1, ch, 1)
        cols = left - p + np.arange(cw).reshape(1, 1, cw)
        return _gather(x, rows, cols, self.fill).astype(x.dtype, copy=False)


class BrightnessContrast(Transform):
    """Per image: add b ~ U(-brightness, brightness), scale around the mean by U(1 ± contrast)."""

    def __init__(
        self,
        brightness: float = 0.2,
        contrast: float = 0.2,
        clip: tuple[float, float] | None = None,
        seed=None,
    ):
        super().__init__(seed)
        self.brightness, self.contrast, self.clip = brightness, contrast, clip

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "BrightnessContrast")
        n = len(x)
        b = self.rng.uniform(-self.brightness, self.brightness, n).reshape(n, 1, 1, 1)
        c = self.rng.uniform(1 - self.contrast, 1 + self.contrast, n).reshape(n, 1, 1, 1)
        mean = x.mean(axis=(1, 2, 3), keepdims=True)
        out = (x - mean) * c + mean + b
        if self.clip is not None:
            out = np.clip(out, *self.clip)
        return out.astype(x.dtype, copy=False)


class GaussianNoise(Transform):
    """Add independent N(0, std^2) noise to every pixel (optionally clipped to ``clip``)."""

    def __init__(self, std: float = 0.1, clip: tuple[float, float] | None = None, seed=None):
        super().__init__(seed)
        self.std, self.clip = std, clip

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "GaussianNoise")
        out = x + self.rng.normal(0.0, self.std, x.shape)
        if self.clip is not None:
            out = np.clip(out, *self.clip)
        return out.astype(x.dtype, copy=False)


class RandomErasing(Transform):
    """With probability p, set a random rectangle of each image to ``value``.

    The rectangle covers a fraction of the image drawn from ``scale``, with an aspect ratio
    (height / width) log-uniform in ``ratio`` (Zhong et al., 2017).
    """

    def __init__(
        self,
        p: float = 0.5,
        scale: tuple[float, float] = (0.02, 0.2),
        ratio: tuple[float, float] = (0.3, 3.3),
        value: float = 0.0,
        seed=None,
    ):
        super().__init__(seed)
        self.p, self.scale, self.ratio, self.value = p, tuple(scale), tuple(ratio), value

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = _check(x, "RandomErasing")
        n, _, h, w = x.shape
        area = self.rng.uniform(*self.scale, n) * h * w
        r = np.exp(self.rng.uniform(*np.log(self.ratio), n))
        eh = np.clip(np.round(np.sqrt(area * r)), 1, h).astype(np.int64)
        ew = np.clip(np.round(np.sqrt(area / r)), 1, w).astype(np.int64)
        top = np.floor(self.rng.random(n) * (h - eh + 1)).astype(np.int64)
        left = np.floor(self.rng.random(n) * (w - ew + 1)).astype(np.int64)
        on = self.rng.random(n) < self.p
        i = np.arange(h).reshape(1, h, 1)
        j = np.arange(w).reshape(1, 1, w)
        rect = (
            (i >= top[:, None, None])
            & (i < (top + eh)[:, None, None])
            & (j >= left[:, None, None])
            & (j < (left + ew)[:, None, None])
            & on[:, None, None]
        )
        return np.where(rect[:, None], np.asarray(self.value, x.dtype), x)


class Mixup(Transform):
    """Mixup (Zhang et al., 2018): ``x, y = mixup(x, y)`` blends each sample with another.

    With lam ~ Beta(alpha, alpha) drawn per sample and a random pairing ``perm`` of the
    batch: ``x' = lam x + (1 - lam) x[perm]``, ``y' = lam y + (1 - lam) y[perm]``. ``y`` are
    one-hot (or soft) targets of shape (N, K); integer labels of shape (N,) are one-hot
    encoded first when ``num_classes`` is given. Works on any (N, ...) input batch.
    """

    takes_targets = True

    def __init__(self, alpha: float = 0.2, num_classes: int | None = None, seed=None):
        super().__init__(seed)
        self.alpha, self.num_classes = alpha, num_classes

    def __call__(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = np.asarray(x), np.asarray(y)
        if y.ndim == 1:
            if self.num_classes is None:
                raise ValueError("Mixup needs one-hot targets (N, K), or num_classes to encode y")
            y = np.eye(self.num_classes, dtype=np.float32)[y]
        if len(x) != len(y):
            raise ValueError(f"Mixup: {len(x)} inputs but {len(y)} targets")
        n = len(x)
        lam = self.rng.beta(self.alpha, self.alpha, n)
        perm = self.rng.permutation(n)
        lx = lam.reshape((n,) + (1,) * (x.ndim - 1))
        ly = lam.reshape((n,) + (1,) * (y.ndim - 1))
        ydt = y.dtype if np.issubdtype(y.dtype, np.floating) else np.float32
        x2 = (lx * x + (1 - lx) * x[perm]).astype(x.dtype, copy=False)
        y2 = (ly * y + (1 - ly) * y[perm]).astype(ydt, copy=False)
        return x2, y2


class Compose:
    """Apply transforms in order; with a Mixup inside, call it as ``x, y = compose(x, y)``."""

    def __init__(self, transforms: Sequence):
        self.transforms = list(transforms)
        self.takes_targets = any(getattr(t, "takes_targets", False) for t in self.transforms)

    def __call__(self, x: np.ndarray, y: np.ndarray | None = None):
        for t in self.transforms:
            if getattr(t, "takes_targets", False):
                if y is None:
                    raise ValueError(f"{type(t).__name__} in Compose needs targets: call it (x, y)")
                x, y = t(x, y)
            else:
                x = t(x)
        return x if y is None else (x, y)

    def __repr__(self) -> str:
        return f"Compose({self.transforms!r})"
