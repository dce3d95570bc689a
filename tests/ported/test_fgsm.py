"""The fast gradient sign method (FGSM) against a small MNIST CNN, at five epsilons.

programs/fgsm.py, in the manner of the PyTorch tutorials' "Adversarial Example
Generation": a CNN of `Conv2d`, `Dropout`, `F.max_pool2d`, `torch.flatten`,
`F.log_softmax`, trained with `optim.Adadelta`; `torch.save`/`torch.load(map_location=
device, weights_only=True)` of its state dict; `DataLoader(batch_size=1, shuffle=True)`;
`data.requires_grad = True` on a batch from the loader, `output.max(1,
keepdim=True)[1]`, `F.nll_loss`, `model.zero_grad()`, the input's gradient
`data.grad.data`, `sign()`, `torch.clamp`, a normalisation undone and redone with
`view(1, -1, 1, 1)` broadcasting, `squeeze().detach().cpu().numpy()`.

Compared with PyTorch: what it prints (the brief training's losses, the accuracy at each
epsilon), the accuracies and the adversarial examples kept (their predictions and
images) (the CNN trained for one epoch on 640 images of the bundled MNIST subset, then
attacked on 24 test images).

Tolerance: rtol 1e-5 (float32). The attack's decisions (the sign of each pixel's
gradient, an argmax) are discrete: the accuracies and the predicted digits must be equal,
and the images agree to float32's rounding (a pixel whose gradient's sign differed would
differ by 2 epsilon).

Randomness: seeded by the program (`torch.manual_seed(7)`; initialisation, dropout,
the loaders' shuffles): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "fgsm"
ARGV = ""
RECORD = {
    "accuracies": "accuracies",
    "predictions": "[[(orig, adv) for orig, adv, _ in ex] for ex in examples]",
    "images": "[[image for _, _, image in ex] for ex in examples]",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
train step  0  loss 2.336833
train step  5  loss 2.274326
train step 10  loss 2.229789
train step 15  loss 2.117644
epsilon 0.0\taccuracy 12 / 24 = 0.5
epsilon 0.05\taccuracy 10 / 24 = 0.4166666666666667
epsilon 0.1\taccuracy 8 / 24 = 0.3333333333333333
epsilon 0.2\taccuracy 5 / 24 = 0.20833333333333334
epsilon 0.3\taccuracy 4 / 24 = 0.16666666666666666
"""
PYTORCH = {
    "accuracies": [
        0.5,
        0.4166666666666667,
        0.3333333333333333,
        0.20833333333333334,
        0.16666666666666666,
    ],
    "predictions": {
        "0": [],
        "1": {"0": [1, 3], "1": [1, 3]},
        "2": {"0": [1, 3], "1": [1, 3]},
        "3": {"0": [2, 3], "1": [1, 3]},
        "4": {"0": [1, 3], "1": [6, 0]},
    },
    "images": {
        "0": [],
        "1": {
            "0": {
                "shape": [28, 28],
                "norm": 25.263382778354135,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 16.346806746521683,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
        },
        "2": {
            "0": {
                "shape": [28, 28],
                "norm": 24.5838681607334,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 20.59603546882487,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
        },
        "3": {
            "0": {
                "shape": [28, 28],
                "norm": 20.133062603642294,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 21.707898412725466,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
        },
        "4": {
            "0": {
                "shape": [28, 28],
                "norm": 20.219401969950493,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 24.12212199054628,
                "head": [
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                    -0.4242129623889923,
                ],
            },
        },
    },
}
# --- end of PyTorch's output ---


def test_fgsm():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
