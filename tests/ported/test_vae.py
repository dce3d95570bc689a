"""A variational autoencoder on the bundled digits (summed BCE plus the KL term, the
reparametrisation trick), trained with Adam: programs/vae.py, in the manner of
pytorch/examples' VAE.

Idioms: module-level argparse, `torch.accelerator`, `DataLoader(..., shuffle=True)` over a
map-style Dataset, `F.binary_cross_entropy(reduction='sum')`, `torch.exp`,
`torch.randn_like`, `torch.sigmoid`, the KL term `-0.5 * torch.sum(1 + logvar -
mean.pow(2) - logvar.exp())`, `optim.Adam`, `torch.cat` of images, and sampling from the
prior under no_grad; images are written with `np.save`.

Compared with PyTorch: the training log, the average training and test losses of each
epoch (2 epochs on 128 training and 64 test images, batches of 32), the output layer's
bias and the images decoded from the prior after the last epoch.

Tolerance: rtol 1e-5 on what is printed (float32: the per-image losses are near 500 and
print 5 decimals, whose last digits move with float32 summation order: ~1e-7 relative);
rtol 1e-4 on the recorded tensors (float32 after 8 Adam steps).

Randomness: seeded by the program (`--seed 7`; initial weights, the loader's shuffle and
the reparametrisation noise): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "vae"
ARGV = "--batch-size 32 --epochs 2 --log-every 2 --n-train 128 --n-test 64"
RECORD = {"out.bias": "vae.out.bias", "generated": "generated"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
running on cpu
epoch 1 step   0  loss/image 550.93042
epoch 1 step   2  loss/image 495.03946
epoch 1: train 510.7032  test 441.9481
epoch 2 step   0  loss/image 435.48129
epoch 2 step   2  loss/image 361.32858
epoch 2: train 382.3801  test 312.8641
mean pixel of the generated digits: 0.34886
"""
PYTORCH = {
    "out.bias": {
        "shape": [784],
        "norm": 1.2149827399235293,
        "head": [
            -0.06676655262708664,
            0.014450114220380783,
            -0.05300934240221977,
            -0.014979577623307705,
            0.0009680965449661016,
            0.04950070381164551,
        ],
    },
    "generated": {
        "shape": [16, 784],
        "norm": 40.00571565107303,
        "head": [
            0.23602911829948425,
            0.3024672865867615,
            0.23751623928546906,
            0.30018651485443115,
            0.2652333378791809,
            0.30651751160621643,
        ],
    },
}
# --- end of PyTorch's output ---


def test_vae():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
