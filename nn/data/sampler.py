"""Samplers in the style of torch.utils.data, with PyTorch's draws.

`RandomSampler` without a generator draws one int64 seed from the default generator at
the start of each epoch and permutes with a new generator seeded by it (as PyTorch), so
shuffling advances the default generator by exactly one draw per epoch.

Each of these samplers can also replay the epoch it is in (`state_dict` /
`load_state_dict`): that is how `DataLoader.state_dict` resumes mid-epoch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence, Sized

import numpy as np

from autograd import Generator
from autograd import random_kernels as _rk
from autograd.generator import resolve

__all__ = [
    "BatchSampler",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
]


class Sampler:
    """Base class: an iterable of dataset indices (define ``__iter__``, and ``__len__``)."""

    def __init__(self, data_source: Sized | None = None):
        pass

    def __iter__(self) -> Iterator:
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")


class _Replayable(Sampler):
    """A sampler whose epoch is fixed by what it draws at the start (kept for a replay)."""

    _epoch = None  # what the current epoch was drawn from (set by __iter__)
    _replay = None  # set by load_state_dict: the next __iter__ draws nothing

    def _start(self, draw):
        state = self._replay if self._replay is not None else draw()
        self._replay, self._epoch = None, state
        return state

    def state_dict(self) -> dict:
        """What replays the current epoch: the seed or indices it was drawn from."""
        return {"epoch": self._epoch}

    def load_state_dict(self, state: dict) -> None:
        """Make the next iteration replay the epoch described by `state`."""
        self._replay = state["epoch"]


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source: Sized):
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)

    def state_dict(self) -> dict:
        """Nothing: every epoch is the same."""
        return {}

    def load_state_dict(self, state: dict) -> None:
        """Nothing to restore."""


class RandomSampler(_Replayable):
    """A random permutation of the indices each epoch (or `num_samples` draws with
    replacement), drawn as PyTorch's RandomSampler."""

    def __init__(
        self,
        data_source: Sized,
        replacement: bool = False,
        num_samples: int | None = None,
        generator: Generator | None = None,
    ):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        """Indices per epoch: `num_samples` if given, else the length of the data."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def _draw(self):
        if self.generator is None:  # one int64 from the default generator seeds a new one
            return int(_rk.random_(resolve(None), 1, np.int64)[0])
        return self.generator.get_state().data

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        state = self._start(self._draw)
        if self.generator is None:
            g = Generator().manual_seed(state)
        else:
            g = self.generator
            g.set_state(state)  # a no-op, except when replaying
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from _rk.random_(g, 32, np.int64, 0, n).tolist()
            yield from _rk.random_(g, self.num_samples % 32, np.int64, 0, n).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from _rk.randperm(g, n).tolist()
            yield from _rk.randperm(g, n).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(_Replayable):
    """The given indices in a random order (a new one each epoch)."""

    def __init__(self, indices: Sequence[int], generator: Generator | None = None):
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        perm = self._start(lambda: _rk.randperm(resolve(self.generator), len(self.indices)))
        for i in np.asarray(perm).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(_Replayable):
    """`num_samples` indices drawn with probabilities proportional to `weights`
    (`multinomial` over float64 weights, as PyTorch)."""

    def __init__(
        self,
        weights: Sequence[float],
        num_samples: int,
        replacement: bool = True,
        generator: Generator | None = None,
    ):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        w = np.asarray(getattr(weights, "data", weights), dtype=np.float64)
        if w.ndim != 1:
            raise ValueError(
                f"weights should be a 1d sequence but given weights have shape {w.shape}"
            )
        self.weights, self.num_samples = w, num_samples
        self.replacement, self.generator = replacement, generator

    def __iter__(self) -> Iterator[int]:
        picks = self._start(
            lambda: _rk.multinomial(
                resolve(self.generator), self.weights, self.num_samples, self.replacement
            )
        )
        yield from np.asarray(picks).tolist()

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of `batch_size` indices from `sampler` (the last one shorter unless drop_last)."""

    def __init__(self, sampler: Sampler | Iterable[int], batch_size: int, drop_last: bool):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self) -> Iterator[list[int]]:
        it = iter(self.sampler)
        if self.drop_last:
            yield from (list(b) for b in zip(*[it] * self.batch_size))
            return
        batch = list(itertools.islice(it, self.batch_size))
        while batch:
            yield batch
            batch = list(itertools.islice(it, self.batch_size))

    def __len__(self) -> int:
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size

    def state_dict(self) -> dict:
        """The wrapped sampler's `state_dict()`."""
        return _state_of(self.sampler)

    def load_state_dict(self, state: dict) -> None:
        """Restore the wrapped sampler's state."""
        self.sampler.load_state_dict(state)


def _state_of(sampler) -> dict:
    fn = getattr(sampler, "state_dict", None)
    if fn is None:
        raise TypeError(
            f"{type(sampler).__name__} cannot replay an epoch (it has no state_dict()); "
            "DataLoader.state_dict needs graphgrad's samplers or a sampler with "
            "state_dict()/load_state_dict()"
        )
    return fn()
