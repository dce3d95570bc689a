"""One MNIST digit classifier written six times, from raw tensors to nn.Module, optim,
TensorDataset, DataLoader, a CNN and nn.Sequential with a wrapped loader.

In the manner of the PyTorch tutorial "What is torch.nn really?".

programs/nn_tutorial.py exercises: `map(torch.tensor, numpy arrays)`, a hand-written
log_softmax and `nll` with `input[range(n), target]`, `weights -= weights.grad * lr` and
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
0 1.2852165699005127
1 0.7396715879440308
0 2.3026777108510337
1 2.301668882369995
0 2.29718287785848
1 2.298286517461141
device cpu
Sequential(
  (0): Conv2d(1, 12, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
  (1): ReLU()
  (2): Conv2d(12, 12, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
  (3): ReLU()
  (4): Conv2d(12, 10, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
  (5): ReLU()
  (6): AdaptiveAvgPool2d(output_size=1)
  (7): Lambda()
)
0 2.301309506098429
1 2.30230712890625
"""
PYTORCH = {
    "weights": {
        "0.weight": {
            "shape": [12, 1, 3, 3],
            "norm": 1.9450321505459844,
            "head": [
                -0.2770317494869232,
                0.2306046485900879,
                0.13137082755565643,
                0.08304023742675781,
                0.064472496509552,
                -0.20564976334571838,
            ],
        },
        "0.bias": [
            -0.0724305585026741,
            -0.12390010803937912,
            -0.1394994705915451,
            -0.12447411566972733,
            -0.22499437630176544,
            -0.11087958514690399,
            0.08903523534536362,
            0.3101966977119446,
            -0.05777348577976227,
            -0.006531986873596907,
            -0.0574985072016716,
            0.2778833508491516,
        ],
        "2.weight": {
            "shape": [12, 12, 3, 3],
            "norm": 1.9801697733658568,
            "head": [
                0.05949658527970314,
                -0.01668144389986992,
                -0.006923571694642305,
                0.02071061171591282,
                0.08945557475090027,
                -0.017380809411406517,
            ],
        },
        "2.bias": [
            -0.02537308819591999,
            -0.06750266253948212,
            0.07713952660560608,
            -0.09572919458150864,
            0.04241073504090309,
            -0.012303568422794342,
            -0.09014865010976791,
            0.11455737799406052,
            0.024052849039435387,
            -0.08449536561965942,
            0.01803109049797058,
            -0.09232774376869202,
        ],
        "4.weight": {
            "shape": [10, 12, 3, 3],
            "norm": 1.8444143025003725,
            "head": [
                0.06088697537779808,
                0.03889888525009155,
                -0.010456889867782593,
                0.05966619402170181,
                0.0610717236995697,
                0.010955175384879112,
            ],
        },
        "4.bias": [
            -0.0709848627448082,
            0.04069731757044792,
            0.10831817984580994,
            -0.015493783168494701,
            0.21166524291038513,
            -0.06714083254337311,
            -0.07032571732997894,
            -0.020325129851698875,
            -0.021979324519634247,
            -0.041534423828125,
        ],
    }
}
# --- end of PyTorch's output ---


def test_nn_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
