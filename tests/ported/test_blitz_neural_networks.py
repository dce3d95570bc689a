"""60 Minute Blitz, Neural Networks: LeNet, a loss, the graph behind it, a manual update
and optim.SGD.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/blitz/neural_networks_tutorial.py

Ported as programs/blitz_neural_networks.py: `nn.Conv2d`, `F.max_pool2d(x, (2, 2))`,
`torch.flatten(x, 1)`, `print(net)`, `params[0].size()`, `out.backward(torch.randn(1,
10))`, `nn.MSELoss`, `loss.grad_fn.next_functions[0][0]`, `net.conv1.bias.grad`,
`f.data.sub_(f.grad.data * learning_rate)`, `optim.SGD`.

Compared with PyTorch: what it prints (the module tree, sizes, the output, the loss,
conv1's bias gradient) and the final weights.

Tolerance: rtol 1e-5 (float32; measured 1e-7), plus half a unit in the last printed
place (PyTorch prints tensors with 4 decimals).

Randomness: seeded (`torch.manual_seed(0)`, the one added line; initialisation, the
random input, gradient and target): equal since graphgrad draws PyTorch's numbers (issue
21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "blitz_neural_networks"
ARGV = ""
RECORD = {"weights": "net.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Net(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
10
torch.Size([6, 1, 5, 5])
tensor([[-0.1007, -0.0902,  0.0364,  0.0591, -0.0421,  0.0203,  0.0314,  0.0724,
         -0.0276,  0.1233]], grad_fn=<AddmmBackward0>)
tensor(1.2249, grad_fn=<MseLossBackward0>)
<MseLossBackward0 object at 0x7f5671d61780>
<AddmmBackward0 object at 0x7f5671d4dd80>
<AccumulateGrad object at 0x7f5671d4c2b0>
conv1.bias.grad before backward
None
conv1.bias.grad after backward
tensor([-0.0129, -0.0038,  0.0006, -0.0094, -0.0046,  0.0233])
"""
PYTORCH = {
    "weights": {
        "conv1.weight": {
            "shape": [6, 1, 5, 5],
            "norm": 1.4161864506380855,
            "head": [
                -0.0011218757135793567,
                0.10745499283075333,
                -0.16469915211200714,
                -0.14723451435565948,
                -0.07686333358287811,
                0.05336679145693779,
            ],
        },
        "conv1.bias": [
            -0.18694834411144257,
            -0.16865524649620056,
            -0.040650807321071625,
            0.10993070155382156,
            0.10816552489995956,
            -0.19326898455619812,
        ],
        "conv2.weight": {
            "shape": [16, 6, 5, 5],
            "norm": 2.3117809755621996,
            "head": [
                0.05085808038711548,
                -0.06394127756357193,
                -0.017272869125008583,
                -0.03311612084507942,
                -0.015774797648191452,
                -0.016202688217163086,
            ],
        },
        "conv2.bias": [
            -0.08114521205425262,
            -0.011929919943213463,
            0.00036043362342752516,
            -0.027555644512176514,
            -0.05407864227890968,
            -0.05692802369594574,
            0.054253533482551575,
            -0.026424994692206383,
            -0.0049771033227443695,
            0.023548562079668045,
            -0.050246551632881165,
            0.0071342396549880505,
            0.048935387283563614,
            -0.04799424856901169,
            0.023994050920009613,
            -0.0027548843063414097,
        ],
        "fc1.weight": {
            "shape": [120, 400],
            "norm": 6.310415751942976,
            "head": [
                0.027491796761751175,
                0.033224012702703476,
                0.013265281915664673,
                0.0015107870567589998,
                -0.0430389866232872,
                0.019907712936401367,
            ],
        },
        "fc1.bias": {
            "shape": [120],
            "norm": 0.295528557288421,
            "head": [
                -0.008975392207503319,
                0.03969518095254898,
                0.03371801972389221,
                0.012169122695922852,
                0.02217712625861168,
                -0.017058849334716797,
            ],
        },
        "fc2.weight": {
            "shape": [84, 120],
            "norm": 5.24712225104133,
            "head": [
                -0.04668816551566124,
                0.08876820653676987,
                -0.05782577767968178,
                -0.07587627321481705,
                0.06279873847961426,
                -0.06546157598495483,
            ],
        },
        "fc2.bias": {
            "shape": [84],
            "norm": 0.48040589989008664,
            "head": [
                -0.0720386654138565,
                -0.013539327308535576,
                0.06724143773317337,
                0.03437264263629913,
                -0.06064886599779129,
                -0.03528277575969696,
            ],
        },
        "fc3.weight": {
            "shape": [10, 84],
            "norm": 1.82037969101923,
            "head": [
                -0.0524703748524189,
                0.01589166931807995,
                0.042981669306755066,
                -0.024295741692185402,
                -0.07738310098648071,
                -0.10624957084655762,
            ],
        },
        "fc3.bias": [
            -0.04064628854393959,
            -0.05866778641939163,
            0.05454275384545326,
            0.0672178864479065,
            -0.036812733858823776,
            0.046453338116407394,
            -0.055350854992866516,
            0.05693637579679489,
            -0.0025333489757031202,
            0.0852489173412323,
        ],
    }
}
# --- end of PyTorch's output ---


def test_blitz_neural_networks():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
