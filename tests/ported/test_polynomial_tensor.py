"""A cubic fitted to cos(x) + sin(x) / 2 with plain tensors and hand-worked gradients.

programs/polynomial_tensor.py, in the manner of pytorch/tutorials' "Learning PyTorch with
Examples" (tensors): `torch.float`, `torch.device`, `torch.linspace`/`torch.randn` with
`dtype=` and `device=`, `torch.cos`/`torch.sin`, `**` and `.pow`, `torch.stack`,
`torch.matmul(input=, other=)`, `.sum()`, `.item()`, the backward pass written out,
in-place `c -= lr * g` on tensors.

Compared with PyTorch: the loss every 150 steps and the fitted coefficients.

Tolerance: rtol 1e-5 (float32; measured 4e-7: numpy and PyTorch sum the 1,500 terms in
different orders).

Randomness: seeded (`torch.manual_seed(11)`): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "polynomial_tensor"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
step   150  loss 169.163925
step   300  loss 32.690777
step   450  loss 8.118750
step   600  loss 3.693374
step   750  loss 2.896332
step   900  loss 2.752781
step  1050  loss 2.726926
step  1200  loss 2.722270
step  1350  loss 2.721431
step  1500  loss 2.721280
fit: y = 0.95064 + 0.48623 x + -0.37194 x^2 + -0.06651 x^3
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_polynomial_tensor():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
