"""A small convolutional network taken through a pass by hand: its layers, a loss, the
graph behind it, a manual update and optim.SGD.

programs/blitz_neural_networks.py, in the manner of pytorch/tutorials' "60 Minute Blitz"
(neural networks): `nn.Conv2d`, `F.max_pool2d(x, (2, 2))` and `F.max_pool2d(x, 2)`,
`torch.flatten(x, 1)`, `print(net)`, `params[0].size()`, `out.backward(torch.randn(1,
10))`, `nn.MSELoss`, `loss.grad_fn.next_functions[0][0]` (twice), `net.conv1.bias.grad`
(None after `zero_grad`, then filled), `f.data.sub_(f.grad.data * learning_rate)`,
`optim.SGD`.

Compared with PyTorch: what it prints (the module tree, sizes, the output, the loss,
conv1's bias gradient, the losses of the manual and SGD steps, the final scores) and the
final weights. The names of the graph's nodes differ (graphgrad records its own
primitives) and are not compared: the harness skips what is printed inside <...>.

Tolerance: rtol 1e-5 (float32; measured 1e-7), plus half a unit in the last printed
place (PyTorch prints tensors with 4 decimals).

Randomness: seeded (`torch.manual_seed(2024)`; initialisation, the random input,
gradient and target): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "blitz_neural_networks"
ARGV = ""
RECORD = {"weights": "net.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
TinyConvNet(
  (conv1): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1))
  (conv2): Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1))
  (fc1): Linear(in_features=72, out_features=32, bias=True)
  (fc2): Linear(in_features=32, out_features=10, bias=True)
)
parameter tensors: 8
  (4, 1, 3, 3)
  (4,)
  (8, 4, 3, 3)
  (8,)
  (32, 72)
  (32,)
  (10, 32)
  (10,)
conv1 weight size: torch.Size([4, 1, 3, 3])
scores: tensor([[ 0.2369, -0.1181, -0.0359, -0.1533,  0.0504,  0.0817, -0.0010,  0.1661,
          0.0177,  0.2096]], grad_fn=<AddmmBackward0>)
conv1 bias grad after a random backward: tensor([-0.1048,  0.0603, -0.0572,  0.2547])
loss: tensor(1.5101, grad_fn=<MseLossBackward0>)
graph: <MseLossBackward0 object at 0x7fb3a24d0a30>
  <- <AddmmBackward0 object at 0x7fb3a24d12d0>
  <- <AccumulateGrad object at 0x7fb3a24d1150>
conv1 bias grad before backward: None
conv1 bias grad after backward: tensor([-0.0023,  0.0013,  0.0451, -0.0631])
manual step 1: loss 1.385866
manual step 2: loss 1.261197
manual step 3: loss 1.125781
SGD step 1: loss 1.125781
SGD step 2: loss 0.953898
SGD step 3: loss 0.733270
final scores: tensor([[ 0.7825,  0.5014, -0.0294, -0.4589, -0.4012,  0.7593,  0.0076, \
-1.1050,
         -0.1758,  0.4424]])
"""
PYTORCH = {
    "weights": {
        "conv1.weight": {
            "shape": [4, 1, 3, 3],
            "norm": 1.2192946116973455,
            "head": [
                0.045882537961006165,
                0.24532589316368103,
                0.32215598225593567,
                -0.2833417057991028,
                -0.23358547687530518,
                -0.09909078478813171,
            ],
        },
        "conv1.bias": [
            0.06930072605609894,
            -0.2008730173110962,
            -0.10612178593873978,
            0.08168290555477142,
        ],
        "conv2.weight": {
            "shape": [8, 4, 3, 3],
            "norm": 1.677252851076318,
            "head": [
                -0.1479341685771942,
                -0.015539844520390034,
                -0.017467228695750237,
                0.08810950815677643,
                0.17087548971176147,
                0.011671198531985283,
            ],
        },
        "conv2.bias": [
            0.07177533954381943,
            -0.14045943319797516,
            0.11112945526838303,
            -0.017480675131082535,
            0.13821138441562653,
            0.05054876208305359,
            -0.08961277455091476,
            -0.10178522765636444,
        ],
        "fc1.weight": {
            "shape": [32, 72],
            "norm": 3.289749031627127,
            "head": [
                -0.07604292780160904,
                -0.0848379135131836,
                0.026610279455780983,
                0.029621947556734085,
                0.019611656665802002,
                -0.08637215197086334,
            ],
        },
        "fc1.bias": {
            "shape": [32],
            "norm": 0.43619977656860215,
            "head": [
                0.09213774651288986,
                0.0476980097591877,
                0.09162123501300812,
                -0.06870203465223312,
                0.09619014710187912,
                0.025167543441057205,
            ],
        },
        "fc2.weight": {
            "shape": [10, 32],
            "norm": 1.8917371498890962,
            "head": [
                0.08673246204853058,
                0.11125828325748444,
                0.0695161521434784,
                0.0016773429233580828,
                -0.005317946895956993,
                0.000405213882913813,
            ],
        },
        "fc2.bias": [
            0.05247792229056358,
            -0.07839637249708176,
            0.08781947195529938,
            -0.11895663291215897,
            -0.031519170850515366,
            0.15146397054195404,
            -0.13535954058170319,
            -0.04134450480341911,
            -0.11351918429136276,
            0.17673875391483307,
        ],
    }
}
# --- end of PyTorch's output ---


def test_blitz_neural_networks():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
