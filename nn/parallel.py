"""`DataParallel` and `SyncBatchNorm` on a machine without accelerators, as PyTorch's.

graphgrad runs on the CPU, where PyTorch's DataParallel finds no device and just calls the
module it wraps (`module`, with `device_ids` empty), and SyncBatchNorm, with no process group
initialised, is batch normalisation over the local batch of any (N, C, *) input.
`SyncBatchNorm.convert_sync_batchnorm` replaces a model's batch norms (not its instance norms)
with SyncBatchNorm layers sharing their parameters and running statistics.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor
from autograd.argcheck import integer

from .module import Module
from .norm import _BatchNorm

__all__ = ["DataParallel", "SyncBatchNorm"]


class DataParallel(Module):
    """Data parallelism over accelerators; with none (graphgrad's CPU), the wrapped module
    itself: forward calls `module`, `device_ids` is [] and the state_dict keys start with
    "module.", as PyTorch's on a machine without GPUs."""

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0):
        super().__init__()
        integer(dim, "dim", "DataParallel")  # the dim inputs would be split along (not kept)
        self.module = module
        self.device_ids = []

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """The wrapped module's output for these arguments."""
        return self.module(*inputs, **kwargs)


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation of (N, C, *) input whose statistics would be synchronised over
    processes; with no process group (graphgrad's single process) it is BatchNorm's."""

    _dims = tuple(range(2, 65))

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        process_group: Any | None = None,
        device=None,
        dtype=None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )
        self.process_group = process_group

    def forward(self, input: Tensor) -> Tensor:
        """Batch normalisation over the local batch (N, C, *)."""
        if input.ndim < 2:
            raise ValueError(f"expected at least 2D input (got {input.ndim}D input)")
        if input.shape[1] == 0:
            raise ValueError("SyncBatchNorm number of input channels should be non-zero")
        return super().forward(input)

    @classmethod
    def convert_sync_batchnorm(cls, module: Module, process_group=None) -> Module:
        """The module with every batch norm in it replaced by a SyncBatchNorm that shares its
        parameters, running statistics and training mode (instance norms are kept)."""
        out = module
        if isinstance(module, _BatchNorm) and not _instance_norm(module):
            out = SyncBatchNorm(
                module.num_features,
                module.eps,
                module.momentum,
                module.affine,
                module.track_running_stats,
                process_group,
                bias=module.bias is not None,
            )
            if module.affine:
                out.weight = module.weight
                out.bias = module.bias
            out.running_mean = module.running_mean
            out.running_var = module.running_var
            out.num_batches_tracked = module.num_batches_tracked
            out.training = module.training
            if hasattr(module, "qconfig"):
                out.qconfig = module.qconfig
        for name, child in list(module.named_children()):
            new = cls.convert_sync_batchnorm(child, process_group)
            held = vars(out).get("_modules")  # containers keep their children in a dict
            if isinstance(held, dict) and name in held:
                held[name] = new
            else:
                out.add_module(name, new)
        return out


def _instance_norm(module: Module) -> bool:
    """Whether module is an instance norm (graphgrad derives them from batch norm's base,
    PyTorch does not)."""
    return any(
        k.__name__.startswith(("InstanceNorm", "_InstanceNorm")) for k in type(module).__mro__
    )
