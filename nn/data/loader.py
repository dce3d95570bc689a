"""`DataLoader`: mini-batches of a dataset as Tensors, in the style (and with the draws) of
torch.utils.data.DataLoader.

Per epoch, as PyTorch: one int64 `base_seed` is drawn from the loader's generator (the
default one unless `generator=`), then the sampler draws (`RandomSampler`: one int64
seed, then `randperm` from a generator seeded with it). Batches are fetched and
collated in this process; with ``num_workers=N`` batch i is fetched "in worker i % N":
the default generator, Python's `random` and numpy's global random state are switched
to that worker's, seeded as PyTorch seeds its worker processes (`base_seed + worker_id`),
so random transforms inside a Dataset draw PyTorch's numbers there too.
"""

from __future__ import annotations

import collections.abc
import contextlib
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Generator, Tensor
from autograd import random_kernels as _rk
from autograd.generator import default_generator, resolve

from .dataset_classes import Dataset, IterableDataset, TensorDataset, as_array, is_arrays_tuple
from .sampler import BatchSampler, RandomSampler, SequentialSampler, _state_of

__all__ = ["DataLoader", "WorkerInfo", "default_collate", "default_convert", "get_worker_info"]


# ---------------------------------------------------------------- collation
def _tensor(a) -> Tensor:
    return a if isinstance(a, Tensor) else Tensor(np.asarray(a))


def default_convert(data):
    """numpy arrays (and numpy scalars) inside `data` become Tensors; the rest is kept."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind not in "SaUO":
        return Tensor(np.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        return type(data)({k: default_convert(v) for k, v in data.items()})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (list, tuple)):
        return type(data)(default_convert(d) for d in data)
    return data


def default_collate(batch: Sequence[Any]):
    """Stack samples into a batch, as PyTorch: Tensors and arrays stacked (a new first axis),
    Python floats to a float64 Tensor, ints to int64, strings kept in a list, and tuples,
    lists and dicts collated field by field (a tuple of fields comes back as a list)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return Tensor(np.stack([e.numpy() for e in batch]))
    if isinstance(elem, np.ndarray):
        if elem.dtype.kind in "SaUO":
            raise TypeError(f"default_collate: cannot collate arrays of dtype {elem.dtype}")
        return Tensor(np.stack(batch))
    if isinstance(elem, np.generic):
        return Tensor(np.array(batch))
    if isinstance(elem, float):
        return Tensor(np.array(batch, dtype=np.float64))
    if isinstance(elem, (bool, int)):
        return Tensor(np.array(batch, dtype=np.bool_ if isinstance(elem, bool) else np.int64))
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        return type(elem)({k: default_collate([d[k] for d in batch]) for k in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple
        return type(elem)(*(default_collate(s) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(e) != len(elem) for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(s) for s in zip(*batch)]
        return fields if isinstance(elem, tuple) else type(elem)(fields)
    raise TypeError(
        f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
        f"lists; found {type(elem).__name__}"
    )


# ---------------------------------------------------------------- workers (in this process)
@dataclass
class WorkerInfo:
    """What a dataset sees inside a (simulated) worker: see `get_worker_info`."""

    id: int
    num_workers: int
    seed: int
    dataset: Any


_current_worker: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """The current worker's id, count, seed and dataset while a DataLoader with
    ``num_workers > 0`` fetches a batch (None otherwise)."""
    return _current_worker


def _numpy_seed(base_seed: int, worker_id: int) -> list[int]:
    """PyTorch's seed for numpy in a worker (`_generate_state`, after SeedSequence)."""
    mask = 0xFFFFFFFF
    hash_a = 0x43B0D7E5

    def hash_(value):
        nonlocal hash_a
        value = (value ^ hash_a) & mask
        hash_a = (hash_a * 0x931E8875) & mask
        value = (value * hash_a) & mask
        return (value ^ (value >> 16)) & mask

    def mix(x, y):
        r = ((0xCA01F9DD * x) & mask) - ((0x4973F715 * y) & mask) & mask
        r &= mask
        return (r ^ (r >> 16)) & mask

    pool = [hash_(e) for e in (worker_id, base_seed & mask, base_seed >> 32, 0)]
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = mix(pool[dst], hash_(pool[src]))
    hash_b, state = 0x8B51F9DD, []
    for v in pool:
        v = (v ^ hash_b) & mask
        hash_b = (hash_b * 0x58F38DED) & mask
        v = (v * hash_b) & mask
        state.append((v ^ (v >> 16)) & mask)
    return state


class _Worker:
    """One simulated worker's random state: our generator, Python's and numpy's."""

    def __init__(self, worker_id: int, num_workers: int, base_seed: int, dataset):
        seed = base_seed + worker_id
        self.info = WorkerInfo(worker_id, num_workers, seed, dataset)
        self.generator = Generator().manual_seed(seed)
        self.py_state = random.Random(seed).getstate()
        self.np_state = np.random.RandomState(_numpy_seed(base_seed, worker_id)).get_state()

    @contextlib.contextmanager
    def active(self):
        global _current_worker
        default_generator._swap(self.generator)
        py, npy = random.getstate(), np.random.get_state()
        random.setstate(self.py_state)
        np.random.set_state(self.np_state)
        _current_worker = self.info
        try:
            yield
        finally:
            _current_worker = None
            self.py_state, self.np_state = random.getstate(), np.random.get_state()
            random.setstate(py)
            np.random.set_state(npy)
            default_generator._swap(self.generator)


# ---------------------------------------------------------------- the loader
class DataLoader:
    """Mini-batches of a dataset (anything with a length and indexing, or a tuple of arrays
    of equal length) as Tensors, with PyTorch's arguments and random draws.

    ``num_workers`` fetches in this process (see the module docstring); ``pin_memory``,
    ``timeout``, ``prefetch_factor``, ``multiprocessing_context`` and ``in_order`` are
    accepted and change nothing on the CPU. graphgrad's extras: ``seed=s`` is short for
    ``generator=Generator().manual_seed(s)``, and ``transform`` is applied to each batch's
    inputs as a numpy array (a transform with ``takes_targets = True``, like ``Mixup``,
    gets and returns the ``(inputs, targets)`` pair) before they become Tensors.
    `state_dict()` / `load_state_dict()` resume an epoch where it stopped.
    """

    def __init__(
        self,
        dataset: Dataset | Sequence[Any],
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler=None,
        batch_sampler=None,
        num_workers: int = 0,
        collate_fn: Callable | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable | None = None,
        multiprocessing_context=None,
        generator: Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
        seed: int | None = None,
        transform: Callable | None = None,
    ):
        if is_arrays_tuple(dataset):
            dataset = TensorDataset(*dataset)
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable "
                "multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing. Let "
                "num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None."
            )
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if seed is not None:
            if generator is not None:
                raise ValueError("DataLoader: give seed= or generator=, not both")
            generator = Generator().manual_seed(seed)
        if generator is not None:
            resolve(generator)  # a clear TypeError for anything but a Generator
        self.iterable = isinstance(dataset, IterableDataset)
        if self.iterable:
            if shuffle not in (None, False):
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None or batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler and "
                    "batch_sampler options"
                )
        elif sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive "
                "with drop_last"
            )
        if sampler is None and not self.iterable:
            sampler = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else SequentialSampler(dataset)
            )
        if batch_size is not None and batch_sampler is None and not self.iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        elif batch_size is not None and batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, got {batch_size}")
        self.dataset = dataset
        self.batch_size, self.drop_last = batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.worker_init_fn = int(num_workers), worker_init_fn
        self.collate_fn = collate_fn
        self.pin_memory, self.timeout = pin_memory, timeout
        self.prefetch_factor, self.persistent_workers = prefetch_factor, persistent_workers
        self.generator, self.transform = generator, transform
        self._workers: list[_Worker] | None = None  # kept across epochs when persistent
        self._resume: dict | None = None
        self._live: _Epoch | None = None

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    def __len__(self) -> int:
        if self.iterable:
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
        return len(self.batch_sampler if self._auto_collation else self.sampler)

    def __iter__(self) -> Iterator:
        epoch = _Epoch(self)
        self._live = epoch
        return epoch

    # ------------------------------------------------------------ resuming
    def state_dict(self) -> dict:
        """Where the current epoch is: enough to replay its order and skip what was yielded
        (pass it to `load_state_dict` of a new loader, with the default generator's state
        restored, e.g. by `nn.load_checkpoint`)."""
        epoch = self._live
        if epoch is None or epoch.yielded == 0:
            return {"batches": 0}
        if epoch.sampler is None and not self.iterable:
            _state_of(self.batch_sampler if self._auto_collation else self.sampler)  # raises
        if self.iterable:
            raise TypeError("DataLoader.state_dict: an IterableDataset cannot be replayed")
        return {"batches": epoch.yielded, "base_seed": epoch.base_seed, "sampler": epoch.sampler}

    def load_state_dict(self, state: dict) -> None:
        """The next iteration replays the saved epoch, from the first batch not yet yielded
        (it draws nothing from the generators for the parts already drawn)."""
        self._resume = dict(state) if state.get("batches") else None

    def __repr__(self) -> str:
        return (
            f"DataLoader({self.dataset!r}, batch_size={self.batch_size}, "
            f"drop_last={self.drop_last}, num_workers={self.num_workers})"
        )


class _Epoch:
    """One pass over the loader (PyTorch's single-process iterator)."""

    def __init__(self, loader: DataLoader):
        self.loader = loader
        resume, loader._resume = loader._resume, None
        index_sampler = loader.batch_sampler if loader._auto_collation else loader.sampler
        reused = loader.persistent_workers and loader._workers is not None
        if resume is not None:
            self.base_seed = int(resume["base_seed"])
            if index_sampler is not None:
                index_sampler.load_state_dict(resume["sampler"])
        elif reused:  # persistent workers: PyTorch resets the iterator, no new base seed
            self.base_seed = loader._workers[0].info.seed
        else:
            self.base_seed = int(_rk.random_(resolve(loader.generator), 1, np.int64)[0])
        self.workers = self._workers(loader)
        self.sampler_iter = iter(index_sampler) if index_sampler is not None else None
        self.data_iter = iter(loader.dataset) if loader.iterable else None
        self.sampler = None
        self.yielded = 0
        if resume is not None:
            for _ in range(int(resume["batches"])):
                self._next_index()
                self.yielded += 1

    def _workers(self, loader: DataLoader) -> list[_Worker]:
        if loader.num_workers == 0:
            return []
        if loader.persistent_workers and loader._workers is not None:
            return loader._workers
        workers = [
            _Worker(k, loader.num_workers, self.base_seed, loader.dataset)
            for k in range(loader.num_workers)
        ]
        if loader.worker_init_fn is not None:
            for w in workers:
                with w.active():
                    loader.worker_init_fn(w.info.id)
        if loader.persistent_workers:
            loader._workers = workers
        return workers

    def __iter__(self):
        return self

    def _next_index(self):
        first = self.yielded == 0 and self.sampler is None
        index = next(self.sampler_iter)
        if first and self.loader.sampler is not None:
            self.sampler = _sampler_state(self.loader)
        return index

    def __next__(self):
        loader = self.loader
        if loader.iterable:
            return self._next_iterable()
        index = self._next_index()
        worker = self.workers[self.yielded % len(self.workers)] if self.workers else None
        with worker.active() if worker else contextlib.nullcontext():
            batch = self._fetch(index)
        self.yielded += 1
        return batch

    def _next_iterable(self):
        loader = self.loader
        if loader.batch_size is None:
            return default_convert(next(self.data_iter))
        samples = []
        for sample in self.data_iter:
            samples.append(sample)
            if len(samples) == loader.batch_size:
                break
        if not samples or (loader.drop_last and len(samples) < loader.batch_size):
            raise StopIteration
        self.yielded += 1
        return (loader.collate_fn or default_collate)(samples)

    def _fetch(self, index):
        loader = self.loader
        ds = loader.dataset
        if not loader._auto_collation:
            sample = ds[index]
            return loader.collate_fn(sample) if loader.collate_fn else default_convert(sample)
        if (
            loader.collate_fn is None
            and getattr(ds, "batched_indexing", False)
            and hasattr(ds, "_rows")
        ):
            arrays = list(ds._rows(np.asarray(index, dtype=np.int64)))
        elif hasattr(ds, "__getitems__"):
            return (loader.collate_fn or default_collate)(ds.__getitems__(index))
        else:
            samples = [ds[i] for i in index]
            if loader.collate_fn is not None:
                return loader.collate_fn(samples)
            if loader.transform is None:
                return default_collate(samples)
            arrays = _to_arrays(samples)
        return [_tensor(a) for a in _transformed(loader.transform, arrays)]


def _sampler_state(loader: DataLoader):
    sampler = loader.batch_sampler if loader._auto_collation else loader.sampler
    try:
        return _state_of(sampler)
    except TypeError:
        return None  # only state_dict() needs it; it says so then


def _to_arrays(samples: list) -> list[np.ndarray]:
    first = samples[0]
    if isinstance(first, (tuple, list)):
        return [np.stack([as_array(s[j]) for s in samples]) for j in range(len(first))]
    return [np.stack([as_array(s) for s in samples])]


def _transformed(transform, arrays: list) -> list:
    if transform is None:
        return arrays
    if getattr(transform, "takes_targets", False):
        if len(arrays) < 2:
            raise ValueError(f"{type(transform).__name__} needs (inputs, targets) batches")
        return [*transform(arrays[0], arrays[1]), *arrays[2:]]
    return [transform(arrays[0]), *arrays[1:]]
