"""PyTorch: Custom nn Modules (Learning PyTorch with Examples): four nn.Parameters and SGD.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_nn/polynomial_module.py

Ported as programs/polynomial_module.py: a `torch.nn.Module` subclass with
`torch.nn.Parameter(torch.randn(()))`, `MSELoss(reduction='sum')`, `torch.optim.SGD`, a
custom method.

Compared with PyTorch: the loss every 100 steps, the fitted polynomial and the final
parameters.

Tolerance: rtol 1e-5 (float32; measured 4e-7).

Randomness: seeded (`torch.manual_seed(0)`, the one added line): equal since graphgrad
draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_module"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
99 3238.30029296875
199 2245.8671875
299 1559.9361572265625
399 1085.354248046875
499 756.6681518554688
599 528.8026733398438
699 370.6806640625
799 260.8537902832031
899 184.5020294189453
999 131.375732421875
1099 94.37879180908203
1199 68.59321594238281
1299 50.60743713378906
1399 38.05267333984375
1499 29.282594680786133
1599 23.152000427246094
1699 18.863689422607422
1799 15.86209487915039
1899 13.759875297546387
1999 12.286677360534668
Result: y = 0.058623358607292175 + 0.8372474908828735 x + -0.010113503783941269 x^2 + \
-0.09055762737989426 x^3
"""
PYTORCH = {
    "weights": {
        "a": 0.058623358607292175,
        "b": 0.8372474908828735,
        "c": -0.010113503783941269,
        "d": -0.09055762737989426,
    }
}
# --- end of PyTorch's output ---


def test_polynomial_module():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
