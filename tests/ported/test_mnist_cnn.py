"""pytorch/examples MNIST: a CNN trained with Adadelta and StepLR, with dropout.

Source:
https://github.com/pytorch/examples/blob/main/mnist/main.py

Ported as programs/mnist_cnn.py: argparse, `torch.accelerator`,
`torch.utils.data.DataLoader` over a map-style Dataset (per-sample `__getitem__`
returning `(Tensor, int)`, default collate), `Conv2d`, `Dropout`, `F.max_pool2d`,
`torch.flatten`, `F.log_softmax`, `F.nll_loss(reduction='sum')`, `output.argmax(dim=1,
keepdim=True)`, `pred.eq(target.view_as(pred))`, `optim.Adadelta`, `StepLR`,
`.to(device)`.

Compared with PyTorch: the training losses logged and the test loss and accuracy of each
epoch (2 epochs on 192 training and 100 test images of the bundled MNIST subset, batches
of 32).

Tolerance: rtol 1e-5 (float32; the log prints 4 to 6 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 1`; initial weights and dropout masks; the
CPU loaders do not shuffle): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "mnist_cnn"
ARGV = (
    "--batch-size 32 --test-batch-size 100 --epochs 2 --log-interval 3 "
    "--train-size 192 --test-size 100"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Train Epoch: 1 [0/192 (0%)]\tLoss: 2.356460
Train Epoch: 1 [96/192 (50%)]\tLoss: 2.276522

Test set: Average loss: 2.1422, Accuracy: 37/100 (37%)

Train Epoch: 2 [0/192 (0%)]\tLoss: 2.140675
Train Epoch: 2 [96/192 (50%)]\tLoss: 1.937327

Test set: Average loss: 1.3125, Accuracy: 73/100 (73%)

"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_mnist_cnn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
