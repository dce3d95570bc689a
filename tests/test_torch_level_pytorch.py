"""The torch-level indexing and scatter functions, the LU and Householder functions, the
window functions and stft, and the torch-level forms of nn.functional against PyTorch.

tests/data/torch_level_pytorch.npz holds PyTorch 2.13's numbers
(tools/make_names9_fixtures.py): each case is a PyTorch expression with its imports
changed, evaluated here with graphgrad (the random ones after seeding the default
generator as PyTorch's was). Values, dtypes, first gradients and second derivatives must
match; the float64 cases are also checked against finite differences (gradcheck and
gradgradcheck). Bad input raises PyTorch's exception type with a message naming the
problem.
"""

from __future__ import annotations

import builtins
import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.torch_level
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "torch_level_pytorch.npz")
CASES = [str(n) for n in DATA["cases"]]
ERRORS = [str(n) for n in DATA["errors"]]
ENV = {"F": nn.functional, "autograd": autograd}

pytestmark = [
    pytest.mark.filterwarnings("ignore:stft with return_complex=False is deprecated"),
    pytest.mark.filterwarnings("ignore:A window was not provided"),
    pytest.mark.filterwarnings("ignore:torch.lu is deprecated"),
]


def _config(name: str) -> dict:
    return json.loads(str(DATA[f"{name}/config"]))


def _inputs(prefix: str, grads=()) -> dict:
    keys = sorted(k for k in DATA.files if k.startswith(f"{prefix}/in/"))
    return {
        k.rsplit("/", 1)[1]: Tensor(DATA[k], requires_grad=k.rsplit("/", 1)[1] in grads)
        for k in keys
    }


def _run(expr: str, env: dict, seed=None):
    if seed is not None:
        autograd.manual_seed(seed)
    return eval(expr, dict(ENV), env)  # noqa: S307 (the recorded expression)


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-7, "atol": 1e-10} if dtype == "float64" else {"rtol": 2e-5, "atol": 2e-6}


def _close(ours, theirs, dtype: str, what: str) -> None:
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != PyTorch's {theirs.shape}"
    np.testing.assert_allclose(ours, theirs, equal_nan=True, err_msg=what, **_tol(dtype))


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_pytorch(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)
    y = _run(cfg["expr"], env, cfg["seed"])
    _close(y.numpy(), DATA[f"{name}/y"], cfg["dtype"], f"{name}: value")
    assert str(y.dtype) == str(DATA[f"{name}/ydtype"]), name
    if not grads:
        return
    leaves = [env[k] for k in grads]
    first = autograd.grad(
        y, leaves, Tensor(DATA[f"{name}/g"]), create_graph=True, allow_unused=True
    )
    for k, d in zip(grads, first, strict=True):
        ours = np.zeros(env[k].shape) if d is None else d.numpy()
        _close(ours, DATA[f"{name}/grad/{k}"], cfg["dtype"], f"{name}: gradient of {k}")
    if f"{name}/gg/{grads[0]}" not in DATA.files:
        return  # float32, or PyTorch has no second derivative here (gradgradcheck below)
    terms = [
        (d * Tensor(DATA[f"{name}/v/{k}"])).sum() for k, d in zip(grads, first) if d is not None
    ]
    s = sum(terms[1:], terms[0]) if terms else None
    second = [None] * len(leaves)
    if s is not None and s.requires_grad:
        second = autograd.grad(s, leaves, allow_unused=True)
    for k, d in zip(grads, second, strict=True):
        ours = np.zeros(env[k].shape) if d is None else d.numpy()
        _close(ours, DATA[f"{name}/gg/{k}"], "float64", f"{name}: second derivative, {k}")


def _differences_apply(name: str) -> bool:
    """float64, away from kinks, with inputs to vary, not random."""
    cfg = _config(name)
    sizes = [DATA[f"{name}/in/{k}"].size for k in cfg["grads"]]
    if not (cfg["fd"] and cfg["dtype"] == "float64" and sizes) or cfg["seed"] is not None:
        return False
    return min(sizes) > 0 and DATA[f"{name}/y"].size > 0


FD_CASES = [n for n in CASES if _differences_apply(n)]


@pytest.mark.parametrize("name", FD_CASES)
def test_gradients_match_finite_differences(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)

    def fn(*ts):
        return _run(cfg["expr"], dict(env, **dict(zip(grads, ts, strict=True))))

    leaves = tuple(env[k] for k in grads)
    assert autograd.gradcheck(fn, leaves, atol=1e-6, rtol=1e-4)
    if f"{name}/gg/{grads[0]}" in DATA.files:  # (PyTorch has none for ctc_loss, nor graphgrad)
        assert autograd.gradgradcheck(fn, leaves, atol=1e-6, rtol=1e-4)


# The words graphgrad's message must contain (PyTorch's exception type is recorded).
MESSAGES = {
    "scatter_reduce_name": "reduce argument must be either sum, prod, mean, amax or amin, got add",
    "scatter_reduce_dtype": r"Expected self.dtype to be equal to src.dtype",
    "scatter_reduce_index_dtype": "Expected dtype int32/int64 for index",
    "scatter_reduce_bounds": "index 5 is out of bounds for dimension 0 with size 2",
    "scatter_reduce_dims": "Index tensor must have the same number of dimensions as self tensor",
    "scatter_reduce_size": r"Expected index \[3, 3\] to be no larger than self \[2, 3\] apart "
    r"from dimension 0 and to be no larger size than src \[2, 3\]",
    "scatter_reduce_negative": "index -1 is out of bounds for dimension 0 with size 2",
    "index_copy_negative": "index -1 is out of bounds for dimension 1 with size 3",
    "index_reduce_negative": "index out of range in self",
    "unfold_size": "maximum size for tensor at dimension 1 is 4 but size is 5",
    "unfold_step": "step is 0 but must be > 0",
    "fill_diagonal_1d": "dimensions must larger than 1",
    "fill_diagonal_unequal": "all dimensions of input must be of equal length",
    "index_reduce_sum": "Expected reduce to be one of prod, mean, amax or amin but got sum",
    "index_copy_count": r"Number of indices \(3\) should be equal to source.size\(dim\) \(2\)",
    "index_copy_bounds": "index 4 is out of bounds for dimension 0 with size 2",
    "index_fill_value": "only supports a 0-dimensional value tensor, but got tensor with 1 dim",
    "put_bounds": "out of range: tried to access index 6 on a tensor of 6 elements",
    "put_count": r"source.numel\(\) = 3, index.numel\(\) = 2",
    "masked_scatter_short": "Number of elements of source < number of ones in mask",
    "masked_scatter_float_mask": "masked_scatter_ only supports boolean masks",
    "diagonal_scatter_size": r"src size = \[3\], slice size = \[2\]",
    "slice_scatter_size": r"src size = \[2, 3\], slice size = \[2, 2\]",
    "as_strided_bounds": r"sizes \[3, 3\], strides \[1, 1\], storage offset 20, and itemsize 8 "
    "requiring a storage size of 200 are out of bounds for storage of size 96",
    "split_with_sizes_sum": r"split_sizes to sum exactly to 3 .* split_sizes=\[1, 1\]",
    "empty_permuted_len": r"len\(size\) = 3 is not equal to len\(physical_layout\) = 2",
    "frombuffer_multiple": r"buffer length \(3 bytes\) after offset \(0 bytes\) must be a "
    r"multiple of element size \(2\)",
    "frombuffer_count": r"requested buffer length \(3 \* 2 bytes\)",
    "window_negative": "hann_window requires non-negative window_length, got window_length=-1",
    "window_dtype": "kaiser_window expects floating point dtypes, got: int64",
    "window_float_length": r"argument 'window_length' \(position 1\) must be int, not float",
    "stft_no_return_complex": "stft requires the return_complex parameter be given",
    "istft": "istft requires a complex-valued input tensor",
    "Tensor_istft": "istft requires a complex-valued input tensor",
    "lu_factor_singular": r"linalg.lu_factor: U\[2,2\] is zero and using it on lu_solve",
    "lu_solve_shape": r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 2x2\)",
    "householder_tall": r"input.shape\[-2\] must be greater than or equal to input.shape\[-1\]",
    "householder_tau": r"input.shape\[-1\] must be greater than or equal to tau.shape\[-1\]",
    "ormqr_tau": r"tau.shape\[-1\] must be equal to min\(other.shape\[-2\], input.shape\[-1\]\)",
    "ormqr_tau_right": r"tau.shape\[-1\] must be equal to min\(other.shape\[-1\], "
    r"input.shape\[-1\]\)",
    "lstsq_driver": r"parameter `driver` should be one of \(gels, gelsy, gelsd, gelss\)",
    "tensorinv_shape": r"prod\(self.shape\[ind:\]\) == prod\(self.shape\[:ind\]\), but got 6 != 4",
    "inv_ex_check": "The diagonal element 2 is zero, the inversion could not be completed",
    "cholesky_ex_check": "the leading minor of order 2 is not positive-definite",
    "kl_div_string": "argument 'reduction' must be int",
}
TYPES = {"_LinAlgError": autograd.linalg.LinAlgError}


def test_every_recorded_error_has_its_words():
    assert set(MESSAGES) == set(ERRORS)


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_pytorch(name):
    cfg = json.loads(str(DATA[f"error/{name}/config"]))
    exc = TYPES.get(cfg["type"]) or getattr(builtins, cfg["type"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(exc, match=MESSAGES[name]):
            _run(cfg["expr"], _inputs(f"error/{name}"))


# ------------------------------------------------------------ by hand
def test_importing_autograd_loads_no_nn_and_the_nn_forms_load_on_first_use():
    code = (
        "import sys, autograd; assert 'nn' not in sys.modules, 'nn'; "
        "f = autograd.conv2d; assert f.__module__ == 'nn.torch_level', f.__module__; "
        "assert 'nn.torch_level' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_lazy_table_names_every_torch_level_function_of_nn():
    assert sorted(autograd.aliases.NN_NAMES) == sorted(nn.torch_level.__all__)
    assert set(autograd.aliases.NN_NAMES) <= set(autograd.__all__)
    for name in autograd.aliases.NN_NAMES:
        assert getattr(autograd, name) is getattr(nn.torch_level, name), name


def test_as_strided_scatter_gradient_is_the_derivative():
    # PyTorch 2.13's gradient for the input is masked the wrong way round (it fails its
    # own gradcheck): graphgrad's is the derivative, 0 where src was written
    x = Tensor(np.arange(9.0).reshape(3, 3), requires_grad=True)
    s = Tensor(np.ones((2, 2)), requires_grad=True)
    autograd.as_strided_scatter(x, s, (2, 2), (3, 1), 1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1, 0, 0], [1, 0, 0], [1, 1, 1]])
    np.testing.assert_array_equal(s.grad.numpy(), np.ones((2, 2)))
    assert autograd.gradcheck(lambda a, b: a.as_strided_scatter(b, (2, 2), (3, 1), 1), (x, s))


def test_scatter_reduce_amax_splits_ties_evenly_with_the_input_itself():
    x = Tensor([2.0, 0.0], requires_grad=True)
    s = Tensor([2.0, 2.0, 1.0], requires_grad=True)
    out = x.scatter_reduce(0, np.array([0, 0, 1]), s, "amax")
    out.backward(Tensor([3.0, 1.0]))
    np.testing.assert_array_equal(out.numpy(), [2.0, 1.0])
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0])  # 3 split three ways
    np.testing.assert_array_equal(s.grad.numpy(), [1.0, 1.0, 1.0])


def test_in_place_forms_write_into_the_tensor():
    x = autograd.zeros(3, 2)
    before = x._version
    assert x.index_copy_(0, autograd.tensor([2]), autograd.ones(1, 2)) is x
    x.put_(autograd.tensor([0]), autograd.tensor([5.0]))
    x.masked_scatter_(autograd.tensor([[False, True]] * 3), autograd.tensor([7.0, 8.0, 9.0]))
    x.scatter_reduce_(0, autograd.tensor([[1, 1]]), autograd.tensor([[2.0, 2.0]]), "sum")
    x.index_reduce_(1, autograd.tensor([0]), autograd.full((3, 1), 3.0), "prod")
    np.testing.assert_array_equal(x.numpy(), [[15.0, 7.0], [6.0, 10.0], [3.0, 9.0]])
    assert x._version > before


def test_creation_with_strides_and_from_a_buffer():
    t = autograd.empty_strided((2, 3), (1, 2), dtype=autograd.float64)
    assert t.stride() == (1, 2) and t.shape == (2, 3) and t.dtype == np.float64
    p = autograd.empty_permuted((2, 3, 4), (0, 2, 1), requires_grad=True)
    assert p.stride() == (12, 1, 3) and p.requires_grad
    buf = bytearray(np.arange(4, dtype=np.int16).tobytes())
    b = autograd.frombuffer(buf, dtype=autograd.int16, offset=2, count=2)
    np.testing.assert_array_equal(b.numpy(), [1, 2])
    b[0] = 40  # shares the buffer's memory, as PyTorch's
    assert np.frombuffer(buf, np.int16)[1] == 40


def test_windows_take_requires_grad_and_refuse_what_pytorch_refuses():
    w = autograd.hann_window(4, requires_grad=True)
    assert w.requires_grad and w.is_leaf and w.dtype == np.float32
    with pytest.raises(RuntimeError, match="no complex dtype: write return_complex=False"):
        autograd.stft(autograd.randn(32), 8, return_complex=True)


def test_geqrf_has_no_gradient_and_its_reflectors_rebuild_the_matrix():
    a = autograd.randn(5, 3, dtype=autograd.float64, requires_grad=True)
    h, tau = autograd.geqrf(a)
    assert not h.requires_grad
    q = autograd.linalg.householder_product(h, tau)
    np.testing.assert_allclose((q @ h.detach().triu()[:3]).numpy(), a.detach().numpy(), atol=1e-12)


def test_torch_batch_norm_updates_the_running_statistics():
    x = autograd.randn(8, 3, dtype=autograd.float64)
    mean, var = autograd.zeros(3, dtype=autograd.float64), autograd.ones(3, dtype=autograd.float64)
    autograd.batch_norm(x, None, None, mean, var, True, 0.5, 1e-5, False)
    np.testing.assert_allclose(mean.numpy(), 0.5 * x.numpy().mean(0), rtol=1e-12)


def test_lu_of_a_wide_matrix_refuses_a_gradient():
    a = autograd.randn(2, 3, dtype=autograd.float64, requires_grad=True)
    with pytest.raises(NotImplementedError, match="square matrices only"):
        autograd.linalg.lu_factor(a)
    autograd.linalg.lu_factor(a.detach())  # the values are there


def test_non_finite_edges_recorded_from_pytorch():
    # matrix_exp of a matrix with an inf entry: all NaN (PyTorch 2.13), not an error
    out = autograd.matrix_exp(autograd.tensor([[float("inf"), 0.0], [0.0, 1.0]]))
    assert np.isnan(out.numpy()).all()
    # scatter_reduce amax onto a NaN: PyTorch's 0 * (g / 0) gives NaN to every element there
    x = autograd.tensor([float("nan"), 1.0, 2.0], requires_grad=True)
    s = autograd.zeros(2, requires_grad=True)
    out = s.scatter_reduce(0, autograd.tensor([0, 0, 1]), x, "amax")
    out.sum().backward()
    np.testing.assert_array_equal(out.numpy(), [np.nan, 2.0])
    np.testing.assert_array_equal(x.grad.numpy(), [np.nan, np.nan, 1.0])
    np.testing.assert_array_equal(s.grad.numpy(), [np.nan, 0.0])
