"""Data for training: offline datasets, loaders, validation schemes and augmentation.

Pure numpy (plus scikit-learn for the bundled digits, two moons and the splitters); it
does not depend on the autograd engine. ``DataLoader`` yields tuples of numpy arrays.
"""

from .augment import (
    BrightnessContrast,
    Compose,
    GaussianNoise,
    Mixup,
    RandomCrop,
    RandomErasing,
    RandomFlip,
    RandomRotation,
    RandomShift,
    Transform,
)
from .datasets import (
    admission,
    ladder_images,
    load_digits,
    load_mnist,
    logic_gate,
    make_moons,
    mnist_search_paths,
)
from .idx import read_idx, write_idx
from .loader import DataLoader, Dataset, Subset, TensorDataset, as_array, random_split
from .validation import (
    CVResult,
    cross_validate,
    holdout_split,
    kfold,
    leave_one_out,
    leave_p_out,
    repeated_kfold,
    repeated_splits,
    split_indices,
    stratified_kfold,
)

__all__ = [
    "BrightnessContrast",
    "CVResult",
    "Compose",
    "DataLoader",
    "Dataset",
    "GaussianNoise",
    "Mixup",
    "RandomCrop",
    "RandomErasing",
    "RandomFlip",
    "RandomRotation",
    "RandomShift",
    "Subset",
    "TensorDataset",
    "Transform",
    "admission",
    "as_array",
    "cross_validate",
    "holdout_split",
    "kfold",
    "ladder_images",
    "leave_one_out",
    "leave_p_out",
    "load_digits",
    "load_mnist",
    "logic_gate",
    "make_moons",
    "mnist_search_paths",
    "random_split",
    "read_idx",
    "repeated_kfold",
    "repeated_splits",
    "split_indices",
    "stratified_kfold",
    "write_idx",
]
