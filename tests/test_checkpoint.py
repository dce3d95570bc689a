"""nn.save_checkpoint / load_checkpoint: exact resumption, no pickle, atomic writes, bad files."""

import json
import os
import zipfile

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor, manual_seed
from nn.checkpoint import load_checkpoint, load_state, save_checkpoint, save_state


def _setup(opt_cls=optim.Adam, **kw):
    manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    opt = opt_cls(model.parameters(), **kw)
    return model, opt


def _data():
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((16, 4)).astype(np.float32))
    y = Tensor(rng.integers(0, 3, 16))
    return x, y


def _steps(model, opt, n):
    x, y = _data()
    for _ in range(n):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()


@pytest.mark.parametrize(
    "opt_cls, kw",
    [
        (optim.Adam, dict(lr=0.01, amsgrad=True)),
        (optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
        (optim.RMSprop, dict(lr=0.01, centered=True, momentum=0.5)),
        (optim.Adagrad, dict(lr=0.1)),
    ],
)
def test_round_trip_resumes_identical_trajectory(tmp_path, opt_cls, kw):
    path = tmp_path / "ckpt.npz"
    model, opt = _setup(opt_cls, **kw)
    _steps(model, opt, 5)
    save_checkpoint(path, model=model, optimizer=opt, extra={"epoch": 5, "best": float("inf")})
    _steps(model, opt, 5)
    expected = model.state_dict()

    model2, opt2 = _setup(opt_cls, **kw)  # fresh weights and empty optimizer state
    extra = load_checkpoint(str(path), model=model2, optimizer=opt2)
    assert extra == {"epoch": 5, "best": float("inf")}
    _steps(model2, opt2, 5)
    for k, v in model2.state_dict().items():
        np.testing.assert_array_equal(v, expected[k])
    assert not list(tmp_path.glob(".tmp-*"))


def test_exported_from_nn():
    assert nn.save_checkpoint is save_checkpoint and nn.load_checkpoint is load_checkpoint


def test_nested_values_keep_types(tmp_path):
    state = {
        "a": [1, 2.5, None, True, "s", (3, (4.0,))],
        7: {"x": np.arange(6, dtype=np.int16).reshape(2, 3), "y": np.float32(1.5)},
        "nan": float("nan"),
        "t": Tensor(np.ones(2, dtype=np.float64)),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }
    save_state(state, tmp_path / "s.npz")
    back = load_state(tmp_path / "s.npz")
    assert back["a"] == [1, 2.5, None, True, "s", (3, (4.0,))]
    assert isinstance(back["a"][5], tuple)
    assert back[7]["x"].dtype == np.int16 and back[7]["x"].shape == (2, 3)
    assert type(back[7]["y"]) is np.float32 and back[7]["y"] == 1.5
    assert np.isnan(back["nan"])
    np.testing.assert_array_equal(back["t"], np.ones(2))
    assert back["empty"].shape == (0, 3)


def test_unsupported_values_are_refused(tmp_path):
    with pytest.raises(TypeError, match="object"):
        save_state({"f": object()}, tmp_path / "x.npz")
    with pytest.raises(TypeError, match="key"):
        save_state({(1, 2): 3}, tmp_path / "x.npz")
    assert not list(tmp_path.iterdir())


def test_truncated_file(tmp_path):
    path = tmp_path / "c.npz"
    model, opt = _setup()
    _steps(model, opt, 2)
    save_checkpoint(path, model=model, optimizer=opt)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="c.npz.*truncated or corrupt"):
        load_checkpoint(path, model=model, optimizer=opt)


def test_foreign_files(tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(ValueError, match="notes.npz.*not a checkpoint"):
        load_checkpoint(text)
    plain = tmp_path / "weights.npz"
    nn.save({"w": np.ones(3)}, plain)  # a state dict, not a checkpoint
    with pytest.raises(ValueError, match="weights.npz.*no manifest"):
        load_checkpoint(plain)
    other = tmp_path / "other.npz"
    np.savez(other, x=np.ones(2))
    with pytest.raises(ValueError, match="other.npz"):
        load_checkpoint(other)


def _rewrite(path, change):
    """Rewrite the archive with change(name, array) -> array (or None to drop)."""
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    out = {}
    for k, v in arrays.items():
        v = change(k, v)
        if v is not None:
            out[k] = v
    os.unlink(path)
    np.savez(path, **out)


def test_tampered_array_shape(tmp_path):
    path = tmp_path / "c.npz"
    model, opt = _setup()
    save_checkpoint(path, model=model, optimizer=opt)
    _rewrite(path, lambda k, v: v if k != "a0" else np.zeros(v.size + 1, v.dtype))
    with pytest.raises(ValueError, match="c.npz.*does not match its manifest.*'a0'"):
        load_checkpoint(path, model=model, optimizer=opt)


def test_tampered_missing_and_extra_arrays(tmp_path):
    path = tmp_path / "c.npz"
    model, opt = _setup()
    save_checkpoint(path, model=model)
    _rewrite(path, lambda k, v: None if k == "a1" else v)
    with pytest.raises(ValueError, match="c.npz.*missing arrays \\['a1'\\]"):
        load_checkpoint(path, model=model)
    save_checkpoint(path, model=model)
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["intruder"] = np.ones(1)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="unexpected arrays \\['intruder'\\]"):
        load_checkpoint(path, model=model)


def test_tampered_manifest(tmp_path):
    path = tmp_path / "c.npz"
    model, _ = _setup()
    save_checkpoint(path, model=model)

    def garble(k, v):
        if k != "__graphgrad_checkpoint__":
            return v
        return np.frombuffer(b"{not json", dtype=np.uint8)

    _rewrite(path, garble)
    with pytest.raises(ValueError, match="c.npz.*unreadable manifest"):
        load_checkpoint(path, model=model)

    save_checkpoint(path, model=model)

    def wrong_dtype(k, v):
        if k != "__graphgrad_checkpoint__":
            return v
        m = json.loads(bytes(v).decode())
        m["arrays"]["a0"][1] = "<f8"
        return np.frombuffer(json.dumps(m).encode(), dtype=np.uint8)

    _rewrite(path, wrong_dtype)
    with pytest.raises(ValueError, match="c.npz.*does not match its manifest"):
        load_checkpoint(path, model=model)


def test_corrupted_bytes_are_caught_by_crc(tmp_path):
    path = tmp_path / "c.npz"
    save_state({"w": np.arange(1000, dtype=np.float64)}, path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("a0.npy")
    pos = info.header_offset + 30 + len(info.filename) + 200  # inside the stored data
    data[pos] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="c.npz.*(truncated or corrupt|manifest)"):
        load_state(path)


def test_pickled_object_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    save_state({"w": np.ones(2)}, path)
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["a0"] = np.array([{"payload": 1}, None], dtype=object)
    np.savez(path, **arrays)  # numpy pickles object arrays
    with pytest.raises(ValueError, match="evil.npz.*pickled objects"):
        load_state(path)


def test_power_cut_during_write_leaves_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "c.npz"
    model, opt = _setup()
    save_checkpoint(path, model=model, optimizer=opt, extra={"epoch": 1})
    before = path.read_bytes()
    real_write = np.lib.format.write_array

    def half_write(fp, array, *args, **kwargs):
        if array.size > 10:  # after some entries, in the middle of one
            fp.write(b"\x93NUMPY partial")
            raise OSError("power cut")
        real_write(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", half_write)
    with pytest.raises(OSError, match="power cut"):
        save_checkpoint(path, model=model, optimizer=opt, extra={"epoch": 2})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_checkpoint(path, model=model, optimizer=opt) == {"epoch": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.npz"]


def test_power_cut_at_rename_leaves_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "c.npz"
    save_state({"v": 1}, path)

    def fail(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        save_state({"v": 2}, path)
    monkeypatch.undo()
    assert load_state(path) == {"v": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.npz"]


def test_optimizer_mismatch_is_clear(tmp_path):
    path = tmp_path / "c.npz"
    model, opt = _setup()
    _steps(model, opt, 1)
    save_checkpoint(path, optimizer=opt)
    other = optim.Adam([{"params": [model[0].weight]}, {"params": [model[0].bias]}], lr=0.1)
    with pytest.raises(ValueError, match="parameter groups"):
        load_checkpoint(path, optimizer=other)
    with pytest.raises(ValueError, match="c.npz.*no model state"):
        load_checkpoint(path, model=model)


def _dropout_run(path, steps, save_at=None, resume=False, generator=False):
    """Train with dropout and a shuffling DataLoader; save at a step or resume from a file."""
    manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 3))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    rng = np.random.default_rng(2)
    X = rng.standard_normal((20, 4)).astype(np.float32)
    y = rng.integers(0, 3, 20)
    gen = autograd.Generator().manual_seed(5) if generator else None
    loader = nn.data.DataLoader((X, y), batch_size=4, shuffle=True, generator=gen)
    step, losses = 0, []
    if resume:
        extra = load_checkpoint(path, model=model, optimizer=opt)
        step = extra["step"]
        loader.load_state_dict(extra["loader"])
    while step < steps:
        for xb, yb in loader:
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            step += 1
            losses.append(loss.item())
            if step == save_at:
                save_checkpoint(
                    path,
                    model=model,
                    optimizer=opt,
                    extra={"step": step, "loader": loader.state_dict()},
                )
            if step == steps:
                break
    return losses, model.state_dict(), autograd.rand(3).data


@pytest.mark.parametrize("save_at", [5, 7])  # at the end of an epoch (5 batches), and inside one
@pytest.mark.parametrize("generator", [False, True])
def test_resume_with_dropout_and_shuffling_is_bit_exact(tmp_path, save_at, generator):
    path = tmp_path / "run.npz"
    losses, weights, after = _dropout_run(path, 13, save_at=save_at, generator=generator)
    resumed, weights2, after2 = _dropout_run(path, 13, resume=True, generator=generator)
    assert resumed == losses[save_at:]  # every later loss, bit for bit
    for k, v in weights.items():
        np.testing.assert_array_equal(weights2[k], v)
    np.testing.assert_array_equal(after2, after)  # the generator ends where it did


def test_checkpoint_carries_the_generator_state(tmp_path):
    manual_seed(3)
    autograd.rand(7)
    save_checkpoint(tmp_path / "c.npz")
    expected = autograd.randn(20).data
    manual_seed(99)
    load_checkpoint(tmp_path / "c.npz")
    np.testing.assert_array_equal(autograd.randn(20).data, expected)
    manual_seed(99)
    load_checkpoint(tmp_path / "c.npz", rng=False)  # opted out: the state is left alone
    assert not np.array_equal(autograd.randn(20).data, expected)
    save_checkpoint(tmp_path / "n.npz", rng=False)
    assert "rng_state" not in load_state(tmp_path / "n.npz")
