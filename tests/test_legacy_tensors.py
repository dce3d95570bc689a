"""The legacy typed constructors (torch.LongTensor, torch.FloatTensor, ...), as PyTorch's.

PyTorch's results (2.13): `LongTensor([1.7, -2.5])` is `[1, -2]` (truncated),
`FloatTensor(2, 3)` has size (2, 3), `FloatTensor()` and `FloatTensor([])` size (0,),
`FloatTensor(t)` of a float32 `t` shares its memory, `LongTensor(t)` of it and
`LongTensor(3.5)` are TypeErrors.
"""

import numpy as np
import pytest

import autograd as torch

DTYPES = {
    "BoolTensor": np.bool_,
    "ByteTensor": np.uint8,
    "CharTensor": np.int8,
    "ShortTensor": np.int16,
    "IntTensor": np.int32,
    "LongTensor": np.int64,
    "HalfTensor": np.float16,
    "FloatTensor": np.float32,
    "DoubleTensor": np.float64,
}


@pytest.mark.parametrize("name", list(DTYPES))
def test_dtype_is_fixed(name):
    make = getattr(torch, name)
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # not the default dtype's
    try:
        assert make([1, 0]).dtype == DTYPES[name]
        assert make(2, 3).dtype == DTYPES[name]
    finally:
        torch.set_default_dtype(old)


def test_from_data():
    t = torch.LongTensor([1.7, -2.5])
    assert t.dtype == np.int64 and t.tolist() == [1, -2]
    assert torch.FloatTensor([[1, 2]]).shape == (1, 2)
    assert torch.FloatTensor(np.array([1, 2])).tolist() == [1.0, 2.0]
    assert torch.BoolTensor([1, 0]).tolist() == [True, False]
    assert torch.FloatTensor((2, 3)).tolist() == [2.0, 3.0]  # a tuple is data, as in PyTorch
    assert torch.LongTensor([3, 4], device="cpu").tolist() == [3, 4]


def test_sizes_and_empty():
    assert torch.FloatTensor(2, 3).shape == (2, 3)
    assert torch.FloatTensor(torch.Size([2])).shape == (2,)
    assert torch.FloatTensor().shape == (0,)
    assert torch.FloatTensor([]).shape == (0,)
    assert torch.FloatTensor(0).shape == (0,)


def test_a_tensor_of_its_dtype_shares_memory():
    t = torch.tensor([1.0, 2.0])
    u = torch.FloatTensor(t)
    u[0] = 5.0
    assert t.tolist() == [5.0, 2.0]


def test_errors():
    t = torch.tensor([1.0, 2.0])
    with pytest.raises(TypeError, match="expected a tensor of dtype int64"):
        torch.LongTensor(t)
    with pytest.raises(TypeError, match="data must be a sequence"):
        torch.LongTensor(3.5)
    with pytest.raises(TypeError, match="sizes as ints"):
        torch.LongTensor([1], [2])
