"""A polynomial whose forward draws how many terms to use, reusing one parameter.

programs/dynamic_net.py, in the manner of the PyTorch tutorials' "Control Flow + Weight
Sharing" example: five `nn.Parameter(torch.randn(()))`, a forward with a Python loop of
`random.randint(4, 6)` terms sharing one parameter, `nn.MSELoss(reduction='sum')`,
`torch.optim.SGD(momentum=0.9)`.

Compared with PyTorch: the loss every 250 steps, the fitted polynomial, one prediction
and the final parameters (2000 steps fitting cos on 1000 points).

Tolerance: rtol 1e-5 (float32: the loss is a sum over 1000 points of terms up to x^6 =
64; the sums of the two libraries round differently, by about 1e-6 relative).

Randomness: seeded by the program (`torch.manual_seed(0)` and `random.seed(0)`): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "dynamic_net"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
step   250  loss 932.986267
step   500  loss 284.944397
step   750  loss 313.145264
step  1000  loss 213.719925
step  1250  loss 153.950134
step  1500  loss 112.333313
step  1750  loss 83.046967
step  2000  loss 60.509865
y = 1.2740 + -0.1809 x + -0.5711 x^2 + 0.0466 x^3 + 0.0080 (x^4 + x^5 + x^6)
at x = pi / 4: 0.8095
"""
PYTORCH = {
    "weights": {
        "c0": 1.273971438407898,
        "c1": -0.180934339761734,
        "c2": -0.5711495876312256,
        "c3": 0.04663381353020668,
        "tail": 0.008011071011424065,
    }
}
# --- end of PyTorch's output ---


def test_dynamic_net():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
