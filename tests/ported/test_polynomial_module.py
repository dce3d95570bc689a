"""A cubic fitted to atan(2x) + exp(-x / 2) by a custom nn.Module of scalar Parameters.

programs/polynomial_module.py, in the manner of pytorch/tutorials' "Learning PyTorch with
Examples" (custom nn Modules): a `torch.nn.Module` subclass with
`torch.nn.Parameter(torch.randn(()))` attributes, `named_parameters()`,
`MSELoss(reduction="sum")`, `torch.optim.SGD` with momentum, a custom method,
`state_dict()`.

Compared with PyTorch: the parameter names, the loss every 100 steps, the fitted
polynomial and the final parameters.

Tolerance: rtol 1e-5 (float32; measured 3e-7).

Randomness: seeded (`torch.manual_seed(8)`): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_module"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
parameters: ['c0', 'c1', 'c2', 'c3']
step 100: 140.18436
step 200: 22.38761
step 300: 15.32685
step 400: 14.89934
step 500: 14.87345
step 600: 14.87189
step 700: 14.87179
step 800: 14.87178
step 900: 14.87178
step 1000: 14.87178
y = 0.99628 + 0.82072 x + 0.13419 x^2 + -0.20973 x^3
"""
PYTORCH = {
    "weights": {
        "c0": 0.996283769607544,
        "c1": 0.8207210302352905,
        "c2": 0.13419251143932343,
        "c3": -0.20973069965839386,
    }
}
# --- end of PyTorch's output ---


def test_polynomial_module():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
