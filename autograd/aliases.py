"""The torch-style names that load on first use, and imports through them.

`autograd.nn` is the nn package, `autograd.optim` optim, `autograd.utils.data` nn.data,
`autograd.save`/`load` the torch-style saving functions, and `cuda`, `backends`, `jit`,
`amp`, `compile`, ... the namespaces and settings of runtime.py, accelerators.py, amp.py
and unsupported.py: importing `autograd` loads none of them (nn sits above autograd, and
the rest is rarely needed). An import finder lets the mechanical spelling of PyTorch's
imports work too: `import autograd.nn as nn`, `from autograd.utils.data import
DataLoader`, `from autograd.cuda.amp import GradScaler` find the same objects.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types

MISSING = object()

# packages reached through autograd: autograd.<alias>[.sub] -> <target>[.sub]
_PACKAGES = {"nn": "nn", "optim": "optim", "utils.data": "nn.data"}
# nn/torch_level.py's names: torch-level forms of nn.functional's functions
NN_NAMES = tuple(
    """
adaptive_avg_pool1d adaptive_max_pool1d affine_grid_generator alpha_dropout alpha_dropout_
avg_pool1d batch_norm bilinear binary_cross_entropy_with_logits celu celu_ channel_shuffle
constant_pad_nd conv1d conv2d conv3d conv_transpose1d conv_transpose2d conv_transpose3d
cosine_embedding_loss cosine_similarity ctc_loss dropout_ embedding feature_alpha_dropout
feature_alpha_dropout_ feature_dropout feature_dropout_ grid_sampler group_norm gru_cell
hardshrink hinge_embedding_loss instance_norm kl_div layer_norm lstm_cell margin_ranking_loss
max_pool1d max_pool1d_with_indices max_pool2d max_pool3d native_channel_shuffle
pairwise_distance pixel_shuffle pixel_unshuffle poisson_nll_loss prelu rms_norm rnn_relu_cell
rnn_tanh_cell rrelu rrelu_ selu selu_ threshold threshold_ triplet_margin_loss
""".split()
)
LEGACY_CONSTRUCTORS = tuple(
    "BoolTensor ByteTensor CharTensor DoubleTensor FloatTensor HalfTensor IntTensor LongTensor "
    "ShortTensor".split()
)
# autograd.<name> -> (module, attribute), loaded on first use
_LAZY = {
    **{n: ("autograd.accelerators", n) for n in ("accelerator", "backends", "cuda", "mps")},
    **{n: ("autograd.unsupported", n) for n in ("distributed", "jit", "onnx")},
    **{n: ("autograd.unsupported", n) for n in ("complex", "polar")},
    "amp": ("autograd.amp", None),
    "autocast": ("autograd.amp", "autocast"),
    "autograd": ("autograd.autograd", None),
    "special": ("autograd.special", None),
    # torch.<name> for torch.special's functions (mvlgamma, igamma, igammac: other names)
    **{n: ("autograd.special", n) for n in ("i0", "sinc", "xlogy")},
    "mvlgamma": ("autograd.special", "multigammaln"),
    "igamma": ("autograd.special", "gammainc"),
    "igammac": ("autograd.special", "gammaincc"),
    "distributions": ("autograd.distributions", None),
    "pdist": ("nn.functional", "pdist"),  # torch.pdist is nn.functional's (loads nn)
    # torch.conv2d, torch.batch_norm, ...: nn's functions at torch level (nn/torch_level.py).
    # The one place autograd names nn's code: by a string, imported on first use, so nothing
    # in autograd imports nn (nn sits above it).
    **{n: ("nn.torch_level", n) for n in NN_NAMES},
    "range": ("autograd.creation", "torch_range"),  # not imported: it would hide the builtin
    # torch.LongTensor([1, 2]), torch.FloatTensor(2, 3): the legacy typed constructors
    **{n: ("autograd.legacy_tensors", n) for n in LEGACY_CONSTRUCTORS},
    "save": ("autograd.saving", "save"),
    "load": ("autograd.saving", "load"),
    **{n: ("autograd.threads", n) for n in ("get_num_threads", "set_num_threads")},
    **{
        n: ("autograd.runtime", n)
        for n in (
            "are_deterministic_algorithms_enabled",
            "compile",
            "get_deterministic_debug_mode",
            "get_float32_matmul_precision",
            "get_num_interop_threads",
            "is_deterministic_algorithms_warn_only_enabled",
            "is_warn_always_enabled",
            "set_deterministic_debug_mode",
            "set_float32_matmul_precision",
            "set_num_interop_threads",
            "set_warn_always",
            "use_deterministic_algorithms",
        )
    },
}
# namespaces that are objects, not files, importable as autograd.<name>
_OBJECTS = ("accelerator", "backends", "cuda", "cuda.amp", "distributed", "jit", "mps", "onnx")


def _utils() -> types.ModuleType:
    m = sys.modules.get("autograd.utils")
    if m is None:
        import nn.data

        m = types.ModuleType("autograd.utils", "torch.utils: `data` is graphgrad's nn.data.")
        m.data = nn.data
        m.__path__ = []  # a package: autograd.utils.data is imported through the finder
        sys.modules["autograd.utils"] = m
    return m


def _version() -> types.ModuleType:
    m = types.ModuleType("autograd.version", "graphgrad's version (torch.version's fields).")
    m.__version__ = _version_string()
    m.cuda = None  # not built with CUDA (PyTorch's CPU builds say the same)
    m.hip = None
    return m


def _version_string() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("graphgrad")
    except PackageNotFoundError:
        return "0+unknown"


def lazy(name: str):
    """The value of autograd.<name> for the names loaded on first use, else MISSING."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        m = importlib.import_module(module)
        return m if attr is None else getattr(m, attr)
    if name in ("nn", "optim"):
        return importlib.import_module(name)
    if name == "utils":
        return _utils()
    if name == "testing":
        return importlib.import_module("autograd.testing")
    if name == "version":
        return _version()
    if name == "__version__":
        return _version_string()
    return MISSING


def _target(rest: str):
    """The module object for autograd.<rest>, or None if it is not an alias."""
    if rest in _OBJECTS:
        first, _, sub = rest.partition(".")
        obj = lazy(first)
        return getattr(obj, sub) if sub else obj
    if rest == "utils":
        return _utils()
    for alias, real in _PACKAGES.items():
        if rest == alias or rest.startswith(alias + "."):
            if alias == "utils.data":
                _utils()
            return importlib.import_module(real + rest[len(alias) :])
    return None


class _Finder:
    """Finds autograd.nn, autograd.utils.data, autograd.cuda, ... as the objects above (a
    meta path finder and its own loader)."""

    def __init__(self, package: str):
        self.prefix = package + "."

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(self.prefix):
            return None
        rest = fullname[len(self.prefix) :]
        if rest.split(".")[0] not in ("nn", "optim", "utils", *_OBJECTS):
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        module = _target(spec.name[len(self.prefix) :])
        if module is None:
            raise ModuleNotFoundError(f"No module named {spec.name!r}", name=spec.name)
        self._spec = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module) -> None:
        # the import system set __spec__ to the alias's: give a real module its own back
        real = getattr(self, "_spec", None)
        if real is not None:
            module.__spec__ = real


def install(package: str) -> None:
    """Put the finder on sys.meta_path (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder(package))
