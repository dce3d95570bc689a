"""Learn the Basics: Quickstart: a Dataset, DataLoaders, an MLP, SGD, saving and loading
the state dict.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/quickstart_tutorial.py

Ported as programs/quickstart.py: a map-style `Dataset` subclass, `DataLoader` (default
collate of `(Tensor, int)`), `nn.Flatten`, `nn.Sequential`, `nn.CrossEntropyLoss`,
`torch.optim.SGD`, `(pred.argmax(1) == y).type(torch.float)`,
`torch.save(model.state_dict(), path)`, `model.load_state_dict(torch.load(path,
weights_only=True))`, `classes[pred[0].argmax(0)]`, `print(model)`.

Compared with PyTorch: what it prints (shapes, the module tree, losses, accuracy and
test loss per epoch, the prediction) and the reloaded model's weights (640 training and
256 test images of the bundled MNIST subset instead of FashionMNIST, 2 epochs instead of
5).

Tolerance: rtol 1e-5 (float32; the log prints 6 decimals, which agree exactly).

Randomness: seeded (`torch.manual_seed(0)`, the one added line; layer initialisation):
equal since graphgrad draws PyTorch's numbers (issue 21).

Runs with only its imports changed since graphgrad has torch.float32 / torch.float,
torch.tensor, torch.accelerator, torch.optim as an attribute, Tensor.to,
Tensor.type(dtype), torch.save / torch.load.
"""

from harness import assert_printed, assert_values, run

PROGRAM = "quickstart"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Shape of X [N, C, H, W]: torch.Size([64, 1, 28, 28])
Shape of y: torch.Size([64]) torch.int64
Using cpu device
NeuralNetwork(
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (linear_relu_stack): Sequential(
    (0): Linear(in_features=784, out_features=512, bias=True)
    (1): ReLU()
    (2): Linear(in_features=512, out_features=512, bias=True)
    (3): ReLU()
    (4): Linear(in_features=512, out_features=10, bias=True)
  )
)
Epoch 1
-------------------------------
loss: 2.305628  [   64/  640]
Test Error:\x20
 Accuracy: 6.2%, Avg loss: 2.305487\x20

Epoch 2
-------------------------------
loss: 2.305100  [   64/  640]
Test Error:\x20
 Accuracy: 6.2%, Avg loss: 2.305033\x20

Done!
Saved PyTorch Model State to model.pth
Predicted: "9", Actual: "0"
"""
PYTORCH = {
    "weights": {
        "linear_relu_stack.0.weight": {
            "shape": [512, 784],
            "norm": 13.063048650904651,
            "head": [
                -0.029394470155239105,
                -0.026283537968993187,
                -0.013755513355135918,
                0.009577048942446709,
                -0.0007076135952956975,
                0.028317483142018318,
            ],
        },
        "linear_relu_stack.0.bias": {
            "shape": [512],
            "norm": 0.47143477629357755,
            "head": [
                0.02864185906946659,
                -0.014140472747385502,
                -0.016607871279120445,
                -0.009929664433002472,
                0.008165791630744934,
                -0.03287653997540474,
            ],
        },
        "linear_relu_stack.2.weight": {
            "shape": [512, 512],
            "norm": 13.060900337271349,
            "head": [
                -0.04313529655337334,
                -0.014061303809285164,
                0.025287983939051628,
                0.018799418583512306,
                0.029869237914681435,
                0.01370258443057537,
            ],
        },
        "linear_relu_stack.2.bias": {
            "shape": [512],
            "norm": 0.588956770532543,
            "head": [
                0.014389588497579098,
                0.006487378850579262,
                -0.03517664223909378,
                0.0029641662258654833,
                -0.028195904567837715,
                0.003164479276165366,
            ],
        },
        "linear_relu_stack.4.weight": {
            "shape": [10, 512],
            "norm": 1.8296940587199828,
            "head": [
                0.01656336896121502,
                0.029826784506440163,
                -0.023632002994418144,
                0.02703503519296646,
                0.0008120381971821189,
                0.02768506109714508,
            ],
        },
        "linear_relu_stack.4.bias": [
            0.022730138152837753,
            -0.04136408865451813,
            -0.030599599704146385,
            -0.034101199358701706,
            -0.018774792551994324,
            -0.0360538512468338,
            -0.006440403405576944,
            -0.043610475957393646,
            0.007548724766820669,
            0.03558385372161865,
        ],
    }
}
# --- end of PyTorch's output ---


def test_quickstart():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
