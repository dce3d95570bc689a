"""A cubic fitted to exp(-x^2) + sin(x) / 3, its gradients found by autograd.

programs/polynomial_autograd.py, in the manner of pytorch/tutorials' "Learning PyTorch with
Examples" (autograd): `torch.accelerator`, `torch.set_default_device`, `torch.float`,
`requires_grad=True` 0-d tensors, `loss.backward()`,
`with torch.no_grad(): p -= lr * p.grad` (in place), `p.grad = None`, `.requires_grad`
kept after the in-place steps, the repr of a detached tensor.

Compared with PyTorch: the device, the loss every 200 steps, the final loss tensor and
the fitted coefficients.

Tolerance: rtol 1e-5 (float32; measured 7e-7).

Randomness: seeded (`torch.manual_seed(5)`): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "polynomial_autograd"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
running on cpu
200 272.830810546875
400 99.6038589477539
600 56.35083770751953
800 45.193946838378906
1000 42.230308532714844
1200 41.423099517822266
1400 41.198734283447266
1600 41.135379791259766
1800 41.11727523803711
final loss: tensor(41.1173)
still requires grad: True
  bias = +0.69038
linear = +0.30773
square = -0.16132
  cube = -0.03783
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_polynomial_autograd():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
