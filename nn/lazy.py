"""The lazy modules' base and LazyLinear, as PyTorch's (torch.nn.modules.lazy).

A lazy module's parameters are `UninitializedParameter`s (its buffers
`UninitializedBuffer`s) until the sizes are known: `parameters()` yields them, so an
optimizer can be built before the first call. The first forward reads the sizes from the
input (`initialize_parameters`), materialises those same objects in place (they become
Parameters; an optimizer built before keeps them), draws PyTorch's initialisation and then
turns the module into the layer it stands for (`cls_to_become`). `initialize_parameters`
called alone, or loading a state dict, materialises the parameters (loading: from the
dict's shapes, drawing nothing) and keeps the lazy class until the next forward, as
PyTorch. Until then `state_dict()` gives the uninitialized objects themselves.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor, as_tensor
from autograd.argcheck import integer

from .linear import Linear
from .module import Module, Parameter, factory_dtype

__all__ = ["LazyLinear", "UninitializedBuffer", "UninitializedParameter"]

_NO_SHAPE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually "
    "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
    "initialized one. Call `forward` to initialize the parameters before accessing their "
    "attributes."
)


def _unusable_words(what: str, kind: str = "UninitializedParameter") -> str:
    return (
        f"Attempted to use an uninitialized parameter in {what}. This error happens when you "
        f"are using a `LazyModule` or explicitly manipulating `{kind}` "
        "objects. When using LazyModules Call `forward` with a dummy batch to initialize the "
        "parameters before calling torch functions"
    )


def _unusable(self, what: str):
    raise ValueError(_unusable_words(what, type(self).__name__))


class _NoValues(np.ndarray):
    """The (empty) values of an uninitialized parameter or buffer: a write into them, as
    nn.init's fills do, is PyTorch's error rather than a silent no-op."""

    def __setitem__(self, key, value) -> None:
        raise ValueError(_unusable_words("a fill of its values"))


# what may be read of an uninitialized parameter or buffer (the module machinery's needs);
# any other public attribute is PyTorch's error (an init or an op before the first forward)
_USABLE = frozenset(
    "materialize cls_to_become shape size numel requires_grad requires_grad_ grad is_leaf "
    "dtype device data numpy".split()
)


def _refuse_op(name: str):
    def op(self, *args, **kwargs):
        _unusable(self, name)

    op.__name__ = name
    return op


class _Uninitialized:
    """What the uninitialized parameter and buffer share: no shape until `materialize`,
    and no use (ops, in-place fills, methods) before it, as PyTorch's."""

    __slots__ = ()
    _uninitialized = True  # read by Module.state_dict / load_state_dict
    cls_to_become: type = Tensor

    @property
    def data(self) -> np.ndarray:
        """The empty values, refusing writes (an optimizer may look at them)."""
        return object.__getattribute__(self, "_data")

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The empty values, refusing writes (what nn.init's fills write into)."""
        return object.__getattribute__(self, "_data")

    def __getattribute__(self, name: str):
        if name[0] != "_" and name not in _USABLE:
            _unusable(self, name)
        return object.__getattribute__(self, name)

    for _name in (
        "__add__ __radd__ __iadd__ __sub__ __rsub__ __isub__ __mul__ __rmul__ __imul__ "
        "__truediv__ __rtruediv__ __itruediv__ __matmul__ __rmatmul__ __pow__ __rpow__ "
        "__neg__ __abs__ __getitem__ __setitem__ __float__ __int__ __bool__ __lt__ __le__ "
        "__gt__ __ge__ __array__"
    ).split():
        locals()[_name] = _refuse_op(_name.strip("_"))
    del _name

    @property
    def shape(self) -> tuple:
        """Refused, as PyTorch's: the shape is not known yet."""
        raise RuntimeError(_NO_SHAPE)

    def size(self, dim=None):
        """Refused, as PyTorch's: the shape is not known yet."""
        raise RuntimeError(_NO_SHAPE)

    def numel(self) -> int:
        """Refused, as PyTorch's: the shape is not known yet."""
        _unusable(self, "numel")

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give it `shape` (zeros; the module then initialises them), in place: it becomes a
        Parameter (a buffer: a Tensor), the same object."""
        dt = self._data.dtype if dtype is None else factory_dtype(device, dtype, "materialize")
        self.__class__ = self.cls_to_become
        self.data = np.zeros(tuple(int(s) for s in shape), dt)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class UninitializedParameter(_Uninitialized, Parameter):
    """A parameter whose shape is not known yet (a lazy module's, until its first input);
    `materialize(shape)` makes it a Parameter of that shape, in place."""

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device=None, dtype=None):
        dt = factory_dtype(device, dtype, "UninitializedParameter")
        Parameter.__init__(self, np.empty(0, dt), requires_grad=requires_grad)
        self._data = np.empty(0, dt).view(_NoValues)


class UninitializedBuffer(_Uninitialized, Tensor):
    """A buffer whose shape is not known yet (a lazy norm's running statistics);
    `materialize(shape)` makes it a Tensor of that shape, in place."""

    __slots__ = ()

    def __init__(self, requires_grad: bool = False, device=None, dtype=None):
        dt = factory_dtype(device, dtype, "UninitializedBuffer")
        Tensor.__init__(self, np.empty(0, dt), requires_grad=requires_grad)
        self._data = np.empty(0, dt).view(_NoValues)


def is_lazy(value) -> bool:
    """True for an UninitializedParameter or UninitializedBuffer."""
    return isinstance(value, _Uninitialized)


class _LazyModule:
    """What the lazy modules share (PyTorch's LazyModuleMixin): the uninitialized check,
    the materialisation in place, the loading and the class switch at the first forward.

    A lazy layer says how to read its size from an input (`_channels`), which attribute
    takes it (`_set_channels`), the shape of each parameter and buffer for a size
    (`_shapes`) and how to read the size from a state dict (`_channels_in_state`)."""

    cls_to_become: type = Module
    _size_attr = "in_channels"  # the size read from the input (0 until then)

    def has_uninitialized_params(self) -> bool:
        """True while a parameter or buffer has no shape yet."""
        params = (p for _, p in self._own_parameters())
        return any(is_lazy(v) for v in params) or any(is_lazy(v) for _, v in self._own_buffers())

    def reset_parameters(self) -> None:
        """PyTorch's initialisation of the layer, once the sizes are known (nothing before)."""
        if not self.has_uninitialized_params() and getattr(self, self._size_attr, 0) != 0:
            self.cls_to_become.reset_parameters(self)

    def initialize_parameters(self, input, *args, **kwargs) -> None:
        """Size the parameters from the input and initialise them (the class stays lazy
        until the next forward, as PyTorch)."""
        if self.has_uninitialized_params():
            self._materialize(self._channels(as_tensor(input)))

    def _materialize(self, channels: int, draw: bool = True) -> None:
        self._set_channels(channels)
        for name, shape in self._shapes(channels).items():
            current = getattr(self, name, None)
            if isinstance(current, UninitializedParameter):
                current.materialize(shape)
            elif isinstance(current, UninitializedBuffer):  # as the layer keeps its buffers
                setattr(self, name, np.zeros(shape, current.dtype))
        if draw:
            self.reset_parameters()

    def _materialize_from_state(self, state, prefix: str) -> None:
        """Called by load_state_dict: the sizes from the state dict (its values are then
        copied in; nothing is drawn)."""
        if not self.has_uninitialized_params():
            return
        channels = self._channels_in_state(state, prefix)
        if channels is not None:
            self._materialize(channels, draw=False)

    def forward(self, input, *args, **kwargs):
        """Size and initialise the parameters from `input`, become the layer, run it."""
        self.initialize_parameters(input, *args, **kwargs)
        self.__class__ = self.cls_to_become
        return self.forward(input, *args, **kwargs)  # now the layer's own forward


class LazyLinear(_LazyModule, Linear):
    """A Linear layer whose in_features is inferred from the first input's last axis (then
    it becomes an nn.Linear, with PyTorch's initialisation drawn at that moment)."""

    cls_to_become = Linear
    _size_attr = "in_features"

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None):
        Module.__init__(self)
        self.in_features = 0
        self.out_features = integer(out_features, "out_features", "LazyLinear", minimum=0)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.bias = UninitializedParameter(device=device, dtype=dtype) if bias else None

    def _channels(self, x: Tensor) -> int:
        if not x.shape:
            raise ValueError("LazyLinear: the input must have at least one axis (the features)")
        return x.shape[-1]

    def _set_channels(self, channels: int) -> None:
        self.in_features = channels

    def _shapes(self, channels: int) -> dict:
        return {"weight": (self.out_features, channels), "bias": (self.out_features,)}

    def _channels_in_state(self, state, prefix: str) -> int | None:
        w = state.get(prefix + "weight")
        if w is None or is_lazy(w) or np.ndim(w) != 2:
            return None
        return int(np.shape(w)[1])
