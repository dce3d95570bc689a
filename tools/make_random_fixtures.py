"""Record PyTorch's random draws for the tests of graphgrad's (tests/data/random_*.npz).

random_pytorch.npz (tests/test_random_pytorch.py): the generator and the distributions;
random_nn_pytorch.npz (test_random_nn.py): layers' initialisation, nn.init, dropout;
random_data_pytorch.npz (test_random_data.py): shuffling, samplers, splits, workers.
Run with a Python that has PyTorch (never a graphgrad dependency), from the repository root:

    /path/to/torch-python tools/make_random_fixtures.py

Each recipe seeds the default generator (or a new Generator) and runs a few steps; every
step's output is stored (generator states, and outputs over 20,000 elements, as a
SHA-256 of their bytes plus their first values). The recipes themselves are stored as
JSON next to the outputs, and the test replays them with graphgrad.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "random_pytorch.npz"
BIG = 20_000
DT = {
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "uint8": torch.uint8,
    "bool": torch.bool,
    "int16": torch.int16,
}

SEEDS = [0, 1, 42, 2147483647, 2**40 + 5, -7]
SHAPES = [[], [0], [1], [5], [15], [16], [17], [3, 7], [33], [4, 16], [2, 3, 5], [100]]
PROBS = [0.1, 0.0, 0.25, 0.05, 0.3, 0.2, 0.1]


def recipes() -> list[dict]:
    out = []

    def add(seed, steps, gen=False):
        out.append({"seed": seed, "gen": gen, "steps": steps})

    for seed in SEEDS:
        for dt in ("float32", "float64"):
            for gen in (False, True):
                add(seed, [[fn, s, dt] for s in SHAPES for fn in ("rand", "randn")], gen)
            add(
                seed,
                [
                    ["randn", [3], dt],
                    ["randn", [1], dt],
                    ["randn", [20], dt],
                    ["randn", [2], dt],
                    ["state"],
                ],
            )
            add(
                seed,
                [
                    ["uniform_", s, dt, -0.5773502691896258, 0.5773502691896258, False]
                    for s in SHAPES
                ]
                + [["state"]],
            )
            add(seed, [["normal_", s, dt, 0.3, 0.77, False] for s in SHAPES] + [["state"]])
            add(seed, [["exponential_", s, dt, 1.5] for s in SHAPES])
            add(seed, [["bernoulli_", s, dt, 0.3] for s in SHAPES])
            add(
                seed,
                [
                    ["uniform_", [4, 6], dt, 2.5, 1000.0, True],
                    ["normal_", [6, 5], dt, -1.0, 3.0, True],
                    ["normal_", [3, 7], dt, 0.0, 1.0, True],
                    ["rand_like", [2, 9], dt],
                    ["randn_like", [19], dt],
                    ["randint_like", [3, 3], dt, 2, 9],
                ],
            )
            add(
                seed,
                [
                    ["normal_tt", [0.5, -1.0, 2.0, 0.0] * 5, [1.0, 0.3, 2.5, 0.1] * 5, dt],
                    ["normal_tf", [0.5, -1.0, 2.0], 0.7, dt],
                    ["normal_ft", 0.3, [1.0, 0.3, 2.5] * 7, dt],
                    ["normal_ff", 0.3, 0.7, [4, 5], dt],
                    ["bernoulli_t", [0.1, 0.9, 0.5, 0.0, 1.0, 0.33] * 4, dt],
                    ["bernoulli_p", [5, 7], dt, 0.6],
                    ["multinomial", PROBS, 1, False, dt],
                    ["multinomial", PROBS, 4, False, dt],
                    ["multinomial", PROBS, 1, True, dt],
                    ["multinomial", PROBS, 25, True, dt],
                    ["multinomial2d", [PROBS, PROBS[::-1], [1, 2, 3, 4, 5, 6, 7]], 3, False, dt],
                    ["multinomial2d", [PROBS, [1, 2, 3, 4, 5, 6, 7]], 9, True, dt],
                ],
            )
        add(
            seed,
            [
                ["randint", 0, 10, [17], "int64"],
                ["randint", -5, 5, [3, 4], "int64"],
                ["randint", 0, 2**28, [9], "int64"],
                ["randint", 3, 2**40, [9], "int64"],
                ["randint", 0, 100, [5], "float32"],
                ["randint", 0, 7, [5], "int32"],
                ["randperm", 0],
                ["randperm", 1],
                ["randperm", 2],
                ["randperm", 17],
                ["randperm", 1000],
                ["random_", [6], "int64", []],
                ["random_", [6], "float32", []],
                ["random_", [6], "float64", []],
                ["random_", [6], "int32", []],
                ["random_", [6], "uint8", []],
                ["random_", [6], "bool", []],
                ["random_", [6], "int16", []],
                ["random_", [6], "float32", [7]],
                ["random_", [6], "float64", [3, 9]],
                ["random_", [6], "int64", [-4, None]],
                ["random_", [6], "float32", [5, None]],
                ["state"],
            ],
        )
    for seed in SEEDS[:2]:  # half precision: computed in float, then rounded
        add(seed, [[fn, s, "float16"] for s in SHAPES for fn in ("rand", "randn")])
        add(seed, [["uniform_", s, "float16", -2.0, 3.0, False] for s in SHAPES])
        add(seed, [["exponential_", s, "float16", 1.0] for s in SHAPES] + [["state"]])
    # large outputs (hashed): the vectorised paths
    for seed in (0, 2147483647):
        for dt in ("float32", "float64"):
            add(
                seed,
                [
                    ["randn", [1_000_003], dt],
                    ["rand", [100_003], dt],
                    ["normal_", [50_000], dt, -0.25, 1.7, False],
                    ["exponential_", [100_001], dt, 0.5],
                    ["bernoulli_", [100_000], dt, 0.3],
                    ["uniform_", [70_001], dt, -3.0, 5.0, False],
                    ["state"],
                ],
            )
        add(
            seed,
            [
                ["randperm", 100_000],
                ["randint", 0, 1000, [100_000], "int64"],
                ["multinomial_w", 1000, 3000, True, "float32"],
                ["multinomial_w", 5000, 200, False, "float64"],
            ],
        )
    return out


def run_step(step, gen):
    kind, args = step[0], step[1:]
    kw = {"generator": gen} if gen is not None else {}
    if kind in ("rand", "randn"):
        shape, dt = args
        return getattr(torch, kind)(shape, dtype=DT[dt], **kw)
    if kind == "randint":
        low, high, shape, dt = args
        return torch.randint(low, high, shape, dtype=DT[dt], **kw)
    if kind == "randperm":
        return torch.randperm(args[0], **kw)
    if kind in ("multinomial", "multinomial2d"):
        probs, n, repl, dt = args
        return torch.multinomial(torch.tensor(probs, dtype=DT[dt]), n, repl, **kw)
    if kind == "multinomial_w":  # many categories, weights 1 to 97
        count, n, repl, dt = args
        weights = torch.tensor(np.arange(count) % 97 + 1.0, dtype=DT[dt])
        return torch.multinomial(weights, n, repl, **kw)
    if kind == "normal_tt":
        m, s, dt = args
        return torch.normal(torch.tensor(m, dtype=DT[dt]), torch.tensor(s, dtype=DT[dt]), **kw)
    if kind == "normal_tf":
        m, s, dt = args
        return torch.normal(torch.tensor(m, dtype=DT[dt]), s, **kw)
    if kind == "normal_ft":
        m, s, dt = args
        return torch.normal(m, torch.tensor(s, dtype=DT[dt]), **kw)
    if kind == "normal_ff":
        m, s, shape, dt = args
        return torch.normal(m, s, shape, dtype=DT[dt], **kw)
    if kind == "bernoulli_t":
        p, dt = args
        return torch.bernoulli(torch.tensor(p, dtype=DT[dt]), **kw)
    if kind == "bernoulli_p":
        shape, dt, p = args
        return torch.bernoulli(torch.zeros(shape, dtype=DT[dt]), p, **kw)
    if kind in ("rand_like", "randn_like"):
        shape, dt = args
        return getattr(torch, kind)(torch.zeros(shape, dtype=DT[dt]), **kw)
    if kind == "randint_like":
        shape, dt, low, high = args
        return torch.randint_like(torch.zeros(shape, dtype=DT[dt]), low, high, **kw)
    shape, dt, *rest = args
    transposed = kind in ("uniform_", "normal_") and rest[-1]
    t = (
        torch.empty(shape[::-1], dtype=DT[dt]).t()
        if transposed
        else torch.empty(shape, dtype=DT[dt])
    )
    if kind == "uniform_":
        return t.uniform_(rest[0], rest[1], **kw)
    if kind == "normal_":
        return t.normal_(rest[0], rest[1], **kw)
    if kind == "exponential_":
        return t.exponential_(rest[0], **kw)
    if kind == "bernoulli_":
        return t.bernoulli_(rest[0], **kw)
    if kind == "random_":
        return t.random_(*rest[0], **kw)
    raise ValueError(kind)


def main() -> None:
    arrays: dict[str, np.ndarray] = {}
    all_recipes = recipes()
    for i, rec in enumerate(all_recipes):
        gen = torch.Generator().manual_seed(rec["seed"]) if rec["gen"] else None
        if gen is None:
            torch.manual_seed(rec["seed"])
        for j, step in enumerate(rec["steps"]):
            if step[0] == "state":
                out = (gen.get_state() if gen is not None else torch.get_rng_state()).numpy()
            else:
                out = run_step(step, gen).numpy()
            key = f"r{i}/{j}"
            if out.size > BIG or step[0] == "state":
                digest = hashlib.sha256(np.ascontiguousarray(out).tobytes()).hexdigest()
                arrays[key + "/sha256"] = np.frombuffer(digest.encode(), np.uint8)
                arrays[key + "/head"] = out.reshape(-1)[:8].copy()
                arrays[key + "/shape"] = np.array(out.shape, np.int64)
            else:
                arrays[key] = out
    arrays["__recipes__"] = np.frombuffer(json.dumps(all_recipes).encode(), np.uint8)
    arrays["__torch__"] = np.frombuffer(torch.__version__.encode(), np.uint8)
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(
        f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(all_recipes)} recipes, "
        f"torch {torch.__version__}, capability {torch.backends.cpu.get_cpu_capability()})",
        file=sys.stderr,
    )


# ---------------------------------------------------------------- nn (tests/test_random_nn.py)
NN_OUT = OUT.parent / "random_nn_pytorch.npz"


def nn_recipes() -> list[dict]:
    out = []

    def add(seed, steps, dtype="float32"):
        out.append({"seed": seed, "dtype": dtype, "steps": steps})

    for seed in (0, 42, 2147483647):
        for dt in ("float32", "float64"):
            add(
                seed,
                [
                    ["module", "Linear", [3, 2]],
                    ["module", "Linear", [20, 7], {"bias": False}],
                    ["module", "Linear", [1, 33]],
                    ["module", "Conv2d", [3, 8, 3]],
                    ["module", "Conv2d", [4, 6, 5], {"groups": 2, "padding": 2}],
                    ["module", "Embedding", [10, 4]],
                    ["module", "Embedding", [7, 3], {"padding_idx": 2}],
                    ["module", "RNN", [3, 5]],
                    ["module", "LSTM", [4, 6], {"num_layers": 2}],
                    ["module", "GRU", [2, 3], {"bias": False, "num_layers": 2}],
                    ["module", "RNNCell", [3, 4]],
                    ["module", "LSTMCell", [2, 5]],
                    ["module", "GRUCell", [5, 2]],
                    ["module", "BatchNorm1d", [4]],
                    ["module", "LayerNorm", [6]],
                    ["module", "GroupNorm", [2, 4]],
                    ["module", "PReLU", []],
                    ["module", "MultiheadAttention", [8, 2]],
                    ["module", "TransformerEncoderLayer", [8, 2], {"dim_feedforward": 16}],
                    ["module", "TransformerDecoderLayer", [8, 2], {"dim_feedforward": 16}],
                    ["module", "Transformer", [8, 2, 1, 1, 16]],
                    ["mlp", [5, 16, 16, 3]],
                    ["rand", [3]],
                ],
                dt,
            )
            add(
                seed,
                [
                    ["init", "uniform_", [5, 4], {"a": -0.3, "b": 0.9}],
                    ["init", "normal_", [40], {"mean": 0.5, "std": 2.0}],
                    ["init", "normal_", [3, 3], {"mean": 0.5, "std": 2.0}],
                    ["init", "xavier_uniform_", [30, 20], {"gain": 1.5}],
                    ["init", "xavier_normal_", [6, 5, 3, 3], {}],
                    ["init", "kaiming_uniform_", [16, 9], {"a": 0.1, "mode": "fan_out"}],
                    ["init", "kaiming_normal_", [8, 4, 2, 2], {"nonlinearity": "relu"}],
                    ["init", "kaiming_normal_", [3, 5], {"nonlinearity": "relu"}],
                    ["init", "trunc_normal_", [50, 40], {"std": 0.02}],
                    [
                        "init",
                        "trunc_normal_",
                        [7, 9],
                        {"mean": 0.1, "std": 1.0, "a": -0.5, "b": 1.5},
                    ],
                    ["init", "trunc_normal_", [300], {"std": 1.0, "a": -0.2, "b": 0.3}],
                    ["init", "trunc_normal_", [6], {"std": 2.0, "a": 1.0, "b": 1.5}],
                    ["init", "sparse_", [10, 6], {"sparsity": 0.3, "std": 0.5}],
                    ["init", "eye_", [3, 4], {}],
                    ["init", "dirac_", [4, 2, 3, 3], {"groups": 2}],
                    ["init", "orthogonal_", [6, 4], {"gain": 2.0}],
                    ["init", "orthogonal_", [3, 8], {}],
                    ["rand", [2]],
                ],
                dt,
            )
            add(
                seed,
                [
                    ["dropout", "dropout", [7, 9], 0.3],
                    ["dropout", "dropout", [5], 0.0109],
                    ["dropout", "dropout", [4, 40], 0.5],
                    ["dropout", "Dropout", [3, 3, 3], 0.9],
                    ["dropout", "Dropout1d", [2, 5, 7], 0.4],
                    ["dropout", "Dropout1d", [5, 7], 0.4],
                    ["dropout", "Dropout2d", [2, 6, 3, 3], 0.5],
                    ["dropout", "Dropout3d", [2, 3, 2, 2, 2], 0.25],
                    ["dropout", "Dropout3d", [3, 2, 2, 2], 0.25],
                    ["dropout", "dropout", [3, 4], 1.0],
                    ["rrelu", [-1.0, 2.0, -0.5, 0.0, 3.0, -2.0, -0.25] * 5, 0.125, 0.3333333],
                    ["rrelu", [-1.0, 2.0, -0.5, 0.0] * 20, 0.1, 0.9],
                    ["rnn_dropout", "LSTM", 0.5],
                    ["rnn_dropout", "GRU", 0.3],
                    ["rnn_dropout", "RNN", 0.6],
                    ["attention_dropout", "MultiheadAttention", 0.5],
                    ["attention_dropout", "TransformerEncoderLayer", 0.3],
                    ["attention_dropout", "TransformerDecoderLayer", 0.2],
                    ["rand", [2]],
                ],
                dt,
            )
    return out


def _nn_step(step, torch_nn):
    kind = step[0]
    if kind == "module":
        cls, args, kw = step[1], step[2], (step[3] if len(step) > 3 else {})
        mod = getattr(torch_nn, cls)(*args, **kw)
        return {name: p.detach().numpy() for name, p in mod.named_parameters()}
    if kind == "mlp":
        sizes = step[1]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [torch_nn.Linear(a, b), torch_nn.ReLU()]
        mod = torch_nn.Sequential(*layers[:-1])
        return {name: p.detach().numpy() for name, p in mod.named_parameters()}
    if kind == "rand":
        return {"": torch.rand(step[1]).numpy()}
    if kind == "init":
        name, shape, kw = step[1:]
        t = torch.empty(shape)
        with torch.no_grad():
            getattr(torch_nn.init, name)(t, **kw)
        return {"": t.numpy()}
    if kind == "dropout":
        fn, shape, p = step[1:]
        x = (
            ((torch.arange(int(np.prod(shape))) % 23 - 11) * 0.125)
            .reshape(shape)
            .to(torch.get_default_dtype())
        )
        if fn == "dropout":
            y = torch_nn.functional.dropout(x, p)
        else:
            y = getattr(torch_nn, fn)(p)(x)
        return {"": y.numpy()}
    if kind == "rrelu":
        values, lower, upper = step[1:]
        x = torch.tensor(values)
        return {"": torch_nn.functional.rrelu(x, lower, upper, training=True).numpy()}
    if kind == "rnn_dropout":  # inter-layer dropout in training (outputs to rounding)
        mode, p = step[1:]
        m = getattr(torch_nn, mode)(3, 4, num_layers=3, dropout=p)
        x = torch.randn(6, 2, 3)
        return {"": m(x)[0].detach().numpy()}
    if kind == "attention_dropout":  # dropout in attention and Transformer layers
        cls, p = step[1:]
        if cls == "MultiheadAttention":
            m = torch_nn.MultiheadAttention(8, 2, dropout=p)
        else:
            m = getattr(torch_nn, cls)(8, 2, dim_feedforward=16, dropout=p)
        x = torch.randn(5, 3, 8)
        y = m(x, x, x)[0] if cls == "MultiheadAttention" else m(x, x) if "Decoder" in cls else m(x)
        return {"": y.detach().numpy()}
    raise ValueError(kind)


def main_nn() -> None:
    arrays: dict[str, np.ndarray] = {}
    all_recipes = nn_recipes()
    for i, rec in enumerate(all_recipes):
        torch.set_default_dtype(DT[rec["dtype"]])
        torch.manual_seed(rec["seed"])
        for j, step in enumerate(rec["steps"]):
            for name, arr in _nn_step(step, torch.nn).items():
                arrays[f"r{i}/{j}/{name}"] = arr
        torch.set_default_dtype(torch.float32)
    arrays["__recipes__"] = np.frombuffer(json.dumps(all_recipes).encode(), np.uint8)
    np.savez_compressed(NN_OUT, **arrays)
    print(
        f"wrote {NN_OUT} ({NN_OUT.stat().st_size} bytes, {len(all_recipes)} recipes)",
        file=sys.stderr,
    )


# ---------------------------------------------------------------- data (tests/test_random_data.py)
DATA_OUT = OUT.parent / "random_data_pytorch.npz"


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


class _TorchLib:
    rand = staticmethod(torch.rand)
    manual_seed = staticmethod(torch.manual_seed)
    Generator = torch.Generator
    arange = staticmethod(torch.arange)

    @staticmethod
    def numpy(t):
        return t.numpy()


def main_data() -> None:
    import torch.utils.data as tud

    arrays = {}
    for name, fn in data_cases(tud, _TorchLib).items():
        for seed in (0, 7, 2147483647):
            for k, a in enumerate(fn(seed)):
                arrays[f"{name}/{seed}/{k}"] = np.asarray(a)
    np.savez_compressed(DATA_OUT, **arrays)
    print(f"wrote {DATA_OUT} ({DATA_OUT.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
    main_nn()
    main_data()
