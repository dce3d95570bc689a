"""Optimizers and learning-rate schedules with PyTorch's update formulas.

``Optimizer`` (the base class), ``SGD``, ``Adagrad``, ``Adadelta``, ``RMSprop``, ``Adam``,
``AdamW``, ``LBFGS``, ``NAdam``, ``RAdam``, ``Adamax``, ``Rprop``, ``ASGD``,
``Adafactor``, ``Muon``, ``SparseAdam`` (which, as PyTorch's, refuses dense gradients);
schedules live in ``optim.lr_scheduler``.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .muon import Muon
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

__all__ = [
    "Optimizer",
    "SGD",
    "Adagrad",
    "Adadelta",
    "RMSprop",
    "Adam",
    "AdamW",
    "LBFGS",
    "lr_scheduler",
    "NAdam",
    "RAdam",
    "Adamax",
    "Rprop",
    "ASGD",
    "Adafactor",
    "Muon",
    "SparseAdam",
]
