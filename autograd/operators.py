"""The operators `+ - * / @` (and reflected) of Tensor, recorded inline.

Operators are the hot path of scalar graphs, so each is `Op.apply` written out
for two inputs, as a closure over its op class: no call in between, the op is
the shared instance for the inputs that need grad, and nothing is allocated but
the result tensor. Anomaly mode swaps in checked versions.
"""

from __future__ import annotations

from . import anomaly as _anomaly
from . import grad_mode as _gm
from . import ops_elementwise as E
from . import ops_shape as S
from .grad_mode import tick as _tick
from .tensor import Tensor

_new = object.__new__


def _operator(cls, name: str):
    """Tensor's operator method for the binary op cls (`a + b`, ...), recorded inline.

    Operators are the hot path of scalar graphs, so this is `Op.apply` written
    out for two inputs: the op is the shared instance for the inputs that need
    grad, and nothing else is allocated but the result.
    """
    ops = cls.shared
    forward = ops[3].forward

    def operator(a: Tensor, b) -> Tensor:
        if not isinstance(b, Tensor):
            b = a._operand(b)
        try:  # free unless raised (zero-cost exceptions): numpy's message reworded
            data = forward(a._data, b._data)
        except ValueError as e:
            raise _anomaly.op_error(ops[3], (a._data, b._data), e) from None
        t = _new(Tensor)
        t._data = data
        t.grad = None
        t.name = None
        t._retain = False
        need = 2 * a.requires_grad + b.requires_grad
        if need and _gm._enabled:
            t.requires_grad = True
            t._op = ops[need]
            t._a = a
            t._b = b
            t._stamp = _tick()
            if _gm._scope is not None:
                t._scope = _gm._scope
        else:
            t.requires_grad = False
            t._op = None
        return t

    def checked(a: Tensor, b) -> Tensor:  # anomaly mode's version: normal mode pays nothing
        if not isinstance(b, Tensor):
            b = a._operand(b)
        out = operator(a, b)
        _anomaly.after_forward(cls, out, (a, b))
        return out

    for f in operator, checked:
        f.__name__ = f.__qualname__ = f"__{name}__"
        f.__doc__ = f"self {name} other, recorded as op {cls.__name__}"
    return operator, checked


def _reflected(f, name: str):
    """The reflected operator (`2 * t`): f with the operands swapped."""

    def reflected(a: Tensor, b) -> Tensor:
        return f(a._operand(b), a)

    reflected.__name__ = reflected.__qualname__ = f"__r{name}__"
    return reflected


OPERATORS = {"add": E.Add, "sub": E.Sub, "mul": E.Mul, "truediv": E.Div, "matmul": S.MatMul}
for _name, _cls in OPERATORS.items():
    _fast, _checked = _operator(_cls, _name)
    _anomaly.register(Tensor, f"__{_name}__", _fast, _checked)
    _anomaly.register(
        Tensor, f"__r{_name}__", _reflected(_fast, _name), _reflected(_checked, _name)
    )
