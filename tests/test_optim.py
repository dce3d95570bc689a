"""Tests for optim: trajectories against hand-written formulas, groups, state dicts, errors,
and convergence on logistic regression and the Rosenbrock function."""

import copy

import numpy as np
import pytest

import optim
from autograd import Tensor

STEPS = 50


# ---------------------------------------------------------------- the fixed problem
def _initial():
    rng = np.random.default_rng(0)
    return [rng.standard_normal((3, 4)), rng.standard_normal(4)]


_RNG = np.random.default_rng(1)
_SCALE = [_RNG.uniform(0.5, 2.0, (3, 4)), _RNG.uniform(0.5, 2.0, 4)]
_TARGET = [_RNG.standard_normal((3, 4)), _RNG.standard_normal(4)]


def grads_of(xs):
    """Gradient of a fixed smooth float64 loss: a scaled quadratic plus a quartic/sine term."""
    w, b = xs
    gw = _SCALE[0] * (w - _TARGET[0]) + 0.1 * w**3
    gb = _SCALE[1] * (b - _TARGET[1]) + 0.5 * np.sin(b)
    return [gw, gb]


def make_params():
    return [Tensor(x.copy(), requires_grad=True) for x in _initial()]


def run_ours(make_opt, steps=STEPS, params=None, opt=None):
    params = make_params() if params is None else params
    opt = make_opt(params) if opt is None else opt
    for _ in range(steps):
        for p, g in zip(params, grads_of([p.data for p in params])):
            p.grad = Tensor(g)
        opt.step()
    return params, opt


# ------------------------------------------------ plain re-implementations of the formulas
def ref_sgd(
    steps=STEPS, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
    maximize=False,
):  # fmt: skip
    xs = _initial()
    bufs = [None, None]
    for _ in range(steps):
        gs = grads_of(xs)
        for i in range(2):
            g = -gs[i] if maximize else gs[i]
            g = g + weight_decay * xs[i]
            if momentum != 0:
                if bufs[i] is None:
                    bufs[i] = g.copy()
                else:
                    bufs[i] = momentum * bufs[i] + (1 - dampening) * g
                d = g + momentum * bufs[i] if nesterov else bufs[i]
            else:
                d = g
            xs[i] = xs[i] - lr * d
    return xs


def ref_adagrad(
    steps=STEPS, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
    eps=1e-10, maximize=False,
):  # fmt: skip
    xs = _initial()
    sums = [np.full_like(x, initial_accumulator_value) for x in xs]
    for t in range(1, steps + 1):
        gs = grads_of(xs)
        for i in range(2):
            g = -gs[i] if maximize else gs[i]
            g = g + weight_decay * xs[i]
            clr = lr / (1 + (t - 1) * lr_decay)
            sums[i] = sums[i] + g * g
            xs[i] = xs[i] - clr * g / (np.sqrt(sums[i]) + eps)
    return xs


def ref_rmsprop(
    steps=STEPS, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
    centered=False, maximize=False,
):  # fmt: skip
    xs = _initial()
    v = [np.zeros_like(x) for x in xs]
    a = [np.zeros_like(x) for x in xs]
    b = [np.zeros_like(x) for x in xs]
    for _ in range(steps):
        gs = grads_of(xs)
        for i in range(2):
            g = -gs[i] if maximize else gs[i]
            g = g + weight_decay * xs[i]
            v[i] = alpha * v[i] + (1 - alpha) * g**2
            if centered:
                a[i] = alpha * a[i] + (1 - alpha) * g
                den = np.sqrt(v[i] - a[i] ** 2) + eps
            else:
                den = np.sqrt(v[i]) + eps
            if momentum > 0:
                b[i] = momentum * b[i] + g / den
                xs[i] = xs[i] - lr * b[i]
            else:
                xs[i] = xs[i] - lr * g / den
    return xs


def ref_adam(
    steps=STEPS, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
    maximize=False, decoupled=False,
):  # fmt: skip
    beta1, beta2 = betas
    xs = _initial()
    m = [np.zeros_like(x) for x in xs]
    v = [np.zeros_like(x) for x in xs]
    vmax = [np.zeros_like(x) for x in xs]
    for t in range(1, steps + 1):
        gs = grads_of(xs)
        for i in range(2):
            g = -gs[i] if maximize else gs[i]
            if decoupled:
                xs[i] = xs[i] * (1 - lr * weight_decay)
            else:
                g = g + weight_decay * xs[i]
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g**2
            vmax[i] = np.maximum(vmax[i], v[i])
            u = vmax[i] if amsgrad else v[i]
            m_hat = m[i] / (1 - beta1**t)
            v_hat = u / (1 - beta2**t)
            xs[i] = xs[i] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return xs


def ref_adamw(weight_decay=1e-2, **kw):
    return ref_adam(weight_decay=weight_decay, decoupled=True, **kw)


CASES = [
    (optim.SGD, ref_sgd, dict(lr=0.05)),
    (optim.SGD, ref_sgd, dict(lr=0.02, momentum=0.9)),
    (optim.SGD, ref_sgd, dict(lr=0.02, momentum=0.9, dampening=0.3)),
    (optim.SGD, ref_sgd, dict(lr=0.02, momentum=0.8, nesterov=True)),
    (optim.SGD, ref_sgd, dict(lr=0.05, weight_decay=0.1)),
    (optim.SGD, ref_sgd, dict(lr=0.02, momentum=0.9, weight_decay=0.05, nesterov=True)),
    (optim.SGD, ref_sgd, dict(lr=0.01, momentum=0.5, maximize=True)),
    (optim.Adagrad, ref_adagrad, dict()),
    (optim.Adagrad, ref_adagrad, dict(lr=0.3)),
    (optim.Adagrad, ref_adagrad, dict(lr=0.3, lr_decay=0.05)),
    (optim.Adagrad, ref_adagrad, dict(lr=0.3, weight_decay=0.1)),
    (optim.Adagrad, ref_adagrad, dict(lr=0.3, initial_accumulator_value=0.5)),
    (optim.Adagrad, ref_adagrad, dict(lr=0.3, eps=1e-3, maximize=True)),
    (optim.RMSprop, ref_rmsprop, dict()),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, alpha=0.9)),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, momentum=0.9)),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, centered=True)),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, centered=True, momentum=0.5)),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, weight_decay=0.1, eps=1e-3)),
    (optim.RMSprop, ref_rmsprop, dict(lr=0.01, maximize=True)),
    (optim.Adam, ref_adam, dict()),
    (optim.Adam, ref_adam, dict(lr=0.05)),
    (optim.Adam, ref_adam, dict(lr=0.05, betas=(0.8, 0.99))),
    (optim.Adam, ref_adam, dict(lr=0.05, betas=(0.0, 0.5))),  # lerp's large-weight branch
    (optim.Adam, ref_adam, dict(lr=0.05, weight_decay=0.1)),
    (optim.Adam, ref_adam, dict(lr=0.05, amsgrad=True)),
    (optim.Adam, ref_adam, dict(lr=0.05, amsgrad=True, weight_decay=0.1, eps=1e-4)),
    (optim.Adam, ref_adam, dict(lr=0.05, maximize=True)),
    (optim.AdamW, ref_adamw, dict()),
    (optim.AdamW, ref_adamw, dict(lr=0.05, weight_decay=0.5)),
    (optim.AdamW, ref_adamw, dict(lr=0.05, weight_decay=0.5, amsgrad=True)),
]


def _case_id(case):
    cls, _, kw = case
    return cls.__name__ + "(" + ",".join(f"{k}={v}" for k, v in kw.items()) + ")"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_trajectory_matches_formula(case):
    cls, ref, kw = case
    params, _ = run_ours(lambda ps: cls(ps, **kw))
    expected = ref(**kw)
    for p, x in zip(params, expected):
        assert p.data.dtype == np.float64
        np.testing.assert_allclose(p.data, x, rtol=1e-10, atol=1e-12)
    # the problem is not trivial: the parameters moved
    assert not np.allclose(params[0].data, _initial()[0])


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_state_dict_round_trip_resumes_identically(case):
    cls, _, kw = case
    full, _ = run_ours(lambda ps: cls(ps, **kw))

    params, opt = run_ours(lambda ps: cls(ps, **kw), steps=25)
    saved = opt.state_dict()
    snapshot = copy.deepcopy(saved)
    data = [p.data.copy() for p in params]
    run_ours(None, steps=3, params=params, opt=opt)  # keep going: must not alter `saved`
    for a, b in zip(_flat_arrays(saved), _flat_arrays(snapshot)):
        np.testing.assert_array_equal(a, b)

    fresh = [Tensor(d, requires_grad=True) for d in data]
    opt2 = cls(fresh, **kw)
    opt2.load_state_dict(saved)
    run_ours(None, steps=25, params=fresh, opt=opt2)
    for p, q in zip(fresh, full):
        np.testing.assert_array_equal(p.data, q.data)


def _flat_arrays(sd):
    return [v for s in sd["state"].values() for v in s.values() if isinstance(v, np.ndarray)]


def test_state_dict_format():
    params = make_params()
    opt = optim.Adam(params, lr=0.1)
    run_ours(None, steps=2, params=params, opt=opt)
    sd = opt.state_dict()
    assert sorted(sd["state"]) == [0, 1]
    assert sd["state"][0]["step"] == 2
    assert sd["state"][0]["exp_avg"].shape == (3, 4)
    assert sd["state"][0]["exp_avg"] is not opt.state[params[0]]["exp_avg"]
    assert sd["param_groups"][0]["params"] == [0, 1]
    assert sd["param_groups"][0]["lr"] == 0.1
    with pytest.raises(ValueError, match="parameter groups"):
        optim.Adam([{"params": [params[0]]}, {"params": [params[1]]}]).load_state_dict(sd)
    with pytest.raises(ValueError, match="parameters"):
        optim.Adam(params[:1]).load_state_dict(sd)


def test_load_state_dict_restores_group_options_and_casts_state():
    params = make_params()
    opt = optim.SGD(params, lr=0.1, momentum=0.9)
    run_ours(None, steps=2, params=params, opt=opt)
    sd = opt.state_dict()
    p32 = [Tensor(p.data.astype(np.float32), requires_grad=True) for p in params]
    opt2 = optim.SGD(p32, lr=0.5)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[0]["lr"] == 0.1
    assert opt2.param_groups[0]["momentum"] == 0.9
    assert opt2.param_groups[0]["params"][0] is p32[0]
    assert opt2.state[p32[0]]["momentum_buffer"].dtype == np.float32


# ----------------------------------------------------------------------- param groups
def test_param_groups_with_different_lrs():
    w, b = make_params()
    opt = optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.05, momentum=0.9)
    assert opt.param_groups[0]["lr"] == 0.05 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["momentum"] == 0.9
    run_ours(None, params=[w, b], opt=opt)
    np.testing.assert_allclose(w.data, ref_sgd(lr=0.05, momentum=0.9)[0], rtol=1e-10)
    np.testing.assert_allclose(b.data, ref_sgd(lr=0.5, momentum=0.9)[1], rtol=1e-10)


def test_add_param_group():
    w, b = make_params()
    opt = optim.Adam([w], lr=0.05)
    opt.add_param_group({"params": b, "lr": 0.05})
    assert len(opt.param_groups) == 2 and opt.param_groups[1]["betas"] == (0.9, 0.999)
    run_ours(None, params=[w, b], opt=opt)
    for p, x in zip([w, b], ref_adam(lr=0.05)):
        np.testing.assert_allclose(p.data, x, rtol=1e-10)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [w]})
    with pytest.raises(ValueError, match="lr"):
        opt.add_param_group({"params": [Tensor([1.0], requires_grad=True)], "lr": -1.0})


def test_params_given_as_set_or_tensor_rejected():
    w, b = make_params()
    with pytest.raises(TypeError, match="set"):
        optim.SGD({w, b}, lr=0.1)
    with pytest.raises(TypeError, match="set"):
        optim.SGD([{"params": {w, b}}], lr=0.1)
    with pytest.raises(TypeError):
        optim.SGD(w, lr=0.1)
    with pytest.raises(TypeError, match="Tensors"):
        optim.SGD([w, np.zeros(3)], lr=0.1)
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([], lr=0.1)


def test_params_accept_generator():
    params = make_params()
    opt = optim.SGD((p for p in params), lr=0.1)
    group_params = opt.param_groups[0]["params"]
    assert len(group_params) == 2 and all(a is b for a, b in zip(group_params, params))


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adagrad, optim.RMSprop, optim.Adam, optim.AdamW])
def test_params_without_grad_are_skipped(cls):
    w, b = make_params()
    kw = dict(lr=0.1, momentum=0.9) if cls in (optim.SGD, optim.RMSprop) else dict(lr=0.1)
    opt = cls([w, b], **kw)
    before = b.data.copy()
    for _ in range(3):
        w.grad = Tensor(grads_of([w.data, b.data])[0])
        b.grad = None
        opt.step()
    np.testing.assert_array_equal(b.data, before)
    assert b not in opt.state
    assert not np.allclose(w.data, _initial()[0])


def test_update_is_in_place_and_records_nothing():
    w, b = make_params()
    w_array = w.numpy()
    opt = optim.Adam([w, b], lr=0.1, weight_decay=0.1, amsgrad=True)
    w.grad = Tensor(np.ones((3, 4)))
    b.grad = Tensor(np.ones(4))
    opt.step()
    assert w.numpy() is w_array
    assert w.grad_fn is None and w.is_leaf
    np.testing.assert_array_equal(w.grad.data, np.ones((3, 4)))  # the gradient is untouched


def test_float32_parameters_stay_float32():
    p = Tensor(np.ones(5, dtype=np.float32), requires_grad=True)
    for cls in (optim.SGD, optim.Adagrad, optim.RMSprop, optim.Adam, optim.AdamW):
        opt = cls([p], lr=0.1)
        p.grad = Tensor(np.full(5, 0.5, dtype=np.float32))
        opt.step()
        assert p.data.dtype == np.float32
        assert all(
            v.dtype == np.float32 for v in opt.state.get(p, {}).values() if hasattr(v, "dtype")
        )


def test_step_closure_returns_loss():
    w, b = make_params()
    opt = optim.SGD([w, b], lr=0.1)
    calls = []

    def closure():
        calls.append(1)
        for p, g in zip([w, b], grads_of([w.data, b.data])):
            p.grad = Tensor(g)
        return 42.0

    assert opt.step(closure) == 42.0
    assert calls == [1]
    np.testing.assert_allclose(w.data, ref_sgd(steps=1, lr=0.1)[0])


# ------------------------------------------------------------------------- zero_grad
def test_zero_grad_set_to_none():
    w, b = make_params()
    opt = optim.SGD([w, b], lr=0.1)
    w.grad = Tensor(np.ones((3, 4)))
    opt.zero_grad()
    assert w.grad is None and b.grad is None


def test_zero_grad_fill_zeros():
    w, b = make_params()
    opt = optim.SGD([w, b], lr=0.1)
    g = Tensor(np.ones((3, 4)))
    w.grad = g
    opt.zero_grad(set_to_none=False)
    assert w.grad is g
    np.testing.assert_array_equal(w.grad.data, np.zeros((3, 4)))
    assert b.grad is None


def test_zero_grad_read_only_grad():
    (w,) = make_params()[:1]
    opt = optim.SGD([w], lr=0.1)
    w.grad = Tensor(np.ones((3, 4)))
    w.grad.data = np.broadcast_to(np.ones(4), (3, 4))  # a read-only view
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(w.grad.data, np.zeros((3, 4)))


# -------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p: optim.SGD(p, lr=-0.1), "lr: -0.1"),
        (lambda p: optim.SGD(p, lr=0.1, momentum=-0.5), "momentum: -0.5"),
        (lambda p: optim.SGD(p, lr=0.1, weight_decay=-1), "weight_decay: -1"),
        (lambda p: optim.SGD(p, lr=0.1, nesterov=True), "Nesterov.*momentum"),
        (lambda p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "dampening"),
        (lambda p: optim.Adagrad(p, lr=-1), "lr: -1"),
        (lambda p: optim.Adagrad(p, lr_decay=-1), "lr_decay: -1"),
        (lambda p: optim.Adagrad(p, eps=-1e-10), "eps"),
        (lambda p: optim.Adagrad(p, initial_accumulator_value=-1), "initial_accumulator_value"),
        (lambda p: optim.RMSprop(p, lr=-1), "lr: -1"),
        (lambda p: optim.RMSprop(p, alpha=-0.1), "alpha: -0.1"),
        (lambda p: optim.RMSprop(p, momentum=-0.1), "momentum: -0.1"),
        (lambda p: optim.RMSprop(p, eps=-1.0), "eps: -1.0"),
        (lambda p: optim.Adam(p, lr=-1e-3), "lr: -0.001"),
        (lambda p: optim.Adam(p, betas=(1.0, 0.999)), "beta.*index 0: 1.0"),
        (lambda p: optim.Adam(p, betas=(0.9, -0.1)), "beta.*index 1: -0.1"),
        (lambda p: optim.Adam(p, eps=-1.0), "eps: -1.0"),
        (lambda p: optim.Adam(p, weight_decay=-1.0), "weight_decay: -1.0"),
        (lambda p: optim.AdamW(p, betas=(0.9, 1.5)), "beta.*index 1: 1.5"),
        (lambda p: optim.AdamW(p, lr=float("nan")), "lr: nan"),
    ],
)
def test_bad_options_raise_value_error(make, match):
    with pytest.raises(ValueError, match=match):
        make(make_params())


def test_defaults_match_pytorch():
    p = make_params()
    assert optim.Adagrad(p).defaults["lr"] == 0.01
    assert optim.Adagrad(p).defaults["eps"] == 1e-10
    g = optim.RMSprop(p).param_groups[0]
    assert (g["lr"], g["alpha"], g["eps"], g["momentum"], g["centered"]) == (
        0.01, 0.99, 1e-8, 0, False,
    )  # fmt: skip
    g = optim.Adam(p).param_groups[0]
    assert (g["lr"], g["betas"], g["eps"], g["weight_decay"], g["amsgrad"]) == (
        1e-3, (0.9, 0.999), 1e-8, 0, False,
    )  # fmt: skip
    assert optim.AdamW(p).param_groups[0]["weight_decay"] == 0.01


# ------------------------------------------------------------------------ convergence
def _separable_set(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((4 * n, 2))
    margin = X @ np.array([1.0, -2.0]) + 0.5
    keep = np.abs(margin) > 0.5
    X, y = X[keep][:n], np.where(margin[keep][:n] > 0, 1.0, -1.0)
    return X, y


CONVERGENCE = [
    (optim.SGD, dict(lr=1.0)),
    (optim.SGD, dict(lr=0.5, momentum=0.9)),
    (optim.SGD, dict(lr=0.5, momentum=0.9, nesterov=True)),
    (optim.Adagrad, dict(lr=0.5)),
    (optim.RMSprop, dict(lr=0.05)),
    (optim.RMSprop, dict(lr=0.02, momentum=0.5, centered=True)),
    (optim.Adam, dict(lr=0.1)),
    (optim.Adam, dict(lr=0.1, amsgrad=True)),
    (optim.AdamW, dict(lr=0.1)),
]


@pytest.mark.parametrize(
    "cls, kw", CONVERGENCE, ids=[_case_id((c, None, k)) for c, k in CONVERGENCE]
)
def test_logistic_regression_separates_training_set(cls, kw):
    X, y = _separable_set()
    Xt, yt = Tensor(X), Tensor(y)
    w = Tensor(np.zeros(2), requires_grad=True)
    b = Tensor(np.zeros(()), requires_grad=True)
    opt = cls([w, b], **kw)
    for _ in range(150):
        opt.zero_grad()
        z = Xt @ w + b
        loss = (1 + (-(yt * z)).exp()).log().mean()  # logistic loss, labels in {-1, +1}
        loss.backward()
        opt.step()
    pred = np.sign(X @ w.data + b.data)
    assert np.mean(pred == y) == 1.0


def _rosenbrock_grad(x):
    a, b = x
    return np.array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])


def _steps_to_minimum(make_opt, max_steps=30000):
    p = Tensor(np.array([-1.2, 1.0]), requires_grad=True)
    opt = make_opt([p])
    for t in range(max_steps):
        if np.linalg.norm(p.data - 1.0) < 1e-3:
            return t
        p.grad = Tensor(_rosenbrock_grad(p.data))
        opt.step()
    return None


def test_rosenbrock_momentum_and_adam_beat_plain_sgd():
    sgd = _steps_to_minimum(lambda ps: optim.SGD(ps, lr=1e-3))
    momentum = _steps_to_minimum(lambda ps: optim.SGD(ps, lr=1e-3, momentum=0.9))
    adam = _steps_to_minimum(lambda ps: optim.Adam(ps, lr=0.1))
    assert sgd is not None and momentum is not None and adam is not None
    assert momentum * 5 < sgd
    assert adam * 5 < sgd
