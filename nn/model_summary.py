"""`summary(model, input_shape)`: a model's layers, output shapes and parameter counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograd import Tensor, no_grad
from autograd.dtypes import get_default_dtype

from .module import Module

__all__ = ["ModelSummary", "summary"]


@dataclass
class ModelSummary:
    """The table `summary` returns: ``print()`` it, or read its rows and counts.

    ``rows`` holds one dict per module call, in call order: ``name`` (the dotted name,
    "" for the model), ``type``, ``depth``, ``output_shape`` (a tuple, or a list of them
    for several outputs) and ``params`` (parameters the module holds itself, not its
    submodules). The counts cover every parameter once, trainable (``requires_grad``)
    or not; buffers such as BatchNorm's running statistics are not parameters.
    """

    rows: list[dict] = field(default_factory=list)
    input_shape: tuple = ()
    total_params: int = 0
    trainable_params: int = 0
    buffer_values: int = 0

    @property
    def non_trainable_params(self) -> int:
        """Parameters with ``requires_grad=False`` (frozen)."""
        return self.total_params - self.trainable_params

    def __str__(self) -> str:
        head = ("Layer (type)", "Output shape", "Param #")
        body = [
            (
                "  " * r["depth"] + (f"{r['name']} ({r['type']})" if r["name"] else r["type"]),
                _shape_text(r["output_shape"]),
                f"{r['params']:,}" if r["params"] else "--",
            )
            for r in self.rows
        ]
        widths = [max(len(row[c]) for row in [head, *body]) for c in range(3)]
        width = sum(widths) + 4

        def line(row):
            return f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}"

        out = ["=" * width, line(head), "=" * width, *map(line, body), "=" * width]
        out += [
            f"Total params: {self.total_params:,}",
            f"Trainable params: {self.trainable_params:,}",
            f"Non-trainable params: {self.non_trainable_params:,}",
        ]
        if self.buffer_values:
            out.append(f"Buffers (running statistics etc.): {self.buffer_values:,} values")
        out += [f"Input shape: {_shape_text(self.input_shape)}", "=" * width]
        return "\n".join(out)

    __repr__ = __str__


def _shape_text(shape) -> str:
    if isinstance(shape, list):
        return ", ".join(_shape_text(s) for s in shape)
    return "[" + ", ".join(str(d) for d in shape) + "]" if shape is not None else "?"


def _shapes(out):
    """The shape of a Tensor or array output, or a list of shapes for a tuple of them."""
    if isinstance(out, Tensor | np.ndarray):
        return tuple(out.shape)
    if isinstance(out, tuple | list):
        shapes = []
        for o in out:
            s = _shapes(o)
            shapes.extend(s if isinstance(s, list) else [s])
        return shapes
    return None


def summary(
    model: Module,
    input_shape: tuple[int, ...] | list[tuple[int, ...]] | None = None,
    *,
    input_data=None,
    dtype=None,
) -> ModelSummary:
    """Run ``model`` once on zeros of ``input_shape`` and tabulate its layers.

    ``input_shape`` is the whole input's shape, batch included, as in torchinfo's
    ``input_size`` (``(1, 64)`` for an MLP on 64 features, ``(1, 1, 28, 28)`` for a CNN);
    a list of shapes feeds several inputs. Or pass ``input_data`` (arrays or Tensors) to
    run on real inputs. ``dtype`` is the zeros' dtype (the default float dtype; an integer
    dtype for an `Embedding`). The model runs in eval mode under `no_grad`, and its mode is
    restored afterwards.

    Examples:
        >>> model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
        >>> print(nn.summary(model, (1, 64)))
        ===================================
        Layer (type)  Output shape  Param #
        ===================================
        Sequential    [1, 10]            --
          0 (Linear)  [1, 32]         2,080
          1 (ReLU)    [1, 32]            --
          2 (Linear)  [1, 10]           330
        ===================================
        Total params: 2,410
        Trainable params: 2,410
        Non-trainable params: 0
        Input shape: [1, 64]
        ===================================
    """
    if not isinstance(model, Module):
        raise TypeError(f"summary: model must be an nn.Module, got {type(model).__name__}")
    if input_data is None:
        if input_shape is None:
            raise TypeError(
                "summary: give input_shape (batch included, e.g. (1, 64)) or input_data"
            )
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        if not all(
            isinstance(s, tuple | list) and all(isinstance(d, int) for d in s) for s in shapes
        ):
            raise TypeError(
                f"summary: input_shape must be a tuple of ints with the batch first, e.g. (1, 64), "
                f"or a list of them; got {input_shape!r}"
            )
        dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
        inputs = [Tensor(np.zeros(tuple(s), dtype=dt)) for s in shapes]
    else:
        data = input_data if isinstance(input_data, list | tuple) else [input_data]
        inputs = [d if isinstance(d, Tensor) else Tensor(np.asarray(d)) for d in data]
    names = {id(m): name for name, m in model.named_modules()}
    rows: list[dict] = []
    depth = [0]
    patched = []

    def wrap(module: Module, forward):
        def recorded(*args, **kwargs):
            row = {
                "name": names.get(id(module), "?"),
                "type": type(module).__name__,
                "depth": depth[0],
                "output_shape": None,
                "params": sum(p.numel() for p in module.parameters(recurse=False)),
            }
            rows.append(row)
            depth[0] += 1
            try:
                out = forward(*args, **kwargs)
            finally:
                depth[0] -= 1
            row["output_shape"] = _shapes(out)
            return out

        return recorded

    for m in model.modules():
        if "forward" not in vars(m):
            m.forward = wrap(m, m.forward)
            patched.append(m)
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            model(*inputs)
    finally:
        for m in patched:
            del m.forward
        model.train(was_training)
    params = list(model.parameters())
    return ModelSummary(
        rows=rows,
        input_shape=[tuple(t.shape) for t in inputs] if len(inputs) > 1 else tuple(inputs[0].shape),
        total_params=sum(p.numel() for p in params),
        trainable_params=sum(p.numel() for p in params if p.requires_grad),
        buffer_values=sum(np.size(b) for b in model.buffers()),
    )
