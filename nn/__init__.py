"""graphgrad's neural-network package: modules, layers, activations, losses, initialisers.

`nn.functional` holds the functional forms, `nn.init` the initialisers,
`nn.save` / `nn.load` read and write state dicts as `.npz` files, and
`nn.data` the datasets and loaders.
"""

from . import functional, init
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
from .serialization import load, save

__all__ = [
    "ArcTan",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BinaryStep",
    "BipolarReLU",
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
    "load",
    "save",
]

# ---- other layers and packages: add their imports here, and their names to __all__ ----
# (conv, norm, rnn, utils; e.g. `from .conv import Conv2d` and `__all__ += ["Conv2d"]`)
from . import data  # noqa: E402

__all__ += ["data"]
from . import utils  # noqa: E402

__all__ += ["utils"]
from .adaptive_pool import (  # noqa: E402
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
)
from .attention import MultiheadAttention  # noqa: E402
from .conv import AvgPool2d, Conv2d, MaxPool2d  # noqa: E402
from .norm import BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm2d, LayerNorm  # noqa: E402
from .residual import ResidualBlock  # noqa: E402
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell  # noqa: E402
from .transformer import (  # noqa: E402
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ += ["AvgPool2d", "Conv2d", "MaxPool2d"]
__all__ += ["AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d"]
__all__ += ["BatchNorm1d", "BatchNorm2d", "GroupNorm", "InstanceNorm2d", "LayerNorm"]
__all__ += ["ResidualBlock"]
__all__ += ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNCell"]
__all__ += ["MultiheadAttention", "Transformer", "TransformerDecoder", "TransformerDecoderLayer"]
__all__ += ["TransformerEncoder", "TransformerEncoderLayer"]
from . import attacks, training  # noqa: E402

__all__ += ["attacks", "training"]
from .checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from .model_summary import ModelSummary, summary  # noqa: E402

__all__ += ["load_checkpoint", "save_checkpoint", "ModelSummary", "summary"]
from .conv import AvgPool1d, Conv1d, MaxPool1d, MaxUnpool1d, MaxUnpool2d  # noqa: E402
from .conv_transpose import ConvTranspose1d, ConvTranspose2d  # noqa: E402
from .fold import Fold, Unfold  # noqa: E402
from .lazy import LazyLinear  # noqa: E402
from .resample import (  # noqa: E402
    PixelShuffle,
    PixelUnshuffle,
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)

__all__ += ["AvgPool1d", "Conv1d", "MaxPool1d", "MaxUnpool1d", "MaxUnpool2d"]
__all__ += ["ConvTranspose1d", "ConvTranspose2d", "Fold", "Unfold", "PixelShuffle"]
__all__ += ["PixelUnshuffle", "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]
__all__ += ["LazyLinear"]
from .activations_extra import (  # noqa: E402
    CELU,
    GLU,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LogSigmoid,
    Mish,
    ReLU6,
    Softmax2d,
    Softmin,
    Softshrink,
    Tanhshrink,
    Threshold,
)
from .distance import CosineSimilarity, PairwiseDistance  # noqa: E402
from .losses_extra import (  # noqa: E402
    CosineEmbeddingLoss,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    MarginRankingLoss,
    MultiLabelSoftMarginLoss,
    PoissonNLLLoss,
    SoftMarginLoss,
    TripletMarginLoss,
    TripletMarginWithDistanceLoss,
)
from .norm import RMSNorm  # noqa: E402
from .padding import (  # noqa: E402
    CircularPad1d,
    CircularPad2d,
    CircularPad3d,
    ConstantPad1d,
    ConstantPad2d,
    ConstantPad3d,
    ReflectionPad1d,
    ReflectionPad2d,
    ReflectionPad3d,
    ReplicationPad1d,
    ReplicationPad2d,
    ReplicationPad3d,
    ZeroPad1d,
    ZeroPad2d,
    ZeroPad3d,
)

__all__ += ["CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh", "LogSigmoid"]
__all__ += ["Mish", "ReLU6", "Softmax2d", "Softmin", "Softshrink", "Tanhshrink", "Threshold"]
__all__ += ["CosineSimilarity", "PairwiseDistance", "RMSNorm"]
__all__ += ["CosineEmbeddingLoss", "GaussianNLLLoss", "HingeEmbeddingLoss", "MarginRankingLoss"]
__all__ += ["MultiLabelSoftMarginLoss", "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss"]
__all__ += ["TripletMarginWithDistanceLoss"]
__all__ += ["CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d"]
__all__ += ["ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d"]
__all__ += ["ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d"]
__all__ += ["ZeroPad3d"]
# bilinear, alpha dropout, channel shuffle, local response norm, multilabel margin loss and
# the deprecated aliases (nn/bilinear.py, nn/alpha_dropout.py, nn/channel_shuffle.py,
# nn/local_response_norm.py, nn/multilabel_margin.py, nn/deprecated.py, nn/embedding_bag.py,
# nn/buffer.py; the recurrent bases of nn/rnn.py)
from .alpha_dropout import AlphaDropout, FeatureAlphaDropout  # noqa: E402
from .bilinear import Bilinear  # noqa: E402
from .buffer import Buffer  # noqa: E402
from .channel_shuffle import ChannelShuffle  # noqa: E402
from .deprecated import Container, NLLLoss2d  # noqa: E402
from .embedding_bag import EmbeddingBag  # noqa: E402
from .local_response_norm import LocalResponseNorm  # noqa: E402
from .multilabel_margin import MultiLabelMarginLoss  # noqa: E402
from .rnn import RNNBase, RNNCellBase  # noqa: E402

__all__ += ["AlphaDropout", "Bilinear", "ChannelShuffle", "Container", "FeatureAlphaDropout"]
__all__ += ["EmbeddingBag", "LocalResponseNorm", "MultiLabelMarginLoss", "NLLLoss2d"]
__all__ += ["Buffer", "RNNBase", "RNNCellBase"]
# ---- end of the block for other layers and packages ----
# ---- 3-d layers and lazy convolutions and norms ----
from .conv3d import Conv3d, ConvTranspose3d  # noqa: E402
from .lazy_layers import (  # noqa: E402
    LazyBatchNorm1d,
    LazyBatchNorm2d,
    LazyBatchNorm3d,
    LazyConv1d,
    LazyConv2d,
    LazyConv3d,
    LazyConvTranspose1d,
    LazyConvTranspose2d,
    LazyConvTranspose3d,
    LazyInstanceNorm1d,
    LazyInstanceNorm2d,
    LazyInstanceNorm3d,
)
from .norm3d import BatchNorm3d, InstanceNorm1d, InstanceNorm3d  # noqa: E402
from .pool3d import (  # noqa: E402
    AdaptiveAvgPool3d,
    AdaptiveMaxPool3d,
    AvgPool3d,
    LPPool1d,
    LPPool2d,
    LPPool3d,
    MaxPool3d,
    MaxUnpool3d,
)

__all__ += ["AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "AvgPool3d", "BatchNorm3d", "Conv3d"]
__all__ += ["ConvTranspose3d", "InstanceNorm1d", "InstanceNorm3d", "LPPool1d", "LPPool2d"]
__all__ += ["LPPool3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyConv1d"]
__all__ += ["LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d"]
__all__ += ["LazyConvTranspose3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d"]
__all__ += ["LazyInstanceNorm3d", "MaxPool3d", "MaxUnpool3d"]
