"""PyTorch: Tensors and autograd (Learning PyTorch with Examples).

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_autograd/polynomial_autograd.py

Ported as programs/polynomial_autograd.py: `requires_grad=True` scalars,
`loss.backward()`, `with torch.no_grad(): a -= lr * a.grad` (in place), `a.grad = None`.

Compared with PyTorch: the loss every 100 steps and the fitted coefficients.

Tolerance: rtol 1e-5 (float32; measured 4e-7).

Randomness: seeded (`torch.manual_seed(0)`, the one added line): equal since graphgrad
draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "polynomial_autograd"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Using cpu device
99 3238.300537109375
199 2245.867431640625
299 1559.9361572265625
399 1085.354248046875
499 756.6680908203125
599 528.8026733398438
699 370.6806640625
799 260.8537292480469
899 184.50198364257812
999 131.3756866455078
1099 94.3787612915039
1199 68.59319305419922
1299 50.60741424560547
1399 38.052650451660156
1499 29.282577514648438
1599 23.15198516845703
1699 18.86368179321289
1799 15.86209487915039
1899 13.759875297546387
1999 12.286677360534668
Result: y = 0.058623358607292175 + 0.8372474908828735 x + -0.010113503783941269 x^2 + \
-0.09055762737989426 x^3
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_polynomial_autograd():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
