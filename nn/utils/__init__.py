"""Training utilities: gradient clipping, penalties, pruning, weight reparametrizations.

- `clip_grad_norm_`, `clip_grads_with_norm_`, `clip_grad_value_`, `get_total_norm`
  (`clip_grad.py`)
- `l1_penalty`, `l2_penalty`, `elastic_net`, `weights_only` (`regularization.py`)
- `prune`: magnitude pruning with masks that survive training (`prune.py`)
- `weight_standardization`, `weight_norm` (`weight_norm.py`), `spectral_norm`
  (`spectral_norm.py`) and their `remove_*` counterparts
- `parameters_to_vector`, `vector_to_parameters` (`convert_parameters.py`)
- `fuse_conv_bn_eval`, `fuse_linear_bn_eval` and their `*_weights` (`fusion.py`): fold an
  eval-mode BatchNorm into the layer before it
- `skip_init` (`uninitialized.py`)
- `convert_conv2d_weight_memory_format`, `convert_conv3d_weight_memory_format`
  (`memory_format.py`): PyTorch's weight layouts, values unchanged
"""

from . import prune
from .clip_grad import (
    clip_grad_norm,
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .fusion import (
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
)
from .memory_format import convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format
from .regularization import elastic_net, l1_penalty, l2_penalty, weights_only
from .spectral_norm import remove_spectral_norm, spectral_norm
from .uninitialized import skip_init
from .weight_norm import (
    remove_weight_norm,
    remove_weight_standardization,
    standardize_weight,
    weight_norm,
    weight_standardization,
)

__all__ = [
    "convert_conv2d_weight_memory_format",
    "convert_conv3d_weight_memory_format",
    "clip_grad_norm_",
    "clip_grad_value_",
    "elastic_net",
    "get_total_norm",
    "l1_penalty",
    "l2_penalty",
    "parameters_to_vector",
    "prune",
    "remove_spectral_norm",
    "remove_weight_norm",
    "remove_weight_standardization",
    "spectral_norm",
    "standardize_weight",
    "vector_to_parameters",
    "weight_norm",
    "weight_standardization",
    "weights_only",
    "clip_grad_norm",
    "clip_grads_with_norm_",
    "fuse_conv_bn_eval",
    "fuse_conv_bn_weights",
    "fuse_linear_bn_eval",
    "fuse_linear_bn_weights",
    "skip_init",
]
