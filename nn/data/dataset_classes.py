"""Datasets in the style of torch.utils.data: Dataset, IterableDataset, TensorDataset, Subset,
ConcatDataset, ChainDataset, StackDataset, and random_split.

`TensorDataset` keeps numpy arrays and can be indexed with a whole batch of indices at
once (`batched_indexing`), so a DataLoader over it (or over a Subset of it) costs one
fancy-indexing call per array and batch.
"""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import random_kernels as _rk
from autograd.generator import resolve

__all__ = [
    "ChainDataset",
    "StackDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "Subset",
    "TensorDataset",
    "as_array",
    "random_split",
]


def as_array(a: Any) -> np.ndarray:
    """A numpy array from an array-like or from an object with a ``.data`` ndarray (a Tensor)."""
    if isinstance(a, np.ndarray):
        return a
    data = getattr(a, "data", None)
    if isinstance(data, np.ndarray):
        return data
    return np.asarray(a)


class Dataset:
    """A map-style dataset: ``len(ds)`` samples, ``ds[i]`` one sample; subclass and define
    ``__getitem__`` (and ``__len__`` for the default samplers). ``a + b`` concatenates."""

    # True when __getitem__ also accepts an integer index array and returns whole batches
    batched_indexing = False

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset that is an iterable of samples (define ``__iter__``); a DataLoader batches
    consecutive samples (no sampler, no shuffling)."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")

    def __add__(self, other: IterableDataset) -> ChainDataset:
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Arrays (or Tensors) sharing their first dimension; ``ds[i]`` is a tuple of Tensors."""

    batched_indexing = True

    def __init__(self, *tensors: Any):
        if not tensors:
            raise ValueError("TensorDataset needs at least one array")
        self.arrays = tuple(as_array(a) for a in tensors)
        n = len(self.arrays[0])
        for i, a in enumerate(self.arrays):
            if a.ndim == 0 or len(a) != n:
                raise ValueError(
                    f"TensorDataset: array {i} has shape {a.shape}, expected first dimension {n} "
                    "(Size mismatch between tensors)"
                )

    @property
    def tensors(self) -> tuple[Tensor, ...]:
        """The arrays as Tensors (sharing memory)."""
        return tuple(Tensor(a) for a in self.arrays)

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index) -> tuple[Tensor, ...]:
        return tuple(Tensor(a[_index(index)]) for a in self.arrays)

    def _rows(self, index: np.ndarray) -> tuple[np.ndarray, ...]:
        """The rows at an index array, as arrays (the DataLoader's batched path)."""
        return tuple(a[index] for a in self.arrays)

    def __repr__(self) -> str:
        shapes = ", ".join(str(a.shape) for a in self.arrays)
        return f"TensorDataset({shapes})"


def is_arrays_tuple(obj) -> bool:
    """graphgrad's shortcut for a dataset: a tuple of arrays (or Tensors) of equal length
    (anything else, a list of samples included, is indexed as a dataset, as PyTorch)."""
    if not isinstance(obj, tuple) or not obj:
        return False
    arrays = [a for a in obj if isinstance(a, (np.ndarray, Tensor)) and np.ndim(a) >= 1]
    return len(arrays) == len(obj) and len({len(a) for a in arrays}) == 1


def _index(index):
    return index._data if isinstance(index, Tensor) else index


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Dataset, indices: Sequence[int] | np.ndarray):
        self.dataset = dataset
        self.indices = np.asarray(_index(indices), dtype=np.int64)
        self.batched_indexing = getattr(dataset, "batched_indexing", False)

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index):
        picked = self.indices[_index(index)]
        return self.dataset[picked if np.ndim(picked) else int(picked)]

    def _rows(self, index: np.ndarray):
        return self.dataset._rows(self.indices[index])


class ConcatDataset(Dataset):
    """Datasets one after another."""

    def __init__(self, datasets: Iterable[Dataset]):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise TypeError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int):
        idx = int(idx)
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        k = bisect.bisect_right(self.cumulative_sizes, idx)
        return self.datasets[k][idx - (self.cumulative_sizes[k - 1] if k else 0)]


class ChainDataset(IterableDataset):
    """Iterable datasets one after another, chained as they are iterated (nothing is
    loaded ahead); ``len()`` is the sum of theirs."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = datasets

    def _each(self) -> Iterable[IterableDataset]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError(
                    f"ChainDataset only supports IterableDataset, got {type(d).__name__}; "
                    "join map-style datasets with ConcatDataset"
                )
            yield d

    def __iter__(self):
        for d in self._each():
            yield from d

    def __len__(self) -> int:
        return sum(len(d) for d in self._each())


class StackDataset(Dataset):
    """Datasets of one length side by side: sample ``i`` is the tuple of their samples
    ``i`` (``StackDataset(images, labels)``) or, given by name, a dict of them
    (``StackDataset(image=images, label=labels)``)."""

    def __init__(self, *args: Dataset, **kwargs: Dataset) -> None:
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or ``dict``- (via ``kwargs``) "
                "like input/output, but both types are given."
            )
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        self.datasets: tuple | dict = args if args else kwargs
        parts = list(args) if args else list(kwargs.values())
        self._length = len(parts[0])
        if any(len(d) != self._length for d in parts):
            lengths = [len(d) for d in parts]
            raise ValueError(f"Size mismatch between datasets: lengths {lengths}")

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices: list) -> list:
        """The samples at ``indices`` (a batch): each dataset's ``__getitems__`` if it has
        one, else its items one by one."""
        named = isinstance(self.datasets, dict)
        items = self.datasets.items() if named else enumerate(self.datasets)
        columns = {}
        for key, d in items:
            if callable(getattr(d, "__getitems__", None)):
                got = d.__getitems__(indices)
                if len(got) != len(indices):
                    raise ValueError(
                        f"Nested dataset's output size mismatch. Expected {len(indices)}, "
                        f"got {len(got)}"
                    )
            else:
                got = [d[i] for i in indices]
            columns[key] = got
        if named:
            return [{k: col[j] for k, col in columns.items()} for j in range(len(indices))]
        return [tuple(col[j] for col in columns.values()) for j in range(len(indices))]


def _split_lengths(n: int, lengths: Sequence[float | int]) -> list[int]:
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:  # fractions, as PyTorch
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(int(math.floor(n * frac)))
        for i in range(n - sum(sizes)):  # the remainder, round-robin from the first part
            sizes[i % len(sizes)] += 1
        for i, size in enumerate(sizes):
            if size == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.",
                    stacklevel=3,
                )
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError(
            f"Sum of input lengths ({sum(lengths)}) does not equal the length of the input "
            f"dataset ({n})"
        )
    return [int(k) for k in lengths]


def random_split(
    dataset: Dataset | Sequence[Any] | tuple,
    lengths: Sequence[float | int],
    generator=None,
    *,
    seed: int | None = None,
) -> list:
    """Split at random into parts of the given lengths (ints) or fractions (summing to 1),
    with PyTorch's draws (`randperm` of the default generator or `generator`).

    A dataset (anything with a length and indexing) gives a list of Subsets; a tuple of
    arrays gives a list of tuples of arrays. ``seed=`` (graphgrad's) is short for
    ``generator=Generator().manual_seed(seed)``.
    """
    if seed is not None:
        from autograd import Generator

        generator = Generator().manual_seed(seed)
    if is_arrays_tuple(dataset):
        arrays = TensorDataset(*dataset).arrays
        n = len(arrays[0])
    else:
        n, arrays = len(dataset), None
    sizes = _split_lengths(n, lengths)
    perm = _rk.randperm(resolve(generator), n)
    parts = []
    for end, k in zip(itertools.accumulate(sizes), sizes):
        idx = perm[end - k : end]
        parts.append(tuple(a[idx] for a in arrays) if arrays is not None else Subset(dataset, idx))
    return parts
