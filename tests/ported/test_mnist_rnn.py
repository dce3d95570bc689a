"""pytorch/examples mnist_rnn: MNIST read row by row by an LSTM, then BatchNorm1d,
Dropout2d and two linear layers, trained with Adadelta and StepLR.

Source:
https://github.com/pytorch/examples/blob/main/mnist_rnn/main.py

Ported as programs/mnist_rnn.py: `nn.LSTM(batch_first=True)` returning `(output,
hidden)`, `output[:, -1, :]`, `nn.BatchNorm1d` in training and eval mode, `nn.Dropout2d`
on a 2-D input (PyTorch's deprecation warning, which graphgrad gives too),
`DataLoader(shuffle=True)` for both sets, `F.nll_loss`, `optim.Adadelta`, `StepLR`.

Compared with PyTorch: the training losses logged and the test loss and accuracy of each
epoch (2 epochs on 192 training and 100 test images of the bundled MNIST subset, batches
of 32 and 50).

Tolerance: rtol 1e-5 (float32; the log prints 4 to 6 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 1`; initial weights, both loaders' shuffles
and the dropout masks): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

import pytest
from harness import assert_printed, run

PROGRAM = "mnist_rnn"
ARGV = (
    "--batch-size 32 --test-batch-size 50 --epochs 2 --log-interval 3 "
    "--train-size 192 --test-size 100"
)
RECORD = {}  # the model is local to main()

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Train Epoch: 1 [0/192 (0%)]\tLoss: 2.258472
Train Epoch: 1 [96/192 (50%)]\tLoss: 2.321801

Test set: Average loss: 2.2980, Accuracy: 12/100 (12%)

Train Epoch: 2 [0/192 (0%)]\tLoss: 2.276714
Train Epoch: 2 [96/192 (50%)]\tLoss: 2.341743

Test set: Average loss: 2.2968, Accuracy: 12/100 (12%)

"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_mnist_rnn():
    with pytest.warns(UserWarning, match="2-D input to dropout2d"):
        got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
