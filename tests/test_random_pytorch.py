"""Random draws equal PyTorch's bit for bit (recorded by tools/make_random_fixtures.py).

Every recipe seeds the default generator (or a new Generator) and runs steps; each
step's result must equal PyTorch's exactly: values, dtype and shape (large results by
SHA-256), and the generator state after a sequence byte for byte.
"""

import hashlib
import json
import platform
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "random_pytorch.npz")
RECIPES = json.loads(bytes(DATA["__recipes__"]).decode())

on_pytorchs_cpu = pytest.mark.skipif(
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
    if kind == "multinomial_w":  # many categories, weights 1 to 97
        count, n, repl, dt = args
        return ag.multinomial(Tensor((np.arange(count) % 97 + 1.0).astype(dt)), n, repl, **kw)
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


@on_pytorchs_cpu
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


def _cpuinfo_flags() -> set | None:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return None


def test_the_cpu_condition_is_detected():
    """cpu_capability() names PyTorch's kernel set from the CPU's flags (read here
    independently from /proc/cpuinfo where there is one), and matches_pytorch_cpu() is
    true exactly for the AVX2/AVX512 sets under glibc."""
    cap = autograd.random.cpu_capability()
    assert cap in ("AVX512", "AVX2", "DEFAULT")
    flags = _cpuinfo_flags()
    if flags is not None and platform.machine() in ("x86_64", "AMD64"):
        avx512 = {"avx512f", "avx512vl", "avx512bw", "avx512dq", "fma"} <= flags
        avx2 = {"avx2", "fma"} <= flags
        assert cap == ("AVX512" if avx512 else "AVX2" if avx2 else "DEFAULT")
    expected = cap in ("AVX2", "AVX512") and platform.libc_ver()[0] == "glibc"
    assert autograd.random.matches_pytorch_cpu() is expected


def test_library_functions_are_checked_against_the_c_library():
    """The vectorised glibc functions agree with `math` (the C library) where checked."""
    import math

    from autograd import random_math as rm

    u = np.random.default_rng(0).integers(0, 2**53, 20000) * 2.0**-53
    assert np.array_equal(rm.log1p_neg(u), [math.log1p(-v) for v in u.tolist()])
    assert np.array_equal(rm.log(1.0 - u), [math.log(1.0 - v) for v in u.tolist()])
    t = u * 2 * math.pi
    assert np.array_equal(rm.cos(t), [math.cos(v) for v in t.tolist()])
    assert np.array_equal(rm.sin(t), [math.sin(v) for v in t.tolist()])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="emulations of glibc")
def test_the_fallbacks_of_log_and_log1p_match_the_c_library():
    """Where numpy's loops are not the C library's, log and log1p fall back to emulations
    (a correctly rounded double-double log; glibc's fdlibm log1p): both still match it."""
    import math

    from autograd import random_math as rm

    u = np.random.default_rng(1).integers(0, 2**53, 20000) * 2.0**-53
    u = np.concatenate([u, u * 2.0**-30, [0.0, 2.0**-53]])
    assert np.array_equal(rm._log_exact(1.0 - u), [math.log(1.0 - v) for v in u.tolist()])
    assert np.array_equal(rm._log1p_neg_fdlibm(u), [math.log1p(-v) for v in u.tolist()])


@pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(), reason="numpy's loops checked under glibc"
)
def test_numpy_calls_the_c_library_for_log_and_log1p_here():
    """On this platform the fast path is in use: numpy's scalar loop (the C library's log
    and log1p, reached through overlapping operands), not its vector loop; a numpy that
    copied overlapping operands would fail here, and randn(float64) would be ~4x slower."""
    from autograd import random_math as rm

    assert rm._verified("log") and rm._verified("log1p")
