"""PyTorch's Tensor semantics where they are not numbers (issue 13): `size` as a number and a
method, `transpose`'s rules, named tuples, in-place operators and `_` methods, `.data`,
numpy's ufuncs, grad modes, hooks, `next_functions`, formatting and `out=`.

PyTorch's behaviour here is from its documentation and was checked with PyTorch 2.13
(the values and gradients are in tests/test_tensor_api_pytorch.py).
"""

from __future__ import annotations

import copy
import json
import pickle
import threading
import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Size, Tensor, no_grad
from autograd.data_array import DataArray


def _t(*shape, grad=False, seed=0):
    rng = np.random.default_rng(seed)
    return Tensor(rng.standard_normal(shape), requires_grad=grad)


# ------------------------------------------------------------------------ size
def test_size_is_the_count_as_a_number():
    x = _t(2, 3)
    n = x.size
    assert n == 6 and 6 == n and n * 2 == 12 and n + 1 == 7 and n // 4 == 1 and -n == -6
    assert hash(n) == hash(6) and {n: "a"}[6] == "a" and isinstance(n, int)
    assert "%d" % n == "6"  # noqa: UP031 (the % form is what is tested)
    assert f"{n}" == "6" and f"{n:3d}" == "  6" and str(n) == "6"
    assert json.dumps({"n": n}) == '{"n": 6}' and repr(n) == "6"
    assert list(range(n)) == [0, 1, 2, 3, 4, 5] and [0] * n == [0] * 6
    assert np.zeros(n).shape == (6,) and np.arange(n).size == 6 and np.asarray(n) == 6
    assert type(pickle.loads(pickle.dumps(n))) is int and type(copy.deepcopy(n)) is int
    assert sum(p.size for p in nn.Linear(3, 2).parameters()) == 8


def test_size_called_is_pytorchs_shape():
    x = _t(2, 3, 4)
    s = x.size()
    assert isinstance(s, Size) and isinstance(s, tuple) and s == (2, 3, 4) and s == x.shape
    assert repr(s) == "Size([2, 3, 4])" and str(s) == "Size([2, 3, 4])"
    assert s.numel() == 24 and Size([]).numel() == 1 and x.size(1) == 3 and x.size(-1) == 4
    assert x.size(dim=0) == 2 and type(x.size(0)) is int
    assert isinstance(s[1:], Size) and s[1:] == (3, 4) and s[0] == 2
    assert isinstance(s + (5,), Size) and isinstance((1,) + s, Size) and (1,) + s == (1, 2, 3, 4)
    assert pickle.loads(pickle.dumps(s)) == s and isinstance(pickle.loads(pickle.dumps(s)), Size)
    assert x.numel() == x.nelement() == 24 and x.dim() == x.ndimension() == 3


def test_size_misused_fails_loudly():
    x = _t(2, 3)
    for misuse in (lambda: x.size[0], lambda: tuple(x.size), lambda: len(x.size)):
        with pytest.raises(TypeError, match=r"x.size is the number of elements \(6\).*x.size\(\)"):
            misuse()
    with pytest.raises(IndexError, match="out of range"):
        x.size(2)
    with pytest.raises(IndexError, match="no dimensions"):
        Tensor(1.0).size(0)
    assert Tensor(1.0).size() == () and Tensor(1.0).size == 1


# ------------------------------------------------------------------- transpose
def test_transpose_follows_pytorch_and_keeps_numpy_where_no_conflict():
    x2, x3 = _t(2, 3), _t(2, 3, 4)
    assert x2.transpose(0, 1).shape == (3, 2)  # numpy: the identity permutation
    np.testing.assert_array_equal(x2.transpose(0, 1).data, x2.data.T)
    assert x3.transpose(-2, -1).shape == (2, 4, 3) and x3.transpose(dim0=0, dim1=2).shape == (
        4,
        3,
        2,
    )
    assert x3.transpose().shape == (4, 3, 2) and x3.T.shape == (4, 3, 2)
    assert x3.transpose(2, 0, 1).shape == (4, 2, 3)  # one entry per dim: numpy's permutation
    assert x3.transpose((1, 0, 2)).shape == (3, 2, 4) and x2.transpose((0, 1)).shape == (2, 3)
    assert x3.permute(2, 0, 1).shape == x3.permute((2, 0, 1)).shape == (4, 2, 3)
    assert x2.transpose(1, 1).shape == (2, 3)
    with pytest.raises(TypeError, match="two dims to swap .* permutation of all 4 dims"):
        _t(2, 3, 4, 5).transpose(0, 1, 2)
    with pytest.raises(RuntimeError, match=r"t\(\) expects .*transpose\(d0, d1\)"):
        x3.t()
    with pytest.raises(ValueError, match="not a permutation"):
        x3.permute(0, 0, 1)


# ------------------------------------------------------------- named tuples
def test_max_with_a_dim_is_a_named_tuple():
    x = Tensor([[1.0, 5.0, 5.0], [2.0, 2.0, 1.0]])
    r = x.max(1)
    values, indices = r
    assert isinstance(r, tuple) and type(r).__name__ == "max" and r.values is values
    assert indices.tolist() == [1, 0] and indices.dtype == np.int64
    assert "values=" in repr(r) and "indices=" in repr(r)
    assert autograd.max(x, 1).indices.tolist() == [1, 0] and x.min(dim=1).indices.tolist() == [0, 2]
    assert x.max(axis=1).tolist() == [5.0, 2.0]  # numpy's keyword: the values
    assert x.max().item() == 5.0 and x.max(Tensor(3.0)).tolist() == [
        [3.0, 5.0, 5.0],
        [3.0, 3.0, 3.0],
    ]
    assert type(x.sort()).__name__ == "sort" and type(x.topk(1)).__name__ == "topk"
    with pytest.raises(IndexError, match="to have non-zero size"):
        Tensor(np.zeros((2, 0))).max(1)


def test_var_keywords_and_degrees_of_freedom():
    x = _t(3, 4)
    np.testing.assert_allclose(x.var(1).data, np.var(x.data, axis=1, ddof=1))
    np.testing.assert_allclose(x.var(1, ddof=0).data, np.var(x.data, axis=1, ddof=0))
    np.testing.assert_allclose(
        x.std(axis=0, keepdims=True).data, np.std(x.data, 0, ddof=1, keepdims=True)
    )
    with pytest.raises(TypeError, match="one of unbiased=, correction= and ddof="):
        x.var(unbiased=True, ddof=1)
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        assert np.isnan(Tensor([3.0]).std().item())


# --------------------------------------------------------------- in place
def test_inplace_operators_keep_the_object_and_memory():
    w = Tensor(np.ones(3), requires_grad=True)
    mem = w.numpy()
    (w * 2).sum().backward()
    with no_grad():
        w -= 0.5 * w.grad
    assert w.requires_grad and w.is_leaf and w.numpy() is mem
    np.testing.assert_allclose(w.data, [0.0, 0.0, 0.0])
    model = nn.Linear(2, 1)
    before = [p.numpy().copy() for p in model.parameters()]
    model(Tensor(np.ones((1, 2), np.float32))).sum().backward()
    with no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad  # rebinding would leave the model unchanged
    assert all(not np.array_equal(b, p.numpy()) for b, p in zip(before, model.parameters()))
    a = Tensor(np.eye(2))
    a @= Tensor(np.full((2, 2), 2.0))
    m = Tensor(np.array([True, False]))
    m &= Tensor(np.array([True, True]))
    assert a.tolist() == [[2.0, 2.0], [2.0, 2.0]] and m.tolist() == [True, False]


def test_repeat_owns_its_memory_and_takes_inplace_ops():
    # PyTorch's repeat, tile and repeat_interleave give new memory: an in-place op on the
    # result (fast_neural_style's `style.repeat(b, 1, 1, 1)` then `div_`) changes only it;
    # the values and gradients are PyTorch's (2.13).
    w = autograd.arange(8.0, dtype=autograd.float64).view(4, 2)
    for f, want, grad in [
        (lambda x: x.repeat(2, 1), [[0, 2], [6, 12], [4, 10], [18, 28]], [[4, 6], [8, 10]]),
        (
            lambda x: x.repeat_interleave(2, dim=0),
            [[0, 2], [2, 6], [12, 20], [18, 28]],
            [[2, 4], [10, 12]],
        ),
    ]:
        x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
        y = f(x)
        y.mul_(w)
        y.sum().backward()
        assert y.tolist() == want and x.grad.tolist() == grad
    x = Tensor(np.array([1.0, 2.0]))
    y = x.repeat(1)
    y.add_(1)
    z = x.tile((2,))
    z[0] = 9
    assert x.tolist() == [1.0, 2.0] and y.tolist() == [2.0, 3.0] and z.tolist() == [9, 2, 1, 2]
    x = Tensor(np.random.default_rng(0).normal(size=(2, 3)), requires_grad=True)
    assert autograd.gradcheck(lambda a: a.repeat(2, 1, 1).mul_(2.0), (x,))


def test_inplace_refusals_say_what_to_write():
    w = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad .*no_grad"):
        w += 1
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad"):
        w[0] += 1
    m = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Tensor that requires grad"):
        m[0] += 1  # m[0] shares m's memory
    assert w.numpy().tolist() == [1.0] * 3 and m.numpy().tolist() == [[1.0] * 2] * 2
    i = Tensor(np.array([1, 2]))
    with pytest.raises(RuntimeError, match="can't be cast"):
        i += 1.5
    with pytest.raises(RuntimeError, match="cached constant"):
        (Tensor(1.0) * 3.25)._operand(3.25).add_(1)


def test_inplace_on_a_graph_tensor_is_recorded():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x.exp()
    y += 1  # as PyTorch: Exp's backward reads its output, now changed
    with pytest.raises(RuntimeError, match="modified in place"):
        y.sum().backward()
    z = x * 2
    used = z * 3  # an op that used z before the change (reading only the 3)
    z.add_(1)
    (used.sum() + z.sum()).backward()  # used's gradient goes to z as it was, as PyTorch's
    np.testing.assert_array_equal(x.grad.data, [8.0, 8.0])


def test_setitem_of_a_value_that_requires_grad_is_recorded():
    h = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    buf = autograd.zeros(3, 2, dtype=np.float64)
    for t in range(3):
        buf[t] = h * (t + 1)  # (a buffer filled row by row: the gradient flows)
    assert buf.requires_grad and not buf.is_leaf
    buf.sum().backward()
    np.testing.assert_allclose(h.grad.data, [6.0, 6.0])


def test_ndarray_inplace_with_tensors():
    p = Tensor(np.ones(3, np.float32), requires_grad=True)
    (p * 2).sum().backward()
    p.data += -0.1 * p.grad  # micrograd's and many tutorials' update
    np.testing.assert_allclose(p.data, [0.8] * 3, rtol=1e-6)
    arr = np.zeros(3)
    arr += Tensor(np.ones(3))
    assert arr.tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(TypeError, match="requires grad.*detach"):
        arr += p
    with no_grad():
        arr += p  # nothing is being recorded: the values
    y = np.ones(3) * p  # ndarray op Tensor: the Tensor's operator, recorded
    assert isinstance(y, Tensor) and y.grad_fn is not None
    with pytest.raises(TypeError, match=r"numpy.exp on a Tensor is not recorded: .*t.exp\(\)"):
        np.exp(p)


# ------------------------------------------------------------------- .data
def test_data_is_an_ndarray_that_speaks_pytorch():
    p = Tensor(np.array([[1.0, 4.0], [3.0, 2.0]]), requires_grad=True)
    d = p.data
    assert isinstance(d, np.ndarray) and type(np.asarray(d)) is np.ndarray
    assert np.shares_memory(d, p.numpy()) and repr(d) == repr(p.numpy())
    assert d.size == 4 and d.size() == (2, 2) and d.size(1) == 2 and d.numel() == 4 and d.dim() == 2
    assert d.std() == pytest.approx(np.std(p.numpy(), ddof=1))  # PyTorch's unbiased std
    assert np.std(d) == pytest.approx(np.std(p.numpy()))  # numpy's function: numpy's
    assert d.max(1).indices.tolist() == [1, 0] and np.max(d, axis=1).tolist() == [4.0, 3.0]
    assert d.transpose(0, 1).tolist() == [[1.0, 3.0], [4.0, 2.0]] and d.t().shape == (2, 2)
    assert np.shares_memory(d.view(-1), d) and d.view(np.int64).dtype == np.int64
    p.grad = Tensor(np.ones((2, 2)))
    p.data.add_(p.grad, alpha=-0.5)  # the word language model's update
    p.data.sub_(p.grad.data * 0.5)  # the 60-minute blitz's
    np.testing.assert_allclose(p.numpy(), [[0.0, 3.0], [2.0, 1.0]])
    p.data.zero_()
    assert not p.numpy().any() and p.data.normal_(0.0, 1.0).shape == (2, 2)


def test_data_writes_are_seen_by_the_version_check():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * x).sum()
    x.data.mul_(2)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()
    mem = x.numpy()
    x.data += 1  # the data setter sees the same memory: no new array
    assert x.numpy() is mem


# --------------------------------------------------------------- grad modes
def test_set_grad_enabled_as_a_call_a_context_and_a_decorator():
    try:
        autograd.set_grad_enabled(False)
        assert not autograd.is_grad_enabled()
    finally:
        autograd.set_grad_enabled(True)
    with autograd.set_grad_enabled(False):
        assert not autograd.is_grad_enabled()
    assert autograd.is_grad_enabled()

    @autograd.set_grad_enabled(False)
    def off():
        return autograd.is_grad_enabled()

    assert autograd.is_grad_enabled() and off() is False and autograd.is_grad_enabled()


def test_no_grad_bare_and_on_generators():
    @no_grad
    def bare():
        return autograd.is_grad_enabled()

    @no_grad()
    def gen():
        for _ in range(2):
            yield autograd.is_grad_enabled()

    @autograd.enable_grad
    def on():
        return autograd.is_grad_enabled()

    assert bare() is False and autograd.is_grad_enabled()
    g = gen()
    assert next(g) is False and autograd.is_grad_enabled()  # only around each resumption
    assert list(g) == [False]
    with no_grad():
        assert on() is True


def test_inference_mode():
    w = Tensor(np.ones(2), requires_grad=True)
    assert not autograd.is_inference_mode_enabled()
    with autograd.inference_mode():
        assert autograd.is_inference_mode_enabled() and not autograd.is_grad_enabled()
        a, b = autograd.ones(2), w * 2
    assert a.is_inference() and b.is_inference() and not b.requires_grad and not w.is_inference()
    with pytest.raises(RuntimeError, match="inference mode"):
        a.requires_grad_()
    with autograd.inference_mode(False):
        assert autograd.is_grad_enabled() and not autograd.is_inference_mode_enabled()

    @autograd.inference_mode
    def f():
        return autograd.is_inference_mode_enabled()

    assert f() is True


def test_grad_mode_is_per_thread():
    seen = []
    with no_grad():
        t = threading.Thread(target=lambda: seen.append(autograd.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


# ---------------------------------------------------------------------- hooks
def test_hooks_replace_the_gradient_and_come_off():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 3
    handle = y.register_hook(lambda g: g * 2)
    y.retain_grad()
    (y * y).sum().backward(retain_graph=True)
    np.testing.assert_allclose(y.grad.data, [12.0, 24.0])  # retained after the hook
    np.testing.assert_allclose(x.grad.data, [36.0, 72.0])
    handle.remove()
    handle.remove()  # twice is harmless
    x.grad = None
    (y * y).sum().backward(retain_graph=True)
    x.grad = None
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad.data, [18.0, 36.0])
    assert y.retains_grad and not x.retains_grad


def test_hook_errors_and_guards():
    x = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        Tensor(np.ones(2)).register_hook(lambda g: g)
    with pytest.raises(RuntimeError, match="non-leaf"):
        (x * 2).register_post_accumulate_grad_hook(lambda t: None)
    y = x * 2
    y.register_hook(lambda g: g.sum())
    with pytest.raises(RuntimeError, match="changed the gradient's shape"):
        y.sum().backward()
    z = x * 2
    z.register_hook(lambda g: g.mul_(2))  # a hook must not write into the gradient
    with pytest.raises(ValueError, match="read-only"):
        z.sum().backward()


def test_leaf_hooks_run_before_accumulation_beside_leaves_without_hooks():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    plain = Tensor(np.array([3.0, 4.0])).detach().requires_grad_()  # a leaf made later
    seen = []
    x.register_hook(lambda g: g * 10)
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.numpy().copy()))
    (x * plain).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [30.0, 40.0])  # the hook's gradient
    np.testing.assert_allclose(plain.grad.numpy(), [1.0, 2.0])
    np.testing.assert_allclose(seen[0], [30.0, 40.0])  # after the accumulation


def test_hooks_under_create_graph_are_recorded():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * x
    y.register_hook(lambda g: g * x)
    (gx,) = autograd.grad(y.sum(), x, create_graph=True)
    np.testing.assert_allclose(gx.data, [2.0, 8.0])  # 2x * x
    (ggx,) = autograd.grad(gx.sum(), x)
    np.testing.assert_allclose(ggx.data, [4.0, 8.0])  # d(2 x^2)/dx


# -------------------------------------------------------------- next_functions
def test_next_functions_as_pytorch():
    w = Tensor(np.ones(2), requires_grad=True)
    c = Tensor(np.ones(2))
    loss = ((w * c).relu() + 1).sum()
    fn = loss.grad_fn
    assert fn.name() == fn.name == "Sum" and f"{fn.name}" == "Sum"
    ((add, n0),) = fn.next_functions
    assert add.name() == "Add" and n0 == 0
    relu = add.next_functions[0][0]
    assert relu.name == "Relu" and add.next_functions[1] == (None, 0)  # a constant
    mul = relu.next_functions[0][0]
    acc, none = mul.next_functions
    assert acc[0].variable is w and acc[0].name() == "AccumulateGrad" and acc[1] == 0
    assert none == (None, 0) and acc[0].next_functions == ()


# ------------------------------------------------------------ format, out=
def test_format_of_one_element_tensors():
    assert f"{Tensor(2.5):.2f}" == "2.50" and f"{Tensor([[0.125]]):.3f}" == "0.125"
    assert "%+.2f" % Tensor(1.5) == "+1.50"  # noqa: UP031 (makemore's spelling)
    assert f"{Tensor([1.0, 2.0])}" == str(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="only one-element tensors"):
        f"{Tensor([1.0, 2.0]):.2f}"


def test_format_of_a_0d_tensor_without_spec_is_its_number():
    # PyTorch 2.13's f-strings: f"{torch.tensor(39.)}" == "39.0", and so on
    assert f"{Tensor(np.float32(39.0))}" == "39.0"
    assert f"{Tensor(np.float32(0.1))}" == "0.10000000149011612"
    assert f"{Tensor(np.float64(0.1))}" == "0.1" and f"{Tensor(3)}" == "3"
    assert f"{Tensor(True)}" == "True"
    assert f"{Tensor(1 + 2j)}" == "(1+2j)"
    assert f"{Tensor(2.5, requires_grad=True) * 2}" == "5.0"
    assert f"{Tensor([1.5])}" == str(Tensor([1.5]))  # one element but 1-d: the tensor
    p = nn.Parameter(autograd.tensor(2.0))
    assert f"{p}" == str(p)  # a subclass: the tensor, as PyTorch's Parameter


def test_out_writes_in_place_and_refuses_grad():
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((3, 2)))
    out = autograd.zeros(2, 2, dtype=np.float64)
    mem = out.numpy()
    assert autograd.matmul(input=a, other=b, out=out) is out and out.numpy() is mem
    assert out.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    small = autograd.zeros(1, dtype=np.float64)
    with pytest.warns(UserWarning, match="resized"):
        autograd.mul(a, a, out=small)
    assert small.shape == (2, 3)
    with pytest.raises(RuntimeError, match="out=.* don't support automatic differentiation"):
        autograd.exp(Tensor(np.ones(2), requires_grad=True), out=autograd.zeros(2))
    with pytest.raises(RuntimeError, match="can't be cast"):
        autograd.exp(Tensor(np.ones(2)), out=Tensor(np.zeros(2, np.int64)))


def test_einsum_errors_are_clear():
    a = _t(2, 3)
    with pytest.raises(ValueError, match="2 operands"):
        autograd.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match="3 subscripts but 2 dims"):
        autograd.einsum("ijk->i", a)
    with pytest.raises(ValueError, match="output subscript 'z'"):
        autograd.einsum("ij->z", a)


def test_data_array_survives_numpy():
    d = _t(3, 4).data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(d * 2, DataArray) and np.mean(d) == pytest.approx(d.mean())
        assert np.sort(d, axis=1).shape == (3, 4) and np.repeat(d, 2).shape == (24,)


def test_data_sign_as_pytorch():
    # the FGSM tutorial's `data.grad.data.sign()`; PyTorch 2.13's torch.sign of these values
    x = Tensor(np.array([-2.0, -0.0, 0.0, 3.0, np.nan, np.inf, -np.inf]))
    s = x.data.sign()
    assert isinstance(s, DataArray) and s.dtype == np.float64
    assert s.tolist() == [-1.0, 0.0, 0.0, 1.0, 0.0, 1.0, -1.0]
    assert autograd.tensor([-3, 0, 2]).data.sign().tolist() == [-1, 0, 1]
    assert autograd.tensor([True, False]).data.sign().tolist() == [True, False]


def test_nonzero_as_pytorch():
    y = autograd.tensor([[0, 1], [2, 0]])
    assert y.nonzero().tolist() == [[0, 1], [1, 0]] and y.nonzero().dtype == np.int64
    assert [t.tolist() for t in y.nonzero(as_tuple=True)] == [[0, 1], [1, 0]]
    assert autograd.nonzero(y).shape == (2, 2) and autograd.zeros(0, 3).nonzero().shape == (0, 2)
    assert autograd.tensor(5.0).nonzero().shape == (1, 0)  # PyTorch's shapes for 0-d
    assert autograd.tensor(0.0).nonzero().shape == (0, 0)


def test_a_function_with_several_outputs_is_refused_with_advice():
    class Two(autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b, a + b

        @staticmethod
        def backward(ctx, g):
            return g, g

    with pytest.raises(TypeError, match="one Function per output"):
        Two.apply(autograd.ones(2, requires_grad=True), autograd.ones(2))


def test_the_modified_in_place_error_advises_clone():
    x = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    z = y * y
    y[0] = 5.0
    with pytest.raises(RuntimeError, match=r"Modify a \.clone\(\) instead"):
        z.sum().backward()
