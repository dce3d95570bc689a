"""A residual block, x + f(x), in two variants: an MLP and a small convolutional stack."""

from __future__ import annotations

from autograd import Tensor
from autograd.argcheck import integer

from .activations import ReLU
from .containers import Sequential
from .conv import Conv2d
from .linear import Linear
from .module import Module
from .norm import BatchNorm2d

__all__ = ["ResidualBlock"]


class ResidualBlock(Module):
    """y = relu(x + f(x)); f keeps x's shape, so the skip connection needs no projection.

    kind="mlp": f = Linear(features, hidden) -> ReLU -> Linear(hidden, features), for (N, features).
    kind="conv": f = Conv2d 3x3 -> BatchNorm2d -> ReLU -> Conv2d 3x3 -> BatchNorm2d (padding 1),
    for (N, features, H, W), as in ResNet's basic block.
    The gradient reaches x through the identity path unchanged, whatever f does.
    """

    def __init__(self, features: int, hidden: int | None = None, kind: str = "mlp"):
        super().__init__()
        features = integer(features, "features", "ResidualBlock", minimum=0)
        hidden = (
            features if hidden is None else integer(hidden, "hidden", "ResidualBlock", minimum=0)
        )
        if kind == "mlp":
            self.f = Sequential(Linear(features, hidden), ReLU(), Linear(hidden, features))
        elif kind == "conv":
            self.f = Sequential(
                Conv2d(features, hidden, 3, padding=1, bias=False),
                BatchNorm2d(hidden),
                ReLU(),
                Conv2d(hidden, features, 3, padding=1, bias=False),
                BatchNorm2d(features),
            )
        else:
            raise ValueError(f"ResidualBlock: kind must be 'mlp' or 'conv', got {kind!r}")
        self.kind = kind

    def forward(self, x: Tensor) -> Tensor:
        return (x + self.f(x)).relu()
