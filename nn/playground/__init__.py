"""TensorFlow Playground on graphgrad: train small networks on 2-D data sets in the browser.

`graphgrad-playground` (or `make playground`) serves the page; `Session` is one run
(data, network, optimizer, frames) and needs no server; `show()` embeds the page in a
notebook. The web layer (`server`, `cli`) needs the `graphgrad[playground]` extra.
"""

from .config import FEATURES, RULES, Config, ConfigError, validate
from .datasets import DATASETS
from .notebook import show, stop
from .session import Session

__all__ = [
    "DATASETS",
    "FEATURES",
    "RULES",
    "Config",
    "ConfigError",
    "Session",
    "show",
    "stop",
    "validate",
]
