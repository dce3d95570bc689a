"""svd_lowrank and pca_lowrank calls, written once for both libraries: `draws(T)` runs them
from one seed (T being torch or autograd) and returns their outputs by name.

tools/make_lowrank_fixtures.py records PyTorch's in tests/data/lowrank_pytorch.npz;
tests/test_lowrank_pytorch.py compares. Needs only numpy.
"""

from __future__ import annotations

import numpy as np

RNG = np.random.default_rng(0)
TALL = RNG.standard_normal((8, 5))
WIDE = RNG.standard_normal((4, 7)).astype(np.float32)
BATCH = RNG.standard_normal((2, 6, 4))


def draws(T) -> dict:
    """Each call's (U, S, V), one seed for all (the order of the draws matters)."""
    T.manual_seed(1)
    calls = {
        "svd_tall": lambda: T.svd_lowrank(T.tensor(TALL), q=3),
        "svd_wide": lambda: T.svd_lowrank(T.tensor(WIDE), q=2, niter=1),
        "svd_mean": lambda: T.svd_lowrank(T.tensor(TALL), 2, 2, T.tensor(TALL[:1])),
        "svd_batch": lambda: T.svd_lowrank(T.tensor(BATCH), q=4, niter=0),
        "pca": lambda: T.pca_lowrank(T.tensor(TALL), q=2),
        "pca_raw": lambda: T.pca_lowrank(T.tensor(TALL), center=False, niter=0),
    }
    out = {}
    for name, call in calls.items():
        for part, value in zip("USV", call()):
            out[f"{name}.{part}"] = value.detach().numpy().copy()
    return out
