"""A tour of tensors for text work: building, slicing, joining, reshaping, and autograd.

Small word-count matrices and random embedding blocks are built, indexed down to single
numbers, concatenated along either axis and reshaped; then a sum of products is
differentiated, and tracking is switched on later with `requires_grad_()`, cut with
`detach()` and suspended with `no_grad()`.

Idioms: `torch.tensor` of nested lists (1-d, 2-d, 3-d), indexing to a 0-d tensor and
`.item()`, `torch.randn((3, 4, 5))` (a size as one tuple), `torch.cat` along rows
(default) and columns (`1`), `view(2, 12)` and `view(2, -1)`, `requires_grad=True`,
printing `grad_fn` (None for leaves and detached tensors), `s.backward()`,
`requires_grad_()`, `detach()`, `torch.no_grad()`.

In the manner of the PyTorch tutorials' "Introduction to PyTorch" (Deep Learning for NLP).
"""

import autograd as torch

torch.manual_seed(1)

# --- building tensors from Python lists
counts = torch.tensor([3.0, 0.0, 1.0])  # how often three words occur in one sentence
print(counts)
doc_term = torch.tensor([[1.0, 0.0, 2.0], [0.0, 4.0, 1.0]])  # two documents
print(doc_term)
batches = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])
print(batches)

# --- indexing: down to a 0-d tensor, then a Python number
print(counts[0])
print(counts[0].item())
print(doc_term[1])
print(batches[1][0])

# --- random blocks: a size given as one tuple
block = torch.randn((3, 4, 5))
print(block)

# --- joining: rows by default, columns with a dimension
head = torch.randn(2, 4)
tail = torch.randn(3, 4)
print(torch.cat([head, tail]))
left = torch.randn(2, 3)
right = torch.randn(2, 2)
print(torch.cat([left, right], 1))

# --- reshaping a (2, 3, 4) block into rows
grid = torch.randn(2, 3, 4)
print(grid.view(2, 12))
print(grid.view(2, -1))

# --- autograd: the graph is recorded as the result is computed
u = torch.tensor([2.0, 3.0, 5.0], requires_grad=True)
v = torch.tensor([1.0, -1.0, 0.5], requires_grad=True)
w = u * v + u
print(w)
print(w.grad_fn)
s = w.sum()
print(s)
print(s.grad_fn)
s.backward()
print(u.grad)
print(v.grad)

# --- switching tracking on later, cutting the graph, suspending it
a = torch.randn(2, 2)
b = torch.randn(2, 2)
print(a.requires_grad, b.requires_grad)
c = a * b
print(c.grad_fn)
a.requires_grad_()
b.requires_grad_()
c = a * b
print(c.grad_fn)
c_cut = c.detach()
print(c_cut.grad_fn)
print(c.requires_grad, c_cut.requires_grad)
print((a**2).requires_grad)
with torch.no_grad():
    print((a**2).requires_grad)
