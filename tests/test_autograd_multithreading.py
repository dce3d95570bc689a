"""`autograd.autograd.inference_mode` (torch.autograd.inference_mode: the top-level one) and
`set_multithreading_enabled`, which records the setting as PyTorch's does (as a call it
stays, as a context manager or decorator it is restored) and changes nothing else:
graphgrad's backward runs on the calling thread."""

from __future__ import annotations

import threading

import numpy as np

import autograd
from autograd import autograd as torch_autograd
from autograd.autograd import _is_multithreading_enabled, set_multithreading_enabled


def test_inference_mode_is_the_top_level_one():
    assert torch_autograd.inference_mode is autograd.inference_mode
    x = autograd.ones(2, requires_grad=True)
    with torch_autograd.inference_mode():
        y = x * 2
    assert not y.requires_grad and y.is_inference()


def test_set_multithreading_enabled_as_call_context_and_decorator():
    assert _is_multithreading_enabled()
    with set_multithreading_enabled(False):
        assert not _is_multithreading_enabled()
        x = autograd.tensor([1.0, 2.0], requires_grad=True)
        (x * x).sum().backward()  # backward is unaffected
        np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0])
    assert _is_multithreading_enabled()

    @set_multithreading_enabled(False)
    def inside():
        return _is_multithreading_enabled()

    assert _is_multithreading_enabled()  # decorating does not switch it
    assert inside() is False and _is_multithreading_enabled()
    set_multithreading_enabled(False)  # as a plain call it stays
    try:
        assert not _is_multithreading_enabled()
        seen = []
        t = threading.Thread(target=lambda: seen.append(_is_multithreading_enabled()))
        t.start()
        t.join()
        assert seen == [True]  # per thread, as PyTorch's
    finally:
        set_multithreading_enabled(True)
    assert set_multithreading_enabled(False).clone().mode is False
    set_multithreading_enabled(True)
