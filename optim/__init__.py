"""Optimizers and learning-rate schedules with PyTorch's update formulas.

``Optimizer`` (the base class), ``SGD``, ``Adagrad``, ``Adadelta``, ``RMSprop``, ``Adam``,
``AdamW``, ``LBFGS``, ``NAdam``, ``RAdam``, ``Adamax``, ``Rprop``, ``ASGD``;
schedules live in ``optim.lr_scheduler``.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

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
]
