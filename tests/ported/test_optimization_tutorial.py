"""Learn the Basics: Optimizing Model Parameters: the train and test loops.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/optimization_tutorial.py

Ported as programs/optimization_tutorial.py: `from torch import nn`, a map-style
`Dataset` with a transform, `DataLoader`, `nn.Flatten` + `nn.Sequential` MLP,
`nn.CrossEntropyLoss`, `torch.optim.SGD`, `model.train()`/`model.eval()`,
`(pred.argmax(1) == y).type(torch.float).sum().item()` under `no_grad`.

Compared with PyTorch: what it prints (the loss of the first batch and the test accuracy
and loss of each epoch) and the trained weights (640 training and 256 test images of the
bundled MNIST subset instead of FashionMNIST, 2 epochs instead of 10).

Tolerance: rtol 1e-5 (float32; the log prints 6 decimals, which agree exactly).

Randomness: seeded (`torch.manual_seed(0)`, the added line; layer initialisation): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "optimization_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Epoch 1
-------------------------------
loss: 2.290472  [   64/  640]
Test Error:\x20
 Accuracy: 10.5%, Avg loss: 2.295997\x20

Epoch 2
-------------------------------
loss: 2.289947  [   64/  640]
Test Error:\x20
 Accuracy: 10.5%, Avg loss: 2.295571\x20

Done!
"""
PYTORCH = {
    "weights": {
        "linear_relu_stack.0.weight": {
            "shape": [512, 784],
            "norm": 13.063029519373513,
            "head": [
                -0.00026738643646240234,
                0.019158700481057167,
                -0.029394470155239105,
                -0.026283537968993187,
                -0.013755513355135918,
                0.009577048942446709,
            ],
        },
        "linear_relu_stack.0.bias": {
            "shape": [512],
            "norm": 0.4711323582305562,
            "head": [
                0.03205183520913124,
                0.014224137179553509,
                0.028617119416594505,
                -0.014163495972752571,
                -0.016605865210294724,
                -0.00993005745112896,
            ],
        },
        "linear_relu_stack.2.weight": {
            "shape": [512, 512],
            "norm": 13.060965161915641,
            "head": [
                0.0217273086309433,
                0.04258238151669502,
                -0.04312143102288246,
                -0.014062430709600449,
                0.02529211714863777,
                0.018803345039486885,
            ],
        },
        "linear_relu_stack.2.bias": {
            "shape": [512],
            "norm": 0.5889156963257995,
            "head": [
                0.015632882714271545,
                0.026248037815093994,
                0.014396561309695244,
                0.006455394439399242,
                -0.0351552851498127,
                0.002977067604660988,
            ],
        },
        "linear_relu_stack.4.weight": {
            "shape": [10, 512],
            "norm": 1.8290543229550635,
            "head": [
                -0.029965046793222427,
                -0.009345190599560738,
                0.016566062346100807,
                0.029826907441020012,
                -0.023697659373283386,
                0.027069995179772377,
            ],
        },
        "linear_relu_stack.4.bias": [
            0.043176062405109406,
            0.04236945882439613,
            0.022684335708618164,
            -0.04144379496574402,
            -0.030431611463427544,
            -0.03447223827242851,
            -0.019222965463995934,
            -0.03549960255622864,
            -0.00611458346247673,
            -0.043873053044080734,
        ],
    }
}
# --- end of PyTorch's output ---


def test_optimization_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
