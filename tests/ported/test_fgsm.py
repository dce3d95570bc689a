"""Adversarial Example Generation: the fast gradient sign method (FGSM) against an MNIST
CNN, at seven epsilons.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/fgsm_tutorial.py

Ported as programs/fgsm.py: a `Net` of `Conv2d`, `Dropout`, `F.max_pool2d`,
`torch.flatten`, `F.log_softmax`; `torch.save`/`torch.load(map_location=device,
weights_only=True)` of its state dict; `DataLoader(batch_size=1, shuffle=True)`;
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

Randomness: seeded by the program (`torch.manual_seed(42)`; initialisation, dropout,
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
Train: [0/640]\tLoss: 2.325692
Train: [320/640]\tLoss: 2.137013
CUDA Available:  False
Epsilon: 0\tTest Accuracy = 18 / 24 = 0.75
Epsilon: 0.05\tTest Accuracy = 17 / 24 = 0.7083333333333334
Epsilon: 0.1\tTest Accuracy = 15 / 24 = 0.625
Epsilon: 0.15\tTest Accuracy = 14 / 24 = 0.5833333333333334
Epsilon: 0.2\tTest Accuracy = 9 / 24 = 0.375
Epsilon: 0.25\tTest Accuracy = 7 / 24 = 0.2916666666666667
Epsilon: 0.3\tTest Accuracy = 1 / 24 = 0.041666666666666664
"""
PYTORCH = {
    "accuracies": [
        0.75,
        0.7083333333333334,
        0.625,
        0.5833333333333334,
        0.375,
        0.2916666666666667,
        0.041666666666666664,
    ],
    "predictions": {
        "0": {"0": [1, 1], "1": [4, 4], "2": [1, 1], "3": [6, 6], "4": [0, 0]},
        "1": {"0": [3, 0]},
        "2": {"0": [1, 4], "1": [7, 4], "2": [3, 0]},
        "3": {"0": [3, 0], "1": [6, 4], "2": [1, 4], "3": [7, 4]},
        "4": {"0": [1, 4], "1": [0, 4], "2": [2, 0], "3": [3, 0], "4": [6, 4]},
        "5": {"0": [6, 4], "1": [1, 4], "2": [2, 4], "3": [2, 0], "4": [2, 4]},
        "6": {"0": [1, 4], "1": [0, 4], "2": [6, 4], "3": [1, 4], "4": [0, 4]},
    },
    "images": {
        "0": {
            "0": {
                "shape": [28, 28],
                "norm": 6.817054691902158,
                "head": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            },
            "1": {
                "shape": [28, 28],
                "norm": 7.4550990304763385,
                "head": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            },
            "2": {
                "shape": [28, 28],
                "norm": 5.326176042836958,
                "head": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            },
            "3": {
                "shape": [28, 28],
                "norm": 8.381997742708759,
                "head": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            },
            "4": {
                "shape": [28, 28],
                "norm": 11.393950149395865,
                "head": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            },
        },
        "1": {
            "0": {
                "shape": [28, 28],
                "norm": 7.547200977571934,
                "head": [
                    0.05000000074505806,
                    0.0,
                    0.0,
                    0.05000000074505806,
                    0.0,
                    0.05000000074505806,
                ],
            }
        },
        "2": {
            "0": {
                "shape": [28, 28],
                "norm": 5.502844344269739,
                "head": [
                    0.10000000149011612,
                    0.0,
                    0.0,
                    0.10000000149011612,
                    0.10000000149011612,
                    0.0,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 9.857393492801787,
                "head": [
                    0.10000000149011612,
                    0.0,
                    0.0,
                    0.10000000149011612,
                    0.10000000149011612,
                    0.10000000149011612,
                ],
            },
            "2": {
                "shape": [28, 28],
                "norm": 7.555716666715853,
                "head": [
                    0.10000000149011612,
                    0.0,
                    0.0,
                    0.10000000149011612,
                    0.0,
                    0.10000000149011612,
                ],
            },
        },
        "3": {
            "0": {
                "shape": [28, 28],
                "norm": 7.694335172242819,
                "head": [
                    0.15000000596046448,
                    0.0,
                    0.0,
                    0.15000000596046448,
                    0.0,
                    0.15000000596046448,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 7.941300274837165,
                "head": [
                    0.0,
                    0.15000000596046448,
                    0.15000000596046448,
                    0.0,
                    0.0,
                    0.15000000596046448,
                ],
            },
            "2": {
                "shape": [28, 28],
                "norm": 5.870273056809416,
                "head": [
                    0.15000000596046448,
                    0.0,
                    0.0,
                    0.15000000596046448,
                    0.15000000596046448,
                    0.0,
                ],
            },
            "3": {
                "shape": [28, 28],
                "norm": 9.817778413447138,
                "head": [
                    0.15000000596046448,
                    0.0,
                    0.0,
                    0.15000000596046448,
                    0.15000000596046448,
                    0.15000000596046448,
                ],
            },
        },
        "4": {
            "0": {
                "shape": [28, 28],
                "norm": 6.387008728391841,
                "head": [
                    0.20000000298023224,
                    0.0,
                    0.0,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.0,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 10.6467924573848,
                "head": [
                    0.20000000298023224,
                    0.0,
                    0.0,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.20000000298023224,
                ],
            },
            "2": {
                "shape": [28, 28],
                "norm": 9.323668734139146,
                "head": [
                    0.20000000298023224,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.0,
                ],
            },
            "3": {
                "shape": [28, 28],
                "norm": 7.953282571491267,
                "head": [
                    0.20000000298023224,
                    0.0,
                    0.0,
                    0.20000000298023224,
                    0.0,
                    0.20000000298023224,
                ],
            },
            "4": {
                "shape": [28, 28],
                "norm": 8.044553116310649,
                "head": [
                    0.0,
                    0.20000000298023224,
                    0.20000000298023224,
                    0.0,
                    0.0,
                    0.20000000298023224,
                ],
            },
        },
        "5": {
            "0": {
                "shape": [28, 28],
                "norm": 9.855254993667936,
                "head": [0.0, 0.25, 0.25, 0.0, 0.0, 0.0],
            },
            "1": {
                "shape": [28, 28],
                "norm": 7.030835959926169,
                "head": [0.25, 0.0, 0.0, 0.25, 0.25, 0.0],
            },
            "2": {
                "shape": [28, 28],
                "norm": 7.525886076295239,
                "head": [0.25, 0.25, 0.25, 0.25, 0.0, 0.0],
            },
            "3": {
                "shape": [28, 28],
                "norm": 9.479338362504679,
                "head": [0.25, 0.25, 0.25, 0.25, 0.25, 0.0],
            },
            "4": {
                "shape": [28, 28],
                "norm": 7.162317862737366,
                "head": [0.25, 0.25, 0.25, 0.25, 0.25, 0.0],
            },
        },
        "6": {
            "0": {
                "shape": [28, 28],
                "norm": 7.864021891059328,
                "head": [
                    0.30000001192092896,
                    0.0,
                    0.30000001192092896,
                    0.0,
                    0.30000001192092896,
                    0.0,
                ],
            },
            "1": {
                "shape": [28, 28],
                "norm": 9.334707923970047,
                "head": [
                    0.30000001192092896,
                    0.0,
                    0.0,
                    0.30000001192092896,
                    0.0,
                    0.30000001192092896,
                ],
            },
            "2": {
                "shape": [28, 28],
                "norm": 10.430895509287538,
                "head": [
                    0.0,
                    0.30000001192092896,
                    0.30000001192092896,
                    0.0,
                    0.0,
                    0.30000001192092896,
                ],
            },
            "3": {
                "shape": [28, 28],
                "norm": 7.763641944248504,
                "head": [
                    0.30000001192092896,
                    0.0,
                    0.0,
                    0.30000001192092896,
                    0.30000001192092896,
                    0.0,
                ],
            },
            "4": {
                "shape": [28, 28],
                "norm": 10.825556845038363,
                "head": [
                    0.30000001192092896,
                    0.0,
                    0.0,
                    0.30000001192092896,
                    0.30000001192092896,
                    0.30000001192092896,
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
