"""The forward-forward algorithm on the bundled digits: each layer (a `nn.Linear`
subclass with its own Adam) trained on the goodness of positive and negative data,
without backpropagation between layers: programs/mnist_forward_forward.py, in the manner
of pytorch/examples' mnist_forward_forward.

Idioms: a `Linear` subclass calling `super().__init__(in, out, bias, device, dtype)`
positionally, that overrides `train` (and a Module whose `train` is overridden too, with
its layers in a plain list), `x.norm(2, 1, keepdim=True)`, `self.weight.T`, `torch.mm`,
`torch.log1p(torch.exp(...))`, `z[:, :10] *= 0.0` and `z[range(n), y] = x.max()`
(in-place on a clone), `torch.tensor(list)[torch.randint(k, size=(1,))].item()` written
into `wrong[i]`, `sum()` of a list of tensors, `next(iter(DataLoader))` over a dataset
with a composed transform, and `.eq(y).float().mean()`.

Compared with PyTorch: the training losses of both layers (30 Adam steps each, logged
every 10) and the train and test errors (200 training and 100 test images of the
bundled MNIST subset); the wrong labels drawn and the second layer's bias after
training.

Tolerance: rtol 2e-5 on what is printed (float32: the losses print 6 decimals, ~1e-7
relative apart after 30 Adam steps on a 784x120 layer; the errors are exact fractions);
rtol 1e-4 on the recorded tensors.

Randomness: seeded by the program (`--seed 5`: the initial weights and the wrong labels):
equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "mnist_forward_forward"
ARGV = "--rounds 30 --every 10 --n-train 200 --n-test 100"
RECORD = {"layers.1.bias": "net.layers[1].bias", "y_neg": "y_neg"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
layer 0
  round  0: softplus loss 0.951281
  round 10: softplus loss 0.700820
  round 20: softplus loss 0.704724
layer 1
  round  0: softplus loss 0.950463
  round 10: softplus loss 0.754049
  round 20: softplus loss 0.714011
train error 0.8900, test error 0.9200
"""
PYTORCH = {
    "layers.1.bias": {
        "shape": [120],
        "norm": 1.5523853625725883,
        "head": [
            0.1929294914007187,
            0.17463460564613342,
            -0.08361630886793137,
            -0.08739987760782242,
            0.11460790783166885,
            -0.07335136085748672,
        ],
    },
    "y_neg": {"shape": [200], "norm": 74.51174404078863, "head": [9.0, 1.0, 4.0, 2.0, 7.0, 0.0]},
}
# --- end of PyTorch's output ---


def test_mnist_forward_forward():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=2e-5)
    assert_values(got.values, PYTORCH, rtol=1e-4)
