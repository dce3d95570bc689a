"""PyTorch: Defining New autograd Functions (Learning PyTorch with Examples): y = a + b
P3(c + d x).

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_autograd/polynomial_custom_function.py

Ported as programs/polynomial_custom_function.py: a `torch.autograd.Function` subclass
(`ctx.save_for_backward`, `ctx.saved_tensors`, `.apply`), `torch.full((), v, device=,
dtype=, requires_grad=True)`, in-place `-=` under no_grad.

Compared with PyTorch: the loss every 100 steps and the fitted coefficients.

Tolerance: rtol 1e-5 (float32; measured 4e-7), and 1e-7 absolute for a and c, which
converge to 0 (about 1e-9).

Randomness: none (the weights start from `torch.full`): it compares deterministically
today.
"""

from harness import assert_printed, run

PROGRAM = "polynomial_custom_function"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
99 209.95834350585938
199 144.66018676757812
299 100.70249938964844
399 71.03519439697266
499 50.978511810302734
599 37.403133392333984
699 28.206867218017578
799 21.97318458557129
899 17.7457275390625
999 14.877889633178711
1099 12.93176555633545
1199 11.610918045043945
1299 10.71425724029541
1399 10.10548210144043
1499 9.692105293273926
1599 9.411375999450684
1699 9.220745086669922
1799 9.091285705566406
1899 9.003361701965332
1999 8.943641662597656
Result: y = -6.71270206087371e-10 + -2.208526849746704 * P3(-3.392665037793563e-10 + \
0.2554861009120941 x)
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_polynomial_custom_function():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5, atol=1e-7)
