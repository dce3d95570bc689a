"""A quartic fitted to sin(2x) + exp(-x) / 2 with torch.nn layers and a hand-made update.

programs/polynomial_nn.py, in the manner of pytorch/tutorials' "Learning PyTorch with
Examples" (nn): `torch.nn.Sequential(Linear, Flatten(0, 1))` reached through `torch.`,
`x.unsqueeze(-1).pow(p)` with an int64 `torch.arange` exponent, `MSELoss(reduction="sum")`,
`model.zero_grad()`, `for param in model.parameters(): param -= lr * param.grad` under
no_grad, `model[0].weight`/`.bias`, `state_dict()`.

Compared with PyTorch: the loss every 100 steps, the fitted coefficients and the final
weights.

Tolerance: rtol 1e-5 (float32; measured 4e-7).

Randomness: seeded (`torch.manual_seed(3)`; Linear's initial weights): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_nn"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
100 17.8110408782959
200 3.435068368911743
300 2.4238271713256836
400 2.320253372192383
500 2.2978546619415283
600 2.290066957473755
700 2.2870125770568848
800 2.285788059234619
900 2.2852954864501953
1000 2.28509783744812
1100 2.2850182056427
1200 2.2849860191345215
1300 2.28497314453125
1400 2.2849678993225098
1500 2.284965753555298
y = 0.50024 + 1.26007 x + 0.24808 x^2 + -0.88165 x^3 + 0.02317 x^4
"""
PYTORCH = {
    "weights": {
        "0.weight": [
            [1.260066032409668, 0.24808134138584137, -0.8816519975662231, 0.023168157786130905]
        ],
        "0.bias": [0.5002433657646179],
    }
}
# --- end of PyTorch's output ---


def test_polynomial_nn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
