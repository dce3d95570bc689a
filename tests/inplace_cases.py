"""Programs that change a tensor in place after an op used it, written once for both
libraries: Python source run with `A` bound to torch or to autograd (and `F` to its
functional module). Each leaves `result`, a list of tensors (gradients) or None.

tools/make_inplace_fixtures.py runs them with PyTorch, adds random chains of uses and
in-place changes (`random_program`), and records each program's answer (the gradients, or
that PyTorch refuses the backward) in tests/data/inplace_pytorch.json;
tests/test_inplace_pytorch.py runs them with graphgrad and compares. Needs only numpy.
"""

from __future__ import annotations

import random

LEAVES = """\
x = A.tensor([0.5, -1.25, 2.0], dtype=A.float64, requires_grad=True)
w = A.tensor([1.5, 0.75, -0.5], dtype=A.float64, requires_grad=True)
"""

# name -> program (after LEAVES)
CASES: dict[str, str] = {
    # the four examples: PyTorch runs them (the backward does not read the changed value)
    "mul_then_add_": "h = x * 2\ny = h * 3\nh.add_(1)\ny.sum().backward()\nresult = [x.grad]",
    "add_then_iadd": "y = x * 1\nz = y + 1\ny += 1\nz.sum().backward()\nresult = [x.grad]",
    "sum_then_mul_": "h = x * 1\na = h.sum()\nh.mul_(2)\na.backward()\nresult = [x.grad]",
    "view_relu_": (
        "out = (x * 1).view(-1)\ns = out[0] + 0\nout.relu_()\n(s + out.sum() * 10).backward()\n"
        "result = [x.grad]"
    ),
    # ... and where its backward reads the value: refused
    "mul_by_itself": "h = x * 1\ny = h * h\nh.add_(1)\ny.sum().backward()\nresult = [x.grad]",
    "mul_by_w_then_change": (
        "h = x * 1\ny = h * w\nh.add_(1)\ny.sum().backward()\nresult = [x.grad]"
    ),
    "exp_output_changed": "h = x.exp()\nh.add_(1)\nh.sum().backward()\nresult = [x.grad]",
    "relu_output_changed": "h = x.relu()\nh.mul_(2)\nh.sum().backward()\nresult = [x.grad]",
    "sigmoid_then_iadd": "h = x.sigmoid()\nh += 1\nh.sum().backward()\nresult = [x.grad]",
    "tanh_then_zero_": "h = x.tanh()\nh.zero_()\nh.sum().backward()\nresult = [x.grad]",
    "sin_input_changed": "h = x * 1\ny = h.sin()\nh.mul_(3)\ny.sum().backward()\nresult = [x.grad]",
    "log_softmax_output_changed": (
        "h = x.log_softmax(0)\nh.mul_(2)\nh.sum().backward()\nresult = [x.grad]"
    ),
    # the weight's value is read only for the input's gradient
    "w_changed_input_needs_no_grad": (
        "xc = x.detach()\ny = xc * w\nwith A.no_grad():\n    w.add_(1)\ny.sum().backward()\n"
        "result = [w.grad]"
    ),
    "w_changed_input_needs_grad": (
        "h = x * 1\ny = h * w\nwith A.no_grad():\n    w.add_(1)\ny.sum().backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "matmul_other_changed": (
        "h = x * 1\ny = h @ w\nwith A.no_grad():\n    w.mul_(2)\ny.backward()\nresult = [x.grad]"
    ),
    "linear_weight_changed_x_constant": (
        "W = A.stack([w, w * 2])\ny = F.linear(x.detach(), W)\nwith A.no_grad():\n"
        "    W.add_(1)\ny.sum().backward()\nresult = [w.grad]"
    ),
    "linear_weight_changed_x_needs_grad": (
        "W = A.stack([w, w * 2])\ny = F.linear(x * 1, W)\nwith A.no_grad():\n"
        "    W.add_(1)\ny.sum().backward()\nresult = [x.grad, w.grad]"
    ),
    # each use goes to the version it saw
    "three_changes_in_a_row": (
        "h = x * 1\na = h * 2\nh.mul_(w)\nb = h + 0\nh.add_(x)\nc = h.sum()\nh.mul_(2)\n"
        "(a.sum() + 2 * b.sum() + 3 * c + 4 * h.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    "uses_between_changes": (
        "h = x * 1\nys = []\nfor k in range(3):\n    ys.append(h[k] * (k + 1))\n"
        "    h.mul_(w)\n(sum(ys) + h.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    "iadd_in_a_loop": (
        "s = x * 0\nparts = []\nfor k in range(3):\n    parts.append(s.sum())\n    s += x * w\n"
        "(sum(parts) + s.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    # views: a base changed through a view, and views of a changed base
    "view_add_base_used_after": (
        "b = x * 1\nv = b[1:]\nv.mul_(w[1:])\n(b * b).sum().backward()\nresult = [x.grad, w.grad]"
    ),
    "view_changed_base_used_before": (
        "b = x * 1\ns = b.sum()\nv = b[:2]\nv.mul_(3)\n(s + b.sum()).backward()\nresult = [x.grad]"
    ),
    "two_views_one_changed": (
        "b = x * 1\nv = b[:1]\nu = b[1:]\nt = u * 1\nv.mul_(w[0])\n(t.sum() + b.sum()).backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "view_of_view": (
        "b = (x * 1).view(3, 1)\nv = b.t()[0, 1:]\nv.add_(w[1:])\nv.mul_(2)\n"
        "(b.sum() * b.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    "setitem_then_earlier_use": (
        "b = x * 1\nc = b + w\nb[1] = w[0] * 5\n(c.sum() + (b * b).sum()).backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "view_changed_then_relu_used": (
        "b = x * 1\nr = b.relu()\nb[0:2].add_(10)\nr.sum().backward()\nresult = [x.grad]"
    ),
    # the engine: retain_graph, hooks, create_graph, autograd.grad
    "retain_graph_twice": (
        "h = x * 2\ny = h * 3\nh.add_(1)\nl = (y * w).sum() + h.sum()\n"
        "l.backward(retain_graph=True)\n"
        "l.backward()\nresult = [x.grad]"
    ),
    "hook_on_changed_tensor": (
        "h = x * 2\nh.register_hook(lambda g: g * 10)\ny = h * 3\nh.add_(1)\n"
        "(y.sum() + h.sum()).backward()\nresult = [x.grad]"
    ),
    "create_graph_second_order": (
        "h = x * x\ny = h * 3\nh.add_(w)\nl = (y * w).sum() + (h * h).sum()\n"
        "gx, = A.autograd.grad(l, [x], create_graph=True)\n(gx * gx).sum().backward()\n"
        "result = [gx, x.grad, w.grad]"
    ),
    "grad_with_inputs": (
        "h = x * w\ny = h.sum()\nh.mul_(2)\nz = h.sum()\n"
        "result = list(A.autograd.grad(y + 3 * z, [x, w]))"
    ),
    "backward_inputs": (
        "h = x * w\ny = h.sum()\nh.mul_(2)\n(y + h.sum()).backward(inputs=[w])\nresult = [w.grad]"
    ),
    "change_under_no_grad": (
        "h = x * 2\ny = h + w\nwith A.no_grad():\n    h.mul_(5)\n(y.sum() + h.sum()).backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "change_under_no_grad_read": (
        "h = x * 2\ny = h.exp()\nwith A.no_grad():\n    y.mul_(5)\ny.sum().backward()\n"
        "result = [x.grad]"
    ),
    "detached_copy_changed": (
        "h = x * 2\ny = h * 3\nd = h.detach()\nd.add_(1)\ny.sum().backward()\nresult = [x.grad]"
    ),
    "detached_copy_changed_read": (
        "h = x * 2\ny = h * h\nd = h.detach()\nd.add_(1)\ny.sum().backward()\nresult = [x.grad]"
    ),
    "inplace_view_op": (
        "h = (x * 1).view(3, 1)\nz = h + 1\nh.t_()\n(z.sum() + (h * w).sum()).backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "cat_stack_then_change": (
        "h = x * 1\nc = A.cat([h, w])\ns = A.stack([h, w])\nh.mul_(w)\n"
        "(c.sum() + (s * s).sum() + h.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    "expand_transpose_then_change": (
        "h = x * 1\ne = h.expand(2, 3)\nt = h.view(3, 1).t()\nl = e.sum() + 2 * t.sum()\n"
        "h.sub_(w)\n(l + h.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    # graphgrad refuses this one (PyTorch regenerates the view's node from its base's)
    "view_used_after_base_changed": (
        "h = x * 1\nt = h.view(3, 1).t()\nh.sub_(w)\n(2 * t.sum() + h.sum()).backward()\n"
        "result = [x.grad, w.grad]"
    ),
    "div_then_change": (
        "h = x * 1\nq = h / w\nr = w / (h + 3)\nh.add_(1)\n(q.sum() + r.sum()).backward()\n"
        "result = [x.grad]"
    ),
    "div_by_constant_then_change": (
        "h = x * 1\nq = h / w.detach()\nh.add_(1)\nq.sum().backward()\nresult = [x.grad]"
    ),
    "div_by_changed": ("h = x * 1\nq = w / h\nh.add_(1)\nq.sum().backward()\nresult = [x.grad]"),
    "pow_input_changed": "h = x * 1\ny = h ** 2\nh.add_(1)\ny.sum().backward()\nresult = [x.grad]",
    "mean_neg_rsub_then_change": (
        "h = x * 1\na = h.mean()\nb = -h\nc = 1 - h\nh.mul_(w)\n"
        "(a + (b * w).sum() + c.sum()).backward()\nresult = [x.grad, w.grad]"
    ),
    "index_tensor_then_change": (
        "h = x * 1\ni = A.tensor([2, 0, 2])\ny = h[i]\nh.mul_(2)\ny.sum().backward()\n"
        "result = [x.grad]"
    ),
    "softmax_output_changed": (
        "h = x.softmax(0)\nh.mul_(2)\nh.sum().backward()\nresult = [x.grad]"
    ),
    "softmax_input_changed": (
        "h = x * 1\ny = h.softmax(0)\nh.mul_(2)\n(y * w).sum().backward()\nresult = [x.grad]"
    ),
    "relu_inplace_after_linear": (
        "W = A.stack([w, w * -2])\ny = F.linear(x * 1, W)\nF.relu(y, inplace=True)\n"
        "y.sum().backward()\nresult = [x.grad, w.grad]"
    ),
}


# ------------------------------------------------------------ random chains
USES = [  # (source, kinds of value it takes: v a value of any shape, v3 one of shape (3,))
    ("{v} + w", "v3"),
    ("{v} * w", "v3"),
    ("{v} * 2", "v"),
    ("{v} / w", "v3"),
    ("w / ({v} + 4)", "v3"),
    ("{v} - 1", "v"),
    ("1 - {v}", "v"),
    ("-{v}", "v"),
    ("{v}.exp()", "v"),
    ("{v}.tanh()", "v"),
    ("{v}.sigmoid()", "v"),
    ("{v}.relu()", "v"),
    ("{v}.sin()", "v"),
    ("{v} ** 2", "v"),
    ("{v}.sum()", "v"),
    ("{v}.mean()", "v"),
    ("{v}.view(3, 1)", "v3"),
    ("{v}[1:]", "v3"),
    ("{v}[::2]", "v3"),  # (not x[0]: graphgrad's element of a 1-d tensor is a copy)
    ("A.cat([{v}, w])", "v3"),
    ("A.stack([{v}, w])", "v3"),
    ("{v} @ w", "v3"),
    ("{v}.log_softmax(0)", "v3"),
    ("{v}.unsqueeze(0)", "v3"),
    ("{v}.expand(2, 3)", "v3"),
    ("{v}.clone()", "v"),
]
CHANGES = [
    ("{v}.add_(1)", "v"),
    ("{v}.mul_(2)", "v"),
    ("{v}.mul_(w)", "v3"),
    ("{v}.add_(w)", "v3"),
    ("{v} += 1", "v"),
    ("{v} *= 3", "v"),
    ("{v}.sub_(0.5)", "v"),
    ("{v}.div_(2)", "v"),
    ("{v}.relu_()", "v"),
    ("{v}.sigmoid_()", "v"),
    ("{v}.exp_()", "v"),
    ("{v}.zero_()", "v"),
    ("{v}.clamp_(-1, 1)", "v"),
    ("{v}.copy_(w * 4)", "v3"),
    ("with A.no_grad():\n    {v}.mul_(2)", "v"),
]


def random_program(rng: random.Random, shape_of) -> str:
    """A random chain: values made from x and w by uses (USES), some changed in place
    (CHANGES) between them, and a loss summing every value with its own weight.
    `shape_of(lines)` runs the program so far (with PyTorch) and returns each value's shape,
    or None if it raised (the line is dropped: only programs whose forward runs)."""
    lines = ["h0 = x * 1"]
    shapes = shape_of(lines)
    n = 1
    for _ in range(rng.randint(3, 8)):
        table = CHANGES if rng.random() < 0.45 else USES
        for _attempt in range(10):
            text, kind = rng.choice(table)
            names = [k for k, s in shapes.items() if kind == "v" or s == (3,)]
            if table is CHANGES:  # not an expand (PyTorch refuses the change itself)
                names = [k for k in names if k[0] == "h"]
            if not names:
                continue
            v = rng.choice(names)
            line = text.format(v=v)
            if table is USES:
                name = ("e" if "expand" in text else "h") + str(n)
                line = f"{name} = {line}"
            new = shape_of([*lines, line])
            if new is not None:
                lines.append(line)
                shapes = new
                if table is USES:
                    n += 1
                break
    total = " + ".join(f"{i + 1} * {k}.sum()" for i, k in enumerate(sorted(shapes)))
    lines += [f"({total}).backward()", "result = [x.grad, w.grad]"]
    return "\n".join(lines)
