"""Scalar reference values for a tiny autodiff engine: a tanh unit (with its gradients
worked out by hand) and two longer scalar expressions, on one-element float64 tensors.

In the manner of micrograd's engine tests and its lecture's neuron check.

programs/micrograd.py exercises: `torch.Tensor([v]).double()`, `x.requires_grad = True`,
scalar expressions with `.relu()`, `**`, division, reflected operators and `torch.tanh`,
`backward()` on a one-element tensor, `.is_leaf`, `.data.item()`, `.grad.item()`.

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
-- tanh unit
   out  value -0.1243530018
    x1  value +1.5000000000  grad -1.9690726619
    x2  value -0.5000000000  grad +0.7384022482
    w1  value -2.0000000000  grad +1.4768044964
    w2  value +0.7500000000  grad -0.4922681655
     b  value +3.2500000000  grad +0.9845363310
    x1  by hand -1.9690726619
    w1  by hand +1.4768044964
     b  by hand +0.9845363310
  pre-activation -0.1250000000, tanh -0.1243530018
-- gate
   out  value +0.0371307373
     u  value +0.5000000000  grad -1.5020190430
     v  value -1.2500000000  grad -1.3754516602
-- rational
     h  value +2.9694223487
     a  value +1.2000000477  grad +3.9165292022
     b  value -0.6999999881  grad -6.4754886095
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_micrograd():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-12)
