"""A deep convolutional GAN: a generator (ConvTranspose2d, BatchNorm2d, ReLU(inplace),
Tanh) and a discriminator (Conv2d, BatchNorm2d, LeakyReLU(inplace), Sigmoid) trained
against each other with BCELoss and two Adam optimizers: programs/dcgan.py, in the
manner of pytorch/examples' DCGAN.

Idioms: module-level argparse and `print(opts)`, `random.seed`, `import
torch.backends.cudnn as cudnn` with `cudnn.benchmark = True`, `import torch.nn.parallel`,
a dataset drawing each image from the default generator seeded by its index
(`get_rng_state`/`set_rng_state` around it), `DataLoader(shuffle=True, num_workers=0)`,
`Module.apply(init_weights)` dispatching on `m.__class__.__name__`,
`nn.init.normal_`/`zeros_`, the models' printed reprs, `x.is_cuda or x.is_xpu`,
`out.view(-1, 1).squeeze(1)`, `torch.full(..., dtype=real.dtype)`, `labels.fill_`,
`fake.detach()`, gradients accumulated by two backward calls before a step,
`%`-formatted logs, and `torch.save(net.state_dict(), ...)` checkpoints.

Compared with PyTorch: everything printed (the options, both models' reprs, and the
losses and D outputs of every batch: 2 epochs of 3 batches of 4 images, 32x32, with
widths 4 and a latent of 8), the images generated from the fixed noise in the last epoch
and the generator's first weights after training.

Tolerance: rtol 1e-5 on what is printed (float32; the log prints 4 decimals, which agree
exactly); rtol 1e-4 on the recorded tensors.

Randomness: seeded by the program (`--seed 7`: initial weights, the noise images, the
shuffle and the latent vectors): equal since graphgrad draws PyTorch's numbers
(issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "dcgan"
ARGV = "--images 12 --batch 4 --latent 8 --gwidth 4 --dwidth 4 --epochs 2 --seed 7"
RECORD = {
    "sample": "sample",
    "painter.layers.0.weight": "painter.layers[0].weight",
    "judge.layers.3.running_var": "judge.layers[3].running_var",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Namespace(images=12, batch=4, side=32, latent=8, gwidth=4, dwidth=4, epochs=2, lr=0.0002, \
beta1=0.5, seed=7, out='gan_out')
Painter(
  (layers): Sequential(
    (0): ConvTranspose2d(8, 16, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (1): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (2): ReLU(inplace=True)
    (3): ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (4): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (5): ReLU(inplace=True)
    (6): ConvTranspose2d(8, 4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (7): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (8): ReLU(inplace=True)
    (9): ConvTranspose2d(4, 3, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (10): Tanh()
  )
)
Judge(
  (layers): Sequential(
    (0): Conv2d(3, 4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (1): LeakyReLU(negative_slope=0.2, inplace=True)
    (2): Conv2d(4, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (3): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (4): LeakyReLU(negative_slope=0.2, inplace=True)
    (5): Conv2d(8, 16, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (6): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (7): LeakyReLU(negative_slope=0.2, inplace=True)
    (8): Conv2d(16, 1, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (9): Sigmoid()
  )
)
epoch 0 batch 0/3  judge 1.4287  painter 0.6939  D(real) 0.4952  D(fake) 0.5155 -> 0.4997
epoch 0 batch 1/3  judge 1.4690  painter 0.6720  D(real) 0.4903  D(fake) 0.5282 -> 0.5116
epoch 0 batch 2/3  judge 1.3434  painter 0.7171  D(real) 0.5299  D(fake) 0.5029 -> 0.4891
epoch 1 batch 0/3  judge 1.2817  painter 0.7330  D(real) 0.5524  D(fake) 0.4949 -> 0.4813
epoch 1 batch 1/3  judge 1.2836  painter 0.7580  D(real) 0.5334  D(fake) 0.4795 -> 0.4694
epoch 1 batch 2/3  judge 1.3898  painter 0.7125  D(real) 0.5047  D(fake) 0.5023 -> 0.4928
"""
PYTORCH = {
    "sample": {
        "shape": [4, 3, 32, 32],
        "norm": 5.541889217424013,
        "head": [
            0.00234408862888813,
            -0.020569361746311188,
            -0.03334960713982582,
            -0.009740733541548252,
            0.00032532401382923126,
            -0.02073448710143566,
        ],
    },
    "painter.layers.0.weight": {
        "shape": [8, 16, 4, 4],
        "norm": 0.8920296329552321,
        "head": [
            0.0424666553735733,
            -0.00788086000829935,
            -0.023380372673273087,
            0.004301175475120544,
            -0.00285494327545166,
            -0.009268991649150848,
        ],
    },
    "judge.layers.3.running_var": [
        0.15010643005371094,
        0.1501103937625885,
        0.15011021494865417,
        0.1501096934080124,
        0.15010885894298553,
        0.1501075178384781,
        0.15011529624462128,
        0.15010471642017365,
    ],
}
# --- end of PyTorch's output ---


def test_dcgan():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
