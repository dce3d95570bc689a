"""Two stacked LSTMCells in float64 learn sine waves with L-BFGS (a closure), then
continue the waves on their own: programs/time_sequence_prediction.py, in the manner of
pytorch/examples' time_sequence_prediction.

Idioms: `np.random.randint`, `torch.save` of a numpy array and `torch.load` giving it
back as a numpy array (sliced, then `torch.from_numpy`), `nn.LSTMCell` stepped by hand
over `x.split(1, dim=1)` with `(h, c)` state from `torch.zeros(..., dtype=torch.double)`,
`net.double()`, `torch.cat` of the outputs, `optim.LBFGS(lr=0.7)` calling a closure that
prints the loss (20 evaluations per step), `pred[:, :-future]`, `pred.detach().numpy()`,
and matplotlib plots saved as PDF.

Compared with PyTorch: every loss the closure printed and the held-out losses (2 steps
on 5 training waves of 30 samples, 3 held-out waves, 10 predicted values), the last
prediction and the read-out weights.

Tolerance: rtol 1e-8 (float64 throughout; the losses print all 17 digits; the two
libraries' sums differ in the last bits, and 40 L-BFGS evaluations carry that forward).

PyTorch's run: `torch.load` has refused numpy arrays by default since PyTorch 2.6
(`weights_only=True`); the program is written for the old default, which
``PYTORCH_ENV`` restores for the recording (`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1`:
PyTorch's own switch; the program is unchanged). graphgrad's `load` never unpickles, so
it needs no switch.

Randomness: the data come from numpy's seeded generator; the initial weights from
`torch.manual_seed(1)`: equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "time_sequence_prediction"
ARGV = "--steps 2 --length 30 --waves 8 --held-out 3 --future 10"
PYTORCH_ENV = {"TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "1"}
RECORD = {"pred": "pred", "read.weight": "net.read.weight"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
L-BFGS step 1
  training loss: 0.5258375319468914
  training loss: 0.5237507440428066
  training loss: 0.5230239243089312
  training loss: 0.5180885962512248
  training loss: 0.503638873926759
  training loss: 0.48902803002431455
  training loss: 0.44117185592198577
  training loss: 0.36695217270907643
  training loss: 0.3497519594922037
  training loss: 0.2609474343741165
  training loss: 0.16653059203878767
  training loss: 0.07292753507919757
  training loss: 0.03553479250049104
  training loss: 0.019581948521887608
  training loss: 0.018958826378782857
  training loss: 0.018030711457959096
  training loss: 0.01572613289813435
  training loss: 0.012732872517273624
  training loss: 0.010221195701463766
  training loss: 0.008950912243245542
held-out loss: 0.015966988058206563
L-BFGS step 2
  training loss: 0.008346041561031416
  training loss: 0.00796040523506963
  training loss: 0.0074890044622275736
  training loss: 0.006743648721577219
  training loss: 0.005665680191012608
  training loss: 0.004760561002772332
  training loss: 0.004486752190298922
  training loss: 0.004384511118001642
  training loss: 0.004326821388806626
  training loss: 0.004253407705142509
  training loss: 0.004113932079938276
  training loss: 0.003898862061671966
  training loss: 0.003610511319405221
  training loss: 0.003223161548047486
  training loss: 0.002895067416010381
  training loss: 0.0027931849326909
  training loss: 0.0027352996650631765
  training loss: 0.0026862921418794347
  training loss: 0.002645226032430591
  training loss: 0.0026013201831205164
held-out loss: 0.017987725525281086
"""
PYTORCH = {
    "pred": {
        "shape": [3, 39],
        "norm": 7.8013588214695035,
        "head": [
            -1.3338576571507832,
            -0.4570639590006247,
            0.2706048019657358,
            0.6905423874344023,
            0.9198703679290845,
            1.0015320356477853,
        ],
    },
    "read.weight": {
        "shape": [1, 24],
        "norm": 4.533160404784019,
        "head": [
            -1.064600142736363,
            -0.30049408129534383,
            0.634028169107932,
            -1.8201506172304371,
            -0.32685566852883063,
            -0.5796309716207744,
        ],
    },
}
# --- end of PyTorch's output ---


def test_time_sequence_prediction():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-8)
    assert_values(got.values, PYTORCH, rtol=1e-8)
