"""Learn the Basics: Tensors: creation, attributes, indexing, joining, arithmetic, in-place
ops, the numpy bridge.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/tensorqs_tutorial.py

Ported as programs/tensors_tutorial.py: `torch.tensor(data)`, `torch.from_numpy`,
`torch.ones_like`, `torch.rand_like(x, dtype=torch.float)`, `torch.rand(shape)`,
`.shape`, `.dtype`, `.device`, `torch.accelerator`, `tensor[:, 1] = 0`, `torch.cat(...,
dim=1)`, `tensor.matmul`, `torch.matmul(..., out=)`, `tensor.mul`, `torch.mul(...,
out=)`, `.item()`, `add_`, memory shared with numpy both ways.

Compared with PyTorch: every number printed.

Tolerance: rtol 1e-6 (float32; they agree exactly), plus half a unit in the last printed
place.

Randomness: seeded (`torch.manual_seed(0)`, the one added line): equal since graphgrad
draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "tensors_tutorial"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Ones Tensor:\x20
 tensor([[1, 1],
        [1, 1]])\x20

Random Tensor:\x20
 tensor([[0.4963, 0.7682],
        [0.0885, 0.1320]])\x20

Random Tensor:\x20
 tensor([[0.3074, 0.6341, 0.4901],
        [0.8964, 0.4556, 0.6323]])\x20

Ones Tensor:\x20
 tensor([[1., 1., 1.],
        [1., 1., 1.]])\x20

Zeros Tensor:\x20
 tensor([[0., 0., 0.],
        [0., 0., 0.]])
Shape of tensor: torch.Size([3, 4])
Datatype of tensor: torch.float32
Device tensor is stored on: cpu
First row: tensor([1., 1., 1., 1.])
First column: tensor([1., 1., 1., 1.])
Last column: tensor([1., 1., 1., 1.])
tensor([[1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.]])
tensor([[1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.],
        [1., 0., 1., 1., 1., 0., 1., 1., 1., 0., 1., 1.]])
12.0 <class 'float'>
tensor([[1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.],
        [1., 0., 1., 1.]])\x20

tensor([[6., 5., 6., 6.],
        [6., 5., 6., 6.],
        [6., 5., 6., 6.],
        [6., 5., 6., 6.]])
t: tensor([1., 1., 1., 1., 1.])
n: [1. 1. 1. 1. 1.]
t: tensor([2., 2., 2., 2., 2.])
n: [2. 2. 2. 2. 2.]
t: tensor([2., 2., 2., 2., 2.], dtype=torch.float64)
n: [2. 2. 2. 2. 2.]
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_tensors_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
