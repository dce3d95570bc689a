"""nn.save / nn.load: round trips, the archive's layout, atomic writes that keep modes and
follow symlinks, open files, the size bound, and clear errors for what cannot be saved."""

import io
import json
import os
import pickle
import stat
import tracemalloc
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

import nn
import optim
from autograd import Tensor
from nn import serialization


def _state():
    return OrderedDict(
        [
            ("z.weight", np.arange(6, dtype=np.float32).reshape(2, 3)),
            ("a.bias", np.array([1.5, -2.0], dtype=np.float64)),
            ("count", np.array(3, dtype=np.int64)),
            ("m.0.running_mean", Tensor(np.ones(2, dtype=np.float32))),
            ("f", np.asfortranarray(np.arange(6.0).reshape(2, 3))),
        ]
    )


def _check_state(back):
    assert isinstance(back, OrderedDict)
    assert list(back) == list(_state())
    for k, v in _state().items():
        v = v.data if isinstance(v, Tensor) else v
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        np.testing.assert_array_equal(back[k], v)


def test_round_trip_keeps_order_and_dtypes(tmp_path):
    path = tmp_path / "model.npz"
    nn.save(_state(), path)
    _check_state(nn.load(str(path)))
    assert os.listdir(tmp_path) == ["model.npz"]  # no temporaries left


def test_archive_holds_exactly_the_state_dicts_names(tmp_path):
    path = tmp_path / "model.npz"
    nn.save(_state(), path)
    with np.load(path, allow_pickle=False) as npz:  # what numpy users see
        assert npz.files == list(_state())
    with zipfile.ZipFile(path) as z:
        assert z.namelist() == [k + ".npy" for k in _state()]
        assert json.loads(z.comment) == {"graphgrad": "state_dict", "version": 2}
    nn.save({}, path)  # an empty state dict is an empty archive
    assert nn.load(path) == OrderedDict()


def test_same_arrays_give_the_same_bytes(tmp_path):
    nn.save(_state(), tmp_path / "a.npz")
    nn.save(_state(), tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_files_written_before_version_2_still_load(tmp_path):
    path = tmp_path / "v1.npz"
    names = ["z", "a"]  # version 1 stored the order in an extra entry, first
    np.savez(path, __graphgrad_order__=np.array(names), a=np.zeros(1), z=np.ones(2))
    back = nn.load(path)
    assert list(back) == ["z", "a"] and back["z"].tolist() == [1.0, 1.0]
    np.savez(path, __graphgrad_order__=np.array(["z", "b"]), a=np.zeros(1), z=np.ones(2))
    with pytest.raises(ValueError, match=r"v1\.npz.*list of names does not match"):
        nn.load(path)


def test_newer_format_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    nn.save({"w": np.zeros(2)}, path)
    with zipfile.ZipFile(path, "a") as z:
        z.comment = json.dumps({"graphgrad": "state_dict", "version": 3}).encode()
    with pytest.raises(ValueError, match=r"m\.npz.*format version 3.*upgrade graphgrad"):
        nn.load(path)
    with zipfile.ZipFile(path, "a") as z:
        z.comment = b"someone else's comment"
    assert list(nn.load(path)) == ["w"]


def test_model_round_trip(tmp_path):
    a = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    b = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    nn.save(a.state_dict(), tmp_path / "m.npz")
    b.load_state_dict(nn.load(tmp_path / "m.npz"))
    x = Tensor(np.ones((2, 3), dtype=np.float32))
    np.testing.assert_array_equal(a(x).data, b(x).data)


# ------------------------------------------------------------------ atomic replace
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

    def fail(fp, array, *args, **kwargs):
        fp.write(b"\x93NUMPY partial")
        raise RuntimeError("crash mid-write")

    monkeypatch.setattr(np.lib.format, "write_array", fail)
    with pytest.raises(RuntimeError):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.zeros(3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_umask_is_never_changed(tmp_path, monkeypatch):
    # os.umask(0) for a moment made other threads' new files world-writable
    def no(*args):
        raise AssertionError("nn.save must not change the process umask")

    monkeypatch.setattr(os, "umask", no)
    nn.save({"w": np.zeros(3)}, tmp_path / "m.npz")
    nn.save({"w": np.zeros(3)}, tmp_path / "m.npz")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_existing_mode_is_kept_and_new_files_follow_the_umask(tmp_path):
    path = tmp_path / "secret.npz"
    nn.save({"w": np.zeros(3)}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()  # as open() makes it
    for mode in (0o600, 0o640, 0o666, 0o604):  # 0o666: bits the umask would take away
        path.chmod(mode)
        nn.save({"w": np.ones(3)}, path)
        assert stat.S_IMODE(path.stat().st_mode) == mode
    path.chmod(0o600)
    nn.save_checkpoint(path, model=nn.Linear(2, 2))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_that_may_not_be_written_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "frozen.npz"
    nn.save({"w": np.zeros(3)}, path)
    # as a user without write permission (a 0444 file; the tests may run as root)
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(PermissionError, match=r"frozen\.npz"):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    np.testing.assert_array_equal(nn.load(path)["w"], np.zeros(3))
    assert os.listdir(tmp_path) == ["frozen.npz"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_symlinks_are_followed(tmp_path):
    real_dir = tmp_path / "store"
    real_dir.mkdir()
    real = real_dir / "weights.npz"
    nn.save({"w": np.zeros(3)}, real)
    link = tmp_path / "latest.npz"
    link.symlink_to(os.path.relpath(real, tmp_path))
    nn.save({"w": np.ones(3)}, link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(real, tmp_path)
    np.testing.assert_array_equal(nn.load(real)["w"], np.ones(3))
    assert sorted(os.listdir(real_dir)) == ["weights.npz"] and len(os.listdir(tmp_path)) == 2
    dangling = tmp_path / "next.npz"
    dangling.symlink_to(real_dir / "new.npz")  # as open(path, "wb"): the target is created
    nn.save({"w": np.ones(2)}, dangling)
    assert dangling.is_symlink() and (real_dir / "new.npz").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_target_that_is_not_a_regular_file_is_written_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening to write succeeds
    try:
        nn.save({"w": np.arange(3.0)}, fifo)  # under 1 KB: fits in the pipe's buffer
        got = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert nn.load(io.BytesIO(got))["w"].tolist() == [0.0, 1.0, 2.0]


def test_missing_directory_names_the_target(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere.*m\.npz"):
        nn.save({"w": np.zeros(1)}, tmp_path / "nowhere" / "m.npz")


# ------------------------------------------------------------------ open files
def test_open_binary_files(tmp_path):
    buf = io.BytesIO()
    nn.save(_state(), buf)
    assert not buf.closed
    buf.seek(0)
    _check_state(nn.load(buf))
    path = tmp_path / "f.npz"
    with open(path, "wb") as f:
        nn.save(_state(), f)
    with open(path, "rb") as f:
        _check_state(nn.load(f))
    with open(path, "rb") as f:  # errors name the file
        f.read(10)
        with pytest.raises(ValueError, match=r"f\.npz.*not an \.npz"):
            nn.load(f)
    with pytest.raises(ValueError, match="<BytesIO>.*not an .npz"):
        nn.load(io.BytesIO(b"nothing"))


def test_unseekable_files(tmp_path):
    class Pipe(io.RawIOBase):  # a stream that cannot seek, as a pipe or a socket
        def __init__(self, data=b""):
            self.data, self.out = io.BytesIO(data), bytearray()

        def readable(self):
            return True

        def writable(self):
            return True

        def readinto(self, b):
            return self.data.readinto(b)

        def write(self, b):
            self.out += b
            return len(b)

    sink = Pipe()
    nn.save(_state(), sink)
    _check_state(nn.load(Pipe(bytes(sink.out))))
    with pytest.raises(ValueError, match="<Pipe>' holds 7.. bytes of arrays, more than the limit"):
        nn.load(Pipe(bytes(sink.out)), max_bytes=10)
    with pytest.raises(ValueError, match="<Pipe>' is larger than the load limit allows"):
        nn.load(Pipe(bytes(sink.out) + bytes(2 << 20)), max_bytes=10)


def test_text_files_and_other_objects_are_refused(tmp_path):
    with open(tmp_path / "t.npz", "w") as f, pytest.raises(TypeError, match="text mode.*'wb'"):
        nn.save({"w": np.zeros(1)}, f)
    nn.save({"w": np.zeros(1)}, tmp_path / "t.npz")
    with open(tmp_path / "t.npz") as f, pytest.raises(TypeError, match="text mode.*'rb'"):
        nn.load(f)
    with pytest.raises(TypeError, match="a path .* or an open binary file, got int"):
        nn.load(3)


# ------------------------------------------------------------------ what cannot be saved
def test_saving_a_module_says_what_to_write(tmp_path):
    model = nn.Sequential(nn.Linear(2, 2))
    with pytest.raises(TypeError, match=r"nn\.save\(model\.state_dict\(\), path\).*"
                       r"model\.load_state_dict\(nn\.load\(path\)\)"):  # fmt: skip
        nn.save(model, tmp_path / "m.npz")
    with pytest.raises(TypeError, match=r"nn\.save_checkpoint\(path, model=model, optimizer="):
        nn.save(optim.SGD(model.parameters(), lr=0.1), tmp_path / "m.npz")
    with pytest.raises(TypeError, match=r"nn\.save\(\{'x': x\}, path\)"):
        nn.save(Tensor([1.0]), tmp_path / "m.npz")
    with pytest.raises(TypeError, match="save_state"):
        nn.save([np.zeros(2)], tmp_path / "m.npz")
    with pytest.raises(TypeError, match="entry 'net' is a Sequential module"):
        nn.save({"net": model}, tmp_path / "m.npz")
    with pytest.raises(TypeError, match="entry 'opt' is a dict.*nn.save_checkpoint"):
        nn.save({"opt": {"lr": 0.1}}, tmp_path / "m.npz")
    with pytest.raises(TypeError, match="entry 'f' is a builtin.*pickle"):
        nn.save({"f": print}, tmp_path / "m.npz")
    assert not list(tmp_path.iterdir())


def test_pickled_object_arrays_refused(tmp_path):
    path = tmp_path / "obj.npz"
    np.savez(path, w=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ValueError, match=r"obj\.npz.*pickled"):
        nn.load(path)
    with pytest.raises(TypeError, match="entry 'w' is a ndarray.*pickle"):
        nn.save({"w": np.array([object()], dtype=object)}, tmp_path / "x.npz")


def test_keys(tmp_path):
    with pytest.raises(TypeError, match="keys must be strings"):
        nn.save({1: np.zeros(1)}, tmp_path / "x.npz")
    for key in ("__graphgrad_order__", "a\x00b"):
        with pytest.raises(ValueError, match="reserved or not a valid name"):
            nn.save({key: np.zeros(1)}, tmp_path / "x.npz")
    odd = OrderedDict([("file", np.ones(1)), ("x.npy", np.zeros(1)), ("", np.ones(2)),
                       ("a/b", np.zeros(3)), ("é", np.ones(1))])  # fmt: skip
    nn.save(odd, tmp_path / "x.npz")
    assert list(nn.load(tmp_path / "x.npz")) == list(odd)


# ------------------------------------------------------------------ the size bound
def _bomb(path, n_bytes):
    """A deflated archive of one array of zeros: tiny on disk, n_bytes when inflated."""
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.zeros(n_bytes // 8))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("w.npy", buf.getvalue())


def test_size_bound_is_checked_before_inflating(tmp_path, monkeypatch):
    path = tmp_path / "bomb.npz"
    _bomb(path, 32 << 20)
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"bomb\.npz.*33,554,\d+ bytes of arrays.*max_bytes="):
            nn.load(path, max_bytes=1 << 20)
        monkeypatch.setattr(serialization, "max_load_bytes", 1 << 20)  # the module default
        with pytest.raises(ValueError, match="more than the limit of 1,048,576 bytes"):
            nn.load(path)
        with pytest.raises(ValueError, match="more than the limit"):
            nn.load_checkpoint(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # nothing was inflated
    monkeypatch.undo()
    assert nn.load(path, max_bytes=33 << 20)["w"].shape == (4 << 20,)
    with pytest.raises(ValueError, match="max_bytes must be a number >= 0"):
        nn.load(path, max_bytes=-1)


def test_a_header_that_lies_about_the_size_allocates_nothing(tmp_path):
    path = tmp_path / "liar.npz"
    header = io.BytesIO()  # 80 GB claimed, 64 bytes held
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**10,)}
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("w.npy", header.getvalue() + b"\0" * 64)
    with pytest.raises(ValueError, match=r"liar\.npz' is corrupt: entry 'w\.npy' declares shape"):
        nn.load(path)


def test_default_bound_is_generous():
    assert serialization.max_load_bytes == 1 << 30


# ------------------------------------------------------------------ bad files
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
    ckpt = tmp_path / "c.npz"
    nn.save_checkpoint(ckpt, model=nn.Linear(2, 2))
    with pytest.raises(ValueError, match=r"c\.npz' is a checkpoint.*nn\.load_checkpoint"):
        nn.load(ckpt)


def test_str_and_path_and_plain_npz(tmp_path):
    p = Path(tmp_path) / "plain.npz"
    np.savez(p, b=np.ones(2), a=np.zeros(1))  # written by numpy directly: file order is kept
    assert list(nn.load(str(p))) == ["b", "a"]
    np.savez_compressed(p, b=np.ones(2), a=np.zeros(1))
    assert list(nn.load(p)) == ["b", "a"]
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")


def test_checkpoints_take_open_files_and_a_bound(tmp_path):
    model = nn.Linear(3, 2)
    opt = optim.Adam(model.parameters(), lr=0.1)
    buf = io.BytesIO()
    nn.save_checkpoint(buf, model=model, optimizer=opt, extra={"epoch": 2})
    other = nn.Linear(3, 2)
    buf.seek(0)
    assert nn.load_checkpoint(buf, model=other) == {"epoch": 2}
    np.testing.assert_array_equal(other.weight.data, model.weight.data)
    buf.seek(0)
    with pytest.raises(ValueError, match="<BytesIO>' holds .* more than the limit of 100 bytes"):
        nn.load_checkpoint(buf, model=other, max_bytes=100)
    with open(tmp_path / "c.npz", "wb") as f:
        nn.save_checkpoint(f, model=model)
    with open(tmp_path / "c.npz", "rb") as f:
        nn.load_checkpoint(f, model=other)
