"""Fitting a random cubic with a Linear layer, the smooth L1 loss and a hand-written
gradient step, until the loss is below 2e-3: programs/regression.py, in the manner of
pytorch/examples' regression.

Idioms: module-level `torch.manual_seed` and `torch.randn`, `torch.cat` of powers
`x ** k`, `x.mm(w)`, `b.item()`, `torch.nn.Linear` reached through `torch.nn`,
`F.smooth_l1_loss`, `model.zero_grad()`, `p.data.add_(-lr * p.grad)`, and
`'{:+.3f}'.format(t)` of 0-d tensors (`Tensor.__format__`).

Compared with PyTorch: the periodic losses, the final loss, the number of steps the loop
ran (a float32 loss compared with 2e-3 at every step: any drift would change it), and
the fitted and hidden coefficients printed with 3 decimals; and the fitted weight and
bias.

Tolerance: rtol 1e-5 on what is printed (the 6-decimal losses are near 1e-3, so their
last printed digit is the tolerance; the counts must be equal); rtol 1e-4 on the weights.

Randomness: seeded by the program (`torch.manual_seed(2024)`; the hidden cubic, every
batch and the initial weights): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "regression"
ARGV = ()
RECORD = {"weight": "model.weight", "bias": "model.bias", "steps": "step"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
step   500  smooth L1 0.014575
stopped after 868 steps at loss 0.001908
fitted: y = -0.380*x^1 +3.368*x^2 -1.159*x^3 +2.776
hidden: y = -0.081*x^1 +3.452*x^2 -1.628*x^3 +2.744
"""
PYTORCH = {
    "weight": [[-0.38024622201919556, 3.368152141571045, -1.1585242748260498]],
    "bias": [2.776095151901245],
    "steps": 868,
}
# --- end of PyTorch's output ---


def test_regression():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
