"""nn.data's shuffling, samplers, random_split and worker seeding draw PyTorch's numbers.

Each case below is the program tools/make_random_fixtures.py ran with torch.utils.data
(recorded in tests/data/random_data_pytorch.npz), run here with nn.data: the same index
orders epoch after epoch, the same values drawn inside (simulated) workers, and the
default generator left where PyTorch leaves it.
"""

from pathlib import Path

import numpy as np
import pytest

import autograd
import nn.data

DATA = np.load(Path(__file__).parent / "data" / "random_data_pytorch.npz")


def data_cases(tud, T):
    """name -> a function of (seed) returning a list of arrays; `tud` is torch.utils.data
    (or nn.data), `T` provides rand/manual_seed/Generator/tensor for the library."""
    import random as pyrandom

    class Noise(tud.Dataset):
        def __len__(self):
            return 8

        def __getitem__(self, i):
            return T.rand(2) + i * 10, np.random.rand(), pyrandom.random()

    def epochs(loader, k=3):
        out = []
        for _ in range(k):
            out += [np.concatenate([T.numpy(b[0]).reshape(-1) for b in loader])]
        return out + [T.numpy(T.rand(2))]

    def ds(n):
        return tud.TensorDataset(T.arange(n))

    def loader_default(seed):
        T.manual_seed(seed)
        return epochs(tud.DataLoader(ds(23), batch_size=5, shuffle=True))

    def loader_generator(seed):
        T.manual_seed(seed)
        g = T.Generator().manual_seed(seed + 1)
        return epochs(tud.DataLoader(ds(23), batch_size=5, shuffle=True, generator=g))

    def loader_drop_last(seed):
        T.manual_seed(seed)
        return epochs(tud.DataLoader(ds(10), batch_size=4, shuffle=True, drop_last=True))

    def loader_sequential(seed):
        T.manual_seed(seed)
        return epochs(tud.DataLoader(ds(7), batch_size=3), k=2)

    def samplers(seed):
        T.manual_seed(seed)
        out = []
        for sampler in (
            tud.RandomSampler(range(10), replacement=True, num_samples=40),
            tud.RandomSampler(range(10), num_samples=25),
            tud.SubsetRandomSampler([3, 5, 7, 11, 13]),
            tud.WeightedRandomSampler([0.1, 0.9, 0.4, 0.0, 2.0], 10),
            tud.WeightedRandomSampler([0.1, 0.9, 0.4, 0.0, 2.0], 3, replacement=False),
        ):
            out += [np.array(list(sampler)), np.array(list(sampler))]
        return out + [T.numpy(T.rand(2))]

    def splits(seed):
        T.manual_seed(seed)
        out = [np.array(list(s.indices)) for s in tud.random_split(range(10), [3, 7])]
        out += [np.array(list(s.indices)) for s in tud.random_split(range(11), [0.5, 0.3, 0.2])]
        g = T.Generator().manual_seed(seed)
        out += [np.array(list(s.indices)) for s in tud.random_split(range(9), [4, 5], generator=g)]
        return out + [T.numpy(T.rand(2))]

    def workers(seed, persistent=False):
        T.manual_seed(seed)
        loader = tud.DataLoader(
            Noise(), batch_size=2, shuffle=True, num_workers=2, persistent_workers=persistent
        )
        out = []
        for _ in range(2):
            for xb, nb, pb in loader:
                out += [T.numpy(xb), T.numpy(nb), T.numpy(pb)]
        return out + [T.numpy(T.rand(2))]

    def no_batching(seed):
        T.manual_seed(seed)
        loader = tud.DataLoader(ds(6), batch_size=None, shuffle=True)
        return [np.array([T.numpy(s[0]) for s in loader]), T.numpy(T.rand(2))]

    return {
        "loader_default": loader_default,
        "loader_generator": loader_generator,
        "loader_drop_last": loader_drop_last,
        "loader_sequential": loader_sequential,
        "samplers": samplers,
        "splits": splits,
        "workers": workers,
        "workers_persistent": lambda s: workers(s, True),
        "no_batching": no_batching,
    }


class _Graphgrad:
    rand = staticmethod(autograd.rand)
    manual_seed = staticmethod(autograd.manual_seed)
    Generator = autograd.Generator

    @staticmethod
    def arange(n):
        return autograd.arange(n)

    @staticmethod
    def numpy(t):
        return np.asarray(t.data)


CASES = data_cases(nn.data, _Graphgrad)


@pytest.mark.parametrize("seed", [0, 7, 2147483647])
@pytest.mark.parametrize("name", list(CASES))
def test_data_case_matches_pytorch(name, seed):
    got = CASES[name](seed)
    keys = sorted(
        (k for k in DATA.files if k.startswith(f"{name}/{seed}/")),
        key=lambda k: int(k.rsplit("/", 1)[1]),
    )
    assert len(got) == len(keys)
    for k, arr in zip(keys, got):
        want = DATA[k]
        assert np.asarray(arr).shape == want.shape, k
        np.testing.assert_array_equal(np.asarray(arr), want, err_msg=k)
