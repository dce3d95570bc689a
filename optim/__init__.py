"""Optimizers and learning-rate schedules with PyTorch's update formulas.

``Optimizer`` (the base class), ``SGD``, ``Adagrad``, ``RMSprop``, ``Adam``, ``AdamW``;
schedules live in ``optim.lr_scheduler``.
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "lr_scheduler"]
