"""pytorch/examples time_sequence_prediction: two stacked LSTMCells in float64 learn sine
waves with L-BFGS (a closure), then predict the waves' future.

Sources:
https://github.com/pytorch/examples/blob/main/time_sequence_prediction/train.py
https://github.com/pytorch/examples/blob/main/time_sequence_prediction/generate_sine_wave.py

Ported as programs/time_sequence_prediction.py: `np.random.randint`, `torch.save` of a
numpy array and `torch.load` giving it back as a numpy array (sliced, then
`torch.from_numpy`), `nn.LSTMCell` stepped by hand over `input.split(1, dim=1)` with
`(h, c)` state from `torch.zeros(..., dtype=torch.double)`, `seq.double()`, `torch.cat`
of the outputs, `optim.LBFGS(lr=0.8)` calling a closure that prints the loss (20
evaluations per step), `pred[:, :-future]`, `pred.detach().numpy()`, and matplotlib plots
saved as PDF.

Compared with PyTorch: every loss the closure printed and the test losses (2 steps on 5
training waves of 30 samples, 3 test waves, 10 predicted values), and the last
prediction.

Tolerance: rtol 1e-8 (float64 throughout; the losses print all 17 digits; the two
libraries' sums differ in the last bits, and 40 L-BFGS evaluations carry that forward:
the largest difference seen is 4e-10 relative, at the smallest losses).

PyTorch's run: `torch.load` has refused numpy arrays by default since PyTorch 2.6
(`weights_only=True`), so the original stops there under PyTorch 2.13; it was written for
the old default, which ``PYTORCH_ENV`` restores for the recording
(`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1`: PyTorch's own switch; the program is unchanged).
graphgrad's `load` never unpickles, so it needs no switch.

Randomness: the data come from numpy's seeded generator; the initial weights from
`torch.manual_seed(0)`: equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "time_sequence_prediction"
ARGV = "--steps 2 --length 30 --waves 8 --future 10"
PYTORCH_ENV = {"TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "1"}
RECORD = {"pred": "pred", "linear.weight": "seq.linear.weight"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
STEP:  0
loss: 0.537369897800473
loss: 0.5233792646467482
loss: 0.4954147262795805
loss: 0.4868581952103224
loss: 0.46008788612511425
loss: 0.3983638269239444
loss: 0.29637606398416666
loss: 26.31556482971934
loss: 0.5634066865872841
loss: 0.10335959005703066
loss: 0.0485889520568032
loss: 0.0374811099119675
loss: 0.036389995834064416
loss: 0.03129588900521489
loss: 0.028544021859758278
loss: 0.023520746338038193
loss: 0.016237926251691605
loss: 0.012107631253252146
loss: 0.010479774776200178
loss: 0.007136893923243283
test loss: 0.003247052578576042
STEP:  1
loss: 0.006011179026834251
loss: 0.0050282112198382824
loss: 0.00446893231843548
loss: 0.004096856155929707
loss: 0.004019405305522651
loss: 0.0037581096772966033
loss: 0.002760782005785437
loss: 0.0020638338093850565
loss: 0.0018909654614040054
loss: 0.0017143699586278493
loss: 0.0015466752060550603
loss: 0.0014411642026888455
loss: 0.0014076577010149341
loss: 0.0013731794273939956
loss: 0.0012988370051751363
loss: 0.0012342693477762157
loss: 0.001192658962704853
loss: 0.0011608368660567209
loss: 0.0011177945804207612
loss: 0.0010415538706355105
test loss: 0.001542214624109015
"""
PYTORCH = {
    "pred": {
        "shape": [3, 39],
        "norm": 7.3733798331873395,
        "head": [
            0.13179632564848084,
            0.03366445636796894,
            -0.027119971417481167,
            -0.07951548722768914,
            -0.12742110898807874,
            -0.174839756713607,
        ],
    },
    "linear.weight": {
        "shape": [1, 51],
        "norm": 2.6816090757480198,
        "head": [
            -0.6627120865261059,
            -0.9782961973645425,
            -0.05925307699822325,
            0.06206386260037482,
            -0.30283682812754736,
            -0.2826544981586896,
        ],
    },
}
# --- end of PyTorch's output ---


def test_time_sequence_prediction():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-8)
    assert_values(got.values, PYTORCH, rtol=1e-8)
