"""Record PyTorch's affine_grid to the last bit, and grid_sample's gradient with respect
to the grid where its points fall on pixel centres, for tests/test_affine_grid_bits.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_affine_grid_fixtures.py

It writes tests/data/affine_grid_bits.npz: for sizes (N, C, H, W) and (N, C, D, H, W),
dtypes float32 and float64 and both align_corners, the grid of the identity transform
("grid.<dtype>.<align>.<shape>"); and, for an MNIST-sized identity warp (the spatial
transformer tutorial's start), the gradient of sum(grid_sample(x, grid) * w) with
respect to theta ("warp.theta_grad", with "warp.x" and "warp.w"), which depends on the
side of each pixel centre the grid's points fall (float32). "sample.<dtype>.<align>.
<mode>.<H>x<W>.{x,w,y,grad}": grid_sample of a random x on the identity grid, its output
and the gradient of sum(y * w) with respect to the grid (PyTorch's CPU kernel rounds
`(c + 1) * (n / 2) - 0.5` as one fused multiply-add, so a point can fall a bit below a
pixel centre, and the gradient there takes the left pair of taps).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "affine_grid_bits.npz"
SIZES = [(1, 1, 28, 28), (2, 1, 5, 7), (1, 1, 1, 3), (1, 1, 3, 4, 6), (1, 1, 64, 33)]

arrays: dict[str, np.ndarray] = {}
for dtype in (torch.float32, torch.float64):
    for align in (False, True):
        for size in SIZES:
            k = len(size) - 2
            theta = torch.eye(k, k + 1, dtype=dtype).expand(size[0], k, k + 1)
            grid = F.affine_grid(theta, size, align_corners=align)
            key = f"grid.{str(dtype)[6:]}.{int(align)}.{'x'.join(map(str, size))}"
            arrays[key] = grid.numpy()

rng = np.random.default_rng(0)
x = torch.tensor(rng.standard_normal((2, 1, 28, 28)), dtype=torch.float32)
w = torch.tensor(rng.standard_normal((2, 1, 28, 28)), dtype=torch.float32)
theta = torch.eye(2, 3).expand(2, 2, 3).clone().requires_grad_(True)
grid = F.affine_grid(theta, x.size(), align_corners=False)
(F.grid_sample(x, grid, align_corners=False) * w).sum().backward()
arrays["warp.x"], arrays["warp.w"] = x.numpy(), w.numpy()
arrays["warp.theta_grad"] = theta.grad.numpy()

for dtype in (torch.float32, torch.float64):
    for align in (False, True):
        for mode in ("bilinear", "bicubic"):
            for h, w_ in ((5, 7), (7, 5), (14, 15), (28, 28), (11, 11)):
                key = f"sample.{str(dtype)[6:]}.{int(align)}.{mode}.{h}x{w_}"
                x = torch.tensor(rng.standard_normal((1, 2, h, w_)), dtype=dtype)
                w = torch.tensor(rng.standard_normal((1, 2, h, w_)), dtype=dtype)
                theta = torch.eye(2, 3, dtype=dtype).unsqueeze(0)
                grid = F.affine_grid(theta, x.size(), align_corners=align).requires_grad_(True)
                y = F.grid_sample(x, grid, mode=mode, align_corners=align)
                (y * w).sum().backward()
                arrays[f"{key}.x"], arrays[f"{key}.w"] = x.numpy(), w.numpy()
                arrays[f"{key}.y"], arrays[f"{key}.grad"] = y.detach().numpy(), grid.grad.numpy()

np.savez_compressed(OUT, **arrays)
print(f"wrote {OUT.relative_to(OUT.parents[2])}: {len(arrays)} arrays")
