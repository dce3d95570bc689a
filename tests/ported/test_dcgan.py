"""pytorch/examples DCGAN: a generator (ConvTranspose2d, BatchNorm2d, ReLU(inplace), Tanh)
and a discriminator (Conv2d, BatchNorm2d, LeakyReLU(inplace), Sigmoid) trained against
each other with BCELoss and two Adam optimizers.

Source:
https://github.com/pytorch/examples/blob/main/dcgan/main.py

Ported as programs/dcgan.py: module-level argparse and `print(opt)`, `random.seed`,
`import torch.backends.cudnn as cudnn` with `cudnn.benchmark = True`, `import
torch.nn.parallel`, a FakeData set drawing each image from the default generator seeded
by its index (`get_rng_state`/`set_rng_state` around it), `DataLoader(shuffle=True,
num_workers=0)`, `Module.apply(weights_init)` dispatching on `m.__class__.__name__`,
`nn.init.normal_`/`zeros_`, the models' printed reprs, `input.is_cuda or input.is_xpu`,
`output.view(-1, 1).squeeze(1)`, `torch.full(..., dtype=real_cpu.dtype)`, `label.fill_`,
`fake.detach()`, gradients accumulated by two backward calls before a step, `%`-formatted
logs, and `torch.save(netG.state_dict(), ...)` checkpoints.

Compared with PyTorch: everything printed (the options, both models' reprs, and the
losses and D outputs of every batch: 2 epochs of 3 batches of 4 images, 64x64, with
ngf = ndf = 4 and nz = 8), the images generated from the fixed noise in the last epoch
and the generator's first weights after training.

Tolerance: rtol 1e-5 on what is printed (float32; the log prints 4 decimals, which agree
exactly); rtol 1e-4 on the recorded tensors.

Randomness: seeded by the program (`--manualSeed 7`: initial weights, the fake images,
the shuffle and the noise): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "dcgan"
ARGV = (
    "--dataset fake --workers 0 --batchSize 4 --nz 8 --ngf 4 --ndf 4 --niter 2 "
    "--manualSeed 7 --fake-size 12"
)
RECORD = {
    "fake": "fake",
    "netG.main.0.weight": "netG.main[0].weight",
    "netD.main.3.running_var": "netD.main[3].running_var",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Namespace(dataset='fake', dataroot=None, workers=0, batchSize=4, imageSize=64, nz=8, \
ngf=4, ndf=4, niter=2, lr=0.0002, beta1=0.5, dry_run=False, ngpu=1, netG='', netD='', \
outf='.', manualSeed=7, classes='bedroom', accel=False, fake_size=12)
Random Seed:  7
Using device: cpu
Generator(
  (main): Sequential(
    (0): ConvTranspose2d(8, 32, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (2): ReLU(inplace=True)
    (3): ConvTranspose2d(32, 16, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (4): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (5): ReLU(inplace=True)
    (6): ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (7): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (8): ReLU(inplace=True)
    (9): ConvTranspose2d(8, 4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (10): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (11): ReLU(inplace=True)
    (12): ConvTranspose2d(4, 3, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (13): Tanh()
  )
)
Discriminator(
  (main): Sequential(
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
    (8): Conv2d(16, 32, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (9): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (10): LeakyReLU(negative_slope=0.2, inplace=True)
    (11): Conv2d(32, 1, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (12): Sigmoid()
  )
)
[0/2][0/3] Loss_D: 1.5053 Loss_G: 0.6639 D(x): 0.5200 D(G(z)): 0.5717 / 0.5154
[0/2][1/3] Loss_D: 1.4191 Loss_G: 0.7741 D(x): 0.4811 D(G(z)): 0.4956 / 0.4615
[0/2][2/3] Loss_D: 1.5047 Loss_G: 0.7764 D(x): 0.4662 D(G(z)): 0.5046 / 0.4636
[1/2][0/3] Loss_D: 1.5464 Loss_G: 0.6233 D(x): 0.5145 D(G(z)): 0.5742 / 0.5381
[1/2][1/3] Loss_D: 1.3311 Loss_G: 0.7356 D(x): 0.5529 D(G(z)): 0.5154 / 0.4795
[1/2][2/3] Loss_D: 1.2696 Loss_G: 0.7502 D(x): 0.5800 D(G(z)): 0.5102 / 0.4760
"""
PYTORCH = {
    "fake": {
        "shape": [4, 3, 64, 64],
        "norm": 12.329889421999997,
        "head": [
            0.0021247602999210358,
            0.003367033088579774,
            -0.007513021118938923,
            -0.011478346772491932,
            -0.006855594459921122,
            -0.009506726637482643,
        ],
    },
    "netG.main.0.weight": {
        "shape": [8, 32, 4, 4],
        "norm": 1.2815812600331817,
        "head": [
            -0.008273996412754059,
            0.04156983643770218,
            -0.018751339986920357,
            -0.01890515349805355,
            0.028835980221629143,
            -0.012075013481080532,
        ],
    },
    "netD.main.3.running_var": [
        0.1501035839319229,
        0.15010593831539154,
        0.15010708570480347,
        0.15010686218738556,
        0.15010172128677368,
        0.15010158717632294,
        0.15010280907154083,
        0.15011467039585114,
    ],
}
# --- end of PyTorch's output ---


def test_dcgan():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
