"""Small PyTorch names with no gradient: torch.range, the warn-always and deterministic
debug settings, Tensor.dim_order, const_data_ptr, nonzero_static and resize_/resize_as_.
Expected values and messages are PyTorch 2.13's, recorded as literals."""

from __future__ import annotations

import numpy as np
import pytest

import autograd


def test_range_includes_end_and_warns_as_pytorch():
    with pytest.warns(UserWarning, match="torch.range is deprecated"):
        x = autograd.range(1, 4)
    assert x.dtype == autograd.float32 and x.tolist() == [1.0, 2.0, 3.0, 4.0]
    with pytest.warns(UserWarning):
        assert autograd.range(0, 1, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
        assert autograd.range(1, 4, dtype=autograd.int64).tolist() == [1, 2, 3, 4]
        with pytest.raises(TypeError, match='"end"'):
            autograd.range(4)
        with pytest.raises(RuntimeError, match="step must be nonzero"):
            autograd.range(0, 1, 0)
        with pytest.raises(RuntimeError, match="inconsistent with step sign"):
            autograd.range(3, 1)


def test_warn_always_and_deterministic_debug_mode():
    assert autograd.is_warn_always_enabled() is False
    autograd.set_warn_always(True)
    assert autograd.is_warn_always_enabled() is True
    autograd.set_warn_always(False)
    try:
        assert autograd.get_deterministic_debug_mode() == 0
        autograd.set_deterministic_debug_mode("warn")
        assert autograd.get_deterministic_debug_mode() == 1
        assert autograd.are_deterministic_algorithms_enabled()
        assert autograd.is_deterministic_algorithms_warn_only_enabled()
        autograd.set_deterministic_debug_mode(2)
        assert not autograd.is_deterministic_algorithms_warn_only_enabled()
        autograd.use_deterministic_algorithms(True, warn_only=True)
        assert autograd.get_deterministic_debug_mode() == 1
        with pytest.raises(RuntimeError, match="expected one of `default`, `warn`, `error`"):
            autograd.set_deterministic_debug_mode("foo")
        with pytest.raises(RuntimeError, match="expected 0, 1, or 2, but got 3"):
            autograd.set_deterministic_debug_mode(3)
        with pytest.raises(TypeError, match="must be str or int"):
            autograd.set_deterministic_debug_mode(1.0)
    finally:
        autograd.set_deterministic_debug_mode("default")
    assert not autograd.are_deterministic_algorithms_enabled()


def test_dim_order_and_const_data_ptr():
    x = autograd.randn(2, 3, 4)
    assert x.dim_order() == (0, 1, 2)
    assert x.permute(2, 0, 1).dim_order() == (1, 2, 0)
    assert autograd.ones(2, 1, 3).dim_order() == (0, 1, 2)
    with pytest.raises(RuntimeError, match="does not have unique dim order"):
        autograd.ones(2, 1, 3).dim_order(ambiguity_check=True)
    assert x.const_data_ptr() == x.data_ptr()


def test_nonzero_static_pads_or_cuts_as_pytorch():
    y = autograd.tensor([[0, 1], [2, 0]])
    np.testing.assert_array_equal(y.nonzero_static(size=3).numpy(), [[0, 1], [1, 0], [-1, -1]])
    np.testing.assert_array_equal(y.nonzero_static(size=1, fill_value=-5).numpy(), [[0, 1]])
    assert y.nonzero_static(size=3).dtype == autograd.int64
    assert autograd.tensor([0.0, 1.0]).nonzero_static(size=0).shape == (0, 1)
    assert autograd.tensor(3.0).nonzero_static(size=2).shape == (2, 0)
    with pytest.raises(TypeError):
        y.nonzero_static(3)  # keyword-only, as PyTorch's
    with pytest.raises(RuntimeError, match="'size' must be an non-negative integer"):
        y.nonzero_static(size=-1)


def test_resize_views_the_storage_as_pytorch():
    """Values as PyTorch 2.13 gives them (its grown storage is uninitialized; here zeros)."""
    x = autograd.arange(6.0)
    before = x[:2]
    assert x.resize_(2, 2) is x
    np.testing.assert_array_equal(x.numpy(), [[0, 1], [2, 3]])
    np.testing.assert_array_equal(before.numpy(), [0, 1])
    x[0, 0] = 9.0
    assert float(before[0]) == 9.0  # the same storage
    t = autograd.arange(6.0).reshape(2, 3).t()
    t.resize_(3, 2)  # the same shape: nothing changes (still the transpose)
    np.testing.assert_array_equal(t.numpy(), [[0, 3], [1, 4], [2, 5]])
    t.resize_(2, 2)  # the storage in memory order
    np.testing.assert_array_equal(t.numpy(), [[0, 1], [2, 3]])
    e = autograd.arange(4.0).expand(2, 4)
    np.testing.assert_array_equal(e.resize_(2).numpy(), [0, 1])
    s = autograd.arange(6.0)[2:]
    np.testing.assert_array_equal(s.resize_(2).numpy(), [2, 3])
    g = autograd.arange(3.0).resize_(2, 3)
    np.testing.assert_array_equal(g.numpy()[0], [0, 1, 2])
    assert autograd.arange(4.0).resize_as_(autograd.zeros(2, 1)).shape == (2, 1)
    assert autograd.arange(4.0).resize_((0,)).shape == (0,)


def test_resize_refuses_tensors_that_require_grad():
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        autograd.zeros(2, requires_grad=True).resize_(3)
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        (autograd.zeros(2, requires_grad=True) * 2).resize_(3)
    with autograd.no_grad(), pytest.raises(RuntimeError, match="cannot resize"):
        autograd.zeros(2, requires_grad=True).resize_(3)
    with pytest.raises(RuntimeError, match="non-negative"):
        autograd.arange(4.0).resize_(-1)
