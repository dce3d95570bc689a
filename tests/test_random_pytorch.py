"""Random draws equal PyTorch's bit for bit (recorded by tools/make_random_fixtures.py).

Every recipe seeds the default generator (or a new Generator) and runs steps; each
step's result must equal PyTorch's exactly: values, dtype and shape (large results by
SHA-256), and the generator state after a sequence byte for byte.
"""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "random_pytorch.npz")
RECIPES = json.loads(bytes(DATA["__recipes__"]).decode())

pytestmark = pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(),
    reason="PyTorch's float32 normals differ by CPU; these were recorded on x86-64 AVX2/AVX-512",
)


def _empty(shape, dtype, transposed=False):
    if transposed:
        return Tensor(np.empty(shape[::-1], dtype).T)
    return Tensor(np.empty(shape, dtype))


def run_step(step, gen):
    kind, args = step[0], step[1:]
    kw = {"generator": gen} if gen is not None else {}
    ag = autograd
    if kind in ("rand", "randn"):
        shape, dt = args
        return getattr(ag, kind)(shape, dtype=dt, **kw)
    if kind == "randint":
        low, high, shape, dt = args
        return ag.randint(low, high, tuple(shape), dtype=dt, **kw)
    if kind == "randperm":
        return ag.randperm(args[0], **kw)
    if kind in ("multinomial", "multinomial2d"):
        probs, n, repl, dt = args
        return ag.multinomial(Tensor(np.array(probs, dt)), n, repl, **kw)
    if kind == "normal_tt":
        m, s, dt = args
        return ag.normal(Tensor(np.array(m, dt)), Tensor(np.array(s, dt)), **kw)
    if kind == "normal_tf":
        m, s, dt = args
        return ag.normal(Tensor(np.array(m, dt)), s, **kw)
    if kind == "normal_ft":
        m, s, dt = args
        return ag.normal(m, Tensor(np.array(s, dt)), **kw)
    if kind == "normal_ff":
        m, s, shape, dt = args
        return ag.normal(m, s, tuple(shape), dtype=dt, **kw)
    if kind == "bernoulli_t":
        p, dt = args
        return ag.bernoulli(Tensor(np.array(p, dt)), **kw)
    if kind == "bernoulli_p":
        shape, dt, p = args
        return ag.bernoulli(Tensor(np.zeros(shape, dt)), p, **kw)
    if kind in ("rand_like", "randn_like"):
        shape, dt = args
        return getattr(ag, kind)(Tensor(np.zeros(shape, dt)), **kw)
    if kind == "randint_like":
        shape, dt, low, high = args
        return ag.randint_like(Tensor(np.zeros(shape, dt)), low, high, **kw)
    shape, dt, *rest = args
    t = _empty(shape, dt, kind in ("uniform_", "normal_") and rest[-1])
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


def _label(rec, step):
    return f"seed={rec['seed']} gen={rec['gen']} {step}"


@pytest.mark.parametrize("i", range(len(RECIPES)))
def test_recipe_matches_pytorch(i):
    rec = RECIPES[i]
    gen = autograd.Generator().manual_seed(rec["seed"]) if rec["gen"] else None
    if gen is None:
        autograd.manual_seed(rec["seed"])
    for j, step in enumerate(rec["steps"]):
        key = f"r{i}/{j}"
        if step[0] == "state":
            got = (gen.get_state() if gen is not None else autograd.get_rng_state()).data
        else:
            got = np.asarray(run_step(step, gen).data)
        where = _label(rec, step if len(str(step)) < 200 else step[:1])
        if key + "/sha256" in DATA:
            assert got.shape == tuple(DATA[key + "/shape"]), where
            np.testing.assert_array_equal(got.reshape(-1)[:8], DATA[key + "/head"], err_msg=where)
            digest = hashlib.sha256(np.ascontiguousarray(got).tobytes()).hexdigest()
            assert digest == bytes(DATA[key + "/sha256"]).decode(), where
        else:
            want = DATA[key]
            assert got.dtype == want.dtype and got.shape == want.shape, where
            np.testing.assert_array_equal(got, want, err_msg=where)
