"""PyTorch's module-level in-place functions, `autograd.abs_(x)`, `autograd.clamp_(x, 0, 1)`,
`autograd.zero_(x)`, ...: each is the Tensor's in-place method (`x.abs_()`), so the rules for
in-place changes (a leaf that requires grad refuses, a view of one too; the graph records
the change) are the method's. One mechanism for all: `FUNCTIONS`, made from `NAMES`, and
`fill`, the out-of-place form of `fill_`.

`NAMES` is every `torch.X_` of PyTorch's namespace whose Tensor method graphgrad has; the
nn forms (`dropout_`, `selu_`, ...) are nn.functional's, and `i0_`, `sinc_`, `xlogy_` are
left out with the Tensor methods they would need.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .tensor_class import Tensor

NAMES = """
abs acos acosh addmv arccos arccosh arcsin arcsinh arctan arctanh asin asinh atan atanh ceil
clamp clamp_max clamp_min clip conj_physical cos cosh deg2rad detach exp exp2 expm1 fill fix
floor frac gcd lcm ldexp log log10 log1p log2 logit nan_to_num neg negative rad2deg
reciprocal relu round rsqrt sigmoid sin sinh sqrt square tan tanh trunc zero
""".split()


def _inplace(name: str) -> Callable:
    method = getattr(Tensor, f"{name}_")

    def fn(input, *args, **kwargs) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(
                f"{name}_(): argument 'input' (position 1) must be Tensor, not "
                f"{type(input).__name__}"
            )
        return method(input, *args, **kwargs)

    fn.__name__ = fn.__qualname__ = f"{name}_"
    fn.__module__ = __name__
    fn.__doc__ = f"`input.{name}_(...)`: {name}, in place (returns input)."
    return fn


def fill(input, value) -> Tensor:
    """A new tensor of input's shape and dtype filled with value (a number or a 0-d tensor);
    in the graph, the gradient to input is zero and to value the sum."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"fill(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
        )
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value.ndim} dimensions."
        )
    number = value._data if isinstance(value, Tensor) else value
    out = input._stepped(np.full_like(input._data, number))
    if isinstance(value, Tensor) and value.requires_grad:
        out = out + (value - value.detach())  # + 0, with value's gradient
    return out


FUNCTIONS: dict[str, Callable] = {f"{n}_": _inplace(n) for n in NAMES}
FUNCTIONS["fill"] = fill
globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)
