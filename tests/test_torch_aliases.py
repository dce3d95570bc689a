"""torch-level names of functions graphgrad has under another name or in autograd.special
(`moveaxis`, `row_stack`, `ravel`, `positive`, `hsplit`/`vsplit`/`dsplit`, `xlogy`, `i0`,
`sinc`, `mvlgamma`, `igamma`, `igammac`), as functions, and as Tensor methods for the
shape ones and `mvlgamma`. Expected values and gradients are PyTorch 2.13's, recorded as
literals."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor

F64 = autograd.float64


def _t(values, grad: bool = True) -> Tensor:
    return autograd.tensor(values, dtype=F64, requires_grad=grad)


def _close(t: Tensor, expected) -> None:
    np.testing.assert_allclose(np.asarray(t.detach().numpy()), expected, rtol=1e-12, atol=1e-13)


# ---------------------------------------------------------------- special functions
def test_xlogy_values_and_gradients():
    x, y = _t([0.0, 0.5, 2.0, -1.5]), _t([0.3, 1.5, 2.0, 4.0])
    out = autograd.xlogy(x, y)
    out.sum().backward()
    _close(out, [0.0, 0.202732554054082, 1.386294361119891, -2.079441541679836])
    _close(x.grad, [-1.203972804325936, 0.405465108108164, 0.693147180559945, 1.386294361119891])
    _close(y.grad, [0.0, 0.333333333333333, 1.0, -0.375])


def test_i0_values_and_gradient():
    x = _t([0.0, 0.5, 2.0, -1.5])
    out = autograd.i0(x)
    out.sum().backward()
    _close(out, [1.0, 1.063483370741324, 2.279585302336067, 1.646723189772891])
    _close(x.grad, [0.0, 0.257894305390896, 1.59063685463733, -0.981666428577908])


def test_sinc_values_and_gradient():
    x = _t([0.0, 0.5, 2.0, -1.5])
    out = autograd.sinc(x)
    out.sum().backward()
    _close(out, [1.0, 0.636619772367581, 0.0, -0.212206590789194])
    _close(x.grad, [0.0, -1.273239544735163, 0.5, -0.141471060526129])


def test_mvlgamma_values_and_gradient():
    z = _t([1.2, 2.5, 4.0])
    out = autograd.mvlgamma(z, 2)
    out.sum().backward()
    _close(out, [0.747858099453051, 0.857047813397619, 3.565098014499829])
    _close(z.grad, [-1.509063450290123, 1.12594097574371, 2.359274309077043])
    _close(z.mvlgamma(2), out.detach().numpy())
    _close(autograd.special.multigammaln(z, 2), out.detach().numpy())
    with pytest.raises(RuntimeError, match="p has to be greater than or equal to 1"):
        z.mvlgamma(0)


def test_igamma_igammac_values_and_gradients():
    a = _t([0.5, 1.0, 3.0], grad=False)
    x = _t([0.2, 1.0, 5.0])
    lower = autograd.igamma(a, x)
    lower.sum().backward()
    _close(lower, [0.472910743134462, 0.632120558828558, 0.875347980516919])
    _close(x.grad, [1.032883094934556, 0.367879441171442, 0.084224337488568])
    x.grad = None
    upper = autograd.igammac(a, x)
    upper.sum().backward()
    _close(upper, [0.527089256865538, 0.367879441171442, 0.124652019483081])
    _close(x.grad, [-1.032883094934556, -0.367879441171442, -0.084224337488568])


def test_special_aliases_are_the_special_functions():
    assert autograd.xlogy is autograd.special.xlogy
    assert autograd.i0 is autograd.special.i0
    assert autograd.sinc is autograd.special.sinc
    assert autograd.mvlgamma is autograd.special.multigammaln
    assert autograd.igamma is autograd.special.gammainc
    assert autograd.igammac is autograd.special.gammaincc


# ---------------------------------------------------------------- shapes
def test_moveaxis_row_stack_ravel():
    x = _t(np.arange(24.0).reshape(2, 3, 4))
    assert autograd.moveaxis(x, 0, -1).shape == (3, 4, 2)
    assert autograd.moveaxis(x, (0, 1), (2, 0)).shape == (3, 4, 2)
    assert x.moveaxis(0, -1).shape == (3, 4, 2)
    rows = autograd.row_stack([autograd.tensor([1.0, 2.0]), autograd.tensor([[3.0, 4.0]])])
    _close(rows, [[1.0, 2.0], [3.0, 4.0]])
    flat = autograd.ravel(x.transpose(0, 2))
    assert flat.shape == (24,)
    _close(flat[:6], [0.0, 12.0, 4.0, 16.0, 8.0, 20.0])
    flat.sum().backward()
    _close(x.grad, np.ones((2, 3, 4)))


def test_positive_returns_the_input_and_refuses_bool():
    x = autograd.arange(6.0)
    assert autograd.positive(x) is x
    assert x.positive() is x
    with pytest.raises(RuntimeError, match="on a bool tensor is not supported"):
        autograd.positive(autograd.tensor([True, False]))


def test_hsplit_vsplit_dsplit_shapes_and_gradient():
    x = _t(np.arange(24.0).reshape(2, 3, 4))
    assert [p.shape for p in autograd.hsplit(x, 3)] == [(2, 1, 4)] * 3
    assert [p.shape for p in autograd.vsplit(x, [1])] == [(1, 3, 4)] * 2
    assert [p.shape for p in autograd.dsplit(x, [1, 3])] == [(2, 3, 1), (2, 3, 2), (2, 3, 1)]
    assert [p.shape for p in x.dsplit(2)] == [(2, 3, 2)] * 2
    pieces = autograd.dsplit(x, [1, 3])
    (pieces[0].sum() + pieces[1].sum() * 2 + pieces[2].sum() * 3).backward()
    _close(x.grad[0, 0], [1.0, 2.0, 2.0, 3.0])
    # 1-d: hsplit cuts dim 0; indices past the end give empty pieces
    parts = autograd.hsplit(autograd.arange(5.0), [2, 10])
    assert [p.tolist() for p in parts] == [[0.0, 1.0], [2.0, 3.0, 4.0], []]


@pytest.mark.parametrize(
    ("fn", "shape", "arg", "message"),
    [
        ("hsplit", (), 2, "torch.hsplit requires a tensor with at least 1 dimension, but got"),
        ("vsplit", (3,), 2, "torch.vsplit requires a tensor with at least 2 dimension, but got"),
        ("dsplit", (2, 3), 2, "torch.dsplit requires a tensor with at least 3 dimension, but"),
        ("hsplit", (2, 5), 2, "split along dimension 1, but the size of the dimension 5 is not"),
        ("vsplit", (5, 2), 2, "split along dimension 0, but the size of the dimension 5 is not"),
        ("hsplit", (4,), 0, "not divisible by the split_size 0"),
    ],
)
def test_dim_splits_refuse_as_pytorch(fn, shape, arg, message):
    with pytest.raises(RuntimeError, match=message):
        getattr(autograd, fn)(autograd.zeros(shape), arg)


def test_special_methods_are_the_special_functions_loaded_on_first_use():
    """Tensor.i0/sinc/xlogy/igamma/igammac (and their in-place forms) give PyTorch's values
    (recorded from PyTorch 2.13), by autograd.special's definitions."""
    x = _t([0.0, 0.5, 1.0, -1.5])
    _close(x.i0(), [1.0, 1.06348337074132, 1.26606587775201, 1.64672318977289])
    _close(x.sinc(), [1.0, 0.636619772367581, 3.89817183251938e-17, -0.212206590789194])
    _close(x.xlogy(x.abs() + 1), [0.0, 0.202732554054082, 0.693147180559945, -1.37443609781123])
    _close(x.abs().igamma(_t(2.0)), [1.0, 0.954499736103641, 0.864664716763387, 0.738535870050889])
    _close(x.abs().igammac(_t(2.0)), [0.0, 0.0455002638963584, 0.135335283236613, 0.26146412994911])
    y = x.detach().clone()
    assert y.i0_() is y
    _close(y, x.i0().detach().numpy())
    y = x.detach().abs()
    y.igammac_(2.0)
    _close(y, x.abs().igammac(_t(2.0)).detach().numpy())
    with pytest.raises(RuntimeError, match="can't be cast"):
        autograd.tensor([1, 2]).sinc_()  # PyTorch: "result type Float can't be cast to ... Long"
    with pytest.raises(RuntimeError, match="leaf"):
        x.sinc_()
    assert autograd.gradgradcheck(lambda a: (a * 1).xlogy_(a.abs() + 1), (x,))
