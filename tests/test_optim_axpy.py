"""optim.axpy: y += a * x in place, rounded once per element as PyTorch's add_(x, alpha=a)."""

from __future__ import annotations

import numpy as np
import pytest

import optim
from autograd import Tensor
from optim import axpy as axpy_module
from optim.axpy import MIN_SIZE, axpy


def _once(y, a, x):
    """y + a * x rounded once to y's dtype (the product is exact in float64 for float32)."""
    a32 = np.asarray(a, y.dtype).astype(np.float64)
    return (y.astype(np.float64) + a32 * x.astype(np.float64)).astype(y.dtype)


def test_large_float32_rounds_once_like_pytorch():
    if not axpy_module._load():
        pytest.skip("numpy's BLAS is not OpenBLAS here: numpy's two roundings are used")
    rng = np.random.default_rng(0)
    x = rng.standard_normal(100_000).astype(np.float32)
    y = rng.standard_normal(100_000).astype(np.float32)
    x0, expected, twice = x.copy(), _once(y, -0.01, x), y - x * np.float32(0.01)
    axpy(-0.01, x, y)
    assert np.array_equal(x, x0)  # x is read only
    # (float64 then float32 can round twice: rarely one ulp off the true single rounding)
    assert np.mean(y == expected) > 0.999
    assert np.mean(twice == expected) < 0.99  # numpy's formula differs: the test can tell


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_in_place_on_every_path(dtype):
    rng = np.random.default_rng(1)
    for shape in [(3,), (MIN_SIZE + 5,), (64, 200)]:
        x = rng.standard_normal(shape).astype(dtype)
        y = rng.standard_normal(shape).astype(dtype)
        y_before = y.copy()
        axpy(0.5, x, y)
        np.testing.assert_allclose(y, y_before + 0.5 * x, rtol=1e-6)
    # a non-contiguous y (a column slice) is updated through numpy, in place
    base = rng.standard_normal((MIN_SIZE, 4)).astype(dtype)
    y = base[:, 1]
    x = rng.standard_normal(MIN_SIZE).astype(dtype)
    expected = y + 2.0 * x
    axpy(2.0, x, y)
    np.testing.assert_allclose(base[:, 1], expected, rtol=1e-6)


def test_other_dtypes_use_numpy():
    x = np.arange(MIN_SIZE * 2, dtype=np.float16)
    y = np.ones(MIN_SIZE * 2, dtype=np.float16)
    axpy(-1, x, y)
    np.testing.assert_array_equal(y, np.ones_like(y) - x)


def test_sgd_step_updates_large_parameters_in_place():
    rng = np.random.default_rng(2)
    w = Tensor(rng.standard_normal((128, 128)).astype(np.float32), requires_grad=True)
    memory = w.numpy()
    before = memory.copy()
    (w * w).sum().backward()
    optim.SGD([w], lr=0.1).step()
    assert w.numpy() is memory
    np.testing.assert_allclose(memory, before - 0.1 * (2 * before), rtol=1e-6)


def test_blas_path_reads_a_read_only_x_and_writes_a_view_at_its_offset():
    # the addresses come from the arrays' buffers: a view's is its first element's, and a
    # read-only x (which the buffer route cannot take) is read through .ctypes
    rng = np.random.default_rng(3)
    n = MIN_SIZE * 2
    x = rng.standard_normal(n).astype(np.float32)
    x.flags.writeable = False
    base = rng.standard_normal(n + 7).astype(np.float32)
    y = base[5 : 5 + n]
    head, tail, expected = base[:5].copy(), base[5 + n :].copy(), _once(y, 0.25, x)
    axpy(0.25, x, y)
    assert np.mean(y == expected) > 0.999
    np.testing.assert_array_equal(base[:5], head)  # nothing written outside the view
    np.testing.assert_array_equal(base[5 + n :], tail)
