"""Gradients of a one-layer scorer, and vector-Jacobian products that accumulate.

A single linear layer scores four independent yes/no questions from six features;
its binary cross-entropy (with logits) is differentiated with respect to the weights
and the bias. Then it shows which tensors are tracked (under `no_grad`, after
`detach()`), and calls `backward` three times on a non-scalar output with an explicit
vector, letting the gradient accumulate before zeroing it.

Idioms: `torch.randn(..., requires_grad=True)`, `torch.matmul` of a vector and a matrix,
`torch.nn.functional` reached as an attribute of `torch`,
`binary_cross_entropy_with_logits`, printing `grad_fn` and `requires_grad`,
`torch.eye(4, 5, requires_grad=True)`, `.pow(2).t()`,
`backward(torch.ones_like(out), retain_graph=True)`, `inp.grad.zero_()`.

In the manner of the PyTorch tutorials' "Automatic Differentiation with torch.autograd".
"""

import autograd as torch

torch.manual_seed(0)

n_features, n_questions = 6, 4
features = torch.tensor([1.0, 0.0, 2.0, -1.0, 0.5, 1.0])  # one example
answers = torch.tensor([1.0, 0.0, 0.0, 1.0])  # its four yes/no answers
w = torch.randn(n_features, n_questions, requires_grad=True)
b = torch.randn(n_questions, requires_grad=True)


def score(x):
    """The logits of the four questions for one feature vector."""
    return torch.matmul(x, w) + b


logits = score(features)
loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, answers)
print(f"logits are made by {logits.grad_fn}")
print(f"the loss is made by {loss.grad_fn}")

loss.backward()
print(w.grad)
print(b.grad)

# Which results are tracked?
tracked = score(features)
print(tracked.requires_grad)
with torch.no_grad():
    untracked = score(features)
print(untracked.requires_grad)
frozen = tracked.detach()
print(frozen.requires_grad)

# A non-scalar output: backward needs the vector of a vector-Jacobian product.
inp = torch.eye(4, 5, requires_grad=True)
out = (3 * inp - 1).pow(2).t()
for title in ("first backward", "second backward (the gradient accumulates)"):
    out.backward(torch.ones_like(out), retain_graph=True)
    print(title)
    print(inp.grad)
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print("after zeroing the gradient")
print(inp.grad)
