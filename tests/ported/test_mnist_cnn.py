"""Digit classification: a small CNN with dropout trained with Adadelta and StepLR on the
bundled MNIST subset, its weights saved and loaded back.

In the manner of pytorch/examples' MNIST.

programs/mnist_cnn.py exercises: argparse, `torch.accelerator`, `torch.device`,
`torch.utils.data.DataLoader` over a map-style Dataset (per-sample `__getitem__`
returning `(Tensor, int)`, default collate), `torch.from_numpy`, `Conv2d`, `Dropout`,
`F.max_pool2d`, `torch.flatten`, `F.log_softmax`, `F.nll_loss(reduction='sum')`,
`output.argmax(dim=1, keepdim=True)`, `pred.eq(target.view_as(pred))`, `optim.Adadelta`,
`StepLR` and `get_last_lr`, `.to(device)`, `torch.save`/`torch.load` of a `state_dict`.

Compared with PyTorch: the training losses logged and the test loss and accuracy of each
epoch (2 epochs on 192 training and 100 test images of the bundled MNIST subset, batches
of 32), the learning rates and the reloaded model's score.

Tolerance: rtol 1e-5 (float32; the log prints 4 to 6 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 1`; initial weights and dropout masks; the
CPU loaders do not shuffle): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "mnist_cnn"
ARGV = (
    "--batch-size 32 --test-batch-size 100 --epochs 2 --log-interval 3 "
    "--train-size 192 --test-size 100 --save-model"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
device: cpu
epoch 1 |   32/192 ( 17%) | loss 2.347623
epoch 1 |  128/192 ( 67%) | loss 2.251979
test: mean loss 2.2053, 33/100 right (33.0%)
learning rate now 0.7000
epoch 2 |   32/192 ( 17%) | loss 2.200397
epoch 2 |  128/192 ( 67%) | loss 2.101846
test: mean loss 2.0579, 39/100 right (39.0%)
learning rate now 0.4900
reloaded: mean loss 2.0579, 39/100 right
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_mnist_cnn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
