"""The playground's 2-D data sets, generated as TensorFlow Playground generates them.

Points lie in about [-6, 6]^2. Classification sets return X (n, 2) float32 and y (n,) int64
in {0, 1} (1 is the "positive", blue class); regression sets return y float32 (about [-1, 1]).
`noise` is a fraction (the page's percent / 100). Every set is reproducible from `seed`.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "DATASETS",
    "make_circle",
    "make_gaussians",
    "make_plane",
    "make_regression_gaussians",
    "make_spiral",
    "make_xor",
]


def make_circle(n: int = 500, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A disc of one class (radius 2.5) inside a ring of the other (radius 3.5 to 5)."""
    rng = np.random.default_rng(seed)
    radius = 5.0
    parts = []
    for lo, hi in ((0.0, radius * 0.5), (radius * 0.7, radius)):
        m = n // 2 if lo == 0.0 else n - n // 2
        r = rng.uniform(lo, hi, m)
        angle = rng.uniform(0.0, 2 * math.pi, m)
        p = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
        jitter = rng.uniform(-radius, radius, (m, 2)) * noise
        # the label is read at the noisy position, so noise moves points across the border
        label = np.hypot(*(p + jitter).T) < radius * 0.5
        parts.append((p, label))
    X = np.concatenate([p for p, _ in parts])
    y = np.concatenate([lab for _, lab in parts])
    return X.astype(np.float32), y.astype(np.int64)


def make_xor(n: int = 500, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants, positive where x1 * x2 >= 0; a 0.3 gap keeps points off the axes."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(-5.0, 5.0, (n, 2))
    p += np.where(p > 0, 0.3, -0.3)
    jitter = rng.uniform(-5.0, 5.0, (n, 2)) * noise
    q = p + jitter
    return p.astype(np.float32), (q[:, 0] * q[:, 1] >= 0).astype(np.int64)


def make_gaussians(
    n: int = 500, noise: float = 0.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds centred at (2, 2) (positive) and (-2, -2); noise widens them."""
    rng = np.random.default_rng(seed)
    std = 0.5 + 3.5 * (noise / 0.5)  # variance 0.5 at no noise, 4 at 50%, as the original
    std = math.sqrt(std)
    pos = rng.normal(2.0, std, (n // 2, 2))
    neg = rng.normal(-2.0, std, (n - n // 2, 2))
    X = np.concatenate([pos, neg])
    y = np.concatenate([np.ones(n // 2), np.zeros(n - n // 2)])
    return X.astype(np.float32), y.astype(np.int64)


def make_spiral(n: int = 500, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (1.75 turns, radius 0 to 5), the hardest of the four."""
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for delta, label, m in ((0.0, 1, n // 2), (math.pi, 0, n - n // 2)):
        i = np.arange(m)
        r = i / m * 5.0
        t = 1.75 * i / m * 2 * math.pi + delta
        p = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        parts.append(p + rng.uniform(-1.0, 1.0, (m, 2)) * noise)
        labels.append(np.full(m, label))
    return np.concatenate(parts).astype(np.float32), np.concatenate(labels).astype(np.int64)


def make_plane(n: int = 500, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Regression: y = (x1 + x2) / 10 over the square [-6, 6]^2, read at the noisy point."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(-6.0, 6.0, (n, 2))
    q = p + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    y = (q[:, 0] + q[:, 1]) / 10.0
    return p.astype(np.float32), y.astype(np.float32)


def make_regression_gaussians(
    n: int = 500, noise: float = 0.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Regression: six signed Gaussian bumps; y is the strongest bump at the (noisy) point."""
    rng = np.random.default_rng(seed)
    centres = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1]])
    centres = np.concatenate([centres, [[4, -2.5, -1]]])
    p = rng.uniform(-6.0, 6.0, (n, 2))
    q = p + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    d = np.hypot(q[:, None, 0] - centres[:, 0], q[:, None, 1] - centres[:, 1])
    strength = centres[:, 2] * np.clip(1.0 - d / 2.0, 0.0, None)  # a cone of radius 2
    y = strength[np.arange(n), np.abs(strength).argmax(axis=1)]
    return p.astype(np.float32), y.astype(np.float32)


# name -> (generator, problem type)
DATASETS = {
    "circle": (make_circle, "classification"),
    "xor": (make_xor, "classification"),
    "gaussian": (make_gaussians, "classification"),
    "spiral": (make_spiral, "classification"),
    "plane": (make_plane, "regression"),
    "multigauss": (make_regression_gaussians, "regression"),
}
