"""pytorch/examples super_resolution: an efficient sub-pixel convolutional network (four
convolutions, then PixelShuffle) trained with MSE and Adam to upscale images 3x.

Source:
https://github.com/pytorch/examples/blob/main/super_resolution/main.py (with model.py,
data.py and dataset.py)

Ported as programs/super_resolution.py: `nn.Conv2d` with tuple sizes, strides and
paddings, `nn.PixelShuffle(3)`, `init.orthogonal_` with `init.calculate_gain('relu')`,
`import torch.utils.data as data` and a `data.Dataset` subclass calling `super().__init__()`,
`DataLoader(dataset=..., num_workers=0, shuffle=True)`, `enumerate(loader, 1)`,
`nn.MSELoss`, PSNR from `mse.item()`, and `torch.save(model, path)`: pickling the whole
model.

Compared with PyTorch: the options printed and the log of the first epoch (4 batches of
16 training images of the bundled MNIST subset, 8x8 crops upscaled to 24x24, then the
PSNR on 40 test images); then the program must stop at `torch.save(model,
model_out_path)`, which graphgrad cannot do (it never pickles), with an error that says
to save `model.state_dict()` instead. PyTorch's run goes on to a second epoch; those
lines are recorded but not compared.

Tolerance: rtol 1e-5 (float32; the log prints 4 decimals, which agree exactly).

Randomness: seeded by the program (`--seed 123`: the orthogonal initialisation and the
shuffle): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, failing_line, run

PROGRAM = "super_resolution"
ARGV = (
    "--upscale_factor 3 --batchSize 16 --testBatchSize 20 --nEpochs 2 --lr 0.001 "
    "--threads 0 --train-size 64 --test-size 40"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Namespace(upscale_factor=3, batchSize=16, testBatchSize=20, nEpochs=2, lr=0.001, \
accel=False, threads=0, seed=123, train_size=64, test_size=40)
===> Loading datasets
===> Building model
===> Epoch[1](1/4): Loss: 0.1771
===> Epoch[1](2/4): Loss: 0.1008
===> Epoch[1](3/4): Loss: 0.0830
===> Epoch[1](4/4): Loss: 0.0836
===> Epoch 1 Complete: Avg. Loss: 0.1112
===> Avg. PSNR: 11.3020 dB
Checkpoint saved to model_epoch_1.pth
===> Epoch[2](1/4): Loss: 0.0825
===> Epoch[2](2/4): Loss: 0.0678
===> Epoch[2](3/4): Loss: 0.0700
===> Epoch[2](4/4): Loss: 0.0628
===> Epoch 2 Complete: Avg. Loss: 0.0708
===> Avg. PSNR: 12.3734 dB
Checkpoint saved to model_epoch_2.pth
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_super_resolution():
    got = run(PROGRAM, ARGV, RECORD)
    # graphgrad never pickles: torch.save(model, path) must refuse, saying what to write instead
    assert got.error is not None, "torch.save(model, model_out_path) saved a whole model"
    assert "state_dict()" in str(got.error), f"unhelpful error: {got.error!r}"
    assert failing_line(got) == "torch.save(model, model_out_path)", got.error
    want = PYTORCH_STDOUT.splitlines()
    first_epoch = want[: next(i for i, s in enumerate(want) if "Checkpoint saved" in s)]
    assert_printed(got.stdout, "\n".join(first_epoch), rtol=1e-5)
