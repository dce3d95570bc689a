"""Tests for nn.data.loader: TensorDataset, DataLoader, random_split."""

import numpy as np
import pytest

from nn.data import DataLoader, Dataset, Subset, TensorDataset, random_split


class HasData:
    """Stands in for a graphgrad Tensor: an object with a ``.data`` ndarray."""

    def __init__(self, a):
        self.data = np.asarray(a)


class Squares(Dataset):
    """A per-sample dataset (no batched indexing)."""

    def __len__(self):
        return 10

    def __getitem__(self, i):
        return np.array([i, i * i], np.float32), np.int64(i % 2)


def data(n=23):
    X = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
    return X, np.arange(n, dtype=np.int64)


def epoch_ids(loader):
    return np.concatenate([y for _, y in loader])


def test_tensor_dataset():
    X, y = data()
    ds = TensorDataset(HasData(X), y)
    assert len(ds) == 23
    x0, y0 = ds[4]
    np.testing.assert_array_equal(x0, X[4])
    assert y0 == 4
    xb, yb = ds[np.array([3, 1])]
    assert xb.shape == (2, 3) and yb.tolist() == [3, 1]
    with pytest.raises(ValueError, match="first dimension"):
        TensorDataset(X, y[:5])
    with pytest.raises(TypeError):
        Dataset()


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("bs", [1, 5, 23, 50])
def test_every_sample_once_per_epoch(shuffle, bs):
    X, y = data()
    loader = DataLoader(TensorDataset(X, y), batch_size=bs, shuffle=shuffle, seed=0)
    assert len(loader) == -(-23 // bs)
    for _ in range(2):
        batches = list(loader)
        assert len(batches) == len(loader)
        ids = np.concatenate([b[1] for b in batches])
        assert sorted(ids.tolist()) == list(range(23))
        for xb, yb in batches:
            assert isinstance(xb, np.ndarray) and len(xb) <= bs
            np.testing.assert_array_equal(xb, X[yb])  # inputs stay paired with labels
        if not shuffle:
            assert ids.tolist() == list(range(23))


def test_shuffle_seeded_and_new_each_epoch():
    ds = TensorDataset(*data(100))
    a = DataLoader(ds, batch_size=10, shuffle=True, seed=7)
    b = DataLoader(ds, batch_size=10, shuffle=True, seed=7)
    c = DataLoader(ds, batch_size=10, shuffle=True, seed=8)
    a1, a2 = epoch_ids(a), epoch_ids(a)
    np.testing.assert_array_equal(a1, epoch_ids(b))  # same seed, same order
    np.testing.assert_array_equal(a2, epoch_ids(b))  # ... in every epoch
    assert not np.array_equal(a1, a2)  # a new permutation each epoch
    assert not np.array_equal(a1, epoch_ids(c))
    assert a1.tolist() != list(range(100))


def test_drop_last_and_len():
    ds = TensorDataset(*data(23))
    loader = DataLoader(ds, batch_size=5, shuffle=True, drop_last=True, seed=0)
    assert len(loader) == 4
    batches = list(loader)
    assert len(batches) == 4 and all(len(b[0]) == 5 for b in batches)
    assert len(set(np.concatenate([b[1] for b in batches]).tolist())) == 20
    assert len(DataLoader(ds, batch_size=5)) == 5
    assert len(DataLoader(ds, batch_size=30, drop_last=True)) == 0
    assert list(DataLoader(ds, batch_size=30, drop_last=True)) == []
    with pytest.raises(ValueError):
        DataLoader(ds, batch_size=0)


def test_per_sample_dataset_is_collated():
    loader = DataLoader(Squares(), batch_size=4, shuffle=True, seed=1)
    xs, ys = zip(*loader)
    assert [len(x) for x in xs] == [4, 4, 2]
    X, y = np.concatenate(xs), np.concatenate(ys)
    assert X.dtype == np.float32 and sorted(X[:, 0].tolist()) == list(range(10))
    np.testing.assert_array_equal(X[:, 1], X[:, 0] ** 2)
    np.testing.assert_array_equal(y, X[:, 0].astype(int) % 2)


def test_transform_applies_to_inputs_per_batch():
    calls = []

    def double(x):
        calls.append(len(x))
        return x * 2

    X, y = data(10)
    loader = DataLoader((X, y), batch_size=4, transform=double)
    out = list(loader)
    assert calls == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([b[0] for b in out]), X * 2)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in out]), y)

    class PairTransform:
        takes_targets = True

        def __call__(self, x, t):
            return x + 1, t * 10

    (xb, yb), *_ = DataLoader((X, y), batch_size=3, transform=PairTransform())
    np.testing.assert_array_equal(xb, X[:3] + 1)
    np.testing.assert_array_equal(yb, y[:3] * 10)


def test_random_split():
    X, y = data(10)
    parts = random_split((X, y), [0.7, 0.3], seed=0)
    assert [len(p[0]) for p in parts] == [7, 3]
    ids = np.concatenate([p[1] for p in parts])
    assert sorted(ids.tolist()) == list(range(10))
    np.testing.assert_array_equal(parts[0][0], X[parts[0][1]])
    again = random_split((X, y), [0.7, 0.3], seed=0)
    np.testing.assert_array_equal(parts[0][1], again[0][1])
    # fractions that do not divide evenly: the remainder goes to the first parts
    assert [len(p[1]) for p in random_split((X, y), [1 / 3] * 3)] == [4, 3, 3]
    subsets = random_split(TensorDataset(X, y), [6, 4], seed=1)
    assert all(isinstance(s, Subset) for s in subsets)
    assert [len(s) for s in subsets] == [6, 4]
    loader = DataLoader(subsets[1], batch_size=10)
    (xb, yb) = next(iter(loader))
    assert sorted(yb.tolist()) == sorted(subsets[1].indices.tolist())
    with pytest.raises(ValueError):
        random_split((X, y), [5, 4])
    with pytest.raises(ValueError):
        random_split((X, y), [0.5, 0.6])
