"""nn.save / nn.load: round trips, atomic writes, and clear errors for bad files."""

import os
import pickle
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

import nn
from autograd import Tensor


def _state():
    return OrderedDict(
        [
            ("z.weight", np.arange(6, dtype=np.float32).reshape(2, 3)),
            ("a.bias", np.array([1.5, -2.0], dtype=np.float64)),
            ("count", np.array(3, dtype=np.int64)),
            ("m.0.running_mean", Tensor(np.ones(2, dtype=np.float32))),
        ]
    )


def test_round_trip_keeps_order_and_dtypes(tmp_path):
    path = tmp_path / "model.npz"
    nn.save(_state(), path)
    back = nn.load(str(path))
    assert isinstance(back, OrderedDict)
    assert list(back) == ["z.weight", "a.bias", "count", "m.0.running_mean"]
    for k, v in _state().items():
        v = v.data if isinstance(v, Tensor) else v
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        np.testing.assert_array_equal(back[k], v)
    assert not list(tmp_path.glob(".tmp-*"))  # no leftovers


def test_model_round_trip(tmp_path):
    a = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    b = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    nn.save(a.state_dict(), tmp_path / "m.npz")
    b.load_state_dict(nn.load(tmp_path / "m.npz"))
    x = Tensor(np.ones((2, 3), dtype=np.float32))
    np.testing.assert_array_equal(a(x).data, b(x).data)


def test_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    nn.save({"w": np.zeros(3)}, path)

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.zeros(3))  # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_failure_while_writing_leaves_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    nn.save({"w": np.zeros(3)}, path)

    def fail(*args, **kwargs):
        raise RuntimeError("crash mid-write")

    monkeypatch.setattr(np, "savez", fail)
    with pytest.raises(RuntimeError):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.zeros(3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_truncated_file(tmp_path):
    path = tmp_path / "m.npz"
    nn.save({f"w{i}": np.random.default_rng(i).standard_normal(100) for i in range(5)}, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"m\.npz.*(truncated|corrupt)"):
        nn.load(path)


def test_foreign_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, not an archive")
    with pytest.raises(ValueError, match=r"notes\.txt.*not an \.npz"):
        nn.load(path)
    npy = tmp_path / "a.npy"
    np.save(npy, np.zeros(3))
    with pytest.raises(ValueError, match=r"a\.npy"):
        nn.load(npy)
    pkl = tmp_path / "p.npz"
    pkl.write_bytes(pickle.dumps({"w": np.zeros(2)}))
    with pytest.raises(ValueError, match=r"p\.npz"):
        nn.load(pkl)


def test_pickled_object_arrays_refused(tmp_path):
    path = tmp_path / "obj.npz"
    np.savez(path, w=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ValueError, match=r"obj\.npz.*pickled"):
        nn.load(path)
    with pytest.raises(ValueError, match="numeric"):
        nn.save({"w": np.array([object()], dtype=object)}, tmp_path / "x.npz")


def test_str_and_path_and_plain_npz(tmp_path):
    p = Path(tmp_path) / "plain.npz"
    np.savez(p, b=np.ones(2), a=np.zeros(1))  # written by numpy directly: file order is kept
    assert list(nn.load(str(p))) == ["b", "a"]
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")
