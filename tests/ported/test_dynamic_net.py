"""PyTorch: Control Flow + Weight Sharing (Learning PyTorch with Examples): a polynomial
whose forward draws how many terms to use, reusing one parameter for them.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/examples_nn/dynamic_net.py

Ported as programs/dynamic_net.py: five `torch.nn.Parameter(torch.randn(()))`, a forward
with a Python loop of `random.randint(4, 6)` terms sharing `self.e`,
`torch.nn.MSELoss(reduction='sum')`, `torch.optim.SGD(momentum=0.9)`.

Compared with PyTorch: the loss every 200 steps, the fitted polynomial and the final
parameters (3000 steps instead of 30000).

Tolerance: rtol 1e-5 (float32: the loss is a sum over 2000 points of x^5 terms up to
306; the sums of the two libraries round differently, by about 1e-6 relative).

Randomness: seeded (`torch.manual_seed(0)` and `random.seed(0)`, the added lines): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "dynamic_net"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
199 11783.5986328125
399 4465.4765625
599 3650.475341796875
799 3476.76513671875
999 3214.41357421875
1199 2996.76708984375
1399 2818.209228515625
1599 2603.51025390625
1799 2408.491455078125
1999 2234.37158203125
2199 2080.79736328125
2399 1935.364013671875
2599 1752.45068359375
2799 1700.4996337890625
2999 1558.0447998046875
Result: y = 1.1138110160827637 + 0.20869049429893494 x + -0.19325998425483704 x^2 + \
-0.0021324148401618004 x^3 + 0.0010212898487225175 x^4 ? + 0.0010212898487225175 x^5 ?
"""
PYTORCH = {
    "weights": {
        "a": 1.1138110160827637,
        "b": 0.20869049429893494,
        "c": -0.19325998425483704,
        "d": -0.0021324148401618004,
        "e": 0.0010212898487225175,
    }
}
# --- end of PyTorch's output ---


def test_dynamic_net():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
