"""A tour of tensors on a small table of readings: creating, inspecting, indexing, joining,
arithmetic, in-place updates and the numpy bridge.

Each section prints what it made, so the run reads like a worked example: a 3 x 4 table of
readings (from a Python list), its ``*_like`` siblings, a random table, a column blanked by
assignment, tables joined side by side, products in the matrix and the elementwise sense
(also into preallocated ``out=`` tensors), a total turned into a Python number, in-place
updates, and a tensor and a numpy array sharing memory in both directions.

Idioms: ``torch.tensor(data)``, ``torch.from_numpy``, ``torch.ones_like``,
``torch.rand_like(x, dtype=torch.float)``, ``torch.rand(shape)``, ``torch.zeros``,
``torch.empty_like``, ``.shape``/``.dtype``/``.device``,
``torch.accelerator.is_available()`` and ``.to``, ``t[:, 1] = 0``, ``t[0]``/``t[..., -1]``,
``torch.cat(..., dim=1)``, ``torch.stack``, ``t.matmul``, ``@`` and ``.T``,
``torch.matmul(a, b, out=)``, ``t.mul``, ``*``, ``torch.mul(a, b, out=)``, f-strings of
tensors (``{t}``, ``{t:.2f}``), ``.sum().item()``, ``add_``/``mul_``, ``t.numpy()`` and
``np.add(n, 1, out=n)`` sharing memory.
In the manner of pytorch/tutorials' "Learn the Basics: Tensors".
"""

import numpy as np

import autograd as torch


def show(title: str, value) -> None:
    """Print one result under a heading."""
    print(f"-- {title}")
    print(value)


def main() -> None:
    torch.manual_seed(42)

    # creating
    readings = [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]]
    table = torch.tensor(readings)
    show("from a list", table)
    as_array = np.array(readings)
    show("from numpy", torch.from_numpy(as_array))
    show("ones like", torch.ones_like(table))
    show("random like, as float", torch.rand_like(table, dtype=torch.float))
    shape = (2, 3)
    show("random of a shape", torch.rand(shape))
    show("zeros", torch.zeros(shape))

    # inspecting
    grid = torch.rand(3, 4)
    print(f"shape {tuple(grid.shape)}, dtype {grid.dtype}, device {grid.device}")
    if torch.accelerator.is_available():
        grid = grid.to(torch.accelerator.current_accelerator())
    print("device after the accelerator check:", grid.device)

    # indexing
    floats = torch.tensor(readings, dtype=torch.float32)
    show("first row", floats[0])
    show("last column", floats[..., -1])
    floats[:, 1] = 0
    show("second column blanked", floats)

    # joining
    show("side by side", torch.cat([floats, grid, floats], dim=1))
    show("stacked", torch.stack([floats[0], floats[2]]))

    # arithmetic
    gram = floats.matmul(floats.T)
    show("floats times its transpose", gram)
    show("the same with @", floats @ floats.T)
    out = torch.zeros(3, 3)
    torch.matmul(floats, floats.T, out=out)
    show("matmul into out=", out)
    show("elementwise square", floats.mul(floats))
    show("elementwise with the random grid", floats * grid)
    squares = torch.empty_like(floats)
    torch.mul(floats, floats, out=squares)
    show("mul into out=", squares)

    total = floats.sum()
    print(f"total as a tensor: {total}; with a format spec: {total:.2f}")
    print(f"first row in an f-string: {floats[0]}")
    as_number = total.item()
    print("total", as_number, type(as_number).__name__)

    # in place
    floats.add_(10)
    show("after add_(10)", floats)
    floats.mul_(0.5)
    show("after mul_(0.5)", floats)

    # the numpy bridge
    counts = torch.ones(4)
    view = counts.numpy()
    counts.add_(2)
    print("tensor", counts, "array", view)
    buffer = np.zeros(3)
    shared = torch.from_numpy(buffer)
    np.add(buffer, 1.5, out=buffer)
    print("array", buffer, "tensor", shared)


if __name__ == "__main__":
    main()
