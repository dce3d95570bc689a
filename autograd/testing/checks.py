"""`check_op`: every gradient check of an op in one call, with one readable report.

The checks, each a function of a `Case` returning failures and notes:

- ``gradient``: analytic against float64 central differences of <g, f(x)> for a
  random upstream gradient g, element by element, with kinks told apart (below);
- ``second order``: `gradgradcheck`, where the op supports double backward;
- ``linearity``: the backward is linear in the upstream gradient;
- ``shape/dtype``: every gradient has its input's shape and dtype;
- ``mutation``: neither forward nor backward modifies the inputs;
- ``aliasing``: gradients share no memory with each other, the inputs or the output;
- ``non-contiguous``: transposed and strided views of the inputs give the same results.

A kink is a point where the central difference straddles a non-differentiable
point (|x| at 0, a tie in max, relu at 0): the forward and backward differences
disagree. There any analytic value between the two one-sided derivatives is
correct, so it is reported as a note; outside them it is a failure.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .. import grad_mode
from ..engine import grad
from ..function import Function
from ..gradcheck import GradcheckError, gradgradcheck
from ..tensor_class import Tensor

_WORST = 5  # worst elements listed per input
_KINK_FACTOR = 10.0  # one-sided derivatives must differ by this many tolerances to be a kink


@dataclass
class Finding:
    """One failure or note: the check that produced it and a readable message."""

    check: str
    message: str

    def __str__(self) -> str:
        head, *rest = self.message.split("\n")
        return "\n".join([f"[{self.check}] {head}", *("    " + line for line in rest)])


@dataclass
class OpCheckReport:
    """What `check_op` found: failures (the op is wrong) and notes (information)."""

    op: str
    inputs: str
    failures: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every check passed (no failures)."""
        return not self.failures

    def __str__(self) -> str:
        n = len(self.failures)
        if n:
            lines = [
                f"check_op({self.op}) found {n} problem{'s' * (n != 1)}; inputs: {self.inputs}"
            ]
        else:
            lines = [f"check_op({self.op}) passed; inputs: {self.inputs}"]
        lines += [_indent(str(f)) for f in self.failures]
        if self.notes:
            lines.append("notes:")
            lines += [_indent(str(f)) for f in self.notes]
        return "\n".join(lines)


class OpCheckError(AssertionError):
    """`check_op` found problems; `.report` holds them all."""

    def __init__(self, report: OpCheckReport):
        super().__init__(str(report))
        self.report = report


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


# ------------------------------------------------------------------ running
class _Probe(Function):
    """Identity between a leaf and the op: records the raw gradient the op produced."""

    @staticmethod
    def forward(ctx, x, slot):
        ctx.slot, ctx.shape = slot, x.shape
        return x

    @staticmethod
    def backward(ctx, g):
        ctx.slot.append(g)
        if g.shape != ctx.shape:  # the shape check reports it; keep the engine going
            g = np.zeros(ctx.shape)
        return g, None


@dataclass
class Run:
    """One forward and backward of the op on fresh leaves."""

    outputs: list  # output arrays (copies)
    grads: dict  # input position -> raw gradient array (None: no gradient)
    seen: dict  # input position -> the array the op received
    out_arrays: list  # the output arrays themselves (for aliasing)
    mutated: list  # (position, "forward" | "backward")
    error: BaseException | None = None
    stage: str = ""


def _as_outputs(result) -> list:
    items = result if isinstance(result, (tuple, list)) else (result,)
    outs = [o for o in items if isinstance(o, Tensor)]
    if not outs:
        raise TypeError("check_op: the op must return a Tensor or a tuple of Tensors")
    return outs


def _run(case: Case, vs: list, layout: Callable | None = None, dtypes: bool = False) -> Run:
    """Forward on fresh leaves (laid out by `layout`), then backward with upstream vs."""
    args, slots, leaves, seen = [], {}, [], {}
    for i, a in enumerate(case.args):
        if isinstance(a, Tensor):
            data = case.originals[i] if dtypes else a._data
            data = layout(data) if layout is not None and data.ndim else np.array(data, copy=True)
            leaf = Tensor(data)
            if i in case.diff:
                leaf.requires_grad = True
                slots[i] = []
                leaves.append(leaf)
                a = _Probe.apply(leaf, slots[i])
            else:
                a = leaf
            seen[i] = data
        elif isinstance(a, np.ndarray):
            a = np.array(a, copy=True)
            seen[i] = a
        args.append(a)
    before = {i: np.array(x, copy=True) for i, x in seen.items()}
    run = Run([], {}, seen, [], [])

    def mutations(stage):
        for i, x in seen.items():
            if not np.array_equal(x, before[i], equal_nan=x.dtype.kind in "fc"):
                run.mutated.append((i, stage))
                before[i] = np.array(x, copy=True)

    try:
        with grad_mode.enable_grad():
            outs = _as_outputs(case.fn(*args))
    except Exception as e:  # noqa: BLE001 - reported, not raised
        run.error, run.stage = e, "forward"
        return run
    mutations("forward")
    run.outputs = [np.array(o._data, copy=True) for o in outs]
    run.out_arrays = [o._data for o in outs]
    live = [k for k, o in enumerate(outs) if o.requires_grad]
    if live and leaves:
        gos = [Tensor(np.asarray(vs[k], dtype=outs[k].dtype)) for k in live]
        try:
            grad([outs[k] for k in live], leaves, gos, allow_unused=True)
        except Exception as e:  # noqa: BLE001
            run.error, run.stage = e, "backward"
            return run
    mutations("backward")
    run.grads = {i: (s[0] if s else None) for i, s in slots.items()}
    return run


# -------------------------------------------------------------------- case
@dataclass
class Case:
    """An op, its float64 inputs and the settings shared by the checks."""

    fn: Callable
    name: str
    args: list  # float64 leaf copies of floating Tensor inputs, other inputs as given
    originals: dict  # position -> the original array of each Tensor input
    diff: list  # positions of inputs that require grad
    eps: float
    atol: float
    rtol: float
    seed: int
    second_order: bool | None
    rng: np.random.Generator = None
    vs: list = None  # the random upstream gradient, one array per output
    main: Run = None  # the run with vs
    kinks: list = field(default_factory=list)

    def label(self, i: int) -> str:
        a = self.args[i]
        name = f" ({a.name!r})" if a.name else ""
        return f"input {i}{name} of shape {a.shape}"


def _where(j: int, shape: tuple) -> str:
    return str([int(i) for i in np.unravel_index(j, shape)]) if shape else "[]"


def _close(a, b, atol, rtol) -> bool:
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def _grad_or_zero(run: Run, i: int, shape: tuple):
    g = run.grads.get(i)
    return np.zeros(shape) if g is None else np.asarray(g, dtype=np.float64)


# ------------------------------------------------------------------ checks
def check_gradient(case: Case) -> tuple[list, list]:
    """Analytic against central differences of <v, f(x)>; kinks become notes."""
    fails, notes = [], []
    vs, eps, atol, rtol = case.vs, case.eps, case.atol, case.rtol

    def phi() -> float:
        # fresh copies each time: an op that mutates its inputs must not move the point
        args = [_leaf_copy(a) if isinstance(a, Tensor) else a for a in case.args]
        with grad_mode.no_grad():
            outs = _as_outputs(case.fn(*args))
        return float(sum(np.sum(np.asarray(o._data, np.float64) * v) for o, v in zip(outs, vs)))

    f0 = phi()
    for i in case.diff:
        x = case.args[i].numpy()  # an ndarray (for 0-d tensors _data may be a numpy scalar)
        flat = x.reshape(-1)  # a view: our own contiguous float64 copy
        plus, minus = np.empty(flat.size), np.empty(flat.size)
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            plus[j] = phi()
            flat[j] = orig - eps
            minus[j] = phi()
            flat[j] = orig
        central = (plus - minus) / (2 * eps)
        right, left = (plus - f0) / eps, (f0 - minus) / eps
        ana = _grad_or_zero(case.main, i, x.shape).reshape(-1)
        if ana.size != flat.size:
            continue  # the shape check reports it
        tol = atol + rtol * np.abs(central)
        err = np.abs(ana - central)
        jump = np.abs(right - left)
        kink = jump > _KINK_FACTOR * (atol + rtol * np.maximum(np.abs(left), np.abs(right)))
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        inside = (ana >= lo - tol) & (ana <= hi + tol)
        for j in np.flatnonzero(kink):
            where = _where(j, x.shape)
            text = (
                f"kink at input {i} element {where}: one-sided derivatives "
                f"{left[j]:.6e} and {right[j]:.6e}; analytic {ana[j]:.6e}"
            )
            case.kinks.append((i, j))
            if inside[j]:
                notes.append(Finding("kink", text + " (between them: not a failure)"))
            else:
                fails.append(Finding("kink", text + " lies outside [left, right]"))
        bad = (err > tol) & ~kink
        if bad.any():
            lines = [
                f"{case.label(i)}: {int(bad.sum())} of {bad.size} elements differ from central "
                f"differences (of sum(g * f(x)) for a random upstream gradient g, seed {case.seed})"
            ]
            excess = np.where(bad, err - tol, -np.inf)
            for j in np.argsort(-excess)[: min(_WORST, int(bad.sum()))]:
                lines.append(
                    f"element {_where(j, x.shape)}: numerical {central[j]:.6e}, "
                    f"analytic {ana[j]:.6e}, abs err {err[j]:.2e}"
                )
            rel = err[bad] / np.maximum(np.abs(central[bad]), 1e-12)
            lines.append(
                f"largest absolute error {err[bad].max():.3e}, largest relative error "
                f"{rel.max():.3e} (atol={atol}, rtol={rtol})"
            )
            fails.append(Finding("gradient", "\n".join(lines)))
    return fails, notes


def check_second_order(case: Case) -> tuple[list, list]:
    """gradgradcheck where double backward is supported (or claimed: second_order=True)."""
    if case.second_order is False:
        return [], []
    if case.kinks:
        return [], [Finding("second order", "not checked: the inputs sit on kinks")]
    claimed = case.second_order is True
    reason = _double_backward_support(case)
    if reason is not None:
        text = f"does not support double backward: {reason}"
        return (
            ([Finding("second order", text)], [])
            if claimed
            else ([], [Finding("second order", text)])
        )
    try:
        gradgradcheck(
            case.fn, case.args, eps=case.eps, atol=case.atol, rtol=case.rtol, seed=case.seed
        )
    except GradcheckError as e:
        return [Finding("second order", f"second derivatives are wrong:\n{e}")], []
    except Exception as e:  # noqa: BLE001
        return [Finding("second order", f"gradgradcheck raised {type(e).__name__}: {e}")], []
    return [], []


def _double_backward_support(case: Case) -> str | None:
    """None if a backward under create_graph records a graph, else why not."""
    args = [_leaf_copy(a) if isinstance(a, Tensor) else a for a in case.args]
    try:
        with grad_mode.enable_grad():
            outs = _as_outputs(case.fn(*args))
            live = [k for k, o in enumerate(outs) if o.requires_grad]
            vs = [Tensor(case.vs[k], requires_grad=True) for k in live]
            gs = grad(
                [outs[k] for k in live],
                [args[i] for i in case.diff],
                vs,
                create_graph=True,
                allow_unused=True,
            )
    except Exception as e:  # noqa: BLE001
        return f"backward under create_graph=True raised {type(e).__name__}: {e}"
    detached = [i for i, g in zip(case.diff, gs) if g is not None and not g.requires_grad]
    if detached:
        return (
            f"the gradient of input {detached[0]} is not recorded under create_graph=True "
            "(the backward computes on arrays, not Tensors)"
        )
    return None


def _leaf_copy(t: Tensor) -> Tensor:
    leaf = Tensor(np.array(t._data, copy=True), name=t.name)
    leaf._data = np.array(t._data, copy=True)  # a writable array, also for 0-d (not a scalar)
    leaf.requires_grad = t.requires_grad
    return leaf


def check_linearity(case: Case) -> tuple[list, list]:
    """backward(2.5 g) = 2.5 backward(g) and backward(g1 + g2) = backward(g1) + backward(g2)."""
    fails = []
    v2 = [case.rng.standard_normal(v.shape) for v in case.vs]
    scaled = _run(case, [2.5 * v for v in case.vs])
    other = _run(case, v2)
    summed = _run(case, [a + b for a, b in zip(case.vs, v2)])
    for run in (scaled, other, summed):
        if run.error is not None:
            return [Finding("linearity", f"a second backward raised {_describe(run.error)}")], []
    for i in case.diff:
        shape = case.args[i].shape
        g1 = _grad_or_zero(case.main, i, shape)
        g25 = _grad_or_zero(scaled, i, shape)
        g2 = _grad_or_zero(other, i, shape)
        gs = _grad_or_zero(summed, i, shape)
        if g1.shape != shape:
            continue
        if not _close(g25, 2.5 * g1, case.atol, case.rtol):
            dot = float(np.sum(g1 * g1))
            ratio = float(np.sum(g25 * g1)) / dot if dot else float("nan")
            fails.append(
                Finding(
                    "linearity",
                    f"{case.label(i)}: backward with 2.5 * g gave {ratio:.4g} times the gradient "
                    "for g (expected 2.5): the backward ignores the upstream gradient or is not "
                    "linear in it",
                )
            )
        elif not _close(gs, g1 + g2, case.atol, case.rtol):
            err = float(np.max(np.abs(gs - (g1 + g2))))
            fails.append(
                Finding(
                    "linearity",
                    f"{case.label(i)}: backward with g1 + g2 differs from backward(g1) + "
                    f"backward(g2) by up to {err:.3e}: the backward is not linear in the "
                    "upstream gradient",
                )
            )
    return fails, []


def check_shapes_and_dtypes(case: Case) -> tuple[list, list]:
    """Each gradient has its input's shape, and its dtype (also for float32 inputs)."""
    fails = []
    runs = [(case.main, {i: np.dtype(np.float64) for i in case.diff})]
    if any(case.originals[i].dtype != np.float64 for i in case.diff):
        vs = [np.asarray(v) for v in case.vs]
        run = _run(case, vs, dtypes=True)
        if run.error is not None:
            return [_error_finding(run, "with the inputs in their own dtypes")], []
        runs.append((run, {i: case.originals[i].dtype for i in case.diff}))
    for run, want in runs:
        # an op whose output promotes (float32 * float64 array) passes the promoted
        # gradient back; the engine casts it at the leaf, so that dtype is fine too
        promoted = {np.dtype(o.dtype) for o in run.outputs}
        for i in case.diff:
            g = run.grads.get(i)
            if g is None:
                continue
            shape = case.args[i].shape
            if g.shape != shape:
                fails.append(
                    Finding("shape/dtype", f"the gradient of {case.label(i)} has shape {g.shape}")
                )
            elif g.dtype != want[i] and g.dtype not in promoted - {want[i]}:
                fails.append(
                    Finding(
                        "shape/dtype",
                        f"the gradient of input {i} has dtype {g.dtype}, but the input is "
                        f"{np.dtype(want[i])}",
                    )
                )
    return _dedupe(fails), []


def check_no_mutation(case: Case) -> tuple[list, list]:
    """Neither the forward nor the backward modifies the inputs."""
    return [
        Finding("mutation", f"the {stage} modified {case.label(i)} in place")
        if isinstance(case.args[i], Tensor)
        else Finding("mutation", f"the {stage} modified the array passed as input {i} in place")
        for i, stage in case.main.mutated
    ], []


def check_no_aliasing(case: Case) -> tuple[list, list]:
    """Gradients share no memory with each other, with the inputs or with the output."""
    fails = []
    grads = [(i, g) for i, g in case.main.grads.items() if isinstance(g, np.ndarray)]
    for n, (i, g) in enumerate(grads):
        for j, h in grads[:n]:
            if np.shares_memory(g, h):
                fails.append(
                    Finding(
                        "aliasing",
                        f"the gradients of inputs {j} and {i} share memory: an in-place "
                        "update of one changes the other (return a new array for each)",
                    )
                )
        for j, x in case.main.seen.items():
            if np.shares_memory(g, x):
                fails.append(
                    Finding(
                        "aliasing",
                        f"the gradient of input {i} shares memory with input {j}: "
                        "updating the gradient in place would change the input",
                    )
                )
        for k, o in enumerate(case.main.out_arrays):
            if isinstance(o, np.ndarray) and np.shares_memory(g, o):
                fails.append(
                    Finding("aliasing", f"the gradient of input {i} shares memory with output {k}")
                )
    return fails, []


def _strided(x: np.ndarray) -> np.ndarray:
    """x as a step-2 slice of a bigger array filled with NaN."""
    big = np.full(tuple(2 * n for n in x.shape), np.nan, dtype=x.dtype)
    view = big[(slice(None, None, 2),) * x.ndim]
    view[...] = x
    return view


def _transposed(x: np.ndarray) -> np.ndarray:
    """x as the transpose of a C-contiguous array (Fortran order)."""
    base = np.ascontiguousarray(x.transpose())
    return base.transpose()


_LAYOUTS = {
    "sliced with step 2 from a bigger array": _strided,
    "transposed (Fortran order)": _transposed,
}


def check_non_contiguous(case: Case) -> tuple[list, list]:
    """Values and gradients are the same when the inputs are non-contiguous views."""
    fails = []
    ndims = [a.ndim for a in case.args if isinstance(a, Tensor)]
    for name, layout in _LAYOUTS.items():
        if not any(n >= (2 if layout is _transposed else 1) for n in ndims):
            continue
        with np.errstate(all="ignore"):
            run = _run(case, case.vs, layout=layout)
        if run.error is not None:
            fails.append(_error_finding(run, f"with inputs {name}", "non-contiguous"))
            continue
        problems = []
        for k, (a, b) in enumerate(zip(run.outputs, case.main.outputs)):
            if not _same(a, b, case):
                problems.append(f"output {k} differs ({_diff(a, b)})")
        for i in case.diff:
            a, b = run.grads.get(i), case.main.grads.get(i)
            if (a is None) != (b is None) or (a is not None and not _same(a, b, case)):
                problems.append(f"the gradient of input {i} differs ({_diff(a, b)})")
        if problems:
            fails.append(
                Finding(
                    "non-contiguous",
                    f"with inputs {name}: " + "; ".join(problems) + " (the op assumes C-contiguous "
                    "memory: use the arrays' shapes and strides, not their buffers)",
                )
            )
    return fails, []


def _same(a, b, case: Case) -> bool:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= case.atol + case.rtol * np.abs(b)))


def _diff(a, b) -> str:
    if a is None or b is None:
        return "one is None"
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        return f"shape {a.shape} instead of {b.shape}"
    with np.errstate(all="ignore"):
        return f"max abs difference {np.nanmax(np.abs(a - b)) if a.size else 0:.3e}" + (
            ", NaN where there was none" if np.isnan(a).sum() > np.isnan(b).sum() else ""
        )


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def _error_finding(run: Run, context: str = "", check: str | None = None) -> Finding:
    e = run.error
    suffix = f" {context}" if context else ""
    if check is None:
        check = "shape/dtype" if "gradient of shape" in str(e) else run.stage
    return Finding(check, f"the {run.stage} raised {_describe(e)}{suffix}")


def _dedupe(findings: list) -> list:
    seen, out = set(), []
    for f in findings:
        if f.message not in seen:
            seen.add(f.message)
            out.append(f)
    return out


CHECKS: dict[str, Callable[[Case], tuple[list, list]]] = {
    "gradient": check_gradient,
    "linearity": check_linearity,
    "shape/dtype": check_shapes_and_dtypes,
    "mutation": check_no_mutation,
    "aliasing": check_no_aliasing,
    "non-contiguous": check_non_contiguous,
    "second order": check_second_order,  # last: it is skipped at kinks found above
}


# ---------------------------------------------------------------- check_op
def _resolve(fn_or_function) -> tuple[Callable, str]:
    if inspect.isclass(fn_or_function) and issubclass(fn_or_function, Function):
        return fn_or_function.apply, f"{fn_or_function.__name__}.apply"
    if not callable(fn_or_function):
        raise TypeError(f"check_op: expected a callable or a Function, got {fn_or_function!r}")
    name = getattr(fn_or_function, "__qualname__", None) or repr(fn_or_function)
    return fn_or_function, name


def _describe_inputs(inputs) -> str:
    parts = []
    for x in inputs:
        if isinstance(x, Tensor):
            parts.append(f"{x.shape} {x.dtype}" + (" (requires grad)" if x.requires_grad else ""))
        elif isinstance(x, np.ndarray):
            parts.append(f"array {x.shape} {x.dtype}")
        else:
            parts.append(repr(x))
    return ", ".join(parts)


def check_op(
    fn_or_function,
    *inputs,
    second_order: bool | None = None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
    skip: Iterable[str] = (),
) -> OpCheckReport:
    """Run every check of an op at `inputs` and raise one `OpCheckError` listing all failures.

    fn_or_function: a callable on Tensors returning a Tensor (or a tuple of
    them), or an `autograd.Function` subclass (its `apply` is checked).
    inputs: the arguments, or one tuple of them as `gradcheck` takes them (`check_op(fn,
    x, y)` or `check_op(fn, (x, y))`); Tensors that require grad are differentiated,
    floating Tensors are checked in float64 (plus a dtype run in their own
    dtype), anything else is passed through unchanged.
    second_order: True (must support double backward), False (skip), None
    (check it if the op supports it; otherwise a note).
    skip: names of checks to leave out (keys of `CHECKS`).
    Returns the `OpCheckReport` (with its notes: kinks, second order) on success.
    """
    __tracebackhide__ = True  # pytest shows the report, not check_op's source
    if len(inputs) == 1 and isinstance(inputs[0], tuple):  # gradcheck's form: (x, y)
        inputs = inputs[0]
    fn, name = _resolve(fn_or_function)
    skip = set(skip)
    unknown = skip - set(CHECKS)
    if unknown:
        raise ValueError(f"check_op: unknown checks {sorted(unknown)}; known: {list(CHECKS)}")
    args, originals = [], {}
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor):
            originals[i] = x.numpy()
            if x.dtype.kind == "f":
                t = Tensor(x.numpy().astype(np.float64), name=x.name)
                t.requires_grad = x.requires_grad
                x = t
        args.append(x)
    diff = [i for i, x in enumerate(args) if isinstance(x, Tensor) and x.requires_grad]
    if not diff:
        raise ValueError("check_op: no input requires grad")
    case = Case(fn, name, args, originals, diff, eps, atol, rtol, seed, second_order)
    report = OpCheckReport(name, _describe_inputs(inputs))
    case.rng = np.random.default_rng(seed)
    try:
        with grad_mode.no_grad():
            outs = _as_outputs(fn(*[_leaf_copy(a) if isinstance(a, Tensor) else a for a in args]))
    except Exception as e:  # noqa: BLE001
        report.failures.append(Finding("forward", f"the forward raised {_describe(e)}"))
        raise OpCheckError(report) from e
    case.vs = [case.rng.standard_normal(o.shape) for o in outs]
    case.main = _run(case, case.vs)
    if case.main.error is not None:
        report.failures.append(_error_finding(case.main))
        if "mutation" not in skip:
            report.failures += check_no_mutation(case)[0]
        raise OpCheckError(report) from case.main.error
    for i in diff:
        if case.main.grads.get(i) is None:
            report.notes.append(
                Finding("gradient", f"{case.label(i)} received no gradient (treated as zero)")
            )
    for check, run_check in CHECKS.items():
        if check in skip:
            continue
        fails, notes = run_check(case)
        report.failures += fails
        report.notes += notes
    if report.failures:
        raise OpCheckError(report)
    return report
