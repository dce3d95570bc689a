"""Gradients of a one-layer scorer and accumulating vector-Jacobian products.

programs/autogradqs_tutorial.py, in the manner of the PyTorch tutorials' "Automatic
Differentiation with torch.autograd": `torch.randn(..., requires_grad=True)`,
`torch.matmul` of a vector and a matrix, `torch.nn.functional` reached as an attribute
of `torch`, `binary_cross_entropy_with_logits`, printing `grad_fn`, `requires_grad`
under `no_grad` and after `detach()`, `torch.eye(4, 5, requires_grad=True)`,
`.pow(2).t()`, `backward(torch.ones_like(out), retain_graph=True)` with the gradient
accumulating and `inp.grad.zero_()` in between.

Compared with PyTorch: everything it prints (the gradients, the flags, the accumulated
Jacobian products) and the gradients themselves.

Tolerance: rtol 1e-6 (float32; a few sums of five terms).

Randomness: seeded by the program (`torch.manual_seed(0)`; the weights): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "autogradqs_tutorial"
ARGV = ""
RECORD = {"w.grad": "w.grad", "b.grad": "b.grad", "inp.grad": "inp.grad"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
logits are made by <AddBackward0 object at 0x7f8d4a1ccd00>
the loss is made by <BinaryCrossEntropyWithLogitsBackward0 object at 0x7f8d4a1cceb0>
tensor([[-0.0625,  0.0847,  0.2449, -0.1966],
        [-0.0000,  0.0000,  0.0000, -0.0000],
        [-0.1250,  0.1694,  0.4899, -0.3933],
        [ 0.0625, -0.0847, -0.2449,  0.1966],
        [-0.0313,  0.0423,  0.1225, -0.0983],
        [-0.0625,  0.0847,  0.2449, -0.1966]])
tensor([-0.0625,  0.0847,  0.2449, -0.1966])
True
False
False
first backward
tensor([[12., -6., -6., -6., -6.],
        [-6., 12., -6., -6., -6.],
        [-6., -6., 12., -6., -6.],
        [-6., -6., -6., 12., -6.]])
second backward (the gradient accumulates)
tensor([[ 24., -12., -12., -12., -12.],
        [-12.,  24., -12., -12., -12.],
        [-12., -12.,  24., -12., -12.],
        [-12., -12., -12.,  24., -12.]])
after zeroing the gradient
tensor([[12., -6., -6., -6., -6.],
        [-6., 12., -6., -6., -6.],
        [-6., -6., 12., -6., -6.],
        [-6., -6., -6., 12., -6.]])
"""
PYTORCH = {
    "w.grad": {
        "shape": [6, 4],
        "norm": 0.8920118636956695,
        "head": [
            -0.0625164657831192,
            0.08468233793973923,
            0.24494892358779907,
            -0.19664764404296875,
            -0.0,
            0.0,
        ],
    },
    "b.grad": [-0.0625164657831192, 0.08468233793973923, 0.24494892358779907, -0.19664764404296875],
    "inp.grad": {
        "shape": [4, 5],
        "norm": 33.94112549695428,
        "head": [12.0, -6.0, -6.0, -6.0, -6.0, -6.0],
    },
}
# --- end of PyTorch's output ---


def test_autogradqs_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
    assert_values(got.values, PYTORCH, rtol=1e-6)
