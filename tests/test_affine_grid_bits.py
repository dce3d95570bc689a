"""affine_grid's points equal PyTorch's to the last bit, and grid_sample's gradient with
respect to the grid is PyTorch's where the points fall on pixel centres
(tests/data/affine_grid_bits.npz, recorded by tools/make_affine_grid_fixtures.py).

grid_sample's gradient with respect to the grid is one-sided at pixel centres (which
pair of taps a point falls between), so a point one bit beside PyTorch's gives another
gradient for theta: the spatial transformer tutorial starts at the identity warp, where
every point is on a pixel centre.
"""

from pathlib import Path

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "affine_grid_bits.npz")
GRIDS = [k for k in DATA.files if k.startswith("grid.")]
SAMPLES = sorted({k.rsplit(".", 1)[0] for k in DATA.files if k.startswith("sample.")})


@pytest.mark.filterwarnings("ignore:Since version 1.3.0")  # a unit size (PyTorch warns too)
@pytest.mark.parametrize("key", GRIDS)
def test_identity_grid_is_pytorchs_to_the_bit(key):
    _, dtype, align, shape = key.split(".")
    size = tuple(int(s) for s in shape.split("x"))
    k = len(size) - 2
    theta = Tensor(np.broadcast_to(np.eye(k, k + 1, dtype=dtype), (size[0], k, k + 1)).copy())
    grid = F.affine_grid(theta, size, align_corners=bool(int(align)))
    assert grid.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(grid.numpy(), DATA[key])


def test_identity_warp_gradient_matches_pytorch():
    theta = Tensor(np.broadcast_to(np.eye(2, 3, dtype=np.float32), (2, 2, 3)).copy(),
                   requires_grad=True)  # fmt: skip
    x, w = Tensor(DATA["warp.x"]), Tensor(DATA["warp.w"])
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    (F.grid_sample(x, grid, align_corners=False) * w).sum().backward()
    np.testing.assert_allclose(theta.grad.numpy(), DATA["warp.theta_grad"], rtol=1e-5, atol=1e-3)


def test_affine_grid_gradcheck_float64():
    theta = autograd.randn(2, 2, 3, dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: F.affine_grid(t, (2, 1, 4, 5), align_corners=False),
                              (theta,))  # fmt: skip


@pytest.mark.parametrize("key", SAMPLES)
def test_grid_gradient_on_pixel_centres_matches_pytorch(key):
    _, dtype, align, mode, _ = key.split(".")
    x, w = Tensor(DATA[f"{key}.x"]), Tensor(DATA[f"{key}.w"])
    theta = Tensor(np.eye(2, 3, dtype=dtype)[None])
    grid = F.affine_grid(theta, x.shape, align_corners=bool(int(align))).detach()
    grid.requires_grad_(True)
    y = F.grid_sample(x, grid, mode=mode, align_corners=bool(int(align)))
    (y * w).sum().backward()
    # float32: rounding of sums of up to 16 taps, relative to the largest value; a point on
    # the other side of a centre would differ by a whole tap difference
    want_y, want_g = DATA[f"{key}.y"], DATA[f"{key}.grad"]
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(y.numpy(), want_y, rtol=tol, atol=tol * np.abs(want_y).max())
    np.testing.assert_allclose(grid.grad.numpy(), want_g, rtol=tol, atol=tol * np.abs(want_g).max())


def test_grid_sample_gradcheck_float64_off_the_centres():
    x = autograd.randn(1, 2, 4, 5, dtype=autograd.float64, requires_grad=True)
    grid = (autograd.rand(1, 3, 3, 2, dtype=autograd.float64) * 1.6 - 0.8).requires_grad_(True)
    assert autograd.gradcheck(lambda x, g: F.grid_sample(x, g, align_corners=False), (x, grid))
