"""nn.data: TensorDataset, DataLoader (Tensors out), samplers, random_split, resuming."""

import numpy as np
import pytest

import autograd
from autograd import Tensor
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
    return np.concatenate([y.data for _, y in loader])


def test_tensor_dataset():
    X, y = data()
    ds = TensorDataset(HasData(X), y)
    assert len(ds) == 23
    x0, y0 = ds[4]
    assert isinstance(x0, Tensor) and isinstance(y0, Tensor)  # as PyTorch's
    np.testing.assert_array_equal(x0.data, X[4])
    assert y0.item() == 4
    xb, yb = ds[np.array([3, 1])]
    assert xb.shape == (2, 3) and yb.tolist() == [3, 1]
    with pytest.raises(ValueError, match="first dimension"):
        TensorDataset(X, y[:5])
    with pytest.raises(NotImplementedError, match="__getitem__"):
        Dataset()[0]


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("bs", [1, 5, 23, 50])
def test_every_sample_once_per_epoch(shuffle, bs):
    X, y = data()
    loader = DataLoader(TensorDataset(X, y), batch_size=bs, shuffle=shuffle, seed=0)
    assert len(loader) == -(-23 // bs)
    for _ in range(2):
        batches = list(loader)
        assert len(batches) == len(loader)
        ids = np.concatenate([b[1].data for b in batches])
        assert sorted(ids.tolist()) == list(range(23))
        for xb, yb in batches:
            assert isinstance(xb, Tensor) and isinstance(yb, Tensor) and len(xb) <= bs
            assert xb.dtype == np.float32 and yb.dtype == np.int64
            np.testing.assert_array_equal(xb.data, X[yb.data])  # inputs stay with labels
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
    assert len(set(np.concatenate([b[1].data for b in batches]).tolist())) == 20
    assert len(DataLoader(ds, batch_size=5)) == 5
    assert len(DataLoader(ds, batch_size=30, drop_last=True)) == 0
    assert list(DataLoader(ds, batch_size=30, drop_last=True)) == []
    with pytest.raises(ValueError, match="positive integer"):
        DataLoader(ds, batch_size=0)


def test_per_sample_dataset_is_collated():
    loader = DataLoader(Squares(), batch_size=4, shuffle=True, seed=1)
    xs, ys = zip(*loader)
    assert [len(x) for x in xs] == [4, 4, 2]
    X, y = np.concatenate([x.data for x in xs]), np.concatenate([t.data for t in ys])
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
    np.testing.assert_array_equal(np.concatenate([b[0].data for b in out]), X * 2)
    np.testing.assert_array_equal(np.concatenate([b[1].data for b in out]), y)

    class PairTransform:
        takes_targets = True

        def __call__(self, x, t):
            return x + 1, t * 10

    (xb, yb), *_ = DataLoader((X, y), batch_size=3, transform=PairTransform())
    np.testing.assert_array_equal(xb.data, X[:3] + 1)
    np.testing.assert_array_equal(yb.data, y[:3] * 10)


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
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split((X, y), [5, 4])
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split((X, y), [0.5, 0.6])


def test_default_collate_follows_pytorch():
    from nn.data import default_collate

    batch = default_collate(
        [(np.ones(2, np.float32), 1, 0.5, "a"), (np.zeros(2, np.float32), 2, 1.5, "b")]
    )
    assert isinstance(batch, list) and len(batch) == 4  # a tuple of fields comes back as a list
    assert batch[0].shape == (2, 2) and batch[0].dtype == np.float32
    assert batch[1].dtype == np.int64 and batch[1].tolist() == [1, 2]
    assert batch[2].dtype == np.float64 and batch[3] == ["a", "b"]
    d = default_collate([{"x": Tensor(np.ones(3)), "y": 0}, {"x": Tensor(np.zeros(3)), "y": 1}])
    assert d["x"].shape == (2, 3) and d["y"].tolist() == [0, 1]


def test_samplers_batch_sampler_and_collate_fn():
    from nn.data import BatchSampler, SequentialSampler, SubsetRandomSampler

    ds = TensorDataset(*data(10))
    loader = DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 4, drop_last=False))
    assert [len(b[1]) for b in loader] == [4, 4, 2] and len(loader) == 3
    loader = DataLoader(ds, batch_size=3, sampler=SubsetRandomSampler([1, 4, 7]), collate_fn=list)
    (batch,) = list(loader)
    assert sorted(int(s[1].item()) for s in batch) == [1, 4, 7]
    single = list(DataLoader(ds, batch_size=None))  # no auto-batching: one sample at a time
    assert len(single) == 10 and single[3][1].item() == 3
    with pytest.raises(ValueError, match="mutually exclusive"):
        DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 2, False), shuffle=True)
    with pytest.raises(ValueError, match="mutually exclusive with shuffle"):
        DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)
    with pytest.raises(ValueError, match="num_workers"):
        DataLoader(ds, num_workers=-1)
    with pytest.raises(ValueError, match="persistent_workers"):
        DataLoader(ds, persistent_workers=True)
    with pytest.raises(TypeError, match="Generator"):
        DataLoader(ds, generator=np.random.default_rng(0))


def test_workers_run_in_process_with_their_own_seeds():
    from nn.data import get_worker_info

    seen = []

    class Probe(Dataset):
        def __len__(self):
            return 6

        def __getitem__(self, i):
            info = get_worker_info()
            seen.append((i, info.id, info.num_workers))
            return autograd.rand(1).item()

    inits = []
    autograd.manual_seed(0)
    loader = DataLoader(Probe(), batch_size=2, num_workers=2, worker_init_fn=inits.append,
                        pin_memory=True)  # fmt: skip
    values = [b.tolist() for b in loader]
    assert inits == [0, 1] and get_worker_info() is None
    assert [w for _, w, _ in seen] == [0, 0, 1, 1, 0, 0]  # batch i in worker i % 2
    autograd.manual_seed(0)
    base = autograd.randint(-(2**63), 2**63 - 1, (1,)).item()  # what the loader drew
    autograd.manual_seed(base)  # worker 0's generator
    assert values[0] == [autograd.rand(1).item(), autograd.rand(1).item()]


def test_iterable_dataset_batches_in_order():
    from nn.data import IterableDataset

    class Count(IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert [b.tolist() for b in DataLoader(Count(), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert len(list(DataLoader(Count(), batch_size=3, drop_last=True))) == 2
    with pytest.raises(ValueError, match="shuffle"):
        DataLoader(Count(), shuffle=True)


def test_state_dict_replays_the_epoch():
    ds = TensorDataset(*data(12))
    autograd.manual_seed(4)
    loader = DataLoader(ds, batch_size=3, shuffle=True)
    it = iter(loader)
    first = [next(it)[1].tolist() for _ in range(2)]
    state = loader.state_dict()
    rest = [b[1].tolist() for b in it]
    again = DataLoader(ds, batch_size=3, shuffle=True)
    again.load_state_dict(state)
    assert [b[1].tolist() for b in again] == rest and len(first + rest) == 4

    class Plain:
        def __iter__(self):
            return iter(range(12))

        def __len__(self):
            return 12

    custom = DataLoader(ds, batch_size=3, sampler=Plain())
    next(iter(custom))
    with pytest.raises(TypeError, match="state_dict"):
        custom.state_dict()
