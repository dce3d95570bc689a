"""pytorch/examples VAE: a variational autoencoder on MNIST (BCE summed, the
reparametrisation trick), trained with Adam.

Source:
https://github.com/pytorch/examples/blob/main/vae/main.py

Ported as programs/vae.py: module-level argparse, `torch.accelerator`, `DataLoader(...,
shuffle=True)` over a map-style Dataset, `F.binary_cross_entropy(reduction='sum')`,
`torch.exp`, `torch.randn_like`, `torch.sigmoid`, the KL term `-0.5 * torch.sum(1 +
logvar - mu.pow(2) - logvar.exp())`, `optim.Adam`, `torch.cat` of images, and sampling
from the prior (`torch.randn(64, 20)`) under no_grad; `save_image` writes a .npy file.

Compared with PyTorch: the training log, the average training and test losses of each
epoch (2 epochs on 128 training and 64 test images of the bundled MNIST subset, batches
of 32), the decoder's last bias and the 64 images sampled after the last epoch.

Tolerance: rtol 1e-5 on what is printed (float32: the summed losses are near 500 and
print 6 decimals, whose last digits move with float32 summation order: ~1e-7 relative);
rtol 1e-4 on the recorded tensors (float32 after 8 Adam steps).

Randomness: seeded by the program (`--seed 1`; initial weights, the loader's shuffle and
the reparametrisation noise): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "vae"
ARGV = "--batch-size 32 --epochs 2 --log-interval 2 --train-size 128 --test-size 64"
RECORD = {"fc4.bias": "model.fc4.bias", "sample": "sample"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Using device: cpu
Train Epoch: 1 [0/128 (0%)]\tLoss: 550.823975
Train Epoch: 1 [64/128 (50%)]\tLoss: 499.818298
====> Epoch: 1 Average loss: 513.2989
====> Test set loss: 450.0569
Train Epoch: 2 [0/128 (0%)]\tLoss: 445.367157
Train Epoch: 2 [64/128 (50%)]\tLoss: 391.625061
====> Epoch: 2 Average loss: 402.8675
====> Test set loss: 338.5083
"""
PYTORCH = {
    "fc4.bias": {
        "shape": [784],
        "norm": 0.8322752379425437,
        "head": [
            -0.03431987389922142,
            -0.04803680256009102,
            -0.046822480857372284,
            0.005537732969969511,
            0.02017047442495823,
            -0.0035099603701382875,
        ],
    },
    "sample": {
        "shape": [64, 784],
        "norm": 81.77217155705249,
        "head": [
            0.31669196486473083,
            0.29474273324012756,
            0.19684858620166779,
            0.2724515199661255,
            0.3338640332221985,
            0.3820812702178955,
        ],
    },
}
# --- end of PyTorch's output ---


def test_vae():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
