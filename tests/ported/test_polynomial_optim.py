"""PyTorch: optim (Learning PyTorch with Examples): the same model trained with RMSprop.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_nn/polynomial_optim.py

Ported as programs/polynomial_optim.py: `torch.optim.RMSprop` reached through `torch.`,
`optimizer.zero_grad()` / `step()`.

Compared with PyTorch: the loss every 100 steps, the fitted coefficients and the final
weights.

Tolerance: rtol 1e-5 up to step 1,299 (float32; measured 1.3e-6); after that RMSprop
steps by about lr whatever the size of the gradient, so near the optimum the float32
rounding differences of the two libraries grow: the later losses are compared to 1%, the
coefficients to 1e-3 absolute.

Randomness: seeded (`torch.manual_seed(0)`, the one added line; Linear's initial
weights): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "polynomial_optim"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
99 24804.931640625
199 10978.6962890625
299 4139.97705078125
399 1194.407958984375
499 327.34912109375
599 189.40594482421875
699 161.31332397460938
799 136.1053009033203
899 107.14532470703125
999 76.05804443359375
1099 47.963829040527344
1199 27.239681243896484
1299 15.168375015258789
1399 10.132220268249512
1499 8.92844295501709
1599 8.819400787353516
1699 8.817253112792969
1799 8.891802787780762
1899 8.878837585449219
1999 8.878396987915039
Result: y = 0.0006644774693995714 + 0.857060432434082 x + 0.0006647766567766666 x^2 + \
-0.09300390630960464 x^3
"""
PYTORCH = {
    "weights": {
        "0.weight": [[0.857060432434082, 0.0006647766567766666, -0.09300390630960464]],
        "0.bias": [0.0006644774693995714],
    }
}
# --- end of PyTorch's output ---


def test_polynomial_optim():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    lines, want = got.stdout.splitlines(), PYTORCH_STDOUT.splitlines()
    assert len(lines) == len(want)
    assert_printed("\n".join(lines[:13]), "\n".join(want[:13]), rtol=1e-5)
    assert_printed("\n".join(lines[13:]), "\n".join(want[13:]), rtol=1e-2, atol=1e-3)
    assert_values(got.values, PYTORCH, rtol=1e-2, atol=1e-3)
