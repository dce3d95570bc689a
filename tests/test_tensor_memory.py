"""Tensor.data_ptr/storage_offset, share_memory_/is_shared, pin_memory/is_pinned and
apply_/map_, with PyTorch 2.13's values, orders and errors (written down from PyTorch's
answers on a CPU-only machine)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_views_data_ptr_is_the_base_address_plus_the_storage_offset():
    x = autograd.arange(12.0).reshape(3, 4)
    assert x.storage_offset() == 0
    for view in (x[1:, 2:], x[2], x[:, 1], x[1:2, 1:3], x.t()[1:], x.flatten()[5:]):
        offset = view.storage_offset()
        assert view.data_ptr() == x.data_ptr() + offset * x.element_size()
        assert float(x.flatten()[offset]) == float(view.flatten()[0])
    assert x[1:, 2:].storage_offset() == 6  # PyTorch: 6 (24 bytes of float32)
    assert x.clone().data_ptr() != x.data_ptr()
    assert autograd.zeros(0).data_ptr() == 0  # PyTorch: 0 without elements


def test_a_0d_tensor_keeps_its_address():
    z = autograd.tensor(3.0) * 2  # an op's 0-d result
    ptr = z.data_ptr()
    z.add_(1.0)
    assert z.data_ptr() == ptr and float(z) == 7.0


def test_share_memory_moves_the_values_and_is_shared_follows():
    x = autograd.arange(6.0).reshape(2, 3)
    assert not x.is_shared()
    assert x.share_memory_() is x
    assert x.is_shared() and x[1:].is_shared()
    np.testing.assert_array_equal(x.numpy(), np.arange(6.0).reshape(2, 3))
    ptr = x.data_ptr()
    assert x.share_memory_() is x and x.data_ptr() == ptr  # already shared: nothing
    assert not x.clone().is_shared()
    assert autograd.tensor(1.0).share_memory_().is_shared()
    assert autograd.zeros(0).share_memory_().is_shared()


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="fork")
def test_a_forked_process_writes_into_shared_memory():
    x = autograd.zeros(3).share_memory_()
    pid = os.fork()
    if pid == 0:  # the child
        x[1] = 5.0
        os._exit(0)
    os.waitpid(pid, 0)
    assert x.tolist() == [0.0, 5.0, 0.0]


def test_pinned_memory_as_pytorch_without_an_accelerator():
    x = autograd.ones(2)
    assert x.is_pinned() is False
    with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none is"):
        x.pin_memory()


def test_apply_calls_with_python_numbers_in_row_major_order():
    x = autograd.arange(6.0).reshape(2, 3).t()
    seen = []
    assert x.apply_(lambda v: seen.append(v) or v * 2) is x
    assert seen == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0] and all(type(v) is float for v in seen)
    assert x.tolist() == [[0.0, 6.0], [2.0, 8.0], [4.0, 10.0]]
    for dtype, kind in ((np.int64, int), (np.uint8, int), (np.bool_, bool)):
        types = []
        autograd.ones(2, dtype=dtype).apply_(lambda v, seen=types: seen.append(type(v)) or v)
        assert types == [kind, kind]
    # PyTorch truncates a float result in an integer tensor, rounds it in float32
    assert autograd.ones(3, dtype=np.int32).apply_(lambda v: 2.7).tolist() == [2, 2, 2]
    f32 = autograd.ones(2, dtype=np.float32).apply_(lambda v: 1 / 3)
    assert f32.numpy()[0] == np.float32(1 / 3)
    assert autograd.zeros(()).apply_(lambda v: v + 5).item() == 5.0


def test_apply_refusals_as_pytorch():
    w = Tensor(np.ones(3), requires_grad=True)
    msg = r"Can't call apply_\(\) on Variable that requires grad. Use var.detach\(\).apply_\(\)"
    with pytest.raises(RuntimeError, match=msg):
        w.apply_(lambda v: v)
    with pytest.raises(RuntimeError, match=msg):  # also a non-leaf, and under no_grad
        (w * 2).apply_(lambda v: v)
    with autograd.no_grad(), pytest.raises(RuntimeError, match=msg):
        w.apply_(lambda v: v)
    w.detach().apply_(lambda v: v + 1)
    assert w.tolist() == [2.0, 2.0, 2.0]  # detach shares the memory
    with pytest.raises(TypeError, match="^'int' object is not callable$"):
        autograd.ones(3).apply_(3)
    with pytest.raises(TypeError, match="^must be real number, not str$"):
        autograd.ones(3).apply_(lambda v: "x")
    with pytest.raises(TypeError, match="^must be real number, not NoneType$"):
        autograd.ones(3).apply_(lambda v: None)
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        autograd.ones(3, dtype=np.bool_).apply_(lambda v: "x")
    with pytest.raises(RuntimeError, match="value cannot be converted to type int64 without"):
        autograd.ones(3, dtype=np.int64).apply_(lambda v: 1e30)


def test_map_pairs_elements_broadcasting_the_other():
    x = autograd.ones(2, 3)
    y = autograd.arange(3.0)
    assert x.map_(y, lambda u, v: u + v) is x
    assert x.tolist() == [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
    with pytest.raises(RuntimeError, match="does not broadcast"):
        autograd.ones(3).map_(autograd.ones(2, 3), lambda u, v: u)
    with pytest.raises(TypeError, match=r"^map_\(\): argument 'other' \(position 1\) must be "):
        autograd.ones(3).map_([1, 2, 3], lambda u, v: u)
    with pytest.raises(TypeError, match="map_: expected a tensor of dtype float32"):
        autograd.ones(3).map_(autograd.ones(3, dtype=np.int64), lambda u, v: u)
    with pytest.raises(RuntimeError, match=r"Can't call map_\(\) on Variable that requires"):
        autograd.ones(3).map_(Tensor(np.ones(3), requires_grad=True), lambda u, v: u)


def test_apply_bumps_the_version_so_saved_values_refuse_to_backward():
    x = autograd.ones(3)
    before = x._version
    x.apply_(lambda v: v + 1)
    assert x._version > before
    w = Tensor(np.ones(3), requires_grad=True)
    y = w.exp()  # saves its output
    y.detach().apply_(lambda v: v)  # the same memory
    with pytest.raises(RuntimeError, match="needed for the backward of Exp"):
        y.sum().backward()
