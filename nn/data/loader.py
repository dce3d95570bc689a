"""Datasets and mini-batch loading over numpy arrays, in the style of torch.utils.data.

``TensorDataset`` is indexed with a whole batch of indices at once, so a ``DataLoader``
over it costs one fancy-indexing call per array and batch; other datasets are read
sample by sample and stacked.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["Dataset", "TensorDataset", "Subset", "DataLoader", "random_split", "as_array"]


def as_array(a: Any) -> np.ndarray:
    """A numpy array from an array-like or from an object with a ``.data`` ndarray (a Tensor)."""
    if isinstance(a, np.ndarray):
        return a
    data = getattr(a, "data", None)
    if isinstance(data, np.ndarray):
        return data
    return np.asarray(a)


class Dataset(ABC):
    """A map-style dataset: ``len(ds)`` samples, ``ds[i]`` one sample (a tuple of arrays)."""

    # True when __getitem__ also accepts an integer index array and returns whole batches
    batched_indexing = False

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def __getitem__(self, index): ...


class TensorDataset(Dataset):
    """Arrays (or Tensors) sharing their first dimension; ``ds[idx]`` is a tuple of arrays."""

    batched_indexing = True

    def __init__(self, *arrays: Any):
        if not arrays:
            raise ValueError("TensorDataset needs at least one array")
        self.arrays = tuple(as_array(a) for a in arrays)
        n = len(self.arrays[0])
        for i, a in enumerate(self.arrays):
            if a.ndim == 0 or len(a) != n:
                raise ValueError(
                    f"TensorDataset: array {i} has shape {a.shape}, expected first dimension {n}"
                )

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index) -> tuple[np.ndarray, ...]:
        return tuple(a[index] for a in self.arrays)

    def __repr__(self) -> str:
        shapes = ", ".join(str(a.shape) for a in self.arrays)
        return f"TensorDataset({shapes})"


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Dataset, indices: Sequence[int] | np.ndarray):
        self.dataset = dataset
        self.indices = np.asarray(indices, dtype=np.int64)
        self.batched_indexing = getattr(dataset, "batched_indexing", False)

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index):
        return self.dataset[self.indices[index]]


def _collate(samples: list) -> tuple[np.ndarray, ...]:
    first = samples[0]
    if isinstance(first, tuple | list):
        return tuple(np.stack([as_array(s[j]) for s in samples]) for j in range(len(first)))
    return (np.stack([as_array(s) for s in samples]),)


class DataLoader:
    """Mini-batches of a dataset as tuples of numpy arrays.

    ``shuffle`` draws a new permutation every epoch from a generator seeded with ``seed``
    (so the sequence of epochs is reproducible). ``transform`` is applied to each batch's
    inputs (the first array); a transform with ``takes_targets = True`` (``Mixup``) gets
    and returns the ``(inputs, targets)`` pair instead. A tuple or list of arrays is
    accepted in place of a dataset.
    """

    def __init__(
        self,
        dataset: Dataset | Sequence[Any],
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
        transform: Callable | None = None,
    ):
        if isinstance(dataset, tuple | list):
            dataset = TensorDataset(*dataset)
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.seed = seed
        self.transform = transform
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def _fetch(self, idx: np.ndarray) -> tuple[np.ndarray, ...]:
        if getattr(self.dataset, "batched_indexing", False):
            batch = self.dataset[idx]
            batch = tuple(batch) if isinstance(batch, tuple | list) else (batch,)
        else:
            batch = _collate([self.dataset[int(i)] for i in idx])
        t = self.transform
        if t is None:
            return batch
        if getattr(t, "takes_targets", False):
            if len(batch) < 2:
                raise ValueError(f"{type(t).__name__} needs (inputs, targets) batches")
            return (*t(batch[0], batch[1]), *batch[2:])
        return (t(batch[0]), *batch[1:])

    def __iter__(self) -> Iterator[tuple[np.ndarray, ...]]:
        n = len(self.dataset)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        stop = len(self) * self.batch_size
        for start in range(0, min(stop, n), self.batch_size):
            yield self._fetch(order[start : start + self.batch_size])

    def __repr__(self) -> str:
        return (
            f"DataLoader({self.dataset!r}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last}, seed={self.seed})"
        )


def _split_lengths(n: int, sizes: Sequence[float | int]) -> list[int]:
    sizes = list(sizes)
    if all(isinstance(s, int | np.integer) for s in sizes):
        if sum(sizes) != n:
            raise ValueError(f"lengths {sizes} sum to {sum(sizes)}, dataset has {n} samples")
        return [int(s) for s in sizes]
    if any(s < 0 for s in sizes) or not math.isclose(sum(sizes), 1.0, abs_tol=1e-6):
        raise ValueError(f"fractions {sizes} must be non-negative and sum to 1")
    lengths = [int(math.floor(n * f)) for f in sizes]
    for i in range(n - sum(lengths)):  # hand out the remainder round-robin, as PyTorch
        lengths[i % len(lengths)] += 1
    return lengths


def random_split(
    data: Dataset | Sequence[Any], lengths: Sequence[float | int], seed: int = 0
) -> list:
    """Split at random into parts of the given lengths (ints) or fractions (floats summing to 1).

    A ``Dataset`` gives a list of ``Subset``; a tuple or list of arrays gives a list of
    tuples of arrays.
    """
    if isinstance(data, Dataset):
        n = len(data)
    else:
        arrays = TensorDataset(*data).arrays
        n = len(arrays[0])
    perm = np.random.default_rng(seed).permutation(n)
    parts, start = [], 0
    for k in _split_lengths(n, lengths):
        idx = perm[start : start + k]
        start += k
        parts.append(
            Subset(data, idx) if isinstance(data, Dataset) else tuple(a[idx] for a in arrays)
        )
    return parts
