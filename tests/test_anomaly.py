"""Anomaly mode: a NaN gradient names the op and the user line, as PyTorch's; no cost off."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Function, Tensor
from autograd.anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly


def _line(marker: str) -> int:
    """The line number in this file of the first line containing marker."""
    with open(__file__) as f:
        for i, text in enumerate(f, 1):
            if marker in text and "_line(" not in text:
                return i
    raise AssertionError(marker)


def test_exported_and_flag():
    assert autograd.detect_anomaly is detect_anomaly
    assert autograd.set_detect_anomaly is set_detect_anomaly
    assert autograd.is_anomaly_enabled is is_anomaly_enabled
    assert autograd.AnomalyError is AnomalyError and issubclass(AnomalyError, RuntimeError)
    assert not is_anomaly_enabled()
    with detect_anomaly():
        assert is_anomaly_enabled()
        with detect_anomaly():
            assert is_anomaly_enabled()
        assert is_anomaly_enabled()
    assert not is_anomaly_enabled()


def test_normal_mode_checks_nothing():
    x = Tensor(np.array([0.0], np.float32), requires_grad=True)
    with np.errstate(divide="ignore"):
        y = x.log()  # -inf, no error outside anomaly mode
    assert np.isneginf(y.data[0]) and not hasattr(y, "_trace")


def test_forward_nan_is_not_an_error_the_nan_gradient_is():
    # PyTorch's anomaly mode checks what backward functions return, not forward values
    x = Tensor(np.array([1.0, -1.0], np.float32), requires_grad=True)
    with detect_anomaly(), np.errstate(invalid="ignore"):
        y = x.log()  # NaN at -1: not an error
        z = y.exp()  # MARK-exp
        with pytest.raises(AnomalyError) as info:
            z.sum().backward()  # Exp's backward: g * exp(nan) = nan
    msg = str(info.value)
    assert "the backward of Exp returned NaN in the gradient of input 0 (shape (2,))" in msg
    assert f"line {_line('MARK-exp')}" in msg and "y.exp()" in msg
    assert "test_anomaly.py" in msg and "autograd/" not in msg.split("created at:")[1]


def test_forward_inf_and_infinite_gradients_are_not_errors():
    # as PyTorch: x / 0 is inf, and its gradient g / 0 is inf, not nan
    x = Tensor(np.array([1.0, 2.0], np.float32), requires_grad=True)
    z = Tensor(np.zeros(2, np.float32))
    with detect_anomaly(), np.errstate(divide="ignore"):
        (x / z).sum().backward()
        w = Tensor(np.array([0.0], np.float32), requires_grad=True)
        w.sqrt().sum().backward()  # d sqrt(w) / dw = inf at 0
    assert np.isposinf(x.grad.data).all() and np.isposinf(w.grad.data).all()


def test_nan_already_in_the_input_is_not_blamed_on_the_op():
    x = Tensor(np.array([np.nan, 1.0], np.float32), requires_grad=True)
    with detect_anomaly():
        y = (x * 2).exp()
    assert np.isnan(y.data[0])


def test_backward_nan_names_op_input_and_creation_line():
    x = Tensor(np.array([0.0, 4.0], np.float32), requires_grad=True)
    with detect_anomaly(), np.errstate(divide="ignore", invalid="ignore"):
        y = x.sqrt()  # MARK-sqrt  (finite forward: sqrt(0) = 0)
        loss = (y * 0.0).sum()  # Pow's backward: 0 * inf = nan at 0
        with pytest.raises(AnomalyError) as info:
            loss.backward()
    msg = str(info.value)
    assert "backward of Pow" in msg and "input 0" in msg and "shape (2,)" in msg
    assert f"line {_line('MARK-sqrt')}" in msg and "x.sqrt()" in msg


def test_backward_nan_through_a_custom_function():
    class Bad(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * np.nan

    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    with detect_anomaly():
        y = Bad.apply(x)  # MARK-bad
        with pytest.raises(AnomalyError, match="backward of Bad") as info:
            y.sum().backward()
    assert f"line {_line('MARK-bad')}" in str(info.value)


def test_layers_report_the_user_line():
    layer = nn.Linear(3, 2)
    x = Tensor(np.ones((1, 3), np.float32), requires_grad=True)
    with autograd.no_grad():
        layer.weight.data[:, 0] = [np.inf, -np.inf]  # d out / dx = g @ W: inf - inf = nan
    with detect_anomaly(), np.errstate(invalid="ignore"):
        out = layer(x)  # MARK-layer
        with pytest.raises(AnomalyError) as info:
            out.sum().backward()
    assert f"line {_line('MARK-layer')}" in str(info.value)


def test_set_detect_anomaly_and_decorator():
    set_detect_anomaly(True)
    try:
        assert is_anomaly_enabled()
    finally:
        set_detect_anomaly(False)
    assert not is_anomaly_enabled()
    with set_detect_anomaly(True):
        assert is_anomaly_enabled()
    assert not is_anomaly_enabled()

    @detect_anomaly()
    def f(x):
        assert is_anomaly_enabled()
        (x.log() * 0.0).sum().backward()  # Log's backward: 0 / 0 = nan at 0

    with pytest.raises(AnomalyError, match="backward of Log"), np.errstate(all="ignore"):
        f(Tensor(np.zeros(1, np.float32), requires_grad=True))
    assert not is_anomaly_enabled()


def test_check_nan_false_records_traces_and_does_not_raise():
    """detect_anomaly(check_nan=False) (issue 14: it raised): as PyTorch's, NaN gradients pass,
    traces are kept and raw writes into saved arrays are still caught."""
    x = Tensor(np.zeros(1, np.float32), requires_grad=True)
    with detect_anomaly(check_nan=False), np.errstate(all="ignore"):
        assert is_anomaly_enabled() and not autograd.is_anomaly_check_nan_enabled()
        y = x.log()
        assert y._trace is not None
        (y * 0.0).sum().backward()
        w = Tensor(np.ones(2, np.float32), requires_grad=True)
        z = (w * w).sum()
        w.data[0] = 5
        with pytest.raises(RuntimeError, match="raw write"):
            z.backward()
    assert np.isnan(x.grad.data).all()
    assert autograd.is_anomaly_check_nan_enabled()  # restored
    with set_detect_anomaly(True, check_nan=False):
        assert not autograd.is_anomaly_check_nan_enabled()
    assert not is_anomaly_enabled() and autograd.is_anomaly_check_nan_enabled()

    @detect_anomaly(check_nan=False)
    def g(t):
        (t.log() * 0.0).sum().backward()

    with np.errstate(all="ignore"):
        g(Tensor(np.zeros(1, np.float32), requires_grad=True))  # no error


def test_finite_backward_through_an_internal_inf_does_not_raise():
    """Issue 14: anomaly mode raised on correct, finite backward passes through an inf."""
    y = Tensor(np.array([0.5, 0.0, 2.0]), requires_grad=True)
    p = Tensor(np.array([0.0, 1.0, 0.3]), requires_grad=True)
    r = Tensor(np.array([-1.0, 2.0]), requires_grad=True)
    with detect_anomaly(), np.errstate(all="ignore"):
        (0.0**y).sum().backward()  # d/db 0**b = 0 (b >= 0); the base needs no gradient
        nn.functional.binary_cross_entropy(p, Tensor(np.array([0.0, 1.0, 1.0]))).backward()
        r.relu().sqrt().sum().backward()  # sqrt's gradient is inf at 0, relu's mask makes 0
    np.testing.assert_array_equal(y.grad.data, [0.0, 0.0, 0.0])  # PyTorch's values
    np.testing.assert_allclose(p.grad.data, [0.0, 0.0, -1.1111111111111112])
    np.testing.assert_allclose(r.grad.data, [0.0, 0.5 / np.sqrt(2.0)])


def test_nan_in_a_gradient_nobody_sees_is_not_an_error():
    class HalfBad(Function):
        @staticmethod
        def forward(ctx, x, c):
            return x * c

        @staticmethod
        def backward(ctx, g):
            return g * 2, g * np.nan  # c does not require grad: its gradient is dropped

    x = Tensor(np.ones(3), requires_grad=True)
    with detect_anomaly():
        HalfBad.apply(x, Tensor(np.full(3, 2.0))).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0, 2.0])


def test_nan_in_the_given_gradient_is_reported_at_the_first_op():
    x = Tensor(np.ones(2), requires_grad=True)
    with detect_anomaly():
        y = x * 2.0
        with pytest.raises(AnomalyError, match="Mul .*already held NaN"):
            y.backward(np.array([np.nan, 1.0]))


def test_anomaly_mode_gives_the_same_gradients():
    def run():
        autograd.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
        x = Tensor(np.linspace(-1, 1, 20, dtype=np.float32).reshape(5, 4))
        loss = nn.functional.cross_entropy(model(x), Tensor(np.array([0, 1, 2, 0, 1])))
        loss.backward()
        return [p.grad.data.copy() for p in model.parameters()]

    plain = run()
    with detect_anomaly():
        checked = run()
    for a, b in zip(plain, checked):
        np.testing.assert_array_equal(a, b)


def test_raw_numpy_write_is_caught_in_anomaly_mode():
    x = Tensor(np.ones(4, np.float32), requires_grad=True)
    w = Tensor(np.full(4, 2.0, np.float32), requires_grad=True)
    with detect_anomaly():
        y = (x * w).sum()  # MARK-mul
        w.data[...] = 0  # a raw write: version counters cannot see it
        with pytest.raises(RuntimeError, match=r"Mul \(input 1, shape \(4,\)\).*raw write") as e:
            y.backward()
    assert f"line {_line('MARK-mul')}" in str(e.value)


def test_raw_write_into_a_large_array_is_caught_by_its_hash():
    x = Tensor(np.ones(200_000, np.float32), requires_grad=True)
    with detect_anomaly():
        y = (x * x).sum()
        x.data[123] = 5
        with pytest.raises(RuntimeError, match="Mul .*modified in place"):
            y.backward()


def test_raw_write_into_saved_output_is_caught():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    with detect_anomaly():
        y = x.exp()
        y.data[0] = 0
        with pytest.raises(RuntimeError, match=r"Exp \(its output"):
            y.sum().backward()


def test_trace_is_dropped_after_backward():
    x = Tensor(np.ones(3, np.float32), requires_grad=True)
    with detect_anomaly():
        y = x.exp()
        assert y._trace is not None  # the line that made y, kept until its backward
        y.sum().backward()
    assert y._trace is None
