"""nn's random initialisation and noise equal PyTorch's for the same seed, bit for bit.

Recorded by tools/make_random_fixtures.py (tests/data/random_nn_pytorch.npz): each recipe
seeds the default generator, sets the default dtype and then builds layers (their
parameters in PyTorch's order), runs nn.init functions, dropout and RReLU; a final
`rand` shows the generator is where PyTorch's is. `orthogonal_` is compared to rounding
(its QR factorisation is LAPACK's, numpy's differs from PyTorch's in the last bits), and
so are the outputs of recurrent, attention and Transformer layers with dropout (matrix
products).
"""

import json
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "random_nn_pytorch.npz")
RECIPES = json.loads(bytes(DATA["__recipes__"]).decode())

pytestmark = pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(),
    reason="recorded on x86-64 with AVX2/AVX-512 (PyTorch's float32 normals differ by CPU)",
)


def run_step(step):
    kind = step[0]
    if kind == "module":
        cls, args, kw = step[1], step[2], (step[3] if len(step) > 3 else {})
        mod = getattr(nn, cls)(*args, **kw)
        return {name: p.data for name, p in mod.named_parameters()}
    if kind == "mlp":
        sizes = step[1]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        mod = nn.Sequential(*layers[:-1])
        return {name: p.data for name, p in mod.named_parameters()}
    if kind == "rand":
        return {"": autograd.rand(step[1]).data}
    if kind == "init":
        name, shape, kw = step[1:]
        t = nn.Parameter(np.empty(shape, autograd.get_default_dtype()))
        assert getattr(nn.init, name)(t, **kw) is t
        return {"": t.data}
    if kind == "dropout":
        fn, shape, p = step[1:]
        dt = autograd.get_default_dtype()
        x = Tensor(((np.arange(int(np.prod(shape))) % 23 - 11) * 0.125).astype(dt).reshape(shape))
        y = F.dropout(x, p) if fn == "dropout" else getattr(nn, fn)(p)(x)
        return {"": y.data}
    if kind == "rrelu":
        values, lower, upper = step[1:]
        x = Tensor(np.array(values, autograd.get_default_dtype()))
        return {"": F.rrelu(x, lower, upper, training=True).data}
    if kind == "rnn_dropout":
        mode, p = step[1:]
        m = getattr(nn, mode)(3, 4, num_layers=3, dropout=p)
        return {"": m(autograd.randn(6, 2, 3))[0].data}
    if kind == "attention_dropout":
        cls, p = step[1:]
        if cls == "MultiheadAttention":
            m = nn.MultiheadAttention(8, 2, dropout=p)
        else:
            m = getattr(nn, cls)(8, 2, dim_feedforward=16, dropout=p)
        x = autograd.randn(5, 3, 8)
        y = m(x, x, x)[0] if cls == "MultiheadAttention" else m(x, x) if "Decoder" in cls else m(x)
        return {"": y.data}
    raise ValueError(kind)


@pytest.mark.filterwarnings("ignore:dropout")
@pytest.mark.parametrize("i", range(len(RECIPES)))
def test_nn_recipe_matches_pytorch(i):
    rec = RECIPES[i]
    autograd.set_default_dtype(rec["dtype"])
    try:
        autograd.manual_seed(rec["seed"])
        for j, step in enumerate(rec["steps"]):
            got = run_step(step)
            prefix = f"r{i}/{j}/"
            want = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
            where = f"seed={rec['seed']} dtype={rec['dtype']} step={step}"
            assert list(got) == list(want), where  # the same parameters, in PyTorch's order
            for name, arr in want.items():
                assert got[name].dtype == arr.dtype and got[name].shape == arr.shape, where
                if step[:2] == ["init", "orthogonal_"] or step[0].endswith("_dropout"):
                    tol = 1e-5 if arr.dtype == np.float32 else 1e-12
                    np.testing.assert_allclose(got[name], arr, rtol=tol, atol=tol, err_msg=where)
                else:
                    np.testing.assert_array_equal(got[name], arr, err_msg=f"{where} {name}")
    finally:
        autograd.set_default_dtype(np.float32)
