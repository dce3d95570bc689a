"""One MNIST digit classifier written six times, from raw tensors to nn.Module, optim,
TensorDataset, DataLoader, a CNN and nn.Sequential with a wrapped loader.

In the manner of the PyTorch tutorial "What is torch.nn really?".

programs/nn_tutorial.py exercises: `map(torch.tensor, numpy arrays)`, a hand-written
log_softmax (`max(-1, keepdim=True).values`, `unsqueeze`) and `nll` with
`input[range(n), target]`, `weights -= weights.grad * lr` and
`weights.grad.zero_()` under no_grad, `requires_grad_()`, `torch.argmax`,
`F.cross_entropy`, `nn.Parameter`, `model.zero_grad()`, `nn.Linear`, `optim.SGD`
(momentum), `TensorDataset` slicing, `DataLoader` (shuffle), `Conv2d` (stride, padding),
`F.avg_pool2d`, `nn.AvgPool2d`, `nn.AdaptiveAvgPool2d`, `nn.Sequential` and its repr, a
`Lambda` module, `xb.view(-1, xb.size(1))`, a wrapped loader, `torch.cuda.is_available()`,
`.to(dev)`, tensor reprs (summarised, with grad_fn).

Compared with PyTorch: everything the program prints (tensors, losses, accuracies,
validation losses of each model) and the last model's weights (512 training and 192
validation images of the bundled MNIST subset, 2 epochs per model).

Tolerance: rtol 1e-5 (float32; the printed numbers and the weights), plus half a unit in
the last printed place (PyTorch prints tensors with 4 decimals).

Randomness: seeded (`torch.manual_seed(0)`; `torch.randn` weights, layer initialisation,
shuffling): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "nn_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
images torch.Size([512, 784]) labels torch.Size([512]) torch.int64
tensor([[0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        ...,
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.]]) tensor([0, 1, 0, 5, 6, 2, 2, 2, 5, 0, 7, 4, 5, \
6, 1, 1, 7, 6, 3, 1, 9, 1, 3, 6,
        3, 9, 1, 8, 1, 4, 6, 0, 9, 0, 7, 3, 6, 2, 1, 7, 1, 1, 7, 9, 9, 2, 4, 4,
        0, 3, 6, 3, 2, 7, 4, 9, 9, 0, 4, 7, 0, 0, 8, 0, 2, 9, 2, 2, 3, 8, 2, 1,
        3, 1, 9, 9, 8, 1, 5, 6, 7, 0, 2, 4, 2, 8, 1, 4, 0, 2, 1, 3, 6, 2, 8, 3,
        9, 4, 3, 3, 2, 1, 8, 1, 8, 1, 0, 1, 7, 1, 8, 3, 5, 7, 1, 7, 0, 4, 9, 4,
        1, 4, 2, 9, 5, 2, 1, 4, 9, 3, 0, 4, 3, 7, 2, 9, 2, 3, 7, 8, 6, 7, 5, 4,
        9, 6, 9, 9, 4, 3, 3, 6, 3, 1, 9, 4, 3, 7, 7, 7, 2, 2, 9, 8, 6, 8, 6, 3,
        2, 7, 3, 4, 5, 8, 0, 6, 3, 7, 3, 0, 7, 7, 7, 1, 1, 4, 1, 9, 7, 7, 1, 6])
label range tensor(0) tensor(9)
tensor([-2.6312, -2.1082, -2.3579, -2.6514, -2.1001, -2.5232, -1.9156, -1.8562,
        -2.5657, -2.8411], grad_fn=<SelectBackward0>) torch.Size([64, 10])
before: tensor(2.4269, grad_fn=<NegBackward0>) tensor(0.0781)
after: tensor(0.7260, grad_fn=<NegBackward0>) tensor(0.8281)
cross_entropy: tensor(0.7260, grad_fn=<NllLossBackward0>)
fresh module: tensor(2.3320, grad_fn=<NllLossBackward0>)
trained module: tensor(0.7375, grad_fn=<NllLossBackward0>)
nn.Linear before: tensor(2.3295, grad_fn=<NllLossBackward0>)
nn.Linear after: tensor(0.7249, grad_fn=<NllLossBackward0>)
epoch 0: validation loss 1.285217
epoch 1: validation loss 0.739672
epoch 0: validation loss 2.302781
epoch 1: validation loss 2.290507
epoch 0: validation loss 2.297627
epoch 1: validation loss 2.279853
device cpu
Sequential(
  (0): Conv2d(1, 8, kernel_size=(5, 5), stride=(2, 2), padding=(2, 2))
  (1): ReLU()
  (2): Conv2d(8, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
  (3): ReLU()
  (4): Conv2d(16, 10, kernel_size=(1, 1), stride=(1, 1))
  (5): AdaptiveAvgPool2d(output_size=1)
  (6): Lambda()
)
epoch 0: validation loss 2.306344
epoch 1: validation loss 2.292306
"""
PYTORCH = {
    "weights": {
        "0.weight": {
            "shape": [8, 1, 5, 5],
            "norm": 1.7014304816328223,
            "head": [
                -0.003143400652334094,
                -0.07169065624475479,
                -0.10174006223678589,
                -0.06822510808706284,
                0.13336904346942902,
                0.19631122052669525,
            ],
        },
        "0.bias": [
            -0.15420080721378326,
            0.14651598036289215,
            0.03536809980869293,
            -0.10316349565982819,
            -0.149418443441391,
            -0.08055085688829422,
            -0.15251287817955017,
            0.10582950711250305,
        ],
        "2.weight": {
            "shape": [16, 8, 3, 3],
            "norm": 2.2854326247555803,
            "head": [
                0.009180056862533092,
                0.07901481539011002,
                -0.07890753448009491,
                -0.08713241666555405,
                -0.015566538088023663,
                0.09668177366256714,
            ],
        },
        "2.bias": [
            0.034238170832395554,
            -0.011650122702121735,
            -0.006161912344396114,
            0.009543980471789837,
            0.07744058221578598,
            -0.01666273921728134,
            -0.006827761419117451,
            -0.006112534552812576,
            0.19038866460323334,
            -0.02923598140478134,
            0.031004201620817184,
            -0.10275288671255112,
            0.09470091760158539,
            -0.038488101214170456,
            -0.06597613543272018,
            -0.012296075001358986,
        ],
        "4.weight": {
            "shape": [10, 16, 1, 1],
            "norm": 1.8440395070912285,
            "head": [
                0.14178788661956787,
                0.24060140550136566,
                0.20972368121147156,
                -0.009047998115420341,
                -0.019723542034626007,
                0.1982582062482834,
            ],
        },
        "4.bias": [
            0.11106731742620468,
            0.04418178275227547,
            0.16615034639835358,
            0.04747908189892769,
            0.16446025669574738,
            -0.15390072762966156,
            -0.20142653584480286,
            0.03195993974804878,
            0.08749014139175415,
            -0.04518505558371544,
        ],
    }
}
# --- end of PyTorch's output ---


def test_nn_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
