"""DistributedSampler: each of `num_replicas` processes takes its share of a dataset's
indices, with PyTorch's shuffle (a generator seeded by ``seed + epoch``) and padding."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sized

from autograd import Generator
from autograd import random_kernels as _rk

from .sampler import Sampler

__all__ = ["DistributedSampler"]

_NO_GROUP = (
    "Requires distributed package to be available (graphgrad has no process groups: "
    "pass num_replicas= and rank= yourself, e.g. from your launcher's environment)"
)


class DistributedSampler(Sampler):
    """The indices of the dataset that replica ``rank`` of ``num_replicas`` takes, as
    PyTorch's: every ``num_replicas``-th index of the (shuffled) list, starting at
    ``rank``.

    ``shuffle=True`` permutes with a generator seeded by ``seed + epoch`` (call
    ``set_epoch(epoch)`` before each epoch, as in PyTorch, or every epoch has the same
    order); the list is padded by repeating its first indices to a multiple of
    ``num_replicas`` (or, with ``drop_last=True``, its tail is dropped). graphgrad has no
    process groups, so ``num_replicas`` and ``rank`` must be given.
    """

    def __init__(
        self,
        dataset: Sized,
        num_replicas: int | None = None,
        rank: int | None = None,
        shuffle: bool = True,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        if num_replicas is None or rank is None:
            raise RuntimeError(_NO_GROUP)
        if rank >= num_replicas or rank < 0:
            raise ValueError(
                f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]"
            )
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        n = len(dataset)
        if drop_last and n % num_replicas != 0:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self) -> Iterator[int]:
        n = len(self.dataset)
        if self.shuffle:
            g = Generator().manual_seed(self.seed + self.epoch)
            indices = _rk.randperm(g, n).tolist()
        else:
            indices = list(range(n))
        if not self.drop_last:
            padding_size = self.total_size - len(indices)
            if padding_size <= len(indices):
                indices += indices[:padding_size]
            else:
                indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
        else:
            indices = indices[: self.total_size]
        return iter(indices[self.rank : self.total_size : self.num_replicas])

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Set the epoch, which (with ``seed``) fixes the shuffle of the next iteration."""
        self.epoch = epoch
