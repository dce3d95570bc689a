"""pytorch/examples regression: fitting a degree-4 polynomial with a Linear layer, the
smooth L1 loss and a hand-written gradient step, until the loss is below 1e-3.

Source:
https://github.com/pytorch/examples/blob/main/regression/main.py

Ported as programs/regression.py: module-level `torch.randn`, `torch.cat` of powers
`x ** i`, `x.mm(W)`, `b.item()`, `torch.nn.Linear` reached through `torch.nn`,
`F.smooth_l1_loss`, `fc.zero_grad()`, `param.data.add_(-0.1 * param.grad)`, and
`'{:+.2f}'.format(w)` of 0-d tensors (`Tensor.__format__`).

Compared with PyTorch: the final loss, the number of batches the loop ran (a float32
loss compared with 1e-3 at every batch: any drift would change it), and the learned and
actual coefficients printed with 2 decimals; and the learned weight and bias.

Tolerance: rtol 1e-5 on what is printed (the 6-decimal loss is near 1e-3, so its last
printed digit is the tolerance; the counts must be equal); rtol 1e-4 on the weights.

Randomness: the program does not seed itself; the test seeds the default generator
with 67280421310721, the seed a fresh PyTorch process starts with (``SEED``, which
tools/record_ported.py sets in PyTorch too): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "regression"
ARGV = ()
SEED = 67280421310721
RECORD = {"fc.weight": "fc.weight", "fc.bias": "fc.bias", "batches": "batch_idx"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Loss: 0.000900 after 658 batches
==> Learned function:\ty = +4.88 x^1 +5.80 x^2 -1.90 x^3 +6.26 x^4 -1.55
==> Actual function:\ty = +4.89 x^1 +5.78 x^2 -1.90 x^3 +6.26 x^4 -1.53
"""
PYTORCH = {
    "fc.weight": [[4.882978916168213, 5.799729347229004, -1.8957592248916626, 6.263955116271973]],
    "fc.bias": [-1.546512484550476],
    "batches": 658,
}
# --- end of PyTorch's output ---


def test_regression():
    got = run(PROGRAM, ARGV, RECORD, seed=SEED)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
