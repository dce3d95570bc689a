"""nn.data.ChainDataset and StackDataset as torch.utils.data's (the samples, lengths and
DataLoader batches PyTorch 2.13 gives for the same datasets, written out below), and
`IterableDataset + IterableDataset` chaining as PyTorch's does."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from nn.data import ChainDataset, DataLoader, IterableDataset, StackDataset, TensorDataset


class _Range(IterableDataset):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __iter__(self):
        return iter(range(self.a, self.b))

    def __len__(self):
        return self.b - self.a


def test_chain_dataset_iterates_each_in_turn():
    chained = ChainDataset([_Range(0, 3), _Range(10, 12)])
    assert list(chained) == [0, 1, 2, 10, 11] and len(chained) == 5
    assert list(chained) == [0, 1, 2, 10, 11]  # iterable again
    joined = _Range(0, 2) + _Range(5, 6)
    assert isinstance(joined, ChainDataset) and list(joined) == [0, 1, 5]
    batches = [b.tolist() for b in DataLoader(chained, batch_size=2)]
    assert batches == [[0, 1], [2, 10], [11]]


def test_chain_dataset_refuses_map_style_datasets():
    chained = ChainDataset([_Range(0, 1), TensorDataset(autograd.zeros(2))])
    with pytest.raises(AssertionError, match="only supports IterableDataset"):
        list(chained)
    with pytest.raises(AssertionError, match="ConcatDataset"):
        len(chained)


def test_stack_dataset_tuples_and_dicts():
    x = autograd.arange(6.0).reshape(3, 2)
    y = autograd.tensor([0, 1, 0])
    stacked = StackDataset(TensorDataset(x), y)
    assert len(stacked) == 3
    (row,), label = stacked[1]
    np.testing.assert_array_equal(row.numpy(), [2.0, 3.0])
    assert int(label) == 1
    named = StackDataset(a=x, b=y)
    sample = named[2]
    assert list(sample) == ["a", "b"]
    np.testing.assert_array_equal(sample["a"].numpy(), [4.0, 5.0])
    assert int(sample["b"]) == 0
    # PyTorch: [[tensor([[0., 1.], [2., 3.]])], tensor([0, 1])]
    (xs,), ys = next(iter(DataLoader(stacked, batch_size=2)))
    np.testing.assert_array_equal(xs.numpy(), [[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(ys.numpy(), [0, 1])
    # PyTorch: {'a': tensor([[0., 1.], [2., 3.]]), 'b': tensor([0, 1])}
    batch = next(iter(DataLoader(named, batch_size=2)))
    np.testing.assert_array_equal(batch["a"].numpy(), [[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(batch["b"].numpy(), [0, 1])


class _Batched:
    """A dataset with __getitems__ (asked for whole batches)."""

    def __init__(self, n, short=False):
        self.n, self.short, self.calls = n, short, 0

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return 100 + i

    def __getitems__(self, indices):
        self.calls += 1
        out = [100 + i for i in indices]
        return out[:-1] if self.short else out


def test_stack_dataset_getitems_uses_the_parts_getitems():
    part = _Batched(4)
    stacked = StackDataset(part, [7, 8, 9, 10])
    assert stacked.__getitems__([3, 0]) == [(103, 10), (100, 7)] and part.calls == 1
    assert StackDataset(p=part).__getitems__([1]) == [{"p": 101}]
    with pytest.raises(ValueError, match="output size mismatch. Expected 2, got 1"):
        StackDataset(_Batched(4, short=True)).__getitems__([0, 1])


def test_stack_dataset_errors():
    with pytest.raises(ValueError, match="At least one dataset"):
        StackDataset()
    with pytest.raises(ValueError, match="both types are given"):
        StackDataset([1], b=[2])
    with pytest.raises(ValueError, match=r"Size mismatch between datasets: lengths \[2, 3\]"):
        StackDataset([1, 2], [1, 2, 3])
