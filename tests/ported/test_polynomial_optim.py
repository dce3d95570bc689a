"""A cubic fitted to a logistic curve, trained with RMSprop.

programs/polynomial_optim.py, in the manner of pytorch/tutorials' "Learning PyTorch with
Examples" (optim): `torch.optim.RMSprop` reached through `torch.`,
`optimizer.zero_grad()` / `step()`, `optimizer.param_groups[0]["lr"]`,
`Sequential(Linear, Flatten(0, 1))`, `MSELoss(reduction="sum")`, an integer
`torch.tensor` exponent, `model[0]`, `state_dict()`.

Compared with PyTorch: the learning rate, the loss every 100 epochs, the fitted
coefficients and the final weights.

Tolerance: rtol 1e-5 up to epoch 700 (float32; measured 5e-7). Near the optimum RMSprop
steps by about lr whatever the size of the gradient, so the float32 rounding differences
of the two libraries grow there (run on to 1,000 epochs they reach 2% in the loss): the
last losses, the coefficients and the weights are compared to 1e-3 relative, 1e-4
absolute (measured: equal as printed, the weights within 1e-6 of their largest).

Randomness: seeded (`torch.manual_seed(21)`; Linear's initial weights): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_optim"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
learning rate 0.002
epoch 100: loss 729.06354
epoch 200: loss 192.73697
epoch 300: loss 73.05999
epoch 400: loss 31.63247
epoch 500: loss 11.19969
epoch 600: loss 3.42562
epoch 700: loss 1.68628
epoch 800: loss 1.47116
epoch 900: loss 1.43829
intercept 0.5000; x, x^2, x^3 coefficients 0.5375, 0.0000, -0.0818
"""
PYTORCH = {
    "weights": {
        "0.weight": [[0.5374642610549927, 1.8138678569812328e-05, -0.08182527124881744]],
        "0.bias": [0.49995771050453186],
    }
}
# --- end of PyTorch's output ---


def test_polynomial_optim():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    lines, want = got.stdout.splitlines(), PYTORCH_STDOUT.splitlines()
    assert len(lines) == len(want)
    assert_printed("\n".join(lines[:8]), "\n".join(want[:8]), rtol=1e-5)
    assert_printed("\n".join(lines[8:]), "\n".join(want[8:]), rtol=1e-3, atol=1e-4)
    assert_values(got.values, PYTORCH, rtol=1e-3, atol=1e-4)
