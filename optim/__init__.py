"""Optimizers and learning-rate schedules with PyTorch's update formulas.

``Optimizer`` (the base class), ``SGD``, ``Adagrad``, ``Adadelta``, ``RMSprop``, ``Adam``,
``AdamW``, ``LBFGS``; schedules live in ``optim.lr_scheduler``.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .rmsprop import RMSprop
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
]
