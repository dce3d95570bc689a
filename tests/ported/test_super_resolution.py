"""Super-resolution with a sub-pixel convolutional network (three convolutions, then
PixelShuffle) trained with MSE and Adam to upscale digit images 3x:
programs/super_resolution.py, in the manner of pytorch/examples' super_resolution.

Idioms: `nn.Conv2d` with tuple sizes, strides and paddings, `nn.PixelShuffle(3)`,
`init.orthogonal_` with `init.calculate_gain('relu')`, `import torch.utils.data as data`
and a `data.Dataset` subclass calling `super().__init__()`, `DataLoader(dataset=...,
num_workers=0, shuffle=True)`, `enumerate(loader, 1)`, `nn.MSELoss`, PSNR from
`mse.item()`, and `torch.save(model, path)`: pickling the whole model.

Compared with PyTorch: the options printed and the log of the first epoch (4 batches of
16 training images of the bundled MNIST subset, 9x9 inputs upscaled to 27x27, then the
PSNR on 40 test images); then the program must stop at `torch.save(model, checkpoint)`,
which graphgrad cannot do (it never pickles), with an error that says to save
`model.state_dict()` instead. PyTorch's run goes on to a second epoch; those lines are
recorded but not compared.

Tolerance: rtol 1e-5 (float32; the log prints 3 to 5 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 123`: the orthogonal initialisation and the
shuffle): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, failing_line, run

PROGRAM = "super_resolution"
ARGV = (
    "--factor 3 --batch 16 --eval-batch 20 --epochs 2 --lr 0.001 "
    "--n-train 64 --n-test 40 --seed 123"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Namespace(factor=3, batch=16, eval_batch=20, epochs=2, lr=0.001, n_train=64, n_test=40, \
seed=123)
epoch 1 batch 1/4: mse 0.12685
epoch 1 batch 2/4: mse 0.13221
epoch 1 batch 3/4: mse 0.09651
epoch 1 batch 4/4: mse 0.08994
epoch 1 mean training mse 0.11138
epoch 1 held-out PSNR 10.792 dB
wrote subpixel_epoch_1.pth
epoch 2 batch 1/4: mse 0.09087
epoch 2 batch 2/4: mse 0.08550
epoch 2 batch 3/4: mse 0.06995
epoch 2 batch 4/4: mse 0.07651
epoch 2 mean training mse 0.08071
epoch 2 held-out PSNR 11.613 dB
wrote subpixel_epoch_2.pth
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_super_resolution():
    got = run(PROGRAM, ARGV, RECORD)
    # graphgrad never pickles: torch.save(model, path) must refuse, saying what to write instead
    assert got.error is not None, "torch.save(model, checkpoint) saved a whole model"
    assert "state_dict()" in str(got.error), f"unhelpful error: {got.error!r}"
    assert failing_line(got) == "torch.save(model, checkpoint)", got.error
    want = PYTORCH_STDOUT.splitlines()
    first_epoch = want[: next(i for i, s in enumerate(want) if s.startswith("wrote "))]
    assert_printed(got.stdout, "\n".join(first_epoch), rtol=1e-5)
