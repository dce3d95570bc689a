"""The torch-level forms of nn's functions: `torch.conv2d`, `torch.batch_norm`, ... with
PyTorch's signatures at that level, which differ from `torch.nn.functional`'s for several.

`autograd.conv2d` and the others are these functions, loaded on first use through
autograd/aliases.py's table (autograd sits below nn, so it names them, never imports them).
What differs from F's forms, as PyTorch's: the losses' reductions are integers, none by
default (nn/torch_level_losses.py, re-exported here);
`batch_norm` and `instance_norm` take every argument by position with `cudnn_enabled`
last, `layer_norm` takes `cudnn_enable`; `embedding(weight, indices, padding_idx=-1)` puts
the table first and -1 means no padding row; the max-pooling forms return no indices
(`max_pool1d_with_indices`, `adaptive_max_pool1d` always return them); `grid_sampler`
takes the mode and padding as integers; the cells take their weights as arguments.
"""

from __future__ import annotations

import autograd
from autograd import Tensor, as_tensor
from autograd.argcheck import integer
from autograd.torch_dropout import dropout_factors

from . import functional as F
from .linear import linear as _linear
from .rnn_ops import _step
from .torch_level_losses import (
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    ctc_loss,
    hinge_embedding_loss,
    kl_div,
    margin_ranking_loss,
    poisson_nll_loss,
    triplet_margin_loss,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_max_pool1d",
    "affine_grid_generator",
    "alpha_dropout",
    "alpha_dropout_",
    "avg_pool1d",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy_with_logits",
    "celu",
    "celu_",
    "channel_shuffle",
    "constant_pad_nd",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "ctc_loss",
    "dropout_",
    "embedding",
    "feature_alpha_dropout",
    "feature_alpha_dropout_",
    "feature_dropout",
    "feature_dropout_",
    "grid_sampler",
    "group_norm",
    "gru_cell",
    "hardshrink",
    "hinge_embedding_loss",
    "instance_norm",
    "kl_div",
    "layer_norm",
    "lstm_cell",
    "margin_ranking_loss",
    "max_pool1d",
    "max_pool1d_with_indices",
    "max_pool2d",
    "max_pool3d",
    "native_channel_shuffle",
    "pairwise_distance",
    "pixel_shuffle",
    "pixel_unshuffle",
    "poisson_nll_loss",
    "prelu",
    "rms_norm",
    "rnn_relu_cell",
    "rnn_tanh_cell",
    "rrelu",
    "rrelu_",
    "selu",
    "selu_",
    "threshold",
    "threshold_",
    "triplet_margin_loss",
]

_INTERPOLATION = {0: "bilinear", 1: "nearest", 2: "bicubic"}  # GridSamplerInterpolation
_PADDING = {0: "zeros", 1: "border", 2: "reflection"}  # GridSamplerPadding


def _inplace(x: Tensor, name: str, compute) -> Tensor:
    """x changed in place to compute(x) (recorded in the graph as Tensor's in-place methods)."""
    return x._update(name, compute)


# ------------------------------------------------------------------ convolutions, pooling
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups: int = 1) -> Tensor:
    """torch.conv1d: `F.conv1d` (padding a number, a tuple, "valid" or "same")."""
    return F.conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups: int = 1) -> Tensor:
    """torch.conv2d: `F.conv2d`."""
    return F.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups: int = 1) -> Tensor:
    """torch.conv3d: `F.conv3d`."""
    return F.conv3d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups: int = 1, dilation=1
) -> Tensor:
    """torch.conv_transpose1d: `F.conv_transpose1d`."""
    return F.conv_transpose1d(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )


def conv_transpose2d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups: int = 1, dilation=1
) -> Tensor:
    """torch.conv_transpose2d: `F.conv_transpose2d`."""
    return F.conv_transpose2d(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )


def conv_transpose3d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups: int = 1, dilation=1
) -> Tensor:
    """torch.conv_transpose3d: `F.conv_transpose3d`."""
    return F.conv_transpose3d(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )


def avg_pool1d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """torch.avg_pool1d: `F.avg_pool1d`."""
    return F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def max_pool1d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False
) -> Tensor:
    """torch.max_pool1d: the maxima only (`max_pool1d_with_indices` gives the indices too)."""
    return F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool2d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False
) -> Tensor:
    """torch.max_pool2d: the maxima only."""
    return F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool3d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False
) -> Tensor:
    """torch.max_pool3d: the maxima only."""
    return F.max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool1d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False
) -> tuple[Tensor, Tensor]:
    """torch.max_pool1d_with_indices: (maxima, their int64 indices along the length)."""
    return F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_avg_pool1d(input, output_size) -> Tensor:
    """torch.adaptive_avg_pool1d: `F.adaptive_avg_pool1d`."""
    return F.adaptive_avg_pool1d(input, output_size)


def adaptive_max_pool1d(input, output_size) -> tuple[Tensor, Tensor]:
    """torch.adaptive_max_pool1d: (maxima, indices), always both (as PyTorch's)."""
    return F.adaptive_max_pool1d(input, output_size, True)


# ------------------------------------------------------------------ normalisation
def batch_norm(
    input,
    weight,
    bias,
    running_mean,
    running_var,
    training: bool,
    momentum: float,
    eps: float,
    cudnn_enabled: bool,
) -> Tensor:
    """torch.batch_norm: `F.batch_norm` with the affine parameters first and every argument
    given (cudnn_enabled is accepted: there is no cuDNN)."""
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(
    input,
    weight,
    bias,
    running_mean,
    running_var,
    use_input_stats: bool,
    momentum: float,
    eps: float,
    cudnn_enabled: bool,
) -> Tensor:
    """torch.instance_norm: `F.instance_norm` with the affine parameters first and every
    argument given."""
    return F.instance_norm(
        input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps
    )


def layer_norm(
    input, normalized_shape, weight=None, bias=None, eps: float = 1e-5, cudnn_enable: bool = True
) -> Tensor:
    """torch.layer_norm: `F.layer_norm` (cudnn_enable accepted)."""
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(
    input, num_groups: int, weight=None, bias=None, eps: float = 1e-5, cudnn_enabled: bool = True
) -> Tensor:
    """torch.group_norm: `F.group_norm` (cudnn_enabled accepted)."""
    return F.group_norm(input, num_groups, weight, bias, eps)


def rms_norm(input, normalized_shape, weight=None, eps: float | None = None) -> Tensor:
    """torch.rms_norm: `F.rms_norm`."""
    return F.rms_norm(input, normalized_shape, weight, eps)


# ------------------------------------------------------------------ embeddings
def embedding(
    weight, indices, padding_idx: int = -1, scale_grad_by_freq: bool = False, sparse: bool = False
) -> Tensor:
    """torch.embedding: the rows of `weight` at `indices` (the table first, as PyTorch's);
    padding_idx -1 (or any negative) means none, else that row receives no gradient."""
    p = integer(padding_idx, "padding_idx", "embedding")
    return F.embedding(
        indices, weight, None if p < 0 else p, scale_grad_by_freq=scale_grad_by_freq, sparse=sparse
    )


# ------------------------------------------------------------------ dropout
def dropout_(input, p: float, train: bool) -> Tensor:
    """torch.dropout_: `autograd.dropout` written into input (the same noise)."""
    return _inplace(input, "dropout_", lambda t: autograd.dropout(t, p, train))


def alpha_dropout(input, p: float, train: bool) -> Tensor:
    """torch.alpha_dropout: `F.alpha_dropout` with p and train required."""
    return F.alpha_dropout(input, p, train)


def alpha_dropout_(input, p: float, train: bool) -> Tensor:
    """torch.alpha_dropout_: alpha dropout written into input."""
    return _inplace(input, "alpha_dropout_", lambda t: F.alpha_dropout(t, p, train))


def feature_alpha_dropout(input, p: float, train: bool) -> Tensor:
    """torch.feature_alpha_dropout: alpha dropout of whole channels (axis 1)."""
    return F.feature_alpha_dropout(input, p, train)


def feature_alpha_dropout_(input, p: float, train: bool) -> Tensor:
    """torch.feature_alpha_dropout_: `feature_alpha_dropout` written into input."""
    return _inplace(input, "feature_alpha_dropout_", lambda t: F.feature_alpha_dropout(t, p, train))


def feature_dropout(input, p: float, train: bool) -> Tensor:
    """torch.feature_dropout: dropout of whole channels (axis 1) of (N, C, ...) input."""
    x = as_tensor(input)
    if x.ndim < 2:
        raise RuntimeError(
            f"Feature dropout requires at least 2 dimensions in the input, got {x.ndim}"
        )
    return F.dropout(x, p, train) if not train else _feature(x, p)


def _feature(x: Tensor, p: float) -> Tensor:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0.0 or x.size == 0:
        return x
    if p == 1.0:
        return x * 0.0
    return x * dropout_factors(tuple(x.shape[:2]) + (1,) * (x.ndim - 2), p, x.dtype)


def feature_dropout_(input, p: float, train: bool) -> Tensor:
    """torch.feature_dropout_: `feature_dropout` written into input."""
    return _inplace(input, "feature_dropout_", lambda t: feature_dropout(t, p, train))


# ------------------------------------------------------------------ activations
def celu(input, alpha: float = 1.0) -> Tensor:
    """torch.celu: `F.celu`."""
    return F.celu(input, alpha)


def celu_(input, alpha: float = 1.0) -> Tensor:
    """torch.celu_: `F.celu(inplace=True)`."""
    return F.celu(input, alpha, inplace=True)


def selu(input) -> Tensor:
    """torch.selu: `F.selu`."""
    return F.selu(input)


def selu_(input) -> Tensor:
    """torch.selu_: `F.selu(inplace=True)`."""
    return F.selu(input, inplace=True)


def rrelu(
    input, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False, generator=None
) -> Tensor:
    """torch.rrelu: `F.rrelu` (random slopes from the default generator when training)."""
    _no_generator(generator, "rrelu")
    return F.rrelu(input, lower, upper, training)


def rrelu_(
    input, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False, generator=None
) -> Tensor:
    """torch.rrelu_: `F.rrelu(inplace=True)`."""
    _no_generator(generator, "rrelu_")
    return F.rrelu(input, lower, upper, training, inplace=True)


def _no_generator(generator, who: str) -> None:
    if generator is not None:
        raise NotImplementedError(
            f"{who}: a generator argument is not supported; seed the default generator with "
            "autograd.manual_seed instead"
        )


def threshold(input, threshold: float, value: float) -> Tensor:
    """torch.threshold: `F.threshold`."""
    return F.threshold(input, threshold, value)


def threshold_(input, threshold: float, value: float) -> Tensor:
    """torch.threshold_: `F.threshold(inplace=True)`."""
    return F.threshold(input, threshold, value, inplace=True)


def hardshrink(input, lambd: float = 0.5) -> Tensor:
    """torch.hardshrink: `F.hardshrink`."""
    return F.hardshrink(input, lambd)


def prelu(input, weight) -> Tensor:
    """torch.prelu: `F.prelu`."""
    return F.prelu(input, weight)


# ------------------------------------------------------------------ rearranging, padding
def pixel_shuffle(input, upscale_factor: int) -> Tensor:
    """torch.pixel_shuffle: `F.pixel_shuffle`."""
    return F.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor: int) -> Tensor:
    """torch.pixel_unshuffle: `F.pixel_unshuffle`."""
    return F.pixel_unshuffle(input, downscale_factor)


def channel_shuffle(input, groups: int) -> Tensor:
    """torch.channel_shuffle: `F.channel_shuffle`."""
    return F.channel_shuffle(input, groups)


native_channel_shuffle = channel_shuffle


def constant_pad_nd(input, pad, value: float = 0) -> Tensor:
    """torch.constant_pad_nd: `F.pad(input, pad, "constant", value)` (negative amounts crop)."""
    return F.pad(input, list(pad), "constant", value)


def affine_grid_generator(theta, size, align_corners: bool) -> Tensor:
    """torch.affine_grid_generator: `F.affine_grid` with align_corners required."""
    return F.affine_grid(theta, list(size), align_corners)


def grid_sampler(
    input, grid, interpolation_mode: int, padding_mode: int, align_corners: bool
) -> Tensor:
    """torch.grid_sampler: `F.grid_sample` with the modes as integers (interpolation 0
    bilinear, 1 nearest, 2 bicubic; padding 0 zeros, 1 border, 2 reflection)."""
    mode = _INTERPOLATION.get(integer(interpolation_mode, "interpolation_mode", "grid_sampler"))
    padding = _PADDING.get(integer(padding_mode, "padding_mode", "grid_sampler"))
    if mode is None or padding is None:
        raise ValueError(
            f"grid_sampler: interpolation_mode must be 0, 1 or 2 and padding_mode 0, 1 or 2, "
            f"got {interpolation_mode} and {padding_mode}"
        )
    return F.grid_sample(input, grid, mode, padding, align_corners)


# ------------------------------------------------------------------ distances, bilinear
def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """torch.pairwise_distance: `F.pairwise_distance`."""
    return F.pairwise_distance(x1, x2, p, eps, keepdim)


def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """torch.cosine_similarity: `F.cosine_similarity`."""
    return F.cosine_similarity(x1, x2, dim, eps)


def bilinear(input1, input2, weight, bias=None) -> Tensor:
    """torch.bilinear: `F.bilinear`."""
    return F.bilinear(input1, input2, weight, bias)


# ------------------------------------------------------------------ recurrent cells
def _cell_input(input, hx: Tensor, w_ih, w_hh, who: str) -> tuple[Tensor, Tensor, Tensor]:
    x, h, w_hh = as_tensor(input), as_tensor(hx), as_tensor(w_hh)
    w_ih = as_tensor(w_ih)
    if x.ndim != 2 or x.shape[1] != w_ih.shape[1]:
        raise RuntimeError(
            f"{who}: input has inconsistent input_size: got {tuple(x.shape)}, expected "
            f"(batch, {w_ih.shape[1]})"
        )
    if h.shape != (x.shape[0], w_hh.shape[1]):
        raise RuntimeError(
            f"{who}: hidden state has shape {tuple(h.shape)}, expected "
            f"({x.shape[0]}, {w_hh.shape[1]})"
        )
    return x, h, w_hh


def _cell(mode: str, input, hx, w_ih, w_hh, b_ih, b_hh, who: str):
    c = None
    if mode == "LSTM":
        if not isinstance(hx, (list, tuple)) or len(hx) != 2:
            raise TypeError(f"{who}: hx must be a list or tuple of two tensors (h, c)")
        hx, c = hx
        c = as_tensor(c)
    x, h, w_hh = _cell_input(input, hx, w_ih, w_hh, who)
    if b_ih is not None and b_hh is not None and mode != "GRU":
        b_ih, b_hh = as_tensor(b_ih) + as_tensor(b_hh), None
    xw = _linear(x, as_tensor(w_ih), b_ih)
    if b_hh is not None and mode != "GRU":
        xw = xw + b_hh
    return _step(mode, xw, h, c, w_hh.T, b_hh)


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> tuple[Tensor, Tensor]:
    """torch.lstm_cell: one LSTM step, hx = [h, c] -> (h', c'); 2-d input (batch, in)."""
    return _cell("LSTM", input, hx, w_ih, w_hh, b_ih, b_hh, "lstm_cell")


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """torch.gru_cell: one GRU step -> h'."""
    return _cell("GRU", input, hx, w_ih, w_hh, b_ih, b_hh, "gru_cell")[0]


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """torch.rnn_tanh_cell: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)."""
    return _cell("RNN_TANH", input, hx, w_ih, w_hh, b_ih, b_hh, "rnn_tanh_cell")[0]


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """torch.rnn_relu_cell: h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh)."""
    return _cell("RNN_RELU", input, hx, w_ih, w_hh, b_ih, b_hh, "rnn_relu_cell")[0]
