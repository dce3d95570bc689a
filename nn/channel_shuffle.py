"""`ChannelShuffle` and `channel_shuffle`: ShuffleNet's interleaving of channel groups."""

from __future__ import annotations

from autograd.argcheck import integer
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor

from .module import Module

__all__ = ["ChannelShuffle", "channel_shuffle"]


@composite(show=("groups",))
def channel_shuffle(input, groups: int) -> Tensor:
    """Split the C channels of (N, C, *) input into `groups` groups of C/groups and
    interleave them: channel g * (C/groups) + k moves to k * groups + g."""
    x = as_tensor(input)
    groups = integer(groups, "groups", "channel_shuffle")
    shape = tuple(x.shape)
    if len(shape) <= 2:
        raise RuntimeError(
            f"channel_shuffle expects input with > 2 dims, but got input with sizes {list(shape)}"
        )
    if groups <= 0:
        raise RuntimeError(
            f"Number of groups to divide channels in must be positive. Value of groups:{groups}"
        )
    c = shape[1]
    if c % groups:
        raise RuntimeError(
            f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups."
        )
    n, rest = shape[0], shape[2:]
    y = x.reshape((n, groups, c // groups) + rest).transpose(1, 2)
    return y.reshape(shape)


class ChannelShuffle(Module):
    """Interleave `groups` groups of channels (`channel_shuffle`), as in ShuffleNet."""

    def __init__(self, groups: int):
        super().__init__()
        self.groups = integer(groups, "groups", "ChannelShuffle")

    def forward(self, input) -> Tensor:
        return channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
