"""y = a + b T3(c + d x) fitted to tanh(1.5 x), T3 a custom autograd Function.

programs/polynomial_custom_function.py, in the manner of pytorch/tutorials' "Learning
PyTorch with Examples" (new autograd Functions): a `torch.autograd.Function` subclass
(`ctx.save_for_backward`, `ctx.saved_tensors`, `.apply`), `torch.full((), v, device=,
dtype=, requires_grad=True)`, in-place `-=` and `.grad.zero_()` under no_grad.

Compared with PyTorch: the loss every 100 steps and the fitted weights.

Tolerance: rtol 1e-5 (float32; measured 7e-7), and 1e-7 absolute for a and c, which
stay at 0 (the target is odd).

Randomness: none (the weights start from `torch.full`): it compares deterministically.
"""

from harness import assert_printed, run

PROGRAM = "polynomial_custom_function"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
 100  18.089840
 200  9.544151
 300  6.911878
 400  6.100355
 500  5.850111
 600  5.772937
 700  5.749137
 800  5.741797
 900  5.739532
1000  5.738833
1100  5.738616
1200  5.738551
y = -0.000000 + -1.062571 * T3(0.000000 + 0.339683 x)
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_polynomial_custom_function():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5, atol=1e-7)
