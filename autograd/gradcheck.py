"""Finite-difference checks of analytic gradients: `gradcheck` and `gradgradcheck`.

Both work in float64: the inputs are copied to float64 leaves, the numerical
Jacobian comes from central differences, the analytic one from backward passes
(one per output element, or random upstream gradients for large outputs), and
every entry must satisfy |analytic - numerical| <= atol + rtol * |numerical|.
"""

from __future__ import annotations

import numpy as np

from . import grad_mode
from .engine import grad
from .tensor_class import Tensor

_MAX_FULL_JACOBIAN = 512  # output elements; above this, random projections are compared
_WORST = 5


class GradcheckError(AssertionError):
    """Analytic and numerical gradients disagree."""


def _as_tuple(x) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _prepare(inputs) -> tuple:
    """Float64 leaf copies of the floating Tensor inputs; others pass through."""
    out = []
    for x in _as_tuple(inputs):
        if isinstance(x, Tensor) and x.dtype.kind == "f":
            t = Tensor(x.numpy().astype(np.float64), name=x.name)
            t.requires_grad = x.requires_grad
            out.append(t)
        else:
            out.append(x)
    return tuple(out)


def _outputs(fn, args) -> tuple:
    outs = tuple(o for o in _as_tuple(fn(*args)) if isinstance(o, Tensor))
    if not outs:
        raise TypeError("gradcheck: the function must return a Tensor or a tuple of Tensors")
    return outs


def _setup(fn, inputs, who: str) -> tuple[tuple, list, tuple]:
    """Float64 inputs, the indices of those differentiated, and fn's outputs (with graph)."""
    args = _prepare(inputs)
    diff = [i for i, x in enumerate(args) if isinstance(x, Tensor) and x.requires_grad]
    if not diff:
        raise ValueError(f"{who}: no input requires grad")
    with grad_mode.enable_grad():
        outs = _outputs(fn, args)
    return args, diff, outs


def _numerical(fn, args, diff, eps, base) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per differentiated input: the forward and backward difference Jacobians (input size,
    total output size); their mean is the central difference."""
    jacs = []
    with grad_mode.enable_grad():
        for i in diff:
            x = args[i]._data
            flat = x.reshape(-1)  # a view: x is a fresh contiguous float64 array
            right, left = [], []
            for j in range(flat.size):
                orig = flat[j]
                flat[j] = orig + eps
                plus = np.concatenate([o.numpy().ravel() for o in _outputs(fn, args)])
                flat[j] = orig - eps
                minus = np.concatenate([o.numpy().ravel() for o in _outputs(fn, args)])
                flat[j] = orig
                right.append((plus - base) / eps)
                left.append((base - minus) / eps)
            shape = (flat.size, base.size)  # (either may be 0: an empty input or output)
            jacs.append((np.array(left).reshape(shape), np.array(right).reshape(shape)))
    return jacs


def _analytic(outs, args, diff, n_out_total, rng) -> tuple[list, np.ndarray | None]:
    """Per differentiated input: the analytic Jacobian, or (for large outputs) J^T V."""
    sizes = [o.size for o in outs]
    full = n_out_total <= _MAX_FULL_JACOBIAN
    directions = np.eye(n_out_total) if full else rng.standard_normal((n_out_total, 3))
    live = [k for k, o in enumerate(outs) if o.requires_grad]
    jacs = [np.zeros((args[i].size, directions.shape[1])) for i in diff]
    if live:
        inputs = [args[i] for i in diff]
        offsets = np.cumsum([0, *sizes])
        for c in range(directions.shape[1]):
            col = directions[:, c]
            gos = [
                Tensor(
                    col[offsets[k] : offsets[k + 1]].reshape(outs[k].shape).astype(outs[k].dtype)
                )
                for k in live
            ]
            gs = grad([outs[k] for k in live], inputs, gos, retain_graph=True, allow_unused=True)
            for m, g in enumerate(gs):
                if g is not None:
                    jacs[m][:, c] = g.numpy().astype(np.float64).ravel()
    return jacs, (None if full else directions)


def _where(index: int, shape: tuple) -> str:
    return str([int(i) for i in np.unravel_index(index, shape)]) if shape else "[]"


def _report(i, x, sides, ana, outs_shapes, projected, atol, rtol) -> str | None:
    left, right = sides
    num = (left + right) / 2
    err = np.abs(ana - num)
    bad = err > atol + rtol * np.abs(num)
    if not bad.any():
        return None
    label = f"input {i}" + (f" ({x.name!r})" if x.name else "") + f" of shape {x.shape}"
    rel = err / np.maximum(np.abs(num), 1e-12)
    kind = "J^T v entries (random v)" if projected else "Jacobian entries"
    lines = [f"gradcheck failed for {label}: {int(bad.sum())} of {bad.size} {kind} differ"]
    order = np.argsort(-(err - (atol + rtol * np.abs(num))), axis=None)[: min(_WORST, bad.sum())]
    offsets = np.cumsum([0, *[int(np.prod(s)) for s in outs_shapes]])
    kinks = 0
    for flat in order:
        j, k = np.unravel_index(flat, err.shape)
        if projected:
            target = f"direction {k}"
        else:
            o = int(np.searchsorted(offsets, k, side="right") - 1)
            name = "output" if len(outs_shapes) == 1 else f"output {o}"
            target = f"{name}{_where(int(k - offsets[o]), outs_shapes[o])}"
        line = (
            f"  element {_where(int(j), x.shape)} -> {target}: numerical {num[j, k]:.6e}, "
            f"analytic {ana[j, k]:.6e}, abs err {err[j, k]:.2e}"
        )
        lo, hi = sorted((left[j, k], right[j, k]))
        if hi - lo > atol + rtol * max(abs(lo), abs(hi)):  # the one-sided slopes disagree
            kinks += 1
            between = lo - atol <= ana[j, k] <= hi + atol
            line += f" (one-sided derivatives {left[j, k]:.6e} and {right[j, k]:.6e}: a kink?" + (
                " the analytic value is between them)" if between else ")"
            )
        lines.append(line)
    if kinks:
        lines.append(
            "  a possible non-differentiable point (relu or |x| at 0, max at a tie): the central "
            "difference averages the two one-sided slopes there. Check away from it, or use "
            "autograd.testing.check_op, which accepts any value between them"
        )
    lines.append(
        f"  largest absolute error {err.max():.3e}, largest relative error {rel.max():.3e} "
        f"(atol={atol}, rtol={rtol})"
    )
    return "\n".join(lines)


def _function(func, fn, inputs, what: str):
    """The function checked: PyTorch's `func`, or graphgrad's own name for it, `fn`."""
    if fn is not None:
        if func is not None:
            raise TypeError(f"{what}() got the function twice (func and fn): pass one")
        func = fn
    if func is None or inputs is None:
        missing = "func" if func is None else "inputs"
        raise TypeError(f"{what}() missing required argument: '{missing}'")
    return func


def _pytorch_flags(what: str, refused: dict) -> None:
    """PyTorch's options for checks graphgrad does not make, refused unless at their default.

    (Accepted at any value, with nothing to do: `nondet_tol`, since graphgrad's backward is
    deterministic; `check_undefined_grad`, since its engine never hands a backward an
    undefined gradient; `check_grad_dtypes`, since gradients always have their input's
    dtype; `fast_mode`, since the full check is made; `gen_non_contig_grad_outputs`.)"""
    for name, (value, default) in refused.items():
        if bool(value) != default:
            raise NotImplementedError(
                f"{what}({name}={value!r}) is not supported: graphgrad checks reverse-mode "
                f"gradients against finite differences only; leave {name} out"
            )


def gradcheck(
    func=None,
    inputs=None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    seed: int = 0,
    *,
    fn=None,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_batched_forward_grad: bool = False,
    check_forward_ad: bool = False,
    check_backward_ad: bool = True,
    fast_mode: bool = False,
    masked: bool | None = None,
) -> bool:
    """Compare the analytic gradients of func (or `fn=`) at inputs with float64 central
    differences.

    ``inputs`` is a tuple of arguments or a single Tensor. Every Tensor input that
    requires grad is checked. Returns True, or on a
    mismatch raises `GradcheckError` (or returns False when
    raise_exception=False) naming the input, the worst elements with both
    values, and the largest absolute and relative errors. PyTorch's other keywords are
    accepted where they ask for what graphgrad checks (forward-mode and batched checks are
    refused).
    """
    fn = _function(func, fn, inputs, "gradcheck")
    _pytorch_flags(
        "gradcheck",
        {
            "check_batched_grad": (check_batched_grad, False),
            "check_batched_forward_grad": (check_batched_forward_grad, False),
            "check_forward_ad": (check_forward_ad, False),
            "check_backward_ad": (check_backward_ad, True),
            "masked": (masked, False),
        },
    )
    args, diff, outs = _setup(fn, inputs, "gradcheck")
    n_out = sum(o.size for o in outs)
    rng = np.random.default_rng(seed)
    ana, directions = _analytic(outs, args, diff, n_out, rng)
    base = np.concatenate([o.numpy().astype(np.float64).ravel() for o in outs])
    num = _numerical(fn, args, diff, eps, base)
    if directions is not None:
        num = [(left @ directions, right @ directions) for left, right in num]
    messages = []
    for m, i in enumerate(diff):
        msg = _report(
            i, args[i], num[m], ana[m], [o.shape for o in outs], directions is not None, atol, rtol
        )
        if msg:
            messages.append(msg)
    if messages:
        if raise_exception:
            raise GradcheckError("\n".join(messages))
        return False
    return True


def gradgradcheck(
    func=None,
    inputs=None,
    grad_outputs=None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    seed: int = 0,
    *,
    fn=None,
    gen_non_contig_grad_outputs: bool = False,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_fwd_over_rev: bool = False,
    check_rev_over_rev: bool = True,
    fast_mode: bool = False,
    masked: bool = False,
) -> bool:
    """Check second derivatives: gradcheck of the vector-Jacobian product of func (or `fn=`).

    The upstream gradients (random unless given) are inputs of the checked
    function too, so both d(vjp)/d(inputs) and d(vjp)/d(v) are verified.
    """
    fn = _function(func, fn, inputs, "gradgradcheck")
    _pytorch_flags(
        "gradgradcheck",
        {
            "check_batched_grad": (check_batched_grad, False),
            "check_fwd_over_rev": (check_fwd_over_rev, False),
            "check_rev_over_rev": (check_rev_over_rev, True),
            "masked": (masked, False),
        },
    )
    args, diff, outs = _setup(fn, inputs, "gradgradcheck")
    rng = np.random.default_rng(seed + 1)
    if grad_outputs is None:
        vs = tuple(Tensor(rng.standard_normal(o.shape), requires_grad=True) for o in outs)
    else:
        vs = tuple(
            Tensor(
                np.asarray(g.numpy() if isinstance(g, Tensor) else g, dtype=np.float64),
                requires_grad=True,
            )
            for g in _as_tuple(grad_outputs)
        )
    n = len(args)

    def first_derivative(*all_args):
        xs, v = all_args[:n], all_args[n:]
        outs = _outputs(fn, xs)
        live = [k for k, o in enumerate(outs) if o.requires_grad]
        if not live:
            return tuple(Tensor(np.zeros(xs[i].shape)) for i in diff)
        gs = grad(
            [outs[k] for k in live],
            [xs[i] for i in diff],
            [v[k] for k in live],
            create_graph=True,
            allow_unused=True,
        )
        return tuple(
            g if g is not None else Tensor(np.zeros(xs[i].shape)) for g, i in zip(gs, diff)
        )

    return gradcheck(first_derivative, args + vs, eps, atol, rtol, raise_exception, seed)
