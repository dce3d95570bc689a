"""Training and evaluating a small MLP on the bundled MNIST subset.

programs/optimization_tutorial.py, in the manner of the PyTorch tutorials' "Optimizing
Model Parameters": `from torch import nn`, a map-style `Dataset` with a transform,
`DataLoader` (shuffled), `nn.Flatten` + `nn.Sequential` MLP, `nn.CrossEntropyLoss`,
`torch.optim.SGD`, `model.train()`/`model.eval()`,
`(pred.argmax(1) == y).type(torch.float).sum().item()` under `no_grad`.

Compared with PyTorch: what it prints (the loss every 5 batches, the held-out accuracy
and loss of each epoch) and the trained weights (512 training and 200 test images, 2
epochs).

Tolerance: rtol 1e-5 (float32; the log prints 6 decimals).

Randomness: seeded by the program (`torch.manual_seed(0)`; layer initialisation and the
loader's shuffle): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "optimization_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
epoch 1
  step   0  loss 2.316800  [32/512]
  step   5  loss 2.249444  [192/512]
  step  10  loss 2.236184  [352/512]
  step  15  loss 2.180037  [512/512]
  held out: accuracy 43.5%  mean loss 2.115576
epoch 2
  step   0  loss 2.005219  [32/512]
  step   5  loss 1.992287  [192/512]
  step  10  loss 1.944818  [352/512]
  step  15  loss 1.417125  [512/512]
  held out: accuracy 48.5%  mean loss 1.573300
"""
PYTORCH = {
    "weights": {
        "layers.0.weight": {
            "shape": [64, 784],
            "norm": 4.873051024880428,
            "head": [
                -0.00026738643646240234,
                0.019158700481057167,
                -0.029394470155239105,
                -0.026283537968993187,
                -0.013755513355135918,
                0.009577048942446709,
            ],
        },
        "layers.0.bias": {
            "shape": [64],
            "norm": 0.2084746751547365,
            "head": [
                0.05310072377324104,
                0.034796714782714844,
                0.009891760535538197,
                0.03832269459962845,
                0.017204241827130318,
                0.021762698888778687,
            ],
        },
        "layers.2.weight": {
            "shape": [64, 64],
            "norm": 4.850754720910714,
            "head": [
                -0.0655275508761406,
                -0.007012259680777788,
                -0.0492166168987751,
                0.03518702834844589,
                0.0511648915708065,
                -0.009061678312718868,
            ],
        },
        "layers.2.bias": {
            "shape": [64],
            "norm": 0.624708243808924,
            "head": [
                0.1380167454481125,
                -0.0383707694709301,
                0.03691799193620682,
                0.09685677289962769,
                0.1046423390507698,
                0.07211482524871826,
            ],
        },
        "layers.4.weight": {
            "shape": [10, 64],
            "norm": 2.386975097572783,
            "head": [
                0.11559521406888962,
                -0.014161128550767899,
                0.09830031543970108,
                -0.049502257257699966,
                -0.08384449779987335,
                0.1259583830833435,
            ],
        },
        "layers.4.bias": [
            -0.1998056322336197,
            0.10044854879379272,
            -0.0036005876027047634,
            -0.014848597347736359,
            0.12392659485340118,
            0.058665379881858826,
            -0.06371250748634338,
            0.02929164655506611,
            0.01946284994482994,
            -0.06605590134859085,
        ],
    }
}
# --- end of PyTorch's output ---


def test_optimization_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
