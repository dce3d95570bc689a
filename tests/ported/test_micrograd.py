"""micrograd's PyTorch checks: one tanh neuron (the lecture) and the two expressions of
micrograd's engine tests.

Source:
https://github.com/karpathy/micrograd/blob/master/test/test_engine.py
https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/micrograd/micrograd_lecture_second_half_roughly.ipynb

Ported as programs/micrograd.py: `torch.Tensor([2.0]).double()`, `x.requires_grad =
True`, scalar expressions with `relu`, `**`, reflected operators and `torch.tanh`,
`backward()` on a one-element tensor, `.data.item()`, `.grad.item()`.

Compared with PyTorch: the values and gradients printed.

Tolerance: rtol 1e-12 (float64; they agree exactly).

Randomness: none: it compares deterministically today.
"""

from harness import assert_printed, run

PROGRAM = "micrograd"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
0.7071066904050358
---
x2 0.5000001283844369
w2 0.0
x1 -1.5000003851533106
w1 1.0000002567688737
sanity -20.0 46.0
more ops 24.70408163265306 138.83381924198252 645.5772594752186
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_micrograd():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-12)
