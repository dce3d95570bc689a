"""Offline datasets: 8x8 digits, real MNIST (IDX files or the shipped subset), teaching sets.

Every loader returns numpy arrays: inputs ``float32``, class labels ``int64``; the random
ones are reproducible from ``seed``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .idx import read_idx

__all__ = [
    "load_digits",
    "load_mnist",
    "mnist_search_paths",
    "logic_gate",
    "make_moons",
    "ladder_images",
    "admission",
    "MNIST_SUBSET",
]

MNIST_SUBSET = Path(__file__).with_name("mnist_subset.npz")
_MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def load_digits(flatten: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled 1797 8x8 digits in [0, 1]: X (N, 64), or (N, 1, 8, 8) unflattened."""
    from sklearn.datasets import load_digits as _sk_digits

    d = _sk_digits()
    X = (d.data / 16.0).astype(np.float32)
    if not flatten:
        X = X.reshape(-1, 1, 8, 8)
    return X, d.target.astype(np.int64)


# ---------------------------------------------------------------------------- MNIST


def mnist_search_paths(root: str | os.PathLike | None = None) -> list[Path]:
    """Folders searched for the MNIST IDX files, in order."""
    bases = []
    if root is not None:
        bases.append(Path(root).expanduser())
    if os.environ.get("GRAPHGRAD_DATA"):
        bases.append(Path(os.environ["GRAPHGRAD_DATA"]).expanduser())
    bases.append(Path.home() / ".cache" / "graphgrad")
    out = []
    for b in bases:
        out += [b, b / "mnist"]
    return out


def _find_idx(folder: Path, stem: str) -> Path | None:
    # the canonical name, and the variant with a dot (train-images.idx3-ubyte)
    for name in (stem, stem.replace("-idx", ".idx")):
        for suffix in ("", ".gz"):
            p = folder / (name + suffix)
            if p.is_file():
                return p
    return None


def _read_mnist_folder(folder: Path) -> dict[str, np.ndarray] | None:
    paths = {k: _find_idx(folder, stem) for k, stem in _MNIST_FILES.items()}
    if any(p is None for p in paths.values()):
        return None
    arrays = {k: read_idx(p) for k, p in paths.items()}
    for split in ("train", "test"):
        x, y = arrays["x_" + split], arrays["y_" + split]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(
                f"{folder}: MNIST {split} images {x.shape} and labels {y.shape} do not match"
            )
    return arrays


def _subsample(x: np.ndarray, y: np.ndarray, n: int | None, rng: np.random.Generator):
    if n is None or n >= len(y):
        return x, y
    idx = np.sort(rng.choice(len(y), n, replace=False))
    return x[idx], y[idx]


def load_mnist(
    root: str | os.PathLike | None = None,
    subset: bool = True,
    flatten: bool = False,
    n_train: int | None = None,
    n_test: int | None = None,
    seed: int = 0,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Real MNIST as ``(X_train, y_train), (X_test, y_test)``, X in [0, 1] of shape (N, 1, 28, 28).

    Reads the IDX files from ``root``, ``$GRAPHGRAD_DATA`` or ``~/.cache/graphgrad`` (each
    also with a ``mnist/`` subfolder); without them, and if ``subset`` is true, the shipped
    5000 + 1000 image subset. ``flatten`` gives (N, 784); ``n_train``/``n_test`` take a
    seeded random sample of that many images.
    """
    arrays = None
    searched = mnist_search_paths(root)
    for folder in searched:
        if folder.is_dir():
            arrays = _read_mnist_folder(folder)
            if arrays is not None:
                break
    if arrays is None:
        if not subset:
            where = "\n  ".join(str(p) for p in searched)
            raise FileNotFoundError(
                "MNIST IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz) not found; "
                f"put them in one of:\n  {where}\nor pass subset=True to use the shipped subset"
            )
        if not MNIST_SUBSET.is_file():
            raise FileNotFoundError(f"the shipped MNIST subset {MNIST_SUBSET} is missing")
        with np.load(MNIST_SUBSET) as f:
            arrays = {k: f[k] for k in _MNIST_FILES}
    rng = np.random.default_rng(seed)
    out = []
    for split, n in (("train", n_train), ("test", n_test)):
        x, y = _subsample(arrays["x_" + split], arrays["y_" + split], n, rng)
        shape = (len(x), -1) if flatten else (len(x), 1, *x.shape[1:])
        x = (x.astype(np.float32) / 255.0).reshape(shape)
        out.append((x, y.astype(np.int64)))
    return out[0], out[1]


# ---------------------------------------------------------------------- teaching sets

_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "xor": [0, 1, 1, 0],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xnor": [1, 0, 0, 1],
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input gate ("and", "or", "xor", "nand", "nor", "xnor"): X (4, 2)."""
    key = name.lower()
    if key not in _GATES:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {sorted(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return X, np.array(_GATES[key], dtype=np.int64)


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's make_moons): X (n, 2), y in {0, 1}."""
    from sklearn.datasets import make_moons as _sk_moons

    X, y = _sk_moons(n_samples=n, noise=noise, random_state=seed)
    return X.astype(np.float32), y.astype(np.int64)


def ladder_images(
    copies: int = 1, noise: float = 0.0, flatten: bool = True, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """All 16 binary 2x2 images (1 = dark), label 1 for a "ladder", as in lecture 004.

    Pixels are ordered top-left, top-right, bottom-left, bottom-right; image k has the bits
    of k (most significant first). A ladder has a dark bottom row and exactly one dark pixel
    on top, so the two ladders are images 0b1011 and 0b0111. ``copies`` > 1 repeats the 16
    images, adding Gaussian noise of std ``noise`` (clipped to [0, 1]) to every copy.
    X is (16 * copies, 4), or (16 * copies, 1, 2, 2) when not ``flatten``.
    """
    bits = (np.arange(16)[:, None] >> np.array([3, 2, 1, 0])) & 1
    tl, tr, bl, br = bits.T
    y = ((bl == 1) & (br == 1) & (tl + tr == 1)).astype(np.int64)
    X = np.tile(bits.astype(np.float32), (copies, 1))
    y = np.tile(y, copies)
    if noise > 0:
        rng = np.random.default_rng(seed)
        X = np.clip(X + rng.normal(0.0, noise, X.shape), 0.0, 1.0).astype(np.float32)
    if not flatten:
        X = X.reshape(-1, 1, 2, 2)
    return X, y


# ground truth of `admission`: logit = w_exam * (exam - 60) + w_grades * (grades - 4)
ADMISSION_COEF = {"exam": 0.12, "grades": 3.0, "exam_center": 60.0, "grades_center": 4.0}


def admission(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """University admission: X (n, 2) = (exam score 0-100, mean grade 2-5), y = admitted.

    The label is drawn from a logistic model of both features (``ADMISSION_COEF``), so the
    classes overlap near the boundary, as real admissions would. Features are unscaled.
    """
    rng = np.random.default_rng(seed)
    exam = np.clip(rng.normal(60.0, 15.0, n), 0.0, 100.0)
    grades = np.clip(rng.normal(4.0, 0.5, n), 2.0, 5.0)
    c = ADMISSION_COEF
    logit = c["exam"] * (exam - c["exam_center"]) + c["grades"] * (grades - c["grades_center"])
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(np.int64)
    return np.stack([exam, grades], axis=1).astype(np.float32), y
