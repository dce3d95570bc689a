"""The in-place Tensor methods (`add_`, `zero_`, `x[idx] = v`, `+=`, ...), mixed into Tensor.

Each bumps the tensor's version counter (docs/reliability.md). Where PyTorch allows them,
as PyTorch:

- on a tensor outside any graph (or under `no_grad`, parameters included), the values
  change in place: the same object, the same memory (`p -= lr * p.grad` under no_grad);
- on a leaf that requires grad, with grad mode on: refused (a RuntimeError saying to use
  `no_grad`), also through a view of it (`w[0] += 1`);
- on a tensor inside a graph (or given a value that requires grad: `buf[i] = h`): the
  change is recorded. The tensor object becomes the node of the in-place op, whose
  input is a snapshot of the node it was (with a copy of the old values); its memory
  is written in place. The tensor keeps the snapshot (`versions.prior`, versions.seen): an op
  recorded before the change that used the tensor sends its gradient there, to the
  values it saw, if its backward does not read them (`Op.reads`: `z = y + 1; y += 1;
  z.backward()` runs, as PyTorch's); one whose backward reads them refuses, naming the
  op and input. Hooks registered before the change stay with the snapshot.
- through a view of a tensor in the graph (`x[0].mul_(2)`, `x.view(-1).relu_()`): the
  tensors it is a view of become CopySlices nodes (their old values with the view's
  elements replaced), as PyTorch's bases; a view whose values were changed through
  its base is made a fresh view of the base's current node before its own change.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import hooks, versions
from .grad_mode import is_grad_enabled
from .op import index_value as _index
from .op import value as _value
from .ops_shape import Copy, CopySlices, GetItem, view_positions
from .shapes import dim_index

if TYPE_CHECKING:
    from .tensor_class import Tensor


def _wants_grad(x) -> bool:
    return bool(getattr(x, "requires_grad", False))


def _cast_error(what: str, src, dst) -> RuntimeError:
    return RuntimeError(
        f"{what}: the result type {np.dtype(src)} can't be cast to the tensor's dtype "
        f"{np.dtype(dst)} in place (write it out of place, or cast first)"
    )


class InPlaceMethods:
    """In-place methods of Tensor (see the module docstring)."""

    __slots__ = ()

    # ------------------------------------------------------------- machinery
    def _inplace(self, what: str, others=()) -> bool:
        """Check that the change is allowed; True if it must be recorded in the graph."""
        versions.check_mutable(self, what)
        if not is_grad_enabled():
            return False
        if not (self.requires_grad or any(_wants_grad(o) for o in others)):
            return False
        if self.requires_grad and self._op is None:
            raise RuntimeError(
                f"{what}: a leaf Tensor that requires grad is being used in an in-place "
                "operation; do it under `with autograd.no_grad():` (as optimizers do)"
            )
        self._refuse_view_of_leaf(what)
        return True

    def _refuse_view_of_leaf(self, what: str) -> None:
        """Raise if self's memory belongs to a leaf that requires grad (self is a view of it)."""
        d = self._data
        if type(d) is not np.ndarray:
            return
        mem, t = versions.owner(d), self
        while t._op is not None and t._in0 is not None:
            t = t._in0
            if type(t._data) is not np.ndarray or versions.owner(t._data) is not mem:
                return
            if t._op is None and t.requires_grad:
                raise RuntimeError(
                    f"{what}: a view of a leaf Tensor that requires grad is being used in an "
                    "in-place operation; do it under `with autograd.no_grad():`"
                )

    def _apply_(self, what: str, fn) -> Tensor:
        """Run fn on the array in place (a 0-d tensor's numpy scalar is replaced) and bump."""
        d = self._data
        try:
            if type(d) is np.ndarray:
                fn(d)
            else:  # a numpy scalar (0-d): immutable, so replace it
                arr = np.array(d)
                fn(arr)
                self._data = arr[()]
        except TypeError as e:  # numpy's UFuncTypeError: a cast it refuses
            if "cast" in str(e):
                raise RuntimeError(
                    f"{what}: the result can't be cast to the tensor's dtype {self._data.dtype} "
                    f"in place (write it out of place, or cast first): {e}"
                ) from None
            raise
        versions.bump(self)
        return self

    def _assign(self, what: str, values) -> Tensor:
        """Write values (broadcast to self's shape, cast as PyTorch allows) into self."""
        values = np.asarray(values)
        dt = self._data.dtype
        if not np.can_cast(values.dtype, dt, "same_kind"):
            raise _cast_error(what, values.dtype, dt)
        try:
            full = np.broadcast_to(values, self.shape)
        except ValueError:
            raise RuntimeError(
                f"{what}: a result of shape {values.shape} cannot be written into a tensor of "
                f"shape {self.shape} (in place, the tensor's shape cannot change)"
            ) from None
        return self._apply_(what, lambda d: np.copyto(d, full, casting="unsafe"))

    def _store(self, what: str, result) -> Tensor:
        """Write result into self in place, for PyTorch's `out=` (self is resized to the
        result's shape, with PyTorch's warning if it had elements). Refused when grad mode
        is on and result or self requires grad."""
        versions.check_mutable(self, what)
        if is_grad_enabled() and (result.requires_grad or self.requires_grad):
            raise RuntimeError(
                "out=... arguments don't support automatic differentiation, but one of the "
                "arguments requires grad: write the result without out= (or under no_grad)"
            )
        values = result._data
        if self.shape != np.shape(values):
            if self._data.size:
                warnings.warn(
                    f"An output with one or more elements was resized since it had shape "
                    f"{list(self.shape)}, which does not match the required output shape "
                    f"{list(np.shape(values))}",
                    UserWarning,
                    stacklevel=3,
                )
            self._data = np.zeros(np.shape(values), self._data.dtype)
        return self._assign(what, values)

    def _update(self, what: str, compute, others=()) -> Tensor:
        """self changed in place to compute(self) (an out-of-place expression of it)."""
        if self._inplace(what, others):
            return self._rebase(what, compute)
        return self._assign(what, compute(self)._data)

    def _rebase(self, what: str, compute) -> Tensor:
        """Record the change: self becomes the node of compute(snapshot of self)."""
        if self._op is not None and versions.graph_change(self._data) > self._stamp:
            self._fresh_view()
        old = self._snapshot()
        before = versions.tick()
        r = compute(old)
        if r._data.dtype != self._data.dtype:
            if not np.can_cast(r._data.dtype, self._data.dtype, "same_kind"):
                raise _cast_error(what, r._data.dtype, self._data.dtype)
            r = r.astype(self._data.dtype)
        if r.shape != self.shape:
            raise RuntimeError(
                f"{what}: the result has shape {r.shape}, the tensor {self.shape} (in place, "
                "the tensor's shape cannot change)"
            )
        if not r.requires_grad and old.requires_grad:  # overwritten: zero gradient to old
            r = old._stepped(r._data)
        elif r._op is not None and r._stamp < before:  # an op returned its input: a new node
            r = Copy.apply(r)
        bases = [(b, at, b._snapshot()) for b, at in self._view_bases()]  # before the write
        d = self._data
        if type(d) is np.ndarray:
            np.copyto(d, r._data)
        else:
            self._data = np.asarray(r._data)[()]
        versions.bump_recorded(self)
        self._op, self._in0, self._in1, self._many = r._op, r._in0, r._in1, r._many
        self._stamp = versions.tick()  # after the bump: the node's own values are current
        self._requires_grad = r._requires_grad
        if not hasattr(self, "_retain"):
            self._retain = False
        for slot in ("_scope", "_trace"):
            if hasattr(r, slot):
                setattr(self, slot, getattr(r, slot))
        old._vers = -before  # changed then (minus: a snapshot, anomaly.check_versions)
        versions.set_prior(self, (before, old))  # ... one that does not sends its gradient there
        hooks.move_pre_hooks(self, old)
        if bases:
            for b, at, snap in bases:
                b._copied_slices(at, snap, self, before)
            _link_to_snapshots(old, {id(b) for b, _, _ in bases})
            versions.remember_bases(self, [b for b, _, _ in bases])
        return self

    def _view_bases(self) -> list:
        """The tensors in the graph that self is a view of (along the first inputs of the
        node self was made as, over self's memory), each with the flat positions of self's
        elements in it (`view_positions`): an in-place change of self changes them too."""
        d = self._data
        if type(d) is not np.ndarray or d.base is None:
            return []
        mem, found = versions.owner(d), []
        known = versions.bases_of(self)  # (changed before: its links point at snapshots)
        node = versions.seen(self, 0)  # the node self was made as: its input is what it views
        while True:
            if known is not None:
                if len(found) == len(known):
                    break
                t = known[len(found)]
            elif node._op is not None and node._in0 is not None:
                t = node._in0
            else:
                break
            td = t._data
            if t._op is None or type(td) is not np.ndarray or versions.owner(td) is not mem:
                break
            at = view_positions(td, d)
            if at is None:  # (left as it is: a backward through its node refuses)
                break
            found.append((t, at))
            node = versions.seen(t, 0)
        return found

    def _fresh_view(self) -> None:
        """self is a view whose values were changed through another tensor sharing its
        memory (its base, or another view) in a recorded change after self was made: its
        node no longer says how they were made. As PyTorch regenerates a view's grad_fn,
        self becomes the node of its elements taken from its base's current node; the
        node it was stays for the uses recorded before (`versions.seen`). Left as it is if
        the base's node is not current either (a backward through it refuses)."""
        found = self._view_bases()
        if not found:
            return
        base, at = found[-1]
        changed = versions.graph_change(self._data)
        if base._stamp < changed:
            return
        old = self._result(self._data)  # the node self was (its values since changed)
        old._op, old._in0, old._in1, old._many = self._op, self._in0, self._in1, self._many
        old._stamp, old._requires_grad, old._retain = self._stamp, True, False
        old._vers = changed  # (positive: changed in place, an op reading it refuses)
        prior = versions.prior(self)
        if prior is not None:
            versions.set_prior(old, prior)
        op = GetItem._instance({"index": np.unravel_index(at, base.shape)})
        op.needs = (True,)
        self._op, self._in0, self._in1, self._many = op, base, None, None
        self._stamp = versions.tick()
        versions.set_prior(self, (changed, old))
        hooks.move_pre_hooks(self, old)

    def _copied_slices(self, at, old: Tensor, view: Tensor, before: int) -> None:
        """self, whose elements at flat positions `at` were just changed through `view` (a
        recorded change), becomes the node of CopySlices(old, view), as PyTorch's base of a
        view changed in place; old is the snapshot of the node self was."""
        op = CopySlices._instance({"_positions": at})
        op.needs = (old._requires_grad, view._requires_grad)
        self._op, self._in0, self._in1, self._many = op, old, view, None
        self._stamp = versions.tick()  # after the view's node, which it uses
        self._requires_grad = True
        if not hasattr(self, "_retain"):
            self._retain = False
        if getattr(self, "_trace", None) is not None:
            self._trace = None
        old._vers = -before
        versions.set_prior(self, (before, old))
        hooks.move_pre_hooks(self, old)

    def _snapshot(self) -> Tensor:
        """A new tensor holding a copy of self's values and the node self was (if any)."""
        d = self._data
        old = self._result(np.array(d, copy=True) if type(d) is np.ndarray else d)
        if self._op is not None:
            old._op, old._in0, old._in1, old._many = self._op, self._in0, self._in1, self._many
            old._stamp = self._stamp
            old._requires_grad = True
            old._retain = False
            if hasattr(self, "_scope"):
                old._scope = self._scope
        prior = versions.prior(self)
        if prior is not None:  # the chain of earlier changes (versions.seen)
            versions.set_prior(old, prior)
        return old

    # ------------------------------------------------------ arithmetic in place
    def add_(self, other, *, alpha=1) -> Tensor:
        """self += alpha * other, in place."""
        if self._inplace("add_", (other,)):
            return self._rebase("add_", lambda t: t.add(other, alpha=alpha))
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._apply_("add_", lambda d: np.add(d, v, out=d))

    def sub_(self, other, *, alpha=1) -> Tensor:
        """self -= alpha * other, in place."""
        if self._inplace("sub_", (other,)):
            return self._rebase("sub_", lambda t: t.sub(other, alpha=alpha))
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._apply_("sub_", lambda d: np.subtract(d, v, out=d))

    def mul_(self, other) -> Tensor:
        """self *= other, in place."""
        if self._inplace("mul_", (other,)):
            return self._rebase("mul_", lambda t: t * other)
        v = _value(other)
        return self._apply_("mul_", lambda d: np.multiply(d, v, out=d))

    def div_(self, other, *, rounding_mode=None) -> Tensor:
        """self /= other, in place."""
        if rounding_mode is not None or self._inplace("div_", (other,)):
            return self._update(
                "div_", lambda t: t.div(other, rounding_mode=rounding_mode), (other,)
            )
        v = _value(other)
        return self._apply_("div_", lambda d: np.true_divide(d, v, out=d))

    def pow_(self, exponent) -> Tensor:
        """self **= exponent, in place."""
        return self._update("pow_", lambda t: t**exponent, (exponent,))

    def lerp_(self, end, weight) -> Tensor:
        """self += weight * (end - self), in place."""
        return self._update("lerp_", lambda t: t.lerp(end, weight), (end, weight))

    def addcmul_(self, tensor1, tensor2, *, value=1) -> Tensor:
        """self += value * tensor1 * tensor2, in place."""
        return self._update(
            "addcmul_", lambda t: t.addcmul(tensor1, tensor2, value=value), (tensor1, tensor2)
        )

    def addcdiv_(self, tensor1, tensor2, *, value=1) -> Tensor:
        """self += value * tensor1 / tensor2, in place."""
        return self._update(
            "addcdiv_", lambda t: t.addcdiv(tensor1, tensor2, value=value), (tensor1, tensor2)
        )

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_

    def __itruediv__(self, other) -> Tensor:
        return self.div_(other)

    def __ipow__(self, exponent) -> Tensor:
        return self.pow_(exponent)

    def __imatmul__(self, other) -> Tensor:
        return self._update("@=", lambda t: t @ other, (other,))

    def __iand__(self, other) -> Tensor:
        return self._update("&=", lambda t: t & other)

    def __ior__(self, other) -> Tensor:
        return self._update("|=", lambda t: t | other)

    def __ixor__(self, other) -> Tensor:
        return self._update("^=", lambda t: t ^ other)

    # -------------------------------------------------------- filling in place
    def zero_(self) -> Tensor:
        """Set every element to 0, in place."""
        if self._inplace("zero_"):
            return self._rebase("zero_", lambda t: t._filled(0))
        return self._apply_("zero_", lambda d: d.fill(0))

    def fill_(self, value) -> Tensor:
        """Set every element to value (a number or a 0-d tensor), in place."""
        if self._inplace("fill_", (value,)):
            return self._rebase("fill_", lambda t: t._filled(value))
        v = _value(value)
        if np.ndim(v):
            raise RuntimeError(
                f"fill_: the value must be a number or a 0-d tensor, got shape {np.shape(v)}"
            )
        return self._apply_("fill_", lambda d: d.fill(v))

    def _filled(self, value) -> Tensor:
        v = value if hasattr(value, "_data") else self._operand(value)
        if self.requires_grad and v.requires_grad:  # both linked: a zero gradient to self,
            return self.index_put((Ellipsis,), v)  # as PyTorch's fill_ and copy_
        return Copy.apply(v.astype(self.dtype)).broadcast_to(self.shape)

    def copy_(self, other, non_blocking: bool = False) -> Tensor:
        """Copy other's values (broadcast to self's shape) into self, in place
        (`non_blocking` is PyTorch's: a copy on the CPU is synchronous either way)."""
        src = other
        if self._inplace("copy_", (src,)):
            return self._rebase("copy_", lambda t: t._filled(t._operand(src)))
        v = _value(src)
        return self._apply_("copy_", lambda d: np.copyto(d, v, casting="unsafe"))

    def clamp_(self, min=None, max=None) -> Tensor:
        """`clamp`, in place."""
        if min is None and max is None:
            raise ValueError("clamp_: at least one of min and max must be given")
        if self._inplace("clamp_"):
            return self._rebase("clamp_", lambda t: t.clip(min, max))
        lo, hi = _value(min), _value(max)
        return self._apply_("clamp_", lambda d: np.clip(d, lo, hi, out=d))

    clip_ = clamp_

    def clamp_min_(self, min) -> Tensor:
        """`clamp(min=min)`, in place."""
        return self.clamp_(min, None)

    def clamp_max_(self, max) -> Tensor:
        """`clamp(max=max)`, in place."""
        return self.clamp_(None, max)

    def masked_fill_(self, mask, value) -> Tensor:
        """Set the elements where mask (broadcast) is True to value, in place."""
        return self._update("masked_fill_", lambda t: t.masked_fill(mask, value), (value,))

    def index_fill_(self, dim: int, index, value) -> Tensor:
        """Set the slices at `index` along dim to value, in place."""
        d = dim_index(dim, self.ndim)
        where = (slice(None),) * d + (np.asarray(_value(index)).astype(np.int64),)
        return self.__setitem__(where, value) or self

    def index_put_(self, indices, values, accumulate: bool = False) -> Tensor:
        """`index_put`, in place."""
        return self._update(
            "index_put_", lambda t: t.index_put(indices, values, accumulate), (values,)
        )

    def scatter_(self, dim: int, index, src=None, *, value=None, reduce=None) -> Tensor:
        """`scatter`, in place."""
        return self._update(
            "scatter_",
            lambda t: t.scatter(dim, index, src, value=value, reduce=reduce),
            (src, value),
        )

    def scatter_add_(self, dim: int, index, src) -> Tensor:
        """`scatter_add`, in place."""
        return self._update("scatter_add_", lambda t: t.scatter_add(dim, index, src), (src,))

    def __setitem__(self, index, value) -> None:
        """`t[idx] = v`: in place (recorded when t is in a graph or v requires grad)."""
        if self._inplace("t[idx] = v", (value,)):
            self._rebase("t[idx] = v", lambda t: t.index_put(index, value))
            return
        d = self._data if type(self._data) is np.ndarray else np.array(self._data)
        try:
            d[_index(index)] = _value(value)
        except IndexError as e:
            raise IndexError(f"t[idx] = v on a tensor of shape {self.shape}: {e}") from None
        if self._data is not d:  # a 0-d tensor was a numpy scalar
            self._data = d[()]
        versions.bump(self)


def _link_to_snapshots(node, rebased: set) -> None:
    """Point the view chain below node (the view's node before the change) at the nodes
    its tensors were then, not at the tensors (ids in `rebased`) now CopySlices nodes that
    link the view: the same gradients (versions.seen), and no reference cycle."""
    while node._op is not None and node._many is None and id(node._in0) in rebased:
        node._in0 = versions.seen(node._in0, node._stamp)
        node = node._in0


def _unary_inplace(name: str):
    def method(self):
        return self._update(f"{name}_", lambda t: getattr(t, name)())

    method.__name__ = method.__qualname__ = f"{name}_"
    method.__doc__ = f"`{name}`, in place."
    return method


for _name in (
    "abs", "neg", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "log10", "log2", "sin",
    "cos", "tanh", "sigmoid", "relu", "floor", "ceil", "trunc", "frac", "sign",
    "reciprocal", "square",
):  # fmt: skip
    setattr(InPlaceMethods, f"{_name}_", _unary_inplace(_name))


def _round_(self, decimals: int = 0):
    return self._update("round_", lambda t: t.round(decimals))


_round_.__name__ = _round_.__qualname__ = "round_"
_round_.__doc__ = "`round`, in place (to `decimals` places)."
InPlaceMethods.round_ = _round_
