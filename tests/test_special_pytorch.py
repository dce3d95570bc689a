"""autograd.special against PyTorch's torch.special: values in float64 and float32 at the
points of tests/special_cases.py (ordinary and edge values, recorded by
tools/make_special_fixtures.py), gradients, finite-difference checks of single and double
backward, and PyTorch's behaviour where it has no derivative."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import special_cases as cases

import autograd
from autograd import special

HERE = Path(__file__).resolve().parent
FIXTURES = np.load(HERE / "data" / "special_pytorch.npz")

# torch.special's functions (PyTorch 2.13), every one of which autograd.special has
TORCH_SPECIAL = """
airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 chebyshev_polynomial_t chebyshev_polynomial_u
chebyshev_polynomial_v chebyshev_polynomial_w digamma entr erf erfc erfcx erfinv exp2 expit
expm1 gammainc gammaincc gammaln hermite_polynomial_h hermite_polynomial_he i0 i0e i1 i1e
laguerre_polynomial_l legendre_polynomial_p log1p log_ndtr log_softmax logit logsumexp
modified_bessel_i0 modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 multigammaln ndtr
ndtri polygamma psi round scaled_modified_bessel_k0 scaled_modified_bessel_k1
shifted_chebyshev_polynomial_t shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v
shifted_chebyshev_polynomial_w sinc softmax spherical_bessel_j0 xlog1py xlogy zeta
""".split()

# float64 tolerances (relative; absolute for values that pass through zero): most agree to
# a few ulps; the Bessel functions of the second kind and the polynomials lose digits
# near their zeros (in PyTorch as in graphgrad), and gammainc's prefactor exp(a log x - x -
# lgamma(a)) costs up to 2e-9 relative for a in the hundreds
RTOL64 = {"gammainc": 5e-9, "gammaincc": 5e-9}
ATOL64 = {"bessel_y0": 1e-14, "bessel_y1": 1e-14, "bessel_j0": 1e-15, "bessel_j1": 1e-15}
# ndtr keeps its lower tail (0.5 erfc(-x / sqrt 2)); PyTorch's (1 + erf(x / sqrt 2)) / 2 is 0
# below -8.3 and loses digits on the way: they differ by less than an ulp of 1
ATOL64["ndtr"] = 1.2e-16
# float32: graphgrad computes in double and rounds once; the fixtures are PyTorch's double
# results at the float32 points, rounded (its float kernels lose more digits)
# (the delegated names and the elementwise formulas compute in float32 itself: a few ulps)
RTOL32 = dict.fromkeys(["expit", "logit", "entr", "xlogy", "xlog1py", "ndtr"], 4e-7)
ATOL32 = {"logit": 1e-6, "ndtr": 6e-8}


def _check(name, ours, theirs, dtype):
    if dtype == "float64":
        rtol, atol = RTOL64.get(name, 2e-14), ATOL64.get(name, 0.0)
    else:
        rtol, atol = RTOL32.get(name, 1.2e-7), ATOL32.get(name, 1e-37)
    assert ours.dtype == theirs.dtype, name
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True, err_msg=name)


def test_every_torch_special_function_is_here():
    assert sorted(special.__all__) == sorted(TORCH_SPECIAL)
    for name in TORCH_SPECIAL:
        assert callable(getattr(special, name)), name
        assert getattr(special, name).__doc__, name


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (exp2, expm1, log1p at the edges)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(cases.UNARY))
def test_unary_values_equal_pytorchs(name, dtype):
    x = autograd.tensor(cases.UNARY[name].astype(dtype))
    _check(name, getattr(special, name)(x).numpy(), FIXTURES[f"{name}.{dtype}"], dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(cases.BINARY))
def test_binary_values_equal_pytorchs(name, dtype):
    a, b = (autograd.tensor(v.astype(dtype)) for v in cases.BINARY[name])
    _check(name, getattr(special, name)(a, b).numpy(), FIXTURES[f"{name}.{dtype}"], dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", cases.POLYNOMIALS)
def test_polynomial_values_equal_pytorchs(name, dtype):
    x, n = cases.SHIFTED_POINTS if name.startswith("shifted") else cases.POLY_POINTS
    ours = getattr(special, name)(
        autograd.tensor(x.astype(dtype)), autograd.tensor(n.astype(dtype))
    )
    theirs = FIXTURES[f"{name}.{dtype}"]
    scale = np.maximum(np.abs(theirs), 1.0)  # (values near a zero: relative to the size)
    tol = 1e-11 if dtype == "float64" else 1.2e-7
    assert np.all(np.abs(ours.numpy() - theirs) <= tol * scale), name


@pytest.mark.parametrize("name", sorted(cases.GRAD_UNARY))
def test_unary_gradients_equal_pytorchs(name):
    x = autograd.tensor(cases.GRAD_UNARY[name], requires_grad=True)
    getattr(special, name)(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), FIXTURES[f"grad.{name}"], rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("name", sorted(cases.GRAD_BINARY))
def test_binary_gradients_equal_pytorchs(name):
    a, b, which = cases.GRAD_BINARY[name]
    ts = [autograd.tensor(v, requires_grad=i in which) for i, v in enumerate((a, b))]
    getattr(special, name)(*ts).sum().backward()
    rtol = 5e-9 if name.startswith("gammainc") else 1e-12
    for i in which:
        np.testing.assert_allclose(ts[i].grad.numpy(), FIXTURES[f"grad.{name}.{i}"], rtol=rtol)


def test_multigammaln_and_its_gradient_equal_pytorchs():
    x, p = cases.MULTIGAMMALN
    t = autograd.tensor(x, requires_grad=True)
    y = special.multigammaln(t, p)
    y.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), FIXTURES["multigammaln"], rtol=1e-14)
    np.testing.assert_allclose(t.grad.numpy(), FIXTURES["grad.multigammaln"], rtol=1e-13)
    # PyTorch 2.13 checks no domain: below (p - 1) / 2 it gives lgamma's values (recorded)
    low = autograd.tensor([0.2, 0.5, -1.0, 3.0], dtype=autograd.float64, requires_grad=True)
    got = special.multigammaln(low, 2)
    want = [3.561268816213087, np.inf, np.inf, 1.5501949939575645]
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-14)
    special.multigammaln(low[[0, 3]], 2).sum().backward()
    np.testing.assert_allclose(
        low.grad.numpy()[[0, 3]], [-3.1757301169567893, 1.6259409757437102], rtol=1e-13
    )
    assert special.multigammaln(autograd.tensor([0.5]), 3).item() == np.inf


_DIFFERENTIABLE = {  # name -> points where the function is smooth
    "erfcx": [-1.5, 0.3, 2.0, 9.0],
    "ndtri": [0.02, 0.4, 0.7, 0.98],
    "log_ndtr": [-12.0, -2.0, 0.5, 3.0],
    "i0": [-2.0, 0.3, 5.0, 9.0],
    "i0e": [-2.0, 0.3, 5.0, 9.0],
    "i1": [-2.0, 0.3, 5.0, 9.0],
    "i1e": [-2.0, 0.3, 5.0, 9.0],
    "entr": [0.2, 1.0, 3.0],
    "sinc": [-1.3, 0.2, 2.5],
    "ndtr": [-3.0, 0.1, 2.0],
    "expit": [-3.0, 0.1, 2.0],
    "gammaln": [0.3, 2.5, 7.0],
    "psi": [0.3, 2.5, 7.0],
}


@pytest.mark.parametrize("name", sorted(_DIFFERENTIABLE))
def test_gradcheck_and_gradgradcheck(name):
    x = autograd.tensor(_DIFFERENTIABLE[name], requires_grad=True)
    fn = getattr(special, name)
    assert autograd.gradcheck(fn, (x,))
    assert autograd.gradgradcheck(fn, (x,))


@pytest.mark.parametrize(
    ("name", "a", "b"),
    [
        ("xlogy", [0.5, -1.0, 2.0], [[1.5], [0.3]]),  # (broadcast)
        ("xlog1py", [0.5, -1.0, 2.0], [[1.5], [0.3]]),
        ("zeta", [2.0, 3.5, 5.0], [[1.5], [0.3]]),
        ("gammainc", [0.5, 2.0, 7.0], [[1.5], [6.0]]),
        ("gammaincc", [0.5, 2.0, 7.0], [[1.5], [6.0]]),
    ],
)
def test_binary_gradcheck_and_gradgradcheck(name, a, b):
    fn = getattr(special, name)
    first_differentiable = name in ("xlogy", "xlog1py")
    ta = autograd.tensor(a, requires_grad=first_differentiable)
    tb = autograd.tensor(b, requires_grad=True)
    assert autograd.gradcheck(fn, (ta, tb))
    assert autograd.gradgradcheck(fn, (ta, tb))


@pytest.mark.parametrize(
    ("name", "words"),
    [("zeta", "zeta"), ("gammainc", "igamma: input"), ("gammaincc", "igammac: input")],
)
def test_no_derivative_in_the_first_argument_raises_as_pytorch(name, words):
    a = autograd.tensor([2.0, 3.0], requires_grad=True)
    y = getattr(special, name)(a, autograd.tensor([1.5, 2.0]))
    with pytest.raises(RuntimeError, match=f"the derivative for '{words}' is not implemented"):
        y.sum().backward()


@pytest.mark.parametrize(
    "name",
    [n for n in TORCH_SPECIAL if "bessel" in n or n == "airy_ai"],
)
def test_bessel_and_airy_have_no_gradient_as_pytorchs(name):
    x = autograd.tensor([0.5, 1.5], requires_grad=True)
    y = getattr(special, name)(x)
    assert not y.requires_grad and y.grad_fn is None


def test_polynomials_have_no_gradient_and_take_a_number_degree():
    x = autograd.tensor([0.25, 0.5], requires_grad=True)
    y = special.chebyshev_polynomial_t(x, 3)
    assert not y.requires_grad
    np.testing.assert_allclose(y.numpy(), 4 * x.detach().numpy() ** 3 - 3 * x.detach().numpy())


def test_delegating_names_are_graphgrads_ops():
    x = autograd.tensor([[0.3, -1.2, 2.0]], requires_grad=True)
    assert np.array_equal(special.expit(x).numpy(), x.sigmoid().numpy())
    assert np.array_equal(special.gammaln(x).numpy(), x.lgamma().numpy())
    assert np.array_equal(special.psi(x).numpy(), x.digamma().numpy())
    assert np.array_equal(special.softmax(x, 1).numpy(), x.softmax(1).numpy())
    assert np.array_equal(special.log_softmax(x, 1).numpy(), x.log_softmax(1).numpy())
    assert np.array_equal(special.logsumexp(x, 1).numpy(), x.logsumexp(1).numpy())
    assert np.array_equal(special.polygamma(1, x).numpy(), x.polygamma(1).numpy())
    assert np.array_equal(special.round(x, decimals=1).numpy(), x.round(1).numpy())


def test_out_integers_numbers_and_complex():
    out = autograd.empty(3, dtype=autograd.float64)
    special.i0(autograd.tensor([0.0, 1.0, 2.0], dtype=autograd.float64), out=out)
    np.testing.assert_allclose(out.numpy(), [1.0, 1.2660658777520082, 2.279585302336067])
    assert special.ndtr(autograd.tensor([0, 1])).dtype == autograd.float32  # int: the default
    y = special.xlogy(2.0, autograd.tensor([1.0, np.e], dtype=autograd.float64))
    assert y.dtype == autograd.float64 and np.allclose(y.numpy(), [0.0, 2.0])
    y = special.xlogy(autograd.tensor([0.0, 3.0]), 2.0)
    assert np.allclose(y.numpy(), [0.0, 3 * np.log(2.0)])
    with pytest.raises(TypeError, match="take .real first"):
        special.erfcx(autograd.tensor([1 + 1j]))


def test_import_autograd_loads_neither_namespace():
    code = (
        "import json, sys\nimport autograd, nn, optim\n"
        "names = ('special', 'ops_torch_special', 'bessel_polynomials', 'torch_special_kernels')\n"
        "print(json.dumps([m for m in sys.modules if m in ['autograd.' + n for n in names]"
        " or m.startswith('autograd.distributions')]))\n"
    )
    root = HERE.parent
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert json.loads(run.stdout) == []
    code = "import autograd.special, autograd.distributions, autograd; print(autograd.special.i0)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert run.returncode == 0 and "i0" in run.stdout, run.stderr
