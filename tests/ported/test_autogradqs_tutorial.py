"""Learn the Basics: Automatic Differentiation with torch.autograd.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/autogradqs_tutorial.py

Ported as programs/autogradqs_tutorial.py: `torch.randn(..., requires_grad=True)`,
`torch.matmul` of a vector and a matrix, `torch.nn.functional` reached as an attribute
of `torch`, `binary_cross_entropy_with_logits`, printing `grad_fn`, `requires_grad`
under `no_grad` and after `detach()`, `torch.eye(4, 5, requires_grad=True)`,
`.pow(2).t()`, `backward(torch.ones_like(out), retain_graph=True)` three times with the
gradient accumulating and `inp.grad.zero_()` in between.

Compared with PyTorch: everything it prints (the gradients, the flags, the accumulated
Jacobian products) and the weights' gradients.

Tolerance: rtol 1e-6 (float32; a few sums of five terms).

Randomness: seeded (`torch.manual_seed(0)`, the added line; the weights): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "autogradqs_tutorial"
ARGV = ""
RECORD = {"w.grad": "w.grad", "b.grad": "b.grad", "inp.grad": "inp.grad"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Gradient function for z = <AddBackward0 object at 0x7ff4586a2d40>
Gradient function for loss = <BinaryCrossEntropyWithLogitsBackward0 object at \
0x7ff4586a2f20>
tensor([[0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027],
        [0.2661, 0.1179, 0.0027]])
tensor([0.2661, 0.1179, 0.0027])
True
False
False
First call
tensor([[4., 2., 2., 2., 2.],
        [2., 4., 2., 2., 2.],
        [2., 2., 4., 2., 2.],
        [2., 2., 2., 4., 2.]])

Second call
tensor([[8., 4., 4., 4., 4.],
        [4., 8., 4., 4., 4.],
        [4., 4., 8., 4., 4.],
        [4., 4., 4., 8., 4.]])

Call after zeroing gradients
tensor([[4., 2., 2., 2., 2.],
        [2., 4., 2., 2., 2.],
        [2., 2., 4., 2., 2.],
        [2., 2., 2., 4., 2.]])
"""
PYTORCH = {
    "w.grad": [
        [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
        [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
        [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
        [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
        [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
    ],
    "b.grad": [0.2660868167877197, 0.1179412305355072, 0.002686853753402829],
    "inp.grad": {
        "shape": [4, 5],
        "norm": 11.313708498984761,
        "head": [4.0, 2.0, 2.0, 2.0, 2.0, 2.0],
    },
}
# --- end of PyTorch's output ---


def test_autogradqs_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
    assert_values(got.values, PYTORCH, rtol=1e-6)
