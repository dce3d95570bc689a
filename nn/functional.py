"""Functional forms of the layers, activations and losses (`import nn.functional as F`).

A plain list of re-exports, one group per source module.
"""

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
# convolution and pooling (nn/conv.py, nn/adaptive_pool.py)
from .adaptive_pool import (  # noqa: F401
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
)
from .conv import avg_pool2d, conv2d, max_pool2d  # noqa: F401

# normalisation (nn/norm.py)
from .norm import batch_norm, group_norm, instance_norm, layer_norm  # noqa: F401

# recurrent cells (nn/rnn.py)

# isort: split
# attention (nn/attention.py)
from .attention import multi_head_attention_forward, scaled_dot_product_attention  # noqa: F401

# isort: split
# one-hot rows of class indices (autograd's one_hot, as torch.nn.functional.one_hot)
from autograd import one_hot  # noqa: F401

# isort: split
# convolution family and resampling (nn/conv.py, nn/conv_transpose.py, nn/resample.py,
# nn/fold.py)
from .conv import (  # noqa: F401
    avg_pool1d,
    conv1d,
    max_pool1d,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
    max_unpool1d,
    max_unpool2d,
)
from .conv_transpose import conv_transpose1d, conv_transpose2d  # noqa: F401
from .fold import fold, unfold  # noqa: F401
from .resample import (  # noqa: F401
    interpolate,
    pixel_shuffle,
    pixel_unshuffle,
    upsample,
    upsample_bilinear,
    upsample_nearest,
)

# isort: split
# more activations, padding, distances, losses and rms_norm (nn/activations_extra.py,
# nn/padding.py, nn/distance.py, nn/losses_extra.py, nn/norm.py)
from .activations_extra import (  # noqa: F401
    celu,
    celu_,
    elu_,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    leaky_relu_,
    logsigmoid,
    mish,
    relu6,
    relu_,
    rrelu_,
    selu_,
    softmin,
    softshrink,
    tanhshrink,
    threshold,
    threshold_,
)

# 3-d convolution (conv3d) and pooling, power-average pooling (pool3d, below)
from .conv3d import conv3d, conv_transpose3d  # noqa: F401
from .distance import cosine_similarity, normalize, pairwise_distance, pdist  # noqa: F401
from .losses_extra import (  # noqa: F401
    cosine_embedding_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multilabel_soft_margin_loss,
    poisson_nll_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from .norm import rms_norm  # noqa: F401
from .padding import pad  # noqa: F401
from .pool3d import (  # noqa: F401
    adaptive_avg_pool3d,
    adaptive_max_pool3d,
    adaptive_max_pool3d_with_indices,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_pool3d,
    max_pool3d_with_indices,
    max_unpool3d,
)

# isort: split
# bilinear, gumbel_softmax, alpha dropout, channel shuffle, local response norm, multilabel
# margin loss, adaptive max pooling with indices (nn/bilinear.py, nn/gumbel_softmax.py,
# nn/alpha_dropout.py, nn/channel_shuffle.py, nn/local_response_norm.py,
# nn/multilabel_margin.py, nn/adaptive_pool_indices.py, nn/embedding_bag.py,
# nn/grid_sample.py)
from .adaptive_pool_indices import (  # noqa: F401
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d_with_indices,
)
from .alpha_dropout import alpha_dropout, feature_alpha_dropout  # noqa: F401
from .bilinear import bilinear  # noqa: F401
from .channel_shuffle import channel_shuffle  # noqa: F401
from .embedding_bag import embedding_bag  # noqa: F401
from .grid_sample import affine_grid, grid_sample  # noqa: F401
from .gumbel_softmax import gumbel_softmax  # noqa: F401
from .local_response_norm import local_response_norm  # noqa: F401
from .multilabel_margin import multilabel_margin_loss  # noqa: F401

# Every function imported above is public (the API reference lists `__all__`): a name added
# to a group above needs nothing more.
__all__ = sorted(n for n, v in list(globals().items()) if callable(v) and not n.startswith("_"))
