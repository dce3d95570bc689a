"""The backward engine: graph shapes, accumulation, freeing, grad modes, errors."""

import gc
import weakref

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor


def leaf(v, dtype=np.float64):
    return Tensor(np.asarray(v, dtype=dtype), requires_grad=True)


def test_value_used_twice_adds_its_gradients():
    a = leaf(3.0)
    (a + a).backward()
    assert a.grad.item() == 2.0
    b = leaf(3.0)
    (b * b).backward()
    assert b.grad.item() == 6.0


def test_diamond():
    x = leaf(2.0)
    y = x * 3
    z = x.exp()
    out = y * z  # d/dx = 3 e^x + 3x e^x
    out.backward()
    assert np.isclose(x.grad.item(), 3 * np.exp(2) + 6 * np.exp(2))


def test_value_used_in_three_places():
    x = leaf([1.0, 2.0])
    y = x * x * x + x  # 3x^2 + 1
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, [4.0, 13.0])


def test_lecture_example_x_plus_y_times_z():
    x, y, z = leaf(-2.0), leaf(5.0), leaf(-4.0)
    f = (x + y) * z
    f.backward()
    assert f.item() == -12.0
    assert (x.grad.item(), y.grad.item(), z.grad.item()) == (-4.0, -4.0, 3.0)


def test_million_node_chain_has_no_recursion_limit():
    x = Tensor(1.0, requires_grad=True)
    one = Tensor(1.0)
    y = x
    for _ in range(1_000_000):
        y = y + one
    y.backward()
    assert x.grad.item() == 1.0
    assert y.item() == 1_000_001.0


def test_accumulation_over_two_backward_calls():
    x = leaf([1.0, 2.0])
    (x * 2).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.data, [5.0, 5.0])
    x.zero_grad()
    assert x.grad is None


def test_graph_is_freed_after_backward():
    x = leaf([1.0, 2.0])
    h = x * 2
    values = weakref.ref(h._data)
    node = weakref.ref(h)
    out = (h * h).sum()
    del h
    assert values() is not None  # kept alive by the graph
    out.backward()
    assert values() is None  # freed by backward while `out` is still alive
    assert node() is not None and node().shape == (2,)  # the structure stays, for drawing
    assert node()._op.name == "Mul" and node()._links[0] is x
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        out.backward()
    with pytest.raises(RuntimeError, match="freed by backward"):
        node().numpy()


def test_a_large_graph_keeps_the_structure_nearest_its_output():
    # the nodes a backward frees first keep their links (for drawing); beyond
    # KEEP_STRUCTURE they are dropped as the backward goes, and those nodes die then
    from autograd import engine

    x = leaf(1.0)
    first = x * 1.0
    far = weakref.ref(first)
    y = first
    for _ in range(engine.KEEP_STRUCTURE + 100):
        y = y * 1.0
    near = y.grad_fn.inputs[0]
    del first
    y.backward()
    assert far() is None  # freed during the backward, as before
    assert near._links is not None and y._links[0] is near  # kept


def test_backward_keeps_the_values_of_tensors_the_user_holds():
    x = leaf([1.0, 2.0])
    h = x * 2  # held: its values survive the backward that frees the graph behind it
    hh = h * h
    out = hh.sum()
    del hh
    out.backward()
    np.testing.assert_array_equal(h.data, [2.0, 4.0])
    assert out.item() == 20.0 and out.grad_fn.inputs is None
    with pytest.raises(RuntimeError, match="already freed: op Mul"):
        h.backward(np.ones(2))


def test_a_backward_that_fails_half_way_leaves_every_grad_as_it_was():
    x, w = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    h = x * w
    (h * 2).sum().backward()  # frees h's op too
    before = x.grad.data.copy(), w.grad.data.copy()
    out = (h * 3).sum() + (x * w).sum()  # a live branch, and one through the freed h
    with pytest.raises(RuntimeError, match="already freed: op Mul"):
        out.backward()
    np.testing.assert_array_equal(x.grad.data, before[0])  # nothing accumulated
    np.testing.assert_array_equal(w.grad.data, before[1])


def test_ops_run_newest_first_whatever_the_shape_of_the_graph():
    # a value used by ops recorded long after it: its gradient is complete before its op runs
    x = leaf(2.0)
    a = x * 3  # used now and by the very last op
    b = a
    for _ in range(50):
        b = b * 1.0 + a * 0.0
    out = b * a  # d/dx (a * a) with a = 3x: 2 * 9 * x = 36
    assert out._stamp > b._stamp > a._stamp  # recording order is a topological order
    out.backward()
    assert x.grad.item() == pytest.approx(36.0)
    assert 0 > out._stamp and 0 > b._stamp and 0 > a._stamp  # freed: negated


def test_a_scalar_node_is_one_tracked_object():
    # the tensor keeps its op (shared) and inputs itself: no op object, no tuple per node
    x = leaf(1.0, np.float32)
    y = x * 1.0001
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(1000):
        y = y * x + x
    assert len(gc.get_objects()) - before <= 2000 + 50  # 2 ops per step, one object each
    assert y._op is (x + x)._op  # stateless ops are shared rules


def test_a_stateless_op_takes_no_attributes():
    from autograd.ops_elementwise import Exp

    with pytest.raises(TypeError, match=r"Exp has no attributes \(no slots\), got \['axis'\]"):
        Exp.apply(leaf([1.0]), axis=0)


def test_grad_fn_is_a_view_of_the_node():
    x, w = leaf([1.0, 2.0]), Tensor(np.array([3.0, 4.0]))
    y = x * w
    fn = y.grad_fn
    assert fn == y.grad_fn and hash(fn) == hash(y.grad_fn) and fn != (x * w).grad_fn
    assert fn.name == "Mul" and repr(fn) == "<Mul>" and fn.inputs == (x, w)
    assert fn.op.needs == (True, False)  # the backward skips w's gradient
    assert x.grad_fn is None and y.sum().grad_fn.attributes() == {
        "axis": None,
        "keepdims": False,
        "dtype": None,
    }
    y.sum().backward()
    assert fn.inputs is None  # freed


def test_retain_graph_allows_a_second_backward():
    x = leaf(3.0)
    y = x * x
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == 12.0


def test_no_reference_cycles():
    gc.collect()
    x = leaf(np.ones((3, 4)))
    w = leaf(np.ones((4, 2)))
    for _ in range(3):
        loss = ((x @ w).tanh() ** 2).mean()
        loss.backward()
    del loss
    assert gc.collect() == 0


def test_no_grad_records_nothing():
    x = leaf([1.0])
    with ag.no_grad():
        y = x * 2
        assert not ag.is_grad_enabled()
        with ag.enable_grad():
            z = x * 2
    assert y.grad_fn is None and not y.requires_grad
    assert z.grad_fn is not None
    assert ag.is_grad_enabled()

    @ag.no_grad()
    def f(t):
        return t * 3

    assert f(x).grad_fn is None


def test_ops_on_constants_record_nothing():
    a = Tensor([1.0, 2.0])
    assert (a * 2 + a).grad_fn is None


def test_non_scalar_backward_needs_a_gradient():
    x = leaf([1.0, 2.0])
    y = x * 2
    with pytest.raises(RuntimeError, match="one element"):
        y.backward()
    y.backward(Tensor(np.array([1.0, 10.0])))
    np.testing.assert_allclose(x.grad.data, [2.0, 20.0])


def test_gradient_of_the_wrong_shape_is_an_error():
    y = leaf([1.0, 2.0]) * 2
    with pytest.raises(RuntimeError, match="shape"):
        y.backward(np.ones(3))


def test_backward_on_a_constant_is_an_error():
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor(1.0).backward()


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(TypeError, match="floating"):
        Tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="int64"):
        Tensor([1, 2]).requires_grad_()


def test_grad_returns_a_tuple_and_leaves_dot_grad_alone():
    x, y = leaf(2.0), leaf(3.0)
    gx, gy = ag.grad(x * y, [x, y])
    assert (gx.item(), gy.item()) == (3.0, 2.0)
    assert x.grad is None and y.grad is None


def test_grad_unused_input():
    x, y = leaf(2.0), leaf(3.0)
    with pytest.raises(RuntimeError, match="allow_unused"):
        ag.grad(x * 2, [x, y])
    gx, gy = ag.grad(x * 2, [x, y], allow_unused=True)
    assert gx.item() == 2.0 and gy is None


def test_higher_order_derivatives_of_scalar_functions():
    x = leaf(0.7)
    y = x.sin() * x.exp()
    (d1,) = ag.grad(y, x, create_graph=True)
    (d2,) = ag.grad(d1, x, create_graph=True)
    (d3,) = ag.grad(d2, x)
    s, c, e = np.sin(0.7), np.cos(0.7), np.exp(0.7)
    assert np.isclose(d1.item(), e * (s + c))
    assert np.isclose(d2.item(), 2 * e * c)
    assert np.isclose(d3.item(), 2 * e * (c - s))


def test_x_cubed_third_derivative():
    x = leaf(2.0)
    (g1,) = ag.grad(x**3, x, create_graph=True)
    (g2,) = ag.grad(g1, x, create_graph=True)
    (g3,) = ag.grad(g2, x)
    assert (g1.item(), g2.item(), g3.item()) == (12.0, 12.0, 6.0)


def test_backward_create_graph_gives_differentiable_grad():
    x = leaf([1.0, 2.0])
    (x**3).sum().backward(create_graph=True)
    g = x.grad
    assert g.requires_grad
    (h,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(h.data, 6 * x.data)


def test_hessian_of_a_small_tensor_function():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])

    def f(x):
        return (x @ Tensor(A) @ x) * 0.5 + (x**3).sum()

    x0 = np.array([0.5, -1.0])
    H = ag.functional.hessian(f, Tensor(x0))
    np.testing.assert_allclose(H.data, A + np.diag(6 * x0))


def test_functional_shapes_follow_the_nesting():
    x, y = Tensor(np.ones(3)), Tensor(np.ones((2, 2)))
    J = ag.functional.jacobian(lambda a: a * 2, x)
    assert J.shape == (3, 3)
    Js = ag.functional.jacobian(lambda a, b: a.sum() * b, (x, y))
    assert len(Js) == 2 and Js[0].shape == (2, 2, 3) and Js[1].shape == (2, 2, 2, 2)
    out, vjp = ag.functional.vjp(lambda a: a**2, x, Tensor(np.ones(3)))
    np.testing.assert_allclose(vjp.data, 2 * np.ones(3))
    out, jvp = ag.functional.jvp(lambda a: a**2, x, Tensor(np.arange(3.0)))
    np.testing.assert_allclose(jvp.data, 2 * np.arange(3.0))
    out, hvp = ag.functional.hvp(lambda a: (a**3).sum(), x, Tensor(np.ones(3)))
    np.testing.assert_allclose(hvp.data, 6 * np.ones(3))


def test_retain_grad_keeps_an_intermediate_gradient():
    x = leaf(2.0)
    h = (x * 3).retain_grad()
    (h * h).backward()
    assert h.grad.item() == 12.0


# --------------------------------------------------------------- tie rules
def test_relu_derivative_at_zero_is_zero():
    x = leaf([-1.0, 0.0, 2.0])
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0, 1.0])


def test_abs_derivative_at_zero_is_zero():
    x = leaf([-1.0, 0.0, 2.0])
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad.data, [-1.0, 0.0, 1.0])


def test_maximum_splits_ties_evenly():
    a, b = leaf([1.0, 2.0, 3.0]), leaf([1.0, 5.0, 0.0])
    ag.maximum(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad.data, [0.5, 0.0, 1.0])
    np.testing.assert_array_equal(b.grad.data, [0.5, 1.0, 0.0])


def test_max_reduction_splits_ties_evenly():
    x = leaf([[3.0, 1.0, 3.0], [0.0, 2.0, 1.0]])
    x.max(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]])
    y = leaf([4.0, 4.0, 4.0, 1.0])
    y.max().backward()
    np.testing.assert_allclose(y.grad.data, [1 / 3, 1 / 3, 1 / 3, 0.0])


def test_clip_passes_the_gradient_inside_and_at_the_bounds():
    x = leaf([-2.0, -1.0, 0.0, 1.0, 2.0])
    x.clip(-1.0, 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 1.0, 1.0, 0.0])


# --------------------------------------------------------------- indexing
def test_repeated_indices_accumulate():
    x = leaf([1.0, 2.0, 3.0])
    x[[0, 0, 2, 0]].sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 0.0, 1.0])


def test_basic_and_boolean_indexing_gradients():
    x = leaf(np.arange(12.0).reshape(3, 4))
    (x[1:, ::2] * 2).sum().backward()
    expected = np.zeros((3, 4))
    expected[1:, ::2] = 2
    np.testing.assert_array_equal(x.grad.data, expected)
    y = leaf([1.0, -1.0, 2.0])
    y[y.data > 0].sum().backward()
    np.testing.assert_array_equal(y.grad.data, [1.0, 0.0, 1.0])


# ------------------------------------------------------------- broadcasting
def test_broadcasting_gradients_are_summed_back():
    a = leaf(np.ones((3, 1)))
    b = leaf(np.ones(4))
    (a * b + b).sum().backward()  # d/db = sum_i a_i + 3 (b is added to each of 3 rows)
    np.testing.assert_array_equal(a.grad.data, np.full((3, 1), 4.0))
    np.testing.assert_array_equal(b.grad.data, np.full(4, 6.0))


def test_leaf_gradients_never_share_memory():
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    ((x + y) ** 2).sum().backward()  # Add hands the same array to both
    assert not np.shares_memory(x.grad.data, y.grad.data)
    x.grad.data[...] = 0  # a user clipping one gradient in place
    np.testing.assert_array_equal(y.grad.data, [8.0, 12.0])
    G = np.arange(2.0)
    x.grad = y.grad = None
    (x + y).backward(G)
    assert not np.shares_memory(x.grad.data, G) and not np.shares_memory(y.grad.data, G)
    gx, gy = ag.grad(x + y.reshape(2), [x, y], G)
    assert not np.shares_memory(gx.data, gy.data) and not np.shares_memory(gx.data, G)


# ----------------------------------------------------------- custom Function
class Cube(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x**2 * grad


def test_custom_function_first_and_second_derivatives():
    x = leaf([0.5, -1.5])
    assert ag.gradcheck(Cube.apply, (x,))
    assert ag.gradgradcheck(Cube.apply, (x,))
    y = Cube.apply(x)
    assert y.grad_fn.name == "Cube"


def test_custom_function_with_a_wrong_number_of_gradients():
    class Two(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad, grad

    with pytest.raises(RuntimeError, match="Two.backward returned 2 gradients, expected 1"):
        Two.apply(leaf([1.0])).sum().backward()


def test_custom_function_with_a_wrong_gradient_shape():
    class Bad(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad[:1]

    with pytest.raises(RuntimeError, match=r"Bad.backward returned a gradient of shape \(1,\)"):
        Bad.apply(leaf([1.0, 2.0])).sum().backward()


def test_custom_function_with_non_tensor_arguments():
    class Scale(ag.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.k, None

    x = leaf([1.0, 2.0])
    Scale.apply(x, 3.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.0])


# ---------------------------------------------------------------- gradcheck
class WrongCube(Cube):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        g = 3 * x**2 * grad
        g[7] *= 1.5  # off by a factor at one element
        return g


def test_gradcheck_report_names_the_input_and_the_worst_elements():
    x = Tensor(np.linspace(0.5, 2.0, 1000), requires_grad=True, name="x")
    with pytest.raises(ag.GradcheckError) as info:
        ag.gradcheck(WrongCube.apply, (x,))
    msg = str(info.value)
    assert "input 0 ('x') of shape (1000,)" in msg
    assert "element [7]" in msg and "numerical" in msg and "analytic" in msg
    assert "largest absolute error" in msg and "largest relative error" in msg
    assert len(msg.splitlines()) < 12  # the worst few, not a dump
    assert ag.gradcheck(WrongCube.apply, (x,), raise_exception=False) is False


def test_gradcheck_handles_vector_valued_functions():
    a = leaf(np.random.default_rng(0).standard_normal((2, 3)))
    b = leaf(np.random.default_rng(1).standard_normal(3))
    assert ag.gradcheck(lambda a, b: (a * b, (a - b).sum(axis=0)), (a, b))


def test_slices_of_one_tensor_are_summed_sparsely():
    x = leaf(np.arange(12.0).reshape(4, 3))
    total = x[0].sum()
    for t in range(1, 4):
        total = total + x[t].sum() * (t + 1)
    total = total + x[[0, 0]].sum()
    total.backward()
    expected = np.array([[3.0] * 3, [2.0] * 3, [3.0] * 3, [4.0] * 3])
    np.testing.assert_array_equal(x.grad.data, expected)
    y = leaf([1.0, 2.0])
    y[1].backward()  # a single slice reaching a leaf is made dense
    np.testing.assert_array_equal(y.grad.data, [0.0, 1.0])


def test_the_registry_is_keyed_by_qualified_name():
    class Mul(ag.Op):  # a Mul of its own does not collide with the engine's
        pass

    engine_mul = ag.Op.registry["autograd.ops_elementwise.Mul"]
    assert engine_mul.__module__ == "autograd.ops_elementwise" and engine_mul is not Mul
    key = f"{__name__}.test_the_registry_is_keyed_by_qualified_name.<locals>.Mul"
    assert ag.Op.registry.pop(key) is Mul

    class Mul(ag.Op):  # noqa: F811  defined again (a notebook cell run twice): replaced
        pass

    assert ag.Op.registry.pop(key) is Mul


def test_relu_of_nan_is_nan():
    assert np.isnan(Tensor(np.float32("nan")).relu().item())
    assert np.isnan(Tensor([np.nan, -1.0]).relu().data[0])


def _counting_heap_pushes(monkeypatch) -> list:
    """Count the tensors the backward puts on its heap (the rest are taken as ready)."""
    from autograd import engine

    pushed = []
    real = engine.heappush

    def push(heap, item):
        pushed.append(item)
        real(heap, item)

    monkeypatch.setattr(engine, "heappush", push)
    return pushed


def test_a_chain_of_single_consumers_bypasses_the_heap(monkeypatch):
    # an input only its consumer links has a complete gradient once that consumer ran
    pushed = _counting_heap_pushes(monkeypatch)
    x, w = leaf(0.5), leaf(2.0)
    acc = x
    for _ in range(200):
        acc = acc + w * x  # a sum of products: every intermediate has one consumer
    acc.backward()
    assert len(pushed) == 1  # the root only
    assert x.grad.item() == pytest.approx(1 + 200 * 2.0)
    assert w.grad.item() == pytest.approx(200 * 0.5)


def test_array_chains_through_broadcasting_ops_bypass_the_heap_too(monkeypatch):
    pushed = _counting_heap_pushes(monkeypatch)
    x, w, b = leaf([1.0, 2.0, 3.0, 4.0]), leaf([[0.5], [2.0]]), leaf(0.25)
    y = x
    for _ in range(20):
        y = y * w + b  # broadcast: (2, 4) after the first step, summed back for w and b
    loss = y.sum()
    del y  # (a tensor the user holds waits on the heap)
    loss.backward()
    assert len(pushed) == 1
    ref = [Tensor(v, requires_grad=True) for v in (x.numpy(), w.numpy(), b.numpy())]
    y = ref[0]
    for _ in range(20):
        y = y * ref[1] + ref[2]
    y.sum().backward(retain_graph=True)  # the heap's way: every node kept and counted
    for ours, theirs in zip((x, w, b), ref):
        np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-12)


def test_one_input_chains_and_balanced_trees_are_taken_as_ready(monkeypatch):
    # ops of one input (tanh, exp) and a tree of sums that leaves many tensors ready at once
    pushed = _counting_heap_pushes(monkeypatch)
    xs = [leaf(0.1 * k) for k in range(16)]
    level = [(x * x).tanh().exp() for x in xs]
    while len(level) > 1:  # pairwise: each sum has two ready inputs
        level = [level[i] + level[i + 1] for i in range(0, len(level), 2)]
    level[0].backward()
    assert len(pushed) == 1  # the root only
    for k, x in enumerate(xs):
        v = 0.1 * k
        expected = np.exp(np.tanh(v * v)) * (1 - np.tanh(v * v) ** 2) * 2 * v
        assert x.grad.item() == pytest.approx(expected, rel=1e-12)


def test_an_op_used_by_a_leaf_and_an_intermediate_sends_each_its_gradient():
    # the inlined step's two inputs: a leaf (summed at the end) and a ready intermediate
    w, x = leaf(3.0), leaf(2.0)
    y = w * (x * x)  # x * x: ready once w * (.) ran; w: a leaf
    (y * 1.0).backward()
    assert w.grad.item() == 4.0
    assert x.grad.item() == 12.0  # d/dx w x^2 = 2 w x


def test_shared_and_held_intermediates_wait_for_all_their_consumers(monkeypatch):
    pushed = _counting_heap_pushes(monkeypatch)
    x = leaf(3.0)
    shared = x * 2  # two consumers
    held = x * 5  # one consumer, but the user holds it
    out = (shared * 1.5 + shared * held) * (held + 1)
    ref = (6 * 1.5 + 6 * 15) * 16  # checked value: out = (3x + 10 x^2) (5x + 1)
    assert out.item() == pytest.approx(ref)
    out.backward()
    assert x.grad.item() == pytest.approx((3 + 20 * 3.0) * 16 + (9 + 90) * 5)
    assert held.item() == 15.0  # its values were kept
    assert len(pushed) >= 3  # the root, `shared` and `held` went through the heap


def test_hooks_run_on_intermediates_taken_as_ready():
    x = leaf(2.0)
    seen = []
    h = x * 3
    h.register_hook(lambda g: seen.append(g.item()) or g * 10)
    y = h * 4
    del h  # y's link is now the only one: h is taken as ready
    y.backward()
    assert seen == [4.0]
    assert x.grad.item() == 120.0


def test_a_tensor_used_twice_by_one_op_is_not_taken_as_ready():
    x = leaf(3.0)
    h = x * 2
    y = h * h  # two links from one consumer
    del h
    y.backward()
    assert x.grad.item() == pytest.approx(8 * 3.0)  # d/dx (2x)^2


def test_ops_whose_gradient_passes_return_it_to_both_inputs():
    # the inlined step gives g to both inputs of an op with `passes` without calling its
    # rule: every such rule must return g itself for both
    from autograd.op import Op

    passing = [cls for cls in Op.registry.values() if cls.passes]
    assert passing  # (Add)
    g, a, b = np.float64(0.5), np.float64(2.0), np.float64(-3.0)
    for cls in passing:
        ga, gb = cls.shared[3].backward(g, a + b, a, b)
        assert ga is g and gb is g, cls

    class Twice(ag.ops_elementwise.Add):  # a rule of its own: called
        __slots__ = ()

        def backward(self, g, out, a, b):
            return 2 * g, 3 * g

    assert not Twice.passes
    Op.registry.pop(f"{Twice.__module__}.{Twice.__qualname__}")
    x, y = leaf(1.0), leaf(2.0)
    z = Twice.apply(x, y) * 1.0
    z.backward()
    assert (x.grad.item(), y.grad.item()) == (2.0, 3.0)

    class Weighted:  # a rule from a mixin ahead of Add in the MRO: called as well
        def backward(self, g, out, a, b):
            return g * 2, g * 3

    class MixedIn(Weighted, ag.ops_elementwise.Add):
        __slots__ = ()

    class Plain(ag.ops_elementwise.Add):  # Add's own rule: still passes
        __slots__ = ()

    assert not MixedIn.passes and Plain.passes
    for cls in (MixedIn, Plain):
        Op.registry.pop(f"{cls.__module__}.{cls.__qualname__}")
    for shape in ((), (1,)):  # 0-d (the inlined step) and 1-d graphs agree
        x, y = leaf(np.full(shape, 1.5)), leaf(np.full(shape, 2.5))
        MixedIn.apply(x * 1.0, y * 1.0).sum().backward()
        assert (x.grad.sum().item(), y.grad.sum().item()) == (2.0, 3.0)


def test_scalar_sums_with_ready_and_shared_inputs():
    # 0-d graphs go through the inlined step (sums pass g on; products call their rule):
    # inputs taken as ready, shared ones summed, a tensor used twice by one sum
    x, w = leaf(1.5), leaf(-2.0)
    h = x * w
    y = (h + x * x) + (h + h) + (w + w) * x
    y.backward()
    assert x.grad.item() == pytest.approx(3 * w.item() + 2 * x.item() + 2 * w.item())
    assert w.grad.item() == pytest.approx(3 * x.item() + 2 * x.item())


def test_tensors_the_user_holds_far_from_the_output_keep_their_values(monkeypatch):
    from autograd import engine

    monkeypatch.setattr(engine, "KEEP_STRUCTURE", 5)  # all but 5 nodes drop their links
    x = leaf([1.0, 2.0])
    held = []
    h = x
    for i in range(30):
        h = h * 2.0
        if i < 3:
            held.append(h)  # far from the output: its consumer's link must not be dropped
    h.sum().backward()
    np.testing.assert_array_equal(held[0].data, [2.0, 4.0])
    np.testing.assert_array_equal(held[2].data, [8.0, 16.0])
    np.testing.assert_array_equal(x.grad.data, [2.0**30, 2.0**30])


def test_scalar_relu_takes_a_gradient_given_as_a_0d_array():
    # a 0-d result holds a numpy scalar, but backward(gradient) may give a 0-d array
    for dtype in (np.float16, np.float32, np.float64):
        for v in (-1.0, 0.0, 2.0):
            x = leaf(v, dtype)
            y = (x * 1.0).relu()
            y.backward(np.asarray(3.0, dtype))
            assert x.grad.shape == () and x.grad.dtype == dtype
            assert x.grad.item() == (3.0 if v > 0 else 0.0)
