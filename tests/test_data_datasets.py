"""Tests for nn.data.idx and nn.data.datasets: IDX round trips and errors, the offline sets."""

import gzip

import numpy as np
import pytest

from nn.data import (
    admission,
    ladder_images,
    load_digits,
    load_mnist,
    logic_gate,
    make_moons,
    read_idx,
    write_idx,
)
from nn.data.datasets import MNIST_SUBSET

# ------------------------------------------------------------------------------- IDX


@pytest.mark.parametrize("dtype", ["u1", "i1", "i2", "i4", "f4", "f8"])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip(tmp_path, dtype, suffix):
    rng = np.random.default_rng(0)
    a = (rng.normal(size=(3, 5, 4)) * 50).astype(dtype)
    path = tmp_path / ("a.idx" + suffix)
    write_idx(path, a)
    b = read_idx(path)
    assert b.dtype == a.dtype and b.shape == a.shape
    np.testing.assert_array_equal(a, b)


def test_idx_layout_is_the_standard_one(tmp_path):
    path = tmp_path / "labels-idx1-ubyte"
    write_idx(path, np.array([5, 0, 4], np.uint8))
    # magic 0x00000801 (uint8, 1 dimension), the size 3 big-endian, then the bytes
    assert path.read_bytes() == bytes([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4])
    path = tmp_path / "images-idx3-ubyte.gz"
    write_idx(path, np.zeros((2, 28, 28), np.uint8))
    raw = gzip.decompress(path.read_bytes())
    assert raw[:16] == bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28])
    # a big-endian float file written by hand
    path = tmp_path / "f.idx"
    path.write_bytes(bytes([0, 0, 0x0D, 1, 0, 0, 0, 2]) + np.array([1.5, -2], ">f4").tobytes())
    np.testing.assert_array_equal(read_idx(path), [1.5, -2.0])


def test_idx_truncated_data(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte"
    write_idx(path, np.ones((4, 3, 3), np.uint8))
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte.*truncated"):
        read_idx(path)


def test_idx_truncated_header_and_gzip(tmp_path):
    path = tmp_path / "x.idx"
    path.write_bytes(bytes([0, 0, 8, 3, 0, 0, 0, 2]))
    with pytest.raises(ValueError, match="x.idx.*truncated IDX header"):
        read_idx(path)
    gz = tmp_path / "y.idx.gz"
    write_idx(gz, np.ones((50, 50), np.uint8))
    gz.write_bytes(gz.read_bytes()[:20])
    with pytest.raises(ValueError, match="y.idx.gz.*gzip"):
        read_idx(gz)


def test_idx_foreign_files(tmp_path):
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    with pytest.raises(ValueError, match="picture.png.*magic number"):
        read_idx(png)
    bad_code = tmp_path / "code.idx"
    bad_code.write_bytes(bytes([0, 0, 0x42, 1, 0, 0, 0, 1, 7]))
    with pytest.raises(ValueError, match="code.idx.*dtype code 0x42"):
        read_idx(bad_code)
    fake_gz = tmp_path / "plain.gz"
    fake_gz.write_bytes(bytes([0, 0, 8, 1, 0, 0, 0, 1, 7]))
    with pytest.raises(ValueError, match="plain.gz.*not a gzip"):
        read_idx(fake_gz)
    trailing = tmp_path / "long.idx"
    trailing.write_bytes(bytes([0, 0, 8, 1, 0, 0, 0, 1, 7, 7]))
    with pytest.raises(ValueError, match="long.idx.*trailing"):
        read_idx(trailing)
    with pytest.raises(ValueError, match="dtype"):
        write_idx(tmp_path / "z.idx", np.zeros(3, np.int64))


# ---------------------------------------------------------------------------- MNIST


@pytest.fixture
def no_mnist_cache(tmp_path, monkeypatch):
    """Hide any real MNIST in the default cache folders."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GRAPHGRAD_DATA", raising=False)


def test_shipped_subset(no_mnist_cache):
    assert MNIST_SUBSET.stat().st_size < 5_000_000
    (xtr, ytr), (xte, yte) = load_mnist()
    assert xtr.shape == (5000, 1, 28, 28) and xte.shape == (1000, 1, 28, 28)
    assert xtr.dtype == np.float32 and ytr.dtype == np.int64
    assert ytr.shape == (5000,) and yte.shape == (1000,)
    assert 0.0 <= xtr.min() and xtr.max() == 1.0
    for y in (ytr, yte):
        counts = np.bincount(y, minlength=10)
        assert set(np.unique(y)) == set(range(10))
        assert counts.min() > 0.06 * len(y) and counts.max() < 0.14 * len(y)
    # real digits: about 19% of MNIST pixels are ink, and the border is blank
    assert 0.1 < (xtr > 0.5).mean() < 0.3
    assert xtr[:, :, 0, :].max() < 0.5
    with np.load(MNIST_SUBSET) as f:
        assert f["x_train"].dtype == np.uint8
        assert len(np.unique(f["train_index"])) == 5000


def test_mnist_options(no_mnist_cache):
    (xtr, ytr), (xte, yte) = load_mnist(flatten=True, n_train=300, n_test=100, seed=3)
    assert xtr.shape == (300, 784) and xte.shape == (100, 784)
    (xtr2, ytr2), _ = load_mnist(flatten=True, n_train=300, n_test=100, seed=3)
    np.testing.assert_array_equal(ytr, ytr2)


def test_mnist_reads_idx_files_and_cache(tmp_path, no_mnist_cache, monkeypatch):
    rng = np.random.default_rng(0)
    root = tmp_path / "mnist"
    root.mkdir()
    imgs = rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 7).astype(np.uint8)
    write_idx(root / "train-images-idx3-ubyte.gz", imgs)
    write_idx(root / "train-labels-idx1-ubyte.gz", labels)
    write_idx(root / "t10k-images.idx3-ubyte", imgs[:3])  # the dotted spelling
    write_idx(root / "t10k-labels-idx1-ubyte", labels[:3])
    (xtr, ytr), (xte, yte) = load_mnist(root)
    assert xtr.shape == (7, 1, 28, 28) and xte.shape == (3, 1, 28, 28)
    np.testing.assert_array_equal(ytr, labels)
    np.testing.assert_allclose(xtr[:, 0] * 255, imgs, atol=1e-3)
    # found through $GRAPHGRAD_DATA/mnist as well
    monkeypatch.setenv("GRAPHGRAD_DATA", str(tmp_path))
    (xtr, _), _ = load_mnist(subset=False)
    assert len(xtr) == 7


def test_mnist_missing_files_error(tmp_path, no_mnist_cache):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        load_mnist(tmp_path, subset=False)


# --------------------------------------------------------------------------- others


def test_load_digits():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
    X4, _ = load_digits(flatten=False)
    assert X4.shape == (1797, 1, 8, 8)
    np.testing.assert_array_equal(X4.reshape(1797, 64), X)


def test_logic_gates():
    X, y = logic_gate("xor")
    assert X.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    truth = {"xor": a ^ b, "and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b)}
    for name, expected in truth.items():
        np.testing.assert_array_equal(logic_gate(name.upper())[1], expected.astype(int))
    with pytest.raises(ValueError, match="unknown logic gate"):
        logic_gate("implies")


def test_ladder_images():
    X, y = ladder_images()
    assert X.shape == (16, 4) and y.shape == (16,)
    assert len({tuple(r) for r in X}) == 16  # all 16 binary images
    # pixels: top-left, top-right, bottom-left, bottom-right (1 = dark)
    ladders = {tuple(r) for r in X[y == 1].astype(int)}
    assert ladders == {(1, 0, 1, 1), (0, 1, 1, 1)}
    Xi, yi = ladder_images(flatten=False)
    assert Xi.shape == (16, 1, 2, 2)
    np.testing.assert_array_equal(Xi[y == 1][0, 0], [[0, 1], [1, 1]])
    Xn, yn = ladder_images(copies=5, noise=0.1, seed=1)
    assert Xn.shape == (80, 4) and yn.sum() == 10
    assert 0 <= Xn.min() and Xn.max() <= 1 and not np.array_equal(Xn[:16], X)
    np.testing.assert_array_equal(Xn, ladder_images(copies=5, noise=0.1, seed=1)[0])


def test_make_moons_and_admission():
    X, y = make_moons(100, noise=0.1, seed=0)
    assert X.shape == (100, 2) and X.dtype == np.float32 and set(y) == {0, 1}
    np.testing.assert_array_equal(X, make_moons(100, noise=0.1, seed=0)[0])
    X, y = admission(2000, seed=0)
    assert X.shape == (2000, 2) and X.dtype == np.float32 and y.dtype == np.int64
    assert 0 <= X[:, 0].min() and X[:, 0].max() <= 100
    assert 2 <= X[:, 1].min() and X[:, 1].max() <= 5
    assert 0.3 < y.mean() < 0.7
    # admitted candidates have better exams and grades
    assert X[y == 1].mean(0)[0] > X[y == 0].mean(0)[0] + 5
    assert X[y == 1].mean(0)[1] > X[y == 0].mean(0)[1]
    np.testing.assert_array_equal(y, admission(2000, seed=0)[1])
    assert not np.array_equal(y, admission(2000, seed=1)[1])
