"""Strict argument types in nn and optim: sizes, dims and counts are integers, hyper-parameters
numbers, values in range; a wrong one is a TypeError / ValueError naming the argument and its
owner. PyTorch 2.13's error type is noted where PyTorch checks the argument itself."""

import inspect

import numpy as np
import pytest

import nn
import optim
from autograd import Tensor
from autograd.argcheck import integer, integers, number

# a convolution's and a transposed convolution's numeric arguments (in_channels aside)
_CONV = dict(out_channels=4, kernel_size=3, stride=1, padding=1, dilation=1, groups=2)
_CONVT = dict(
    out_channels=4, kernel_size=3, stride=2, padding=1, output_padding=1, groups=2, dilation=1
)
# Every public layer class of nn, with arguments that build it. Each numeric argument a layer
# takes must appear here (test_table_names_every_numeric_argument), so the tests below try a
# wrong type for each of them.
LAYERS = {
    "Linear": dict(in_features=3, out_features=2),
    "Flatten": dict(start_dim=1, end_dim=-1),
    "Unflatten": dict(dim=1, unflattened_size=(2, 2)),
    "Dropout": dict(p=0.5),
    "Dropout1d": dict(p=0.5),
    "Dropout2d": dict(p=0.5),
    "Dropout3d": dict(p=0.5),
    "Embedding": dict(
        num_embeddings=10, embedding_dim=3, padding_idx=0, max_norm=1.0, norm_type=2.0
    ),
    "Conv2d": dict(
        in_channels=2, out_channels=4, kernel_size=3, stride=1, padding=1, dilation=1, groups=2
    ),
    "MaxPool2d": dict(kernel_size=2, stride=2, padding=0, dilation=1),
    "AvgPool2d": dict(kernel_size=2, stride=2, padding=0),
    "AdaptiveAvgPool1d": dict(output_size=2),
    "AdaptiveAvgPool2d": dict(output_size=2),
    "AdaptiveMaxPool1d": dict(output_size=2),
    "AdaptiveMaxPool2d": dict(output_size=2),
    "BatchNorm1d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "BatchNorm2d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "InstanceNorm2d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "LayerNorm": dict(normalized_shape=4, eps=1e-5),
    "GroupNorm": dict(num_groups=2, num_channels=4, eps=1e-5),
    "RNN": dict(input_size=3, hidden_size=4, num_layers=2, dropout=0.5),
    "LSTM": dict(input_size=3, hidden_size=4, num_layers=2, dropout=0.5, proj_size=0),
    "GRU": dict(input_size=3, hidden_size=4, num_layers=2, dropout=0.5, proj_size=0),
    "RNNCell": dict(input_size=3, hidden_size=4),
    "LSTMCell": dict(input_size=3, hidden_size=4),
    "GRUCell": dict(input_size=3, hidden_size=4),
    "ResidualBlock": dict(features=4, hidden=8),
    "LeakyReLU": dict(negative_slope=0.01),
    "PReLU": dict(num_parameters=3, init=0.25),
    "RReLU": dict(lower=0.125, upper=0.25),
    "ELU": dict(alpha=1.0),
    "Softplus": dict(beta=1.0, threshold=20.0),
    "Softmax": dict(dim=1, axis=1),
    "LogSoftmax": dict(dim=1, axis=1),
    "ISRU": dict(alpha=1.0),
    "ISRLU": dict(alpha=1.0),
    "BipolarReLU": dict(axis=-1),
    "HuberLoss": dict(delta=1.0),
    "CrossEntropyLoss": dict(ignore_index=-100, label_smoothing=0.1),
    "NLLLoss": dict(ignore_index=-100),
    "MultiMarginLoss": dict(p=2, margin=1.0),
    "SmoothL1Loss": dict(beta=1.0),
    "MultiheadAttention": dict(embed_dim=8, num_heads=2, dropout=0.1, kdim=4, vdim=4),
    "TransformerEncoderLayer": dict(
        d_model=8, nhead=2, dim_feedforward=16, dropout=0.1, layer_norm_eps=1e-5
    ),
    "TransformerDecoderLayer": dict(
        d_model=8, nhead=2, dim_feedforward=16, dropout=0.1, layer_norm_eps=1e-5
    ),
    "TransformerEncoder": dict(encoder_layer=nn.TransformerEncoderLayer(8, 2, 16), num_layers=2),
    "TransformerDecoder": dict(decoder_layer=nn.TransformerDecoderLayer(8, 2, 16), num_layers=2),
    "Transformer": dict(
        d_model=8,
        nhead=2,
        num_encoder_layers=1,
        num_decoder_layers=1,
        dim_feedforward=16,
        dropout=0.1,
        layer_norm_eps=1e-5,
    ),
    "Conv1d": dict(
        in_channels=2, out_channels=4, kernel_size=3, stride=1, padding=1, dilation=1, groups=2
    ),
    "ConvTranspose1d": dict(
        in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1, output_padding=1,
        groups=2, dilation=1,
    ),
    "ConvTranspose2d": dict(
        in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1, output_padding=1,
        groups=2, dilation=1,
    ),
    "MaxPool1d": dict(kernel_size=2, stride=2, padding=0, dilation=1),
    "AvgPool1d": dict(kernel_size=2, stride=2, padding=0),
    "MaxUnpool1d": dict(kernel_size=2, stride=2, padding=0),
    "MaxUnpool2d": dict(kernel_size=2, stride=2, padding=0),
    "Unfold": dict(kernel_size=2, dilation=1, padding=0, stride=1),
    "Fold": dict(output_size=4, kernel_size=2, dilation=1, padding=0, stride=1),
    "PixelShuffle": dict(upscale_factor=2),
    "PixelUnshuffle": dict(downscale_factor=2),
    "LazyLinear": dict(out_features=3),
    # the 3-d layers, power-average pools and lazy layers (nn/conv3d.py, pool3d.py, ...)
    "Conv3d": dict(in_channels=2, **_CONV),
    "ConvTranspose3d": dict(in_channels=2, **_CONVT),
    "MaxPool3d": dict(kernel_size=2, stride=2, padding=0, dilation=1),
    "AvgPool3d": dict(kernel_size=2, stride=2, padding=0, divisor_override=3),
    "MaxUnpool3d": dict(kernel_size=2, stride=2, padding=0),
    "AdaptiveAvgPool3d": dict(output_size=2),
    "AdaptiveMaxPool3d": dict(output_size=2),
    "LPPool1d": dict(norm_type=2.0, kernel_size=2, stride=2),
    "LPPool2d": dict(norm_type=2.0, kernel_size=2, stride=2),
    "LPPool3d": dict(norm_type=2.0, kernel_size=2, stride=2),
    "BatchNorm3d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "InstanceNorm1d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "InstanceNorm3d": dict(num_features=3, eps=1e-5, momentum=0.1),
    "LazyConv1d": dict(_CONV),
    "LazyConv2d": dict(_CONV),
    "LazyConv3d": dict(_CONV),
    "LazyConvTranspose1d": dict(_CONVT),
    "LazyConvTranspose2d": dict(_CONVT),
    "LazyConvTranspose3d": dict(_CONVT),
    "LazyBatchNorm1d": dict(eps=1e-5, momentum=0.1),
    "LazyBatchNorm2d": dict(eps=1e-5, momentum=0.1),
    "LazyBatchNorm3d": dict(eps=1e-5, momentum=0.1),
    "LazyInstanceNorm1d": dict(eps=1e-5, momentum=0.1),
    "LazyInstanceNorm2d": dict(eps=1e-5, momentum=0.1),
    "LazyInstanceNorm3d": dict(eps=1e-5, momentum=0.1),
    # activations, padding, distances, RMSNorm and losses (nn/activations_extra.py, ...)
    "Hardtanh": dict(min_val=-1.0, max_val=1.0, min_value=-1.0, max_value=1.0),
    "Softmin": dict(dim=1),
    "Threshold": dict(threshold=0.1, value=20.0),
    "GLU": dict(dim=-1),
    "CELU": dict(alpha=1.0),
    "Softshrink": dict(lambd=0.5),
    "Hardshrink": dict(lambd=0.5),
    "ZeroPad1d": dict(padding=1),
    "ZeroPad2d": dict(padding=1),
    "ZeroPad3d": dict(padding=1),
    "ConstantPad1d": dict(padding=1, value=0.5),
    "ConstantPad2d": dict(padding=1, value=0.5),
    "ConstantPad3d": dict(padding=1, value=0.5),
    "ReflectionPad1d": dict(padding=1),
    "ReflectionPad2d": dict(padding=1),
    "ReflectionPad3d": dict(padding=1),
    "ReplicationPad1d": dict(padding=1),
    "ReplicationPad2d": dict(padding=1),
    "ReplicationPad3d": dict(padding=1),
    "CircularPad1d": dict(padding=1),
    "CircularPad2d": dict(padding=1),
    "CircularPad3d": dict(padding=1),
    "CosineSimilarity": dict(dim=1, eps=1e-8),
    "PairwiseDistance": dict(p=2.0, eps=1e-6),
    "RMSNorm": dict(normalized_shape=4, eps=1e-5),
    "MarginRankingLoss": dict(margin=0.0),
    "HingeEmbeddingLoss": dict(margin=1.0),
    "CosineEmbeddingLoss": dict(margin=0.0),
    "TripletMarginLoss": dict(margin=1.0, p=2.0, eps=1e-6),
    "TripletMarginWithDistanceLoss": dict(margin=1.0),
    "PoissonNLLLoss": dict(eps=1e-8),
    "GaussianNLLLoss": dict(eps=1e-6),
    # bilinear, alpha dropout, channel shuffle, local response norm (nn/bilinear.py, ...)
    "Bilinear": dict(in1_features=3, in2_features=2, out_features=4),
    "AlphaDropout": dict(p=0.5),
    "FeatureAlphaDropout": dict(p=0.5),
    "ChannelShuffle": dict(groups=2),
    "LocalResponseNorm": dict(size=2, alpha=1e-4, beta=0.75, k=1.0),
    "NLLLoss2d": dict(ignore_index=-100),
    "RNNBase": dict(mode="GRU", input_size=3, hidden_size=4, num_layers=2, dropout=0.5,
                    proj_size=0),
    "RNNCellBase": dict(input_size=3, hidden_size=4, num_chunks=4),
    "EmbeddingBag": dict(
        num_embeddings=10, embedding_dim=3, max_norm=1.0, norm_type=2.0, padding_idx=0
    ),
    # CTC, fractional pooling, adaptive softmax, linear cross-entropy, ... (nn/ctc.py, ...)
    "CTCLoss": dict(blank=0),
    "FractionalMaxPool2d": dict(kernel_size=2, output_size=3),
    "FractionalMaxPool3d": dict(kernel_size=2, output_size=3),
    "AdaptiveLogSoftmaxWithLoss": dict(in_features=4, n_classes=10, cutoffs=(3, 6),
                                       div_value=4.0),
    "LinearCrossEntropyLoss": dict(in_features=4, num_classes=5, out_features=(2,),
                                   ignore_index=-100, label_smoothing=0.1),
    "CrossMapLRN2d": dict(size=3, alpha=1e-4, beta=0.75, k=1.0),
    "SyncBatchNorm": dict(num_features=3, eps=1e-5, momentum=0.1),
    "DataParallel": dict(module=nn.Linear(2, 2), dim=0),
}  # fmt: skip
# Public classes with no numeric argument (containers, the base class, parameter-free layers
# and losses that take only reduction=/weight=). A new layer must be added to one of the two.
NO_NUMERIC_ARGUMENTS = {
    "Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
    "Identity", "GELU",
    "ReLU", "SELU", "SiLU", "Sigmoid", "Tanh", "Softsign", "BinaryStep", "ArcTan", "SQNL",
    "MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss",
    "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
    "ReLU6", "Hardsigmoid", "Hardswish", "Mish", "LogSigmoid", "Tanhshrink", "Softmax2d",
    "SoftMarginLoss", "MultiLabelSoftMarginLoss",
    "MultiLabelMarginLoss", "Container",
}  # fmt: skip
PAIRS = {"kernel_size", "stride", "padding", "dilation"}  # an int or a pair of ints
NONE_ALLOWED = {("MaxPool2d", "stride"), ("AvgPool2d", "stride"), ("BatchNorm1d", "momentum"),
                ("BatchNorm2d", "momentum"), ("InstanceNorm2d", "momentum"),
                ("Embedding", "padding_idx"), ("Embedding", "max_norm"),
                ("EmbeddingBag", "padding_idx"), ("EmbeddingBag", "max_norm"),
                ("ResidualBlock", "hidden"), ("Softmax", "dim"), ("Softmax", "axis"),
                ("LogSoftmax", "dim"), ("LogSoftmax", "axis"),
                ("MultiheadAttention", "kdim"), ("MultiheadAttention", "vdim"),
                ("MaxPool1d", "stride"), ("AvgPool1d", "stride"), ("MaxUnpool1d", "stride"),
                ("MaxUnpool2d", "stride"),
                ("Softmin", "dim"), ("RMSNorm", "eps"),
                ("Hardtanh", "min_value"), ("Hardtanh", "max_value"),
                ("MaxPool3d", "stride"), ("AvgPool3d", "stride"), ("MaxUnpool3d", "stride"),
                ("AvgPool3d", "divisor_override"), ("LPPool1d", "stride"),
                ("LPPool2d", "stride"), ("LPPool3d", "stride"), ("BatchNorm3d", "momentum"),
                ("InstanceNorm1d", "momentum"), ("InstanceNorm3d", "momentum"),
                ("LazyBatchNorm1d", "momentum"), ("LazyBatchNorm2d", "momentum"),
                ("LazyBatchNorm3d", "momentum"), ("LazyInstanceNorm1d", "momentum"),
                ("LazyInstanceNorm2d", "momentum"), ("LazyInstanceNorm3d", "momentum"),
                ("SyncBatchNorm", "momentum"),
                ("LinearCrossEntropyLoss", "ignore_index")}  # fmt: skip
# None where PyTorch answers with its own error: a fractional pool needs output_size or
# output_ratio (PyTorch's ValueError, tests/test_nn_extra_pytorch.py)
NONE_IS_PYTORCHS_ERROR = {("FractionalMaxPool2d", "output_size"),
                          ("FractionalMaxPool3d", "output_size")}  # fmt: skip


def _layer_classes() -> list[str]:
    return sorted(
        n
        for n in nn.__all__
        if inspect.isclass(getattr(nn, n)) and issubclass(getattr(nn, n), nn.Module)
    )


def test_every_public_layer_is_in_a_table():
    names = set(_layer_classes())
    listed = set(LAYERS) | NO_NUMERIC_ARGUMENTS
    assert names - listed == set(), "add the new layer to LAYERS or NO_NUMERIC_ARGUMENTS"
    assert listed - names == set()
    assert not set(LAYERS) & NO_NUMERIC_ARGUMENTS


def _is_numeric_parameter(p: inspect.Parameter) -> bool:
    d = p.default
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        return True
    ann = str(p.annotation)
    return any(word in ann for word in ("int", "float")) and "bool" not in ann


@pytest.mark.parametrize("name", _layer_classes())
def test_table_names_every_numeric_argument(name):
    params = inspect.signature(getattr(nn, name)).parameters.values()
    numeric = {p.name for p in params if _is_numeric_parameter(p)}
    if name in NO_NUMERIC_ARGUMENTS:
        assert numeric <= {"args", "kwargs"} or name == "Identity", numeric
    else:
        assert numeric <= set(LAYERS[name]), f"{name}: {numeric - set(LAYERS[name])} untested"


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layers_build_from_the_table_and_from_numpy_numbers(name):
    cls, kwargs = getattr(nn, name), LAYERS[name]
    cls(**kwargs)
    as_numpy = {
        k: np.int64(v) if isinstance(v, int) else (np.float32(v) if isinstance(v, float) else v)
        for k, v in kwargs.items()
    }
    layer = cls(**as_numpy)  # numpy ints and floats are accepted, as in PyTorch
    for k, v in kwargs.items():
        stored = getattr(layer, k, None)
        if isinstance(v, int) and isinstance(stored, (int, np.integer)):
            assert type(stored) is int and stored == v  # stored as a Python int


def _int_cases():
    for name, kwargs in sorted(LAYERS.items()):
        for k, v in kwargs.items():
            if isinstance(v, int) or (isinstance(v, tuple) and k == "unflattened_size"):
                yield name, k


@pytest.mark.parametrize("name, arg", list(_int_cases()))
@pytest.mark.parametrize("bad", [2.5, 2.0, "2", (2, 2.5)])
def test_integer_arguments_refuse_other_types(name, arg, bad):
    if isinstance(bad, tuple) and not (arg in PAIRS or arg == "unflattened_size"):
        bad = [[2]]
    if bad == "2" and arg == "padding" and name.replace("Lazy", "") in ("Conv1d", "Conv2d",
                                                                        "Conv3d"):  # fmt: skip
        bad = b"2"  # a string is one of 'same' and 'valid' (or a ValueError)
    kwargs = dict(LAYERS[name], **{arg: bad})
    # PyTorch: TypeError ("must be tuple of ints, but got float") for sizes, or fails later
    with pytest.raises(TypeError, match=rf"{name}: {arg}.* must be an int"):
        getattr(nn, name)(**kwargs)


def _float_cases():
    for name, kwargs in sorted(LAYERS.items()):
        for k, v in kwargs.items():
            if isinstance(v, float):
                yield name, k


@pytest.mark.parametrize("name, arg", list(_float_cases()))
@pytest.mark.parametrize("bad", ["0.5", b"1", 1j, [0.5, 0.5]])
def test_number_arguments_refuse_other_types(name, arg, bad):
    kwargs = dict(LAYERS[name], **{arg: bad})
    with pytest.raises(TypeError, match=rf"{name}: {arg} must be a (single )?number"):
        getattr(nn, name)(**kwargs)


@pytest.mark.parametrize(
    "name, arg",
    [
        (n, a)
        for n, kw in sorted(LAYERS.items())
        for a, v in kw.items()
        if (n, a) not in NONE_ALLOWED | NONE_IS_PYTORCHS_ERROR
        and isinstance(v, (int, float, tuple))
    ],
)
def test_none_is_refused_where_a_number_is_needed(name, arg):
    kwargs = dict(LAYERS[name], **{arg: None})
    with pytest.raises(TypeError, match=rf"{name}: {arg}"):
        getattr(nn, name)(**kwargs)


@pytest.mark.parametrize("name, arg", sorted(NONE_ALLOWED))
def test_none_where_it_means_something(name, arg):
    getattr(nn, name)(**dict(LAYERS[name], **{arg: None}))


@pytest.mark.parametrize("name, arg", sorted(NONE_IS_PYTORCHS_ERROR))
def test_none_where_pytorch_has_its_own_error(name, arg):
    with pytest.raises(ValueError, match=f"{name} requires specifying either an output size"):
        getattr(nn, name)(**dict(LAYERS[name], **{arg: None}))


# (call, exception, message). Where PyTorch 2.13 checks the argument itself, its exception
# type is in the comment; elsewhere PyTorch fails later (in forward, or in torch.empty with a
# RuntimeError) and graphgrad raises ValueError at construction.
RANGE_CASES = [
    (lambda: nn.Dropout(p=1.5), ValueError, "Dropout: dropout probability must be"),  # ValueError
    (lambda: nn.Dropout(p=-0.1), ValueError, "Dropout: dropout probability"),  # ValueError
    (lambda: nn.Dropout2d(p=float("nan")), ValueError, "Dropout2d: dropout probability"),
    (lambda: nn.LSTM(3, 0), ValueError, "LSTM: hidden_size must be >= 1"),  # ValueError
    (lambda: nn.LSTM(0, 4), ValueError, "LSTM: input_size must be >= 1"),  # ValueError
    (lambda: nn.GRU(3, 4, num_layers=0), ValueError, "GRU: num_layers must be >= 1"),  # ValueError
    (lambda: nn.RNN(3, 4, dropout=1.5), ValueError, "RNN: dropout must be in"),  # ValueError
    (lambda: nn.LSTMCell(3, -1), ValueError, "LSTMCell: hidden_size must be >= 0"),
    (lambda: nn.Linear(-1, 3), ValueError, "Linear: in_features must be >= 0"),
    (lambda: nn.Embedding(-1, 3), ValueError, "Embedding: num_embeddings must be >= 0"),
    (lambda: nn.Embedding(10, 3, padding_idx=10), ValueError, "padding_idx 10 is out of range"),
    (lambda: nn.Conv2d(1, 2, 0), ValueError, "Conv2d: kernel_size must be >= 1"),
    (lambda: nn.Conv2d(1, 2, 2, stride=(1, 0)), ValueError, r"Conv2d: stride\[1\] must be >= 1"),
    (lambda: nn.Conv2d(1, 2, 2, padding=(0, -1)), ValueError, r"Conv2d: padding\[1\] must be"),
    (lambda: nn.Conv2d(1, 2, 2, dilation=0), ValueError, "Conv2d: dilation must be >= 1"),
    (lambda: nn.Conv2d(4, 2, 2, groups=0), ValueError, "Conv2d: groups must be a positive"),
    (lambda: nn.Conv2d(4, 2, 2, groups=3), ValueError, "in_channels must be divisible"),
    (lambda: nn.Conv2d(4, 2, (2, 2, 2)), ValueError, "kernel_size must be an int or a sequence"),
    (lambda: nn.Conv2d(4, 2, 2, padding="full"), ValueError, "Invalid padding string 'full'"),
    (lambda: nn.MaxPool2d(0), ValueError, "MaxPool2d: kernel_size must be >= 1"),
    (lambda: nn.AvgPool2d(2, stride=0), ValueError, "AvgPool2d: stride must be >= 1"),
    (lambda: nn.GroupNorm(3, 4), ValueError, "divisible by num_groups 3"),  # ValueError
    (lambda: nn.GroupNorm(0, 4), ValueError, "GroupNorm: num_groups must be >= 1"),
    (lambda: nn.LayerNorm((3, -1)), ValueError, r"LayerNorm: normalized_shape\[1\] must be >= 0"),
    (lambda: nn.RReLU(0.5, 0.1), ValueError, r"RReLU: lower \(0.5\) must be <= upper"),
    (lambda: nn.GELU("fast"), ValueError, "GELU: approximate must be 'none' or 'tanh'"),
    (lambda: nn.HuberLoss(delta=0), ValueError, r"HuberLoss: delta must be in \(0, inf\)"),
    (lambda: nn.CrossEntropyLoss(label_smoothing=1.5), ValueError, "label_smoothing must be in"),
    (lambda: nn.MultiMarginLoss(p=3), ValueError, "only p = 1 and p = 2"),  # ValueError
    (lambda: nn.MSELoss(reduction="avg"), ValueError, "MSELoss: reduction must be one of"),
    (lambda: nn.KLDivLoss(reduction="batch"), ValueError, "KLDivLoss: reduction must be one of"),
    (lambda: nn.SmoothL1Loss(beta=-1), ValueError, r"SmoothL1Loss: beta must be in \[0, inf\)"),
    (lambda: nn.MultiheadAttention(8, 3), ValueError, "divisible by num_heads"),  # PyTorch: AE
    (lambda: nn.MultiheadAttention(8, 0), ValueError, "greater than 0"),  # ValueError
    (lambda: nn.MultiheadAttention(8, 2, dropout=1.5), ValueError, "MultiheadAttention: dropout"),
    (lambda: nn.TransformerEncoderLayer(8, 2, dropout=1.5), ValueError,
     "TransformerEncoderLayer: dropout probability must be in"),  # PyTorch: ValueError
    (lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), -1), ValueError,
     "TransformerEncoder: num_layers must be >= 0"),
    (lambda: nn.functional.huber_loss(Tensor([1.0]), Tensor([0.0]), delta=-1), ValueError, "delta"),
    (lambda: nn.functional.conv2d(Tensor(np.zeros((1, 1, 3, 3))), Tensor(np.zeros((1, 1, 2, 2))),
                                  stride=1.5), TypeError, "conv2d: stride must be an int"),
    (lambda: nn.functional.max_pool2d(Tensor(np.zeros((1, 1, 4, 4))), 2.5), TypeError,
     "max_pool2d: kernel_size must be an int"),
    (lambda: nn.functional.dropout(Tensor([1.0]), p="0.5"), TypeError, "dropout: p must be a"),
]  # fmt: skip


@pytest.mark.parametrize("call, exc, match", RANGE_CASES)
def test_values_out_of_range(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_accepted_edge_values_match_pytorch():
    assert nn.KLDivLoss(reduction="batchmean").reduction == "batchmean"
    assert nn.LSTMCell(3, 0).weight_ih.shape == (0, 3)  # PyTorch allows a cell of size 0
    assert nn.Linear(0, 3).weight.shape == (3, 0)
    assert nn.Dropout(p=True).p == 1.0  # bools are numbers, as in PyTorch
    assert nn.Dropout(p=Tensor(0.25)).p == 0.25  # a one-element Tensor is a number
    assert nn.Softmax(dim=np.int8(-1)).dim == -1
    assert nn.LayerNorm(np.array(4)).normalized_shape == (4,)  # a 0-d integer array is an int
    assert nn.Conv2d(1, 2, [3, np.int32(2)]).kernel_size == (3, 2)


# ------------------------------------------------------------------ optim
def _param():
    return nn.Parameter(np.zeros(2, dtype=np.float32))


OPTIMIZERS = {
    "SGD": dict(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0),
    "Adam": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
    "AdamW": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
    "RMSprop": dict(lr=0.1, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0),
    "Adagrad": dict(
        lr=0.1, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
    ),
    "Adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0),
    "LBFGS": dict(
        lr=1.0,
        max_iter=20,
        max_eval=25,
        tolerance_grad=1e-7,
        tolerance_change=1e-9,
        history_size=100,
    ),
    "NAdam": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3),
    "RAdam": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
    "Adamax": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
    "Rprop": dict(lr=0.1, etas=(0.5, 1.2), step_sizes=(1e-6, 50)),
    "ASGD": dict(lr=0.1, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0),
    "Adafactor": dict(lr=0.1, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0),
    "Muon": dict(
        lr=0.1,
        weight_decay=0.1,
        momentum=0.95,
        eps=1e-7,
        ns_steps=5,
        ns_coefficients=(3.4445, -4.7750, 2.0315),
    ),  # fmt: skip
    "SparseAdam": dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8),
}
OPTIMIZER_INTEGERS = {("LBFGS", "max_iter"), ("LBFGS", "max_eval"), ("LBFGS", "history_size")}
NEGATIVE_ALLOWED = {"dampening"}  # PyTorch does not check it either
NEGATIVE_ALLOWED |= {("ASGD", "lambd"), ("ASGD", "alpha"), ("ASGD", "t0")}  # nor these
NEGATIVE_ALLOWED |= {("Muon", "eps"), ("Muon", "ns_steps")}  # nor these
# beta2_decay must be <= 0; d >= 1 (tests/test_optim_factored_pytorch.py)
NEGATIVE_ALLOWED |= {("Adafactor", "beta2_decay"), ("Adafactor", "d")}
# PyTorch's own words for a negative (or NaN) option, where they are not "Invalid <name>"
NEGATIVE_MESSAGES = {
    ("Adafactor", "lr"): "Learning rate should be >= 0",
    ("Adafactor", "weight_decay"): "weight_decay should be >= 0",
    ("Muon", "lr"): "Learning rate should be >= 0",
    ("Muon", "weight_decay"): "weight decay should be >= 0",
    ("Muon", "momentum"): "momentum should be >= 0",
    ("SparseAdam", "lr"): "Invalid learning rate",
    ("SparseAdam", "eps"): "Invalid epsilon value",
}


def test_every_optimizer_is_in_the_table():
    classes = {
        n
        for n in dir(optim)
        if inspect.isclass(getattr(optim, n)) and issubclass(getattr(optim, n), optim.Optimizer)
    }
    assert classes - {"Optimizer"} == set(OPTIMIZERS)
    for name, kwargs in OPTIMIZERS.items():
        params = inspect.signature(getattr(optim, name)).parameters.values()
        assert {p.name for p in params if _is_numeric_parameter(p)} <= set(kwargs), name


def _optimizer_cases():
    for name, kwargs in sorted(OPTIMIZERS.items()):
        for k in kwargs:
            if k in ("betas", "etas", "step_sizes", "ns_coefficients"):
                continue  # pairs and triples: tested on their own
            if (name, k) != ("Adafactor", "eps"):  # (eps1 or None, eps2)
                yield name, k


@pytest.mark.parametrize("name, arg", list(_optimizer_cases()))
@pytest.mark.parametrize("bad", ["0.1", None, [0.1]])
def test_optimizer_options_refuse_other_types(name, arg, bad):
    # PyTorch: TypeError ("'<' not supported between instances of 'str' and 'float'")
    if bad is None and (name, arg) == ("LBFGS", "max_eval"):
        bad = 2.5  # None means the default there
    with pytest.raises(TypeError, match=rf"{name}: {arg} must be a"):
        getattr(optim, name)([_param()], **dict(OPTIMIZERS[name], **{arg: bad}))


@pytest.mark.parametrize("name, arg", sorted(OPTIMIZER_INTEGERS))
def test_optimizer_counts_are_integers(name, arg):
    with pytest.raises(TypeError, match=rf"{name}: {arg} must be an int, got 2.5"):
        getattr(optim, name)([_param()], **dict(OPTIMIZERS[name], **{arg: 2.5}))
    with pytest.raises(ValueError, match=rf"{name}: {arg} must be >= 1, got 0"):
        getattr(optim, name)([_param()], **dict(OPTIMIZERS[name], **{arg: 0}))


@pytest.mark.parametrize(
    "name, arg",
    [
        c
        for c in _optimizer_cases()
        if c[1] not in NEGATIVE_ALLOWED and c not in NEGATIVE_ALLOWED | OPTIMIZER_INTEGERS
    ],
)
@pytest.mark.parametrize("bad", [-1, float("nan")])
def test_optimizer_options_refuse_negative_values(name, arg, bad):
    # PyTorch: ValueError ("Invalid learning rate: -1")
    match = NEGATIVE_MESSAGES.get((name, arg), f"Invalid {arg}")
    with pytest.raises(ValueError, match=match):
        getattr(optim, name)([_param()], **dict(OPTIMIZERS[name], **{arg: bad}))


@pytest.mark.parametrize(
    "betas, exc, match",
    [
        ("ab", TypeError, "Adam: betas must be a pair"),  # PyTorch: TypeError
        (0.9, TypeError, "Adam: betas must be a pair"),
        ((0.9,), ValueError, "Invalid betas"),
        (("a", 0.9), TypeError, r"Adam: betas\[0\] must be a number"),  # PyTorch: TypeError
        ((0.9, None), TypeError, r"Adam: betas\[1\] must be a number"),
        ((1.0, 0.9), ValueError, "Invalid beta parameter at index 0"),  # PyTorch: ValueError
    ],
)
def test_adam_betas(betas, exc, match):
    with pytest.raises(exc, match=match):
        optim.Adam([_param()], betas=betas)


def test_optimizer_options_accept_numpy_numbers_and_keep_them():
    opt = optim.SGD([_param()], lr=np.float32(0.1), momentum=np.float64(0.9))
    assert opt.param_groups[0]["lr"] == np.float32(0.1)
    opt.add_param_group({"params": [_param()], "lr": np.int64(1)})
    with pytest.raises(TypeError, match="SGD: lr must be a number, got '1'"):
        opt.add_param_group({"params": [_param()], "lr": "1"})


def test_custom_optimizer_may_use_lr_none():
    class Relative(optim.Optimizer):  # as transformers' Adafactor(lr=None)
        def __init__(self, params, lr=None):
            super().__init__(params, dict(lr=lr, weight_decay=0.0, maximize=False))

    assert Relative([_param()]).param_groups[0]["lr"] is None
    with pytest.raises(TypeError, match="Relative: lr must be a number"):
        Relative([_param()], lr="0.1")


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda o: optim.lr_scheduler.StepLR(o, step_size="2"), "StepLR: step_size"),
        (lambda o: optim.lr_scheduler.StepLR(o, 2, gamma="a"), "StepLR: gamma"),
        (lambda o: optim.lr_scheduler.MultiStepLR(o, [2, "5"]), r"milestones\[1\]"),
        (lambda o: optim.lr_scheduler.ExponentialLR(o, gamma=None), "ExponentialLR: gamma"),
        (lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max="10"), "T_max"),
        (lambda o: optim.lr_scheduler.LinearLR(o, total_iters="5"), "LinearLR: total_iters"),
        (lambda o: optim.lr_scheduler.ReduceLROnPlateau(o, patience="3"), "patience"),
    ],
)
def test_scheduler_arguments_refuse_strings(make, match):
    opt = optim.SGD([_param()], lr=0.1)
    with pytest.raises(TypeError, match=match):
        make(opt)


def test_scheduler_accepts_float_counts_as_pytorch():
    opt = optim.SGD([_param()], lr=0.1)
    optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10.0)  # PyTorch computes with it too


# ------------------------------------------------------------------ load_state_dict
@pytest.mark.parametrize(
    "value, got",
    [
        ("1.5", "str '1.5'"),
        (None, "NoneType None"),
        ({"w": 1}, "dict"),
        ([[1.0, 2.0], [3.0]], "list"),
        (np.array([["a", "b"], ["c", "d"]]), "an array of dtype <U1"),
        (np.array([[None, 1], [2, 3]], dtype=object), "an array of dtype object"),
        (np.array(["2024-01-01"] * 4, dtype="datetime64[D]").reshape(2, 2), "datetime64"),
    ],
)
def test_load_state_dict_refuses_non_numeric_values(value, got):
    # PyTorch raises RuntimeError ("expected torch.Tensor or Tensor-like object") for any
    # non-Tensor; graphgrad takes arrays, lists and numbers, and refuses the rest by type
    m = nn.Linear(2, 2)
    before = m.weight.data.copy()
    with pytest.raises(TypeError, match=rf"Linear: the value of 'weight' must be numeric.*{got}"):
        m.load_state_dict({"weight": value, "bias": np.zeros(2)})
    np.testing.assert_array_equal(m.weight.data, before)  # nothing was copied


def test_load_state_dict_accepts_numbers_lists_arrays_and_tensors():
    m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    m.load_state_dict(
        {
            "0.weight": [[1, 2], [3, 4]],
            "0.bias": Tensor([0.5, 0.5]),
            "1.weight": np.ones(2, np.float64),
            "1.bias": np.zeros(2, bool),
            "1.running_mean": np.zeros(2, np.float16),
            "1.running_var": np.ones(2),
            "1.num_batches_tracked": 7,
        }
    )
    assert m[0].weight.data.tolist() == [[1, 2], [3, 4]] and int(m[1].num_batches_tracked) == 7


# ------------------------------------------------------------------ the helper itself
def test_helper():
    assert integer(np.uint8(3), "n", "f") == 3 and type(integer(np.uint8(3), "n", "f")) is int
    with pytest.raises(TypeError, match=r"f: n must be an int, got 3.0 \(float\)"):
        integer(3.0, "n", "f")
    with pytest.raises(ValueError, match="f: n must be >= 1, got 0"):
        integer(0, "n", "f", minimum=1)
    assert integers(3, "k", "f", length=2) == (3, 3) and integers([1, 2], "k", "f") == (1, 2)
    assert integers(5, "k", "f") == (5,)
    with pytest.raises(TypeError, match=r"f: k\[1\] must be an int"):
        integers((1, 2.5), "k", "f")
    with pytest.raises(TypeError, match="f: k must be an int or a sequence of ints"):
        integers("12", "k", "f")
    assert number(np.float32(0.5), "p", "f", 0, 1) == 0.5
    with pytest.raises(ValueError, match=r"f: p must be in \[0, 1\), got 1"):
        number(1, "p", "f", 0, 1, high_open=True)
    with pytest.raises(ValueError, match="must be in"):
        number(float("nan"), "p", "f", 0, 1)
    with pytest.raises(TypeError, match="f: p must be a single number"):
        number(np.ones(2), "p", "f")
