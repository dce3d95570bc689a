"""An MLP classifying digits: a Dataset, DataLoaders, SGD, saving and loading the state
dict, one prediction.

programs/quickstart.py, in the manner of pytorch/tutorials' "Learn the Basics:
Quickstart": a map-style `Dataset` subclass over the bundled MNIST subset, `DataLoader`
(default collate of `(Tensor, int)`, `shuffle=True`), `nn.Flatten`, `nn.Sequential`,
`nn.CrossEntropyLoss`, `torch.optim.SGD`, `torch.accelerator`, `.to(device)`,
`(pred.argmax(1) == y).type(torch.float)`, `torch.save(model.state_dict(), path)`,
`model.load_state_dict(torch.load(path, weights_only=True))`,
`classes[pred[0].argmax(0)]`, `print(model)`, argparse.

Compared with PyTorch: what it prints (shapes and dtype, the module tree, losses,
accuracy and test loss per epoch, the prediction) and the reloaded model's weights (576
training and 192 test images of the bundled MNIST subset, 2 epochs).

Tolerance: rtol 1e-5 (float32; measured 5e-7: one loss differs by 1 in its 6th decimal).

Randomness: seeded (`torch.manual_seed(1234)`; layer initialisation and the shuffled
order): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "quickstart"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
images: [32, 1, 28, 28] torch.float32; labels: [32]
device: cpu
DigitMLP(
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (layers): Sequential(
    (0): Linear(in_features=784, out_features=128, bias=True)
    (1): ReLU()
    (2): Linear(in_features=128, out_features=64, bias=True)
    (3): ReLU()
    (4): Linear(in_features=64, out_features=10, bias=True)
  )
)
epoch 1
  batch   0  loss 2.311801  [32/576]
  batch   6  loss 2.264224  [224/576]
  batch  12  loss 2.183894  [416/576]
  test: accuracy 31.2%, mean loss 2.002140
epoch 2
  batch   0  loss 1.896808  [32/576]
  batch   6  loss 1.889654  [224/576]
  batch  12  loss 1.310796  [416/576]
  test: accuracy 54.2%, mean loss 1.264379
saved the weights to digit_mlp.pth
predicted "one", actual "one"
reloaded model accuracy 54.2%
"""
PYTORCH = {
    "weights": {
        "layers.0.weight": {
            "shape": [128, 784],
            "norm": 6.982625970244525,
            "head": [
                -0.017153987661004066,
                -0.009525618515908718,
                -0.03154994919896126,
                0.014331767335534096,
                -0.032014474272727966,
                -0.002275769365951419,
            ],
        },
        "layers.0.bias": {
            "shape": [128],
            "norm": 0.3144508017678227,
            "head": [
                -0.026498334482312202,
                0.057615455240011215,
                -0.015213746577501297,
                -0.0035085761919617653,
                0.031128568574786186,
                0.021139781922101974,
            ],
        },
        "layers.2.weight": {
            "shape": [64, 128],
            "norm": 5.115067548890593,
            "head": [
                0.004202044103294611,
                0.12865856289863586,
                0.01585594192147255,
                -0.047435689717531204,
                0.09593597054481506,
                -0.023335037752985954,
            ],
        },
        "layers.2.bias": {
            "shape": [64],
            "norm": 0.5045958015485608,
            "head": [
                0.07280251383781433,
                -0.0704844519495964,
                -0.015469717793166637,
                -0.004670005291700363,
                -0.06344235688447952,
                0.07210777699947357,
            ],
        },
        "layers.4.weight": {
            "shape": [10, 64],
            "norm": 2.9381737552715146,
            "head": [
                -0.09726076573133469,
                -0.0860748291015625,
                0.05581311136484146,
                0.2019454538822174,
                -0.1073390394449234,
                -0.06360769271850586,
            ],
        },
        "layers.4.bias": [
            -0.0383589081466198,
            0.07309627532958984,
            0.05551183223724365,
            0.04502318799495697,
            -0.009209130890667439,
            -0.08262567222118378,
            -0.1616528183221817,
            0.165034681558609,
            -0.06395676732063293,
            0.04153414070606232,
        ],
    }
}
# --- end of PyTorch's output ---


def test_quickstart():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
