"""PyTorch: nn (Learning PyTorch with Examples): Sequential(Linear, Flatten), MSELoss, a
manual update.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_nn/polynomial_nn.py

Ported as programs/polynomial_nn.py: `torch.nn.Sequential` reached through `torch.`,
`x.unsqueeze(-1).pow(p)` with an int64 exponent tensor, `for param in
model.parameters(): param -= lr * param.grad` under no_grad, `model[0]`.

Compared with PyTorch: the loss every 100 steps, the fitted coefficients and the final
weights.

Tolerance: rtol 1e-5 (float32; measured 1e-6).

Randomness: seeded (`torch.manual_seed(0)`, the one added line; Linear's initial
weights): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_nn"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
99 582.650390625
199 394.5885009765625
299 268.3838195800781
399 183.62261962890625
499 126.64839935302734
599 88.31901550292969
699 62.51008224487305
799 45.11578369140625
899 33.38166809082031
999 25.45812225341797
1099 20.102432250976562
1199 16.47870635986328
1299 14.024312973022461
1399 12.360122680664062
1499 11.230517387390137
1599 10.462942123413086
1699 9.940791130065918
1799 9.585173606872559
1899 9.342713356018066
1999 9.177204132080078
Result: y = -0.01462855190038681 + 0.8441022634506226 x + 0.0025236692745238543 x^2 + \
-0.09153266251087189 x^3
"""
PYTORCH = {
    "weights": {
        "0.weight": [[0.8441022634506226, 0.0025236692745238543, -0.09153266251087189]],
        "0.bias": [-0.01462855190038681],
    }
}
# --- end of PyTorch's output ---


def test_polynomial_nn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
