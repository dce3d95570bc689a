"""`torch.utils.data.dataset` under PyTorch's module name: the dataset classes and
`random_split` (defined in dataset_classes.py), for programs that write
`from torch.utils.data import dataset` and annotate with `dataset.IterableDataset`."""

from .dataset_classes import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)

__all__ = [
    "ChainDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "StackDataset",
    "Subset",
    "TensorDataset",
    "random_split",
]
