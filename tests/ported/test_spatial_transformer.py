"""A spatial transformer: an MNIST CNN whose input passes through a learned affine warp.

programs/spatial_transformer.py, in the manner of the PyTorch tutorials' "Spatial
Transformer Networks Tutorial": a localisation network of `nn.Conv2d`,
`nn.MaxPool2d(2, stride=2)`, `nn.ReLU(True)` (in place), a regressor whose last layer is
initialised to the identity through `.weight.data.zero_()` and
`.bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))`,
`F.affine_grid(theta, x.size())` and `F.grid_sample(x, grid)` at their defaults
(align_corners=False, bilinear, zero padding), `nn.Dropout2d`, `F.dropout`,
`F.nll_loss(..., size_average=False)` (PyTorch's deprecated spelling of sum),
`pred.eq(target.view_as(pred))`, DataLoaders with `shuffle=True, num_workers=4`.

Compared with PyTorch: what it prints (the training loss every 5 batches and the test
loss and accuracy), the trained weights (in three groups) and the warp `model.warp`
applies to a test image (640 training and 128 test images of the bundled MNIST subset, 1
epoch).

Tolerance: what it prints to rtol 1e-5 (float32). The locator's weights (its
convolutions and theta_head.0) to rtol 5e-5 (measured 7e-6), the classifier behind the
warp to 5e-4 (measured 1.6e-4 on its first convolution, 1e-6 on its linear layers), the
warped image to 1e-3 (measured 4e-4) and the regressor's last layer (theta_head.2) to
2e-2 (measured 1.1e-2 on its weight, 3e-4 on its bias): the regressor starts at the
identity, so the sampling points start exactly on pixel centres, where bilinear
sampling's gradient with respect to the points jumps; float32 sums rounded differently
by the two libraries (PyTorch's grid_sample backward is one fused kernel, graphgrad's a
composite of ops) then put a point on the other side of a pixel centre, and the
regressor, whose gradient is these points' sum, takes it up. Run in float64 (the images
and the default dtype), the two libraries print the same losses to 14 digits and train
the same weights to about 1e-14 relative.

Randomness: seeded by the program (`torch.manual_seed(3)`; initialisation, dropout masks
and the loaders' shuffles): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "spatial_transformer"
ARGV = ""
RECORD = {
    "classifier": "{k: v for k, v in model.state_dict().items() if k.startswith(CLASSIFIER)}",
    "locator": "{k: v for k, v in model.state_dict().items() if k.startswith(LOCATOR)}",
    "regressor": "{k: v for k, v in model.state_dict().items() if k.startswith('theta_head.2')}",
    "warped": "model.warp(test_loader.dataset[0][0].unsqueeze(0)).detach()",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
train [0/640]  loss 2.314718
train [160/640]  loss 2.268580
train [320/640]  loss 2.298391
train [480/640]  loss 2.349117
test: average loss 2.3227, accuracy 20/128
"""
PYTORCH = {
    "classifier": {
        "conv_a.weight": {
            "shape": [6, 1, 5, 5],
            "norm": 1.3472087602261718,
            "head": [
                -0.18063941597938538,
                0.1861247420310974,
                0.02027757279574871,
                -0.04518888145685196,
                -0.09254373610019684,
                0.15121762454509735,
            ],
        },
        "conv_a.bias": [
            0.02446516416966915,
            0.006223846226930618,
            0.08521376550197601,
            0.046872518956661224,
            0.050341371446847916,
            -0.041169073432683945,
        ],
        "conv_b.weight": {
            "shape": [10, 6, 5, 5],
            "norm": 1.8400199805291733,
            "head": [
                0.01720619387924671,
                0.07449503988027573,
                9.491051605436951e-05,
                -0.06694784015417099,
                -0.05536996200680733,
                -0.06572303920984268,
            ],
        },
        "conv_b.bias": [
            0.023607315495610237,
            0.027527309954166412,
            0.08177763223648071,
            0.06151135265827179,
            0.033336881548166275,
            -0.07340551912784576,
            0.022234579548239708,
            0.009467636235058308,
            -0.047214508056640625,
            -0.01896868459880352,
        ],
        "fc_a.weight": {
            "shape": [32, 160],
            "norm": 3.2799944194868638,
            "head": [
                0.0042342632077634335,
                -0.07779756933450699,
                -0.04229363054037094,
                0.05150127410888672,
                0.07674004882574081,
                -0.05986793339252472,
            ],
        },
        "fc_a.bias": {
            "shape": [32],
            "norm": 0.24649058073892927,
            "head": [
                0.07707011699676514,
                0.051246292889118195,
                0.06629396975040436,
                -0.07431691139936447,
                0.02632932737469673,
                -0.010168149136006832,
            ],
        },
        "fc_b.weight": {
            "shape": [10, 32],
            "norm": 1.774792157549021,
            "head": [
                0.11417260766029358,
                0.1338522881269455,
                -0.04373774304986,
                -0.11683180928230286,
                -0.02164524421095848,
                -0.08576817065477371,
            ],
        },
        "fc_b.bias": [
            0.13622425496578217,
            -0.15725794434547424,
            -0.15884988009929657,
            0.07894761115312576,
            -0.07274097949266434,
            0.03912237286567688,
            0.04556813836097717,
            0.046083346009254456,
            0.15856756269931793,
            -0.013136910274624825,
        ],
    },
    "locator": {
        "locator.0.weight": {
            "shape": [4, 1, 7, 7],
            "norm": 1.1934993385972894,
            "head": [
                -0.14163443446159363,
                -0.11268944293260574,
                -0.061179667711257935,
                -0.13514073193073273,
                -0.008093303069472313,
                -0.12566746771335602,
            ],
        },
        "locator.0.bias": [
            0.008066089823842049,
            0.03370165079832077,
            -0.06473373621702194,
            0.13533644378185272,
        ],
        "locator.3.weight": {
            "shape": [6, 4, 5, 5],
            "norm": 1.408948673590586,
            "head": [
                -0.06589097529649734,
                0.06503507494926453,
                0.054283417761325836,
                0.08733498305082321,
                0.08876170217990875,
                -0.033177364617586136,
            ],
        },
        "locator.3.bias": [
            -0.066130630671978,
            0.008611233904957771,
            -0.023970456793904305,
            0.045581452548503876,
            0.06276004761457443,
            -0.007881060242652893,
        ],
        "theta_head.0.weight": {
            "shape": [16, 54],
            "norm": 2.2897286466591966,
            "head": [
                0.10160370916128159,
                0.0023381055798381567,
                0.020054159685969353,
                0.033574726432561874,
                0.06091224029660225,
                -0.10542473196983337,
            ],
        },
        "theta_head.0.bias": [
            0.1016339436173439,
            -0.08732545375823975,
            -0.12469155341386795,
            -0.023729432374238968,
            -0.10165657103061676,
            -0.10242687910795212,
            0.03714712709188461,
            -0.06600164622068405,
            -0.04953644797205925,
            -0.07652191072702408,
            -0.05524712800979614,
            0.031604133546352386,
            -0.09682709723711014,
            -0.04627334326505661,
            -0.021391700953245163,
            -0.049128457903862,
        ],
    },
    "regressor": {
        "theta_head.2.weight": {
            "shape": [6, 16],
            "norm": 0.011551076527929662,
            "head": [
                -6.891046359669417e-05,
                -9.98757968773134e-05,
                9.525839413981885e-05,
                8.006564712559339e-06,
                -0.0003667039854917675,
                0.00046562854549847543,
            ],
        },
        "theta_head.2.bias": [
            1.0006515979766846,
            0.005095953121781349,
            -0.016860539093613625,
            0.0004999032826162875,
            1.0018315315246582,
            0.001146257040090859,
        ],
    },
    "warped": {
        "shape": [1, 1, 28, 28],
        "norm": 31.741049229841103,
        "head": [
            -0.2435702383518219,
            -0.4242129325866699,
            -0.4242129623889923,
            -0.4242129325866699,
            -0.4242129921913147,
            -0.4242129921913147,
        ],
    },
}
# --- end of PyTorch's output ---


def test_spatial_transformer():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values["classifier"], PYTORCH["classifier"], rtol=5e-4)
    assert_values(got.values["locator"], PYTORCH["locator"], rtol=5e-5)
    assert_values(got.values["regressor"], PYTORCH["regressor"], rtol=2e-2)
    assert_values(got.values["warped"], PYTORCH["warped"], rtol=1e-3)
