"""In-place safety: version counters catch values changed between forward and backward."""

import numpy as np
import pytest

import nn
import optim
from autograd import Tensor, no_grad, versions


def _t(*values, grad=False):
    return Tensor(np.array(values, dtype=np.float32), requires_grad=grad)


def test_tensors_sharing_memory_share_the_check():
    x = _t(1.0, 2.0, grad=True)
    y = (x * x).sum()
    d = x.detach()  # the same memory
    with no_grad():
        d.add_(1)
    with pytest.raises(RuntimeError, match="modified in place after Mul used it"):
        y.backward()
    # the other way round: a graph that saved the alias, the original changed
    w = _t(3.0, 4.0, grad=True)
    alias = Tensor(x)  # shares x's memory
    y = (w * alias).sum()
    with no_grad():
        x.mul_(2)
    with pytest.raises(RuntimeError, match=r"Mul \(input 1"):
        y.backward()
    # a view made under no_grad
    m = Tensor(np.ones((2, 3), np.float32), requires_grad=True)
    y = (m * m).sum()
    with no_grad():
        m.reshape(-1)[:2].mul_(5)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_memory_that_was_not_written_into_raises_nothing():
    a, b = _t(1.0, 2.0, grad=True), _t(1.0, 2.0)
    y = (a * a).sum()
    b.add_(1)  # other memory
    c = _t(0.0, 0.0)
    c.data = a.data  # c now shares a's memory, but nothing was written into it
    y.backward()
    np.testing.assert_allclose(a.grad.data, [2.0, 4.0])


def test_fresh_tensors_have_version_zero_and_bumps_increase():
    x = _t(1.0, 2.0)
    assert x._version == 0
    x.add_(1)
    v1 = x._version
    x.mul_(2)
    assert v1 > 0 and x._version > v1
    assert (x * 1)._version == 0


@pytest.mark.parametrize(
    "method, args, expected",
    [
        ("add_", (1.0,), [2.0, 3.0]),
        ("sub_", (1.0,), [0.0, 1.0]),
        ("mul_", (3.0,), [3.0, 6.0]),
        ("div_", (2.0,), [0.5, 1.0]),
        ("zero_", (), [0.0, 0.0]),
        ("fill_", (7.0,), [7.0, 7.0]),
        ("copy_", (np.array([5.0, 6.0]),), [5.0, 6.0]),
        ("clamp_", (1.5, None), [1.5, 2.0]),
    ],
)
def test_inplace_methods(method, args, expected):
    x = _t(1.0, 2.0)
    data = x.numpy()
    out = getattr(x, method)(*args)
    assert out is x and x.numpy() is data  # same memory
    np.testing.assert_allclose(x.data, expected)
    assert x.dtype == np.float32 and x._version > 0


def test_inplace_with_tensor_operand_and_alpha():
    x = _t(1.0, 2.0)
    x.add_(_t(1.0, 1.0), alpha=2)
    np.testing.assert_allclose(x.data, [3.0, 4.0])


def test_inplace_on_a_0d_tensor():
    x = Tensor(np.float32(2.0))
    x.mul_(3)
    assert x.item() == 6.0 and x.shape == () and x.dtype == np.float32


def test_setitem():
    x = _t(1.0, 2.0, 3.0)
    x[1] = 5
    x[Tensor(np.array([0]))] = _t(9.0)
    np.testing.assert_allclose(x.data, [9.0, 5.0, 3.0])
    assert x._version > 0
    with pytest.raises(IndexError, match=r"shape \(3,\)"):
        x[3] = 1


def test_leaf_requiring_grad_refuses_inplace_unless_no_grad():
    w = _t(1.0, 2.0, grad=True)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad .* in-place"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad"):
        w[0] = 3
    with no_grad():
        w.add_(1)
        w[0] = 0
    np.testing.assert_allclose(w.data, [0.0, 3.0])


def test_nonleaf_in_graph_records_inplace():
    x = _t(1.0, 2.0, grad=True)
    y = x * 2
    y.mul_(3)  # recorded, as PyTorch's: y is now the node of the multiplication
    assert y.grad_fn.name == "Mul" and y.grad_fn.next_functions[0][0].name == "Mul"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, [6.0, 6.0])


def test_bad_inplace_arguments_are_clear():
    x = Tensor(np.array([1, 2], dtype=np.int64))
    with pytest.raises(RuntimeError, match="cast"):
        x.div_(2)  # an int tensor cannot hold a float result (PyTorch: a RuntimeError)
    with pytest.raises(ValueError):
        _t(1.0, 2.0).add_(np.ones(3))
    with pytest.raises(ValueError, match="min and max"):
        _t(1.0).clamp_()


def test_modified_input_is_detected_at_backward():
    x = _t(*range(12), grad=True).reshape(3, 4)
    w = Tensor(np.ones((3, 4), np.float32), requires_grad=False)
    y = (x * w).sum()
    w.mul_(2)  # w was saved by Mul (its gradient wrt x is w)
    with pytest.raises(RuntimeError) as info:
        y.backward()
    msg = str(info.value)
    assert "backward of Mul (input 1, shape (3, 4))" in msg
    assert "modified in place after Mul used it" in msg
    assert ".clone()" in msg and "after backward()" in msg


def test_data_setter_bumps_the_version():
    x = _t(1.0, 2.0, grad=True)
    y = (x * x).sum()
    x.data = np.array([3.0, 4.0], np.float32)
    with pytest.raises(RuntimeError, match="Mul"):
        y.backward()


def test_augmented_assignment_on_data_bumps_the_version():
    x = _t(1.0, 2.0, grad=True)
    y = x.sin().sum()  # Sin reads its input (Exp would read only its output)
    x.data -= 1  # calls the data setter
    with pytest.raises(RuntimeError, match="Sin"):
        y.backward()


def test_modified_output_is_detected():
    x = _t(1.0, 2.0, grad=True)
    y = x.exp()  # Exp's backward reads its output
    with no_grad():
        y.zero_()
    with pytest.raises(RuntimeError, match=r"Exp \(its output"):
        y.backward(np.ones(2, np.float32))


def test_optimizer_step_before_backward_is_detected():
    model = nn.Linear(3, 2)
    opt = optim.SGD(model.parameters(), lr=0.1)
    x = Tensor(np.ones((4, 3), np.float32), requires_grad=True)
    loss = model(x).sum()
    loss.backward(retain_graph=True)
    opt.step()  # the weights the graph saved (for x's gradient) are now stale
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_optimizer_step_before_backward_passes_where_the_weights_are_not_read():
    # x does not require grad: Linear's backward reads x (for the weight) but not the
    # weights, so PyTorch runs it (the gradient of the function the graph computed)
    model = nn.Linear(3, 2)
    opt = optim.SGD(model.parameters(), lr=0.1)
    x = Tensor(np.ones((4, 3), np.float32))
    loss = model(x).sum()
    loss.backward(retain_graph=True)
    opt.step()
    loss.backward()
    np.testing.assert_array_equal(model.weight.grad.numpy(), np.full((2, 3), 8.0))


def test_optimizer_bumps_each_updated_parameter_once():
    a, b = (
        Tensor(np.ones(2, np.float32), requires_grad=True),
        Tensor(np.ones(2, np.float32), requires_grad=True),
    )
    opt = optim.Adam([a, b], lr=0.1)
    (a * 2).sum().backward()  # b gets no gradient
    now = versions.tick()
    opt.step()
    assert a._version == versions.latest_change() == now + 1  # one change, to a ...
    assert b._version == 0  # ... and none to b


def test_init_and_load_state_dict_bump():
    layer = nn.Linear(2, 2)
    x = Tensor(np.ones((1, 2), np.float32), requires_grad=True)  # x's gradient reads w
    y = layer(x).sum()
    nn.init.zeros_(layer.bias)
    nn.init.normal_(layer.weight)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()
    y = layer(x).sum()
    layer.load_state_dict(nn.Linear(2, 2).state_dict())
    with pytest.raises(RuntimeError, match="Affine"):
        y.backward()


def test_ordinary_training_loop_passes():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = Tensor(np.ones((5, 3), np.float32))
    y = Tensor(np.array([0, 1, 0, 1, 1]))
    for _ in range(3):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()


def test_modification_before_the_op_is_fine():
    x = _t(1.0, 2.0, grad=True)
    with no_grad():
        x.mul_(2)
    y = (x * x).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.data, [4.0, 8.0])


def test_second_backward_with_retained_graph_checks_versions():
    x = _t(1.0, 2.0, grad=True)
    w = _t(3.0, 4.0)
    y = (x * w).sum()
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)  # nothing changed: fine
    w.fill_(0)
    with pytest.raises(RuntimeError, match="Mul"):
        y.backward()


def test_raw_numpy_write_bypasses_versions_in_normal_mode():
    # documented in docs/reliability.md: like PyTorch's .data; anomaly mode catches it
    x = _t(1.0, 2.0, grad=True)
    w = _t(3.0, 4.0)
    y = (x * w).sum()
    w.data[...] = 0
    y.backward()
    np.testing.assert_allclose(x.grad.data, [0.0, 0.0])
