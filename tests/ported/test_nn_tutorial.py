"""What is torch.nn *really*? (Jeremy Howard): MNIST from raw tensors to Module, optim,
Dataset, DataLoader and CNNs.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nn_tutorial.py

Ported as programs/nn_tutorial.py: `map(torch.tensor, numpy arrays)`, a hand-written
log_softmax and `nll` with `input[range(n), target]`, `weights -= weights.grad * lr` and
`weights.grad.zero_()` under no_grad, `torch.argmax`, `F.cross_entropy`, `nn.Parameter`,
`nn.Linear`, `optim.SGD` (momentum), `TensorDataset` slicing, `DataLoader` (shuffle),
`Conv2d` (stride, padding), `F.avg_pool2d`, `nn.AvgPool2d`, `nn.AdaptiveAvgPool2d`, a
`Lambda` module, `xb.view(-1, xb.size(1))`, a wrapped loader,
`torch.cuda.is_available()`, `.to(dev)`.

Compared with PyTorch: everything the tutorial prints (tensors, losses, accuracies,
validation losses of each model) and the last model's weights (640 training and 256
validation images of the bundled MNIST subset, 2 epochs per model).

Tolerance: rtol 1e-5 (float32; measured 1e-7 on the printed numbers, 1e-5 on the
weights), plus half a unit in the last printed place (PyTorch prints tensors with 4
decimals).

Randomness: seeded (`torch.manual_seed(0)`, the one added line; `torch.randn` weights,
layer initialisation, shuffling): equal since graphgrad draws PyTorch's numbers (issue
21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "nn_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
(640, 784)
tensor([[0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        ...,
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.]]) tensor([5, 3, 8, 4, 9, 1, 3, 2, 9, 3, 7, 2, 0, \
4, 6, 0, 3, 2, 0, 7, 4, 0, 2, 1,
        5, 1, 8, 5, 2, 0, 9, 9, 4, 7, 7, 1, 7, 0, 8, 7, 1, 1, 0, 5, 1, 2, 3, 5,
        3, 0, 5, 8, 8, 9, 8, 3, 2, 8, 4, 8, 9, 8, 8, 7, 3, 4, 2, 2, 3, 4, 2, 8,
        5, 4, 8, 8, 6, 5, 1, 1, 9, 1, 4, 5, 6, 6, 0, 6, 2, 3, 5, 5, 4, 8, 4, 6,
        1, 6, 7, 4, 3, 1, 9, 1, 3, 4, 1, 4, 4, 0, 4, 7, 7, 9, 3, 4, 4, 4, 4, 7,
        9, 8, 8, 5, 2, 3, 3, 0, 9, 9, 0, 2, 9, 1, 5, 9, 6, 9, 2, 8, 8, 5, 4, 1,
        4, 2, 9, 2, 7, 9, 3, 0, 2, 7, 6, 9, 6, 9, 3, 6, 8, 7, 0, 2, 1, 4, 7, 4,
        6, 7, 8, 3, 4, 0, 2, 9, 9, 5, 2, 9, 0, 6, 7, 3, 7, 4, 1, 0, 8, 7, 7, 6,
        7, 4, 7, 4, 4, 8, 4, 1, 9, 1, 1, 3, 2, 4, 2, 5, 9, 4, 5, 1, 5, 0, 2, 1,
        9, 1, 0, 4, 7, 8, 5, 4, 3, 2, 8, 1, 0, 4, 6, 8, 6, 7, 3, 4, 7, 2, 0, 4,
        1, 2, 0, 5, 4, 6, 6, 9, 4, 4, 1, 5, 2, 1, 0, 3, 8, 4, 5, 4, 0, 9, 3, 7,
        6, 8, 3, 0, 2, 7, 5, 6, 8, 2, 7, 1, 3, 0, 8, 7, 7, 9, 0, 5, 9, 3, 7, 2,
        6, 3, 5, 8, 8, 2, 2, 0, 4, 2, 0, 7, 9, 5, 9, 8, 2, 1, 3, 4, 4, 0, 7, 3,
        6, 5, 4, 1, 3, 2, 6, 0, 4, 3, 9, 4, 1, 4, 9, 9, 0, 7, 9, 9, 6, 9, 4, 7,
        1, 8, 4, 8, 1, 1, 9, 2, 0, 3, 9, 4, 2, 6, 1, 0, 7, 3, 9, 5, 6, 8, 3, 4,
        2, 5, 6, 7, 1, 5, 8, 1, 3, 0, 3, 8, 2, 5, 8, 9, 8, 3, 6, 7, 6, 2, 7, 8,
        2, 2, 6, 6, 8, 2, 0, 1, 1, 7, 3, 2, 4, 6, 0, 7, 6, 9, 0, 4, 1, 6, 0, 1,
        9, 7, 2, 8, 7, 2, 9, 3, 0, 1, 6, 4, 6, 1, 4, 9, 6, 2, 0, 0, 9, 7, 9, 0,
        7, 0, 4, 5, 7, 9, 5, 6, 0, 2, 0, 1, 1, 7, 4, 4, 8, 1, 3, 4, 9, 6, 2, 0,
        4, 0, 2, 5, 9, 7, 2, 0, 0, 6, 2, 0, 2, 0, 2, 0, 1, 1, 3, 6, 3, 8, 8, 0,
        7, 3, 8, 2, 7, 3, 2, 3, 3, 7, 9, 8, 2, 4, 8, 8, 0, 6, 0, 5, 1, 5, 1, 6,
        3, 3, 9, 7, 4, 2, 7, 3, 7, 6, 9, 5, 2, 1, 3, 9, 1, 7, 9, 8, 3, 1, 7, 7,
        6, 6, 8, 3, 2, 8, 5, 5, 0, 9, 8, 0, 1, 6, 9, 9, 7, 8, 1, 8, 3, 2, 2, 3,
        6, 9, 7, 8, 0, 7, 1, 2, 4, 4, 1, 7, 5, 6, 7, 0, 0, 8, 6, 9, 4, 9, 6, 7,
        4, 6, 5, 5, 1, 8, 8, 3, 6, 0, 6, 8, 2, 2, 9, 2, 7, 0, 2, 3, 0, 8, 0, 6,
        2, 5, 0, 3, 2, 0, 5, 7, 1, 5, 1, 4, 4, 3, 7, 1, 5, 1, 0, 7, 3, 8, 0, 3,
        6, 9, 5, 3, 0, 2, 1, 8, 0, 8, 3, 8, 1, 7, 4, 6])
torch.Size([640, 784])
tensor(0) tensor(9)
tensor([-2.6312, -2.1082, -2.3579, -2.6514, -2.1001, -2.5232, -1.9156, -1.8562,
        -2.5657, -2.8411], grad_fn=<SelectBackward0>) torch.Size([64, 10])
tensor(2.4269, grad_fn=<NegBackward0>)
tensor(0.0781)
tensor(0.5582, grad_fn=<NegBackward0>) tensor(0.9375)
tensor(0.5582, grad_fn=<NllLossBackward0>) tensor(0.9375)
tensor(2.3166, grad_fn=<NllLossBackward0>)
tensor(0.5492, grad_fn=<NllLossBackward0>)
tensor(2.3268, grad_fn=<NllLossBackward0>)
tensor(0.5574, grad_fn=<NllLossBackward0>)
tensor(2.2957, grad_fn=<NllLossBackward0>)
tensor(0.5483, grad_fn=<NllLossBackward0>)
tensor(0.5454, grad_fn=<NllLossBackward0>)
tensor(0.5456, grad_fn=<NllLossBackward0>)
0 tensor(1.1775)
1 tensor(0.7698)
0 1.0425695180892944
1 0.7777599692344666
0 2.304417848587036
1 2.303739905357361
0 2.301444172859192
1 2.2989957332611084
0 2.3014936447143555
1 2.301527261734009
False
0 2.3019866943359375
1 2.2964307069778442
"""
PYTORCH = {
    "weights": {
        "0.weight": {
            "shape": [16, 1, 3, 3],
            "norm": 2.368381503341658,
            "head": [
                -0.2700042724609375,
                -0.28441208600997925,
                -0.08429010957479477,
                -0.2886672616004944,
                -0.2058781087398529,
                0.12387057393789291,
            ],
        },
        "0.bias": [
            -0.24487173557281494,
            -0.09023083746433258,
            -0.15421514213085175,
            0.27814388275146484,
            0.005597351584583521,
            -0.00528608588501811,
            -0.11273963004350662,
            -0.0828215703368187,
            -0.08357488363981247,
            0.2239009141921997,
            -0.24597711861133575,
            -0.2881030738353729,
            -0.07470937073230743,
            -0.05730680003762245,
            -0.23921506106853485,
            0.09068518877029419,
        ],
        "2.weight": {
            "shape": [16, 16, 3, 3],
            "norm": 2.299064710570926,
            "head": [
                0.07870075106620789,
                -0.0549069344997406,
                -0.026117414236068726,
                -0.07182099670171738,
                -0.03602586314082146,
                0.0075852773152291775,
            ],
        },
        "2.bias": [
            -0.05418812483549118,
            0.023947041481733322,
            -0.0033265771344304085,
            -0.03813678398728371,
            0.08579451590776443,
            0.00206934055313468,
            -0.037676021456718445,
            0.008127276785671711,
            -0.02197013981640339,
            -0.04056182876229286,
            0.024676399305462837,
            -0.06213614344596863,
            0.10895117372274399,
            -0.048425741493701935,
            0.008509205654263496,
            0.013860007748007774,
        ],
        "4.weight": {
            "shape": [10, 16, 3, 3],
            "norm": 1.8671160846199955,
            "head": [
                -0.006159862503409386,
                0.025971481576561928,
                0.05997380614280701,
                0.05242188274860382,
                -0.013861061073839664,
                0.033091772347688675,
            ],
        },
        "4.bias": [
            0.16722965240478516,
            0.13607759773731232,
            0.09668002277612686,
            -0.06261080503463745,
            0.11319245398044586,
            -0.0722275823354721,
            -0.03620096668601036,
            -0.04062201455235481,
            0.006930031348019838,
            0.02773752622306347,
        ],
    }
}
# --- end of PyTorch's output ---


def test_nn_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
