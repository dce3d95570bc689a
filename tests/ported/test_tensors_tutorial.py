"""A tour of tensors on a small table of readings: creation, attributes, indexing,
joining, arithmetic, in-place ops, the numpy bridge.

programs/tensors_tutorial.py, in the manner of pytorch/tutorials' "Learn the Basics:
Tensors": `torch.tensor(data)`, `torch.from_numpy`, `torch.ones_like`,
`torch.rand_like(x, dtype=torch.float)`, `torch.rand(shape)`, `torch.zeros`,
`torch.empty_like`, `.shape`, `.dtype`, `.device`, `torch.accelerator`, `tensor[:, 1] =
0`, `torch.cat(..., dim=1)`, `torch.stack`, `tensor.matmul`, `@` and `.T`,
`torch.matmul(..., out=)`, `tensor.mul`, `*`, `torch.mul(..., out=)`, f-string
formatting of tensors (`{t}`, `{t:.2f}`), `.item()`, `add_`, `mul_`, memory shared with
numpy both ways.

Compared with PyTorch: every number printed (graphgrad's tensor repr prints more digits
than PyTorch's 4 decimals; the numbers agree).

Tolerance: rtol 1e-6 (float32; they agree exactly), plus half a unit in the last printed
place.

Randomness: seeded (`torch.manual_seed(42)`): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "tensors_tutorial"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
-- from a list
tensor([[3, 1, 4, 1],
        [5, 9, 2, 6],
        [5, 3, 5, 8]])
-- from numpy
tensor([[3, 1, 4, 1],
        [5, 9, 2, 6],
        [5, 3, 5, 8]])
-- ones like
tensor([[1, 1, 1, 1],
        [1, 1, 1, 1],
        [1, 1, 1, 1]])
-- random like, as float
tensor([[0.8823, 0.9150, 0.3829, 0.9593],
        [0.3904, 0.6009, 0.2566, 0.7936],
        [0.9408, 0.1332, 0.9346, 0.5936]])
-- random of a shape
tensor([[0.8694, 0.5677, 0.7411],
        [0.4294, 0.8854, 0.5739]])
-- zeros
tensor([[0., 0., 0.],
        [0., 0., 0.]])
shape (3, 4), dtype torch.float32, device cpu
device after the accelerator check: cpu
-- first row
tensor([3., 1., 4., 1.])
-- last column
tensor([1., 6., 8.])
-- second column blanked
tensor([[3., 0., 4., 1.],
        [5., 0., 2., 6.],
        [5., 0., 5., 8.]])
-- side by side
tensor([[3.0000e+00, 0.0000e+00, 4.0000e+00, 1.0000e+00, 2.6658e-01, 6.2745e-01,
         2.6963e-01, 4.4136e-01, 3.0000e+00, 0.0000e+00, 4.0000e+00, 1.0000e+00],
        [5.0000e+00, 0.0000e+00, 2.0000e+00, 6.0000e+00, 2.9692e-01, 8.3169e-01,
         1.0531e-01, 2.6949e-01, 5.0000e+00, 0.0000e+00, 2.0000e+00, 6.0000e+00],
        [5.0000e+00, 0.0000e+00, 5.0000e+00, 8.0000e+00, 3.5881e-01, 1.9936e-01,
         5.4719e-01, 6.1604e-03, 5.0000e+00, 0.0000e+00, 5.0000e+00, 8.0000e+00]])
-- stacked
tensor([[3., 0., 4., 1.],
        [5., 0., 5., 8.]])
-- floats times its transpose
tensor([[ 26.,  29.,  43.],
        [ 29.,  65.,  83.],
        [ 43.,  83., 114.]])
-- the same with @
tensor([[ 26.,  29.,  43.],
        [ 29.,  65.,  83.],
        [ 43.,  83., 114.]])
-- matmul into out=
tensor([[ 26.,  29.,  43.],
        [ 29.,  65.,  83.],
        [ 43.,  83., 114.]])
-- elementwise square
tensor([[ 9.,  0., 16.,  1.],
        [25.,  0.,  4., 36.],
        [25.,  0., 25., 64.]])
-- elementwise with the random grid
tensor([[0.7997, 0.0000, 1.0785, 0.4414],
        [1.4846, 0.0000, 0.2106, 1.6170],
        [1.7941, 0.0000, 2.7360, 0.0493]])
-- mul into out=
tensor([[ 9.,  0., 16.,  1.],
        [25.,  0.,  4., 36.],
        [25.,  0., 25., 64.]])
total as a tensor: 39.0; with a format spec: 39.00
first row in an f-string: tensor([3., 0., 4., 1.])
total 39.0 float
-- after add_(10)
tensor([[13., 10., 14., 11.],
        [15., 10., 12., 16.],
        [15., 10., 15., 18.]])
-- after mul_(0.5)
tensor([[6.5000, 5.0000, 7.0000, 5.5000],
        [7.5000, 5.0000, 6.0000, 8.0000],
        [7.5000, 5.0000, 7.5000, 9.0000]])
tensor tensor([3., 3., 3., 3.]) array [3. 3. 3. 3.]
array [1.5 1.5 1.5] tensor tensor([1.5000, 1.5000, 1.5000], dtype=torch.float64)
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_tensors_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
