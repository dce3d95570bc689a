"""Data for training: torch.utils.data's loader, datasets and samplers (with PyTorch's random
draws), offline datasets, validation schemes and augmentation.

``DataLoader`` yields Tensors; the datasets, validation splitters and augmentations
work on numpy arrays (scikit-learn provides the bundled digits, two moons and the
splitters).
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
from .dataset_classes import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    as_array,
    random_split,
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
from .distributed import DistributedSampler
from .idx import read_idx, write_idx
from .loader import DataLoader, WorkerInfo, default_collate, default_convert, get_worker_info
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
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
    "admission",
    "as_array",
    "BatchSampler",
    "BrightnessContrast",
    "Compose",
    "ConcatDataset",
    "cross_validate",
    "CVResult",
    "DataLoader",
    "Dataset",
    "DistributedSampler",
    "default_collate",
    "default_convert",
    "GaussianNoise",
    "get_worker_info",
    "holdout_split",
    "IterableDataset",
    "kfold",
    "ladder_images",
    "leave_one_out",
    "leave_p_out",
    "load_digits",
    "load_mnist",
    "logic_gate",
    "make_moons",
    "Mixup",
    "mnist_search_paths",
    "random_split",
    "RandomCrop",
    "RandomErasing",
    "RandomFlip",
    "RandomRotation",
    "RandomSampler",
    "RandomShift",
    "read_idx",
    "repeated_kfold",
    "repeated_splits",
    "Sampler",
    "SequentialSampler",
    "split_indices",
    "stratified_kfold",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "Transform",
    "WeightedRandomSampler",
    "WorkerInfo",
    "write_idx",
    "ChainDataset",
    "StackDataset",
]
