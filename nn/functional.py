"""Functional forms of the layers, activations and losses (`import nn.functional as F`).

A plain list of re-exports, one group per source module; the functions of the layers a
plain training step does not need load on first use (`_LAZY` below).
"""

from . import lazy_names

# activations (nn/activations.py)
from .activations import (  # noqa: F401
    arctan,
    binary_step,
    bipolar_relu,
    elu,
    gelu,
    identity,
    isrlu,
    isru,
    leaky_relu,
    log_softmax,
    prelu,
    relu,
    rrelu,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
    sqnl,
    tanh,
)

# dropout (nn/dropout.py)
from .dropout import dropout, dropout1d, dropout2d, dropout3d  # noqa: F401

# embedding (nn/embedding.py)
from .embedding import embedding  # noqa: F401

# linear (nn/linear.py)
from .linear import linear  # noqa: F401

# losses (nn/losses.py)
from .losses import (  # noqa: F401
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    multi_margin_loss,
    nll_loss,
    smooth_l1_loss,
)

# isort: split
# one-hot rows of class indices (autograd's one_hot, as torch.nn.functional.one_hot)
from autograd import one_hot  # noqa: F401

# ---- loaded on first use (nn/lazy_names.py): the submodule -> the functions it defines ----
_LAZY: dict[str, str] = lazy_names.table(
    {
        "adaptive_pool": (
            "adaptive_avg_pool1d adaptive_avg_pool2d adaptive_max_pool1d adaptive_max_pool2d"
        ),
        "conv": (
            "avg_pool1d avg_pool2d conv1d conv2d max_pool1d max_pool1d_with_indices max_pool2d "
            "max_pool2d_with_indices max_unpool1d max_unpool2d"
        ),
        "norm": "batch_norm group_norm instance_norm layer_norm rms_norm",
        "attention": "multi_head_attention_forward scaled_dot_product_attention",
        "conv_transpose": "conv_transpose1d conv_transpose2d",
        "fold": "fold unfold",
        "resample": (
            "interpolate pixel_shuffle pixel_unshuffle upsample upsample_bilinear upsample_nearest"
        ),
        "activations_extra": (
            "celu celu_ elu_ glu hardshrink hardsigmoid hardswish hardtanh hardtanh_ leaky_relu_ "
            "logsigmoid mish relu6 relu_ rrelu_ selu_ softmin softshrink tanhshrink threshold "
            "threshold_"
        ),
        "distance": "cosine_similarity normalize pairwise_distance pdist",
        "losses_extra": (
            "cosine_embedding_loss gaussian_nll_loss hinge_embedding_loss margin_ranking_loss "
            "multilabel_soft_margin_loss poisson_nll_loss soft_margin_loss triplet_margin_loss "
            "triplet_margin_with_distance_loss"
        ),
        "padding": "pad",
        "conv3d": "conv3d conv_transpose3d",
        "pool3d": (
            "adaptive_avg_pool3d adaptive_max_pool3d adaptive_max_pool3d_with_indices avg_pool3d "
            "lp_pool1d lp_pool2d lp_pool3d max_pool3d max_pool3d_with_indices max_unpool3d"
        ),
        "adaptive_pool_indices": (
            "adaptive_max_pool1d_with_indices adaptive_max_pool2d_with_indices"
        ),
        "alpha_dropout": "alpha_dropout feature_alpha_dropout",
        "bilinear": "bilinear",
        "channel_shuffle": "channel_shuffle",
        "embedding_bag": "embedding_bag",
        "grid_sample": "affine_grid grid_sample",
        "gumbel_softmax": "gumbel_softmax",
        "local_response_norm": "local_response_norm",
        "multilabel_margin": "multilabel_margin_loss",
        "ctc": "ctc_loss",
        "fractional_pool": (
            "fractional_max_pool2d fractional_max_pool2d_with_indices fractional_max_pool3d "
            "fractional_max_pool3d_with_indices"
        ),
        "linear_cross_entropy": "linear_cross_entropy",
        "conv_tbc": "assert_int_or_pair conv_tbc",
    }
)

# Every function imported above is public (the API reference lists `__all__`), and so is
# every lazily loaded name: a name added to a group above needs nothing more.
__all__ = sorted(
    {n for n, v in list(globals().items()) if callable(v) and not n.startswith("_")} | set(_LAZY)
)
__getattr__, __dir__ = lazy_names.install(__name__, "nn", _LAZY)
