"""Digits read row by row by an LSTM, then BatchNorm1d, Dropout2d and two linear layers,
trained with Adadelta and StepLR: programs/mnist_rnn.py, in the manner of
pytorch/examples' mnist_rnn.

Idioms: `nn.LSTM(batch_first=True)` returning `(output, (h, c))`, `output[:, -1, :]`,
`nn.BatchNorm1d` in training and eval mode, `nn.Dropout2d` on a 2-D input (PyTorch's
deprecation warning, which graphgrad gives too), `DataLoader(shuffle=True)` for both
sets, `F.nll_loss` (mean and summed), `argmax(keepdim=True)`, `eq(view_as)`,
`optim.Adadelta`, `StepLR`.

Compared with PyTorch: the training losses logged and the test loss and accuracy of each
epoch (2 epochs on 192 training and 100 test images of the bundled MNIST subset, batches
of 32 and 50).

Tolerance: rtol 1e-5 (float32; the log prints 4 to 5 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 3`; initial weights, both loaders' shuffles
and the dropout masks): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

import pytest
from harness import assert_printed, run

PROGRAM = "mnist_rnn"
ARGV = "--batch 32 --eval-batch 50 --epochs 2 --every 3 --train-count 192 --test-count 100"
RECORD = {}  # the model is local to main()

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
[epoch 1]    0/192 images  nll 2.33224
[epoch 1]   96/192 images  nll 2.30138
held out: nll 2.2924, correct 20/100 (20.0%)
[epoch 2]    0/192 images  nll 2.19247
[epoch 2]   96/192 images  nll 2.11678
held out: nll 2.2873, correct 23/100 (23.0%)
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_mnist_rnn():
    with pytest.warns(UserWarning, match="2-D input to dropout2d"):
        got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
