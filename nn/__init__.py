"""graphgrad's neural-network package: modules, layers, activations, losses, initialisers.

`nn.functional` holds the functional forms, `nn.init` the initialisers,
`nn.save` / `nn.load` read and write state dicts as `.npz` files, and
`nn.data` the datasets and loaders. Only what a plain training step needs is imported
with the package; the rest loads on first use (`_LAZY` below; nn/lazy_names.py).
"""

from . import functional, init, lazy_names
from .activations import (
    ELU,
    GELU,
    ISRLU,
    ISRU,
    SELU,
    SQNL,
    ArcTan,
    BinaryStep,
    BipolarReLU,
    Identity,
    LeakyReLU,
    LogSoftmax,
    PReLU,
    ReLU,
    RReLU,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Softsign,
    Tanh,
)
from .buffer import Buffer
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .dropout import Dropout, Dropout1d, Dropout2d, Dropout3d
from .embedding import Embedding
from .linear import Flatten, Linear, Unflatten
from .losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    MultiMarginLoss,
    NLLLoss,
    SmoothL1Loss,
)
from .module import Module, Parameter

__all__ = [  # the names imported above; the lazy ones are added below
    "ArcTan",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BinaryStep",
    "BipolarReLU",
    "Buffer",
    "CrossEntropyLoss",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "ELU",
    "Embedding",
    "Flatten",
    "GELU",
    "HuberLoss",
    "ISRLU",
    "ISRU",
    "Identity",
    "KLDivLoss",
    "L1Loss",
    "LeakyReLU",
    "Linear",
    "LogSoftmax",
    "MSELoss",
    "Module",
    "ModuleDict",
    "ModuleList",
    "MultiMarginLoss",
    "NLLLoss",
    "PReLU",
    "Parameter",
    "ParameterDict",
    "ParameterList",
    "RReLU",
    "ReLU",
    "SELU",
    "SQNL",
    "Sequential",
    "SiLU",
    "SmoothL1Loss",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Softsign",
    "Tanh",
    "Unflatten",
    "functional",
    "init",
]

# ---- loaded on first use (nn/lazy_names.py): the submodule -> the public names it defines ----
# A submodule listed under its own name is the submodule itself (`nn.data`). Add new layers
# and packages here; only what a plain training step needs belongs in the imports above.
_LAZY: dict[str, str] = lazy_names.table(
    {
        "data": "data",
        "utils": "utils",
        "adaptive_pool": "AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveMaxPool1d AdaptiveMaxPool2d",
        "attention": "MultiheadAttention",
        "conv": "AvgPool1d AvgPool2d Conv1d Conv2d MaxPool1d MaxPool2d MaxUnpool1d MaxUnpool2d",
        "norm": "BatchNorm1d BatchNorm2d GroupNorm InstanceNorm2d LayerNorm RMSNorm",
        "residual": "ResidualBlock",
        "rnn": "GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase",
        "transformer": (
            "Transformer TransformerDecoder TransformerDecoderLayer TransformerEncoder "
            "TransformerEncoderLayer"
        ),
        "attacks": "attacks",
        "training": "training",
        "checkpoint": "load_checkpoint save_checkpoint",
        "model_summary": "ModelSummary summary",
        "conv_transpose": "ConvTranspose1d ConvTranspose2d",
        "fold": "Fold Unfold",
        "lazy": "LazyLinear UninitializedBuffer UninitializedParameter",
        "resample": "PixelShuffle PixelUnshuffle Upsample UpsamplingBilinear2d UpsamplingNearest2d",
        "activations_extra": (
            "CELU GLU Hardshrink Hardsigmoid Hardswish Hardtanh LogSigmoid Mish ReLU6 Softmax2d "
            "Softmin Softshrink Tanhshrink Threshold"
        ),
        "distance": "CosineSimilarity PairwiseDistance",
        "losses_extra": (
            "CosineEmbeddingLoss GaussianNLLLoss HingeEmbeddingLoss MarginRankingLoss "
            "MultiLabelSoftMarginLoss PoissonNLLLoss SoftMarginLoss TripletMarginLoss "
            "TripletMarginWithDistanceLoss"
        ),
        "padding": (
            "CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d ConstantPad3d "
            "ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d "
            "ReplicationPad3d ZeroPad1d ZeroPad2d ZeroPad3d"
        ),
        "serialization": "load save",
        "conv3d": "Conv3d ConvTranspose3d",
        "lazy_layers": (
            "LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d LazyConv1d LazyConv2d LazyConv3d "
            "LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d LazyInstanceNorm1d "
            "LazyInstanceNorm2d LazyInstanceNorm3d"
        ),
        "norm3d": "BatchNorm3d InstanceNorm1d InstanceNorm3d",
        "pool3d": (
            "AdaptiveAvgPool3d AdaptiveMaxPool3d AvgPool3d LPPool1d LPPool2d LPPool3d MaxPool3d "
            "MaxUnpool3d"
        ),
        "alpha_dropout": "AlphaDropout FeatureAlphaDropout",
        "bilinear": "Bilinear",
        "channel_shuffle": "ChannelShuffle",
        "deprecated": "Container NLLLoss2d",
        "embedding_bag": "EmbeddingBag",
        "local_response_norm": "LocalResponseNorm",
        "multilabel_margin": "MultiLabelMarginLoss",
        "ctc": "CTCLoss",
        "fractional_pool": "FractionalMaxPool2d FractionalMaxPool3d",
        "adaptive_softmax": "AdaptiveLogSoftmaxWithLoss",
        "linear_cross_entropy": "LinearCrossEntropyLoss LinearCrossEntropyOptions",
        "cross_map_lrn": "CrossMapLRN2d",
        "parallel": "DataParallel SyncBatchNorm",
    }
)
__all__ += sorted(_LAZY)
__getattr__, __dir__ = lazy_names.install(__name__, __name__, _LAZY)
