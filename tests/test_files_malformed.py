"""Every malformed file is a ValueError naming the file: nn.load and load_checkpoint fuzzed
with truncations, bit flips, crafted archives and manifests (wrong JSON types, deep nesting,
huge numbers). The cases are drawn from fixed seeds, so every run tries the same ones."""

import io
import json
import struct
import warnings
import zipfile

import numpy as np
import pytest

import nn
import optim
from autograd import Tensor, manual_seed
from nn.checkpoint import load_checkpoint, load_state, save_checkpoint

MANIFEST = "__graphgrad_checkpoint__"


def _checkpoint_bytes() -> bytes:
    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    opt = optim.Adam(model.parameters(), lr=0.01)
    opt.zero_grad()
    model(Tensor(np.ones((2, 3), np.float32))).sum().backward()
    opt.step()
    buf = io.BytesIO()
    extra = {"epoch": 3, "history": [1.5, float("inf"), (2, "x")], "best": np.float32(0.5)}
    save_checkpoint(buf, model=model, optimizer=opt, extra=extra)
    return buf.getvalue()


def _fresh():
    manual_seed(1)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    return model, optim.Adam(model.parameters(), lr=0.01)


class MemoryFile:
    """A named file in memory (written to disk, the loops would spend their time writing)."""

    def __init__(self, name: str):
        self.name, self.data = name, b""

    def write_bytes(self, data: bytes) -> None:
        self.data = data

    def open(self) -> io.BytesIO:
        f = io.BytesIO(self.data)
        f.name = self.name  # what the errors must name
        return f


def _load_all(file: MemoryFile):
    """Everything a malformed file can go through: load_state, then a full restore."""
    load_state(file.open())
    model, opt = _fresh()
    load_checkpoint(file.open(), model=model, optimizer=opt)


def _load_state_dict(file: MemoryFile):
    nn.load(file.open())


def _expect_ok_or_named_valueerror(load, path, case):
    try:
        load(path)
    except ValueError as e:
        assert path.name in str(e), (case, str(e))
    except RuntimeError as e:  # a model state that does not fit (documented)
        assert "loading state_dict" in str(e), (case, str(e))
    # any other exception fails the test, naming the case


# ------------------------------------------------------------------ whole files
def test_truncations_and_bit_flips_of_a_checkpoint():
    data = _checkpoint_bytes()
    path = MemoryFile("ckpt.npz")
    rng = np.random.default_rng(0)
    cuts = sorted(set(range(0, 64)) | set(rng.integers(0, len(data), 150).tolist()))
    for n in cuts:
        path.write_bytes(data[:n])
        with pytest.raises(ValueError, match="ckpt.npz"):
            _load_all(path)
    for pos, bit in zip(rng.integers(0, len(data), 1000), rng.integers(0, 8, 1000)):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << bit
        path.write_bytes(bytes(flipped))
        _expect_ok_or_named_valueerror(_load_all, path, ("flip", int(pos), int(bit)))


def test_truncations_and_bit_flips_of_a_state_dict():
    buf = io.BytesIO()
    nn.save({"w": np.arange(12.0).reshape(3, 4), "b": np.ones(3, np.float32)}, buf)
    data = buf.getvalue()
    path = MemoryFile("sd.npz")
    rng = np.random.default_rng(1)
    for n in range(len(data)):
        path.write_bytes(data[:n])
        with pytest.raises(ValueError, match="sd.npz"):
            _load_state_dict(path)
    for pos, bit in zip(rng.integers(0, len(data), 1000), rng.integers(0, 8, 1000)):
        flipped = bytearray(data)
        flipped[pos] ^= 1 << bit
        path.write_bytes(bytes(flipped))
        _expect_ok_or_named_valueerror(_load_state_dict, path, ("flip", int(pos), int(bit)))


# ------------------------------------------------------------------ crafted archives
def _npy(header: dict | bytes, payload: bytes = b"") -> bytes:
    if isinstance(header, bytes):
        return header + payload
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue() + payload


def _zip(entries, comment=b"") -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as z:
        warnings.simplefilter("ignore")  # "Duplicate name" (meant)
        for name, data in entries:
            z.writestr(name, data)
        z.comment = comment
    return buf.getvalue()


F8 = {"descr": "<f8", "fortran_order": False, "shape": (2,)}
CRAFTED = {
    "not a .npy entry": _zip([("notes.txt", b"hello")]),
    "a directory": _zip([("d/", b"")]),
    "duplicate names": _zip([("w.npy", _npy(F8, bytes(16))), ("w.npy", _npy(F8, bytes(16)))]),
    "short payload": _zip([("w.npy", _npy(F8, bytes(8)))]),
    "long payload": _zip([("w.npy", _npy(F8, bytes(24)))]),
    "negative shape": _zip([("w.npy", _npy(dict(F8, shape=(-2,)), bytes(16)))]),
    "huge shape": _zip([("w.npy", _npy(dict(F8, shape=(2**62, 2**62)), bytes(16)))]),
    "object dtype": _zip([("w.npy", _npy(dict(F8, descr="|O"), bytes(16)))]),
    "structured with objects": _zip(
        [("w.npy", _npy(dict(F8, descr=[("a", "<f8"), ("b", "|O")]), bytes(32)))]
    ),
    "bad descr": _zip([("w.npy", _npy(dict(F8, descr="<q9"), bytes(16)))]),
    "not a header": _zip([("w.npy", b"\x93NUMPY\x01\x00\x10\x00{'descr': 12}    \n")]),
    "header is code": _zip([("w.npy", b"\x93NUMPY\x01\x00\x10\x00__import__('os')\n")]),
    "version 9": _zip([("w.npy", b"\x93NUMPY\x09\x00" + bytes(40))]),
    "no magic": _zip([("w.npy", b"PK" + bytes(40))]),
    "empty entry": _zip([("w.npy", b"")]),
    "zero itemsize": _zip([("w.npy", _npy(dict(F8, descr="V0", shape=(10**12,))))]),
    "newer format": _zip(
        [("w.npy", _npy(F8, bytes(16)))], b'{"graphgrad": "state_dict", "version": 7}'
    ),
    "version not a number": _zip(
        [("w.npy", _npy(F8, bytes(16)))], b'{"graphgrad": "state_dict", "version": "2"}'
    ),
    "order of another kind": _zip(
        [("__graphgrad_order__.npy", _npy(F8, bytes(16))), ("w.npy", _npy(F8, bytes(16)))]
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_archives(tmp_path, case):
    path = tmp_path / "crafted.npz"
    path.write_bytes(CRAFTED[case])
    with pytest.raises(ValueError, match="crafted.npz"):
        nn.load(path)
    with pytest.raises(ValueError, match="crafted.npz"):
        load_state(path)


def test_central_directory_claiming_huge_sizes(tmp_path):
    data = bytearray(_zip([("w.npy", _npy(F8, bytes(16)))]))
    cd = data.rindex(b"PK\x01\x02")  # the central directory entry: sizes at offsets 20, 24
    data[cd + 24 : cd + 28] = struct.pack("<I", 0xFFFFFFF0)
    path = tmp_path / "big.npz"
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="big.npz.*(more than the limit|corrupt)"):
        nn.load(path)


# ------------------------------------------------------------------ manifests
def _arrays_of(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def _with_manifest(arrays: dict, text: bytes) -> bytes:
    buf = io.BytesIO()
    out = dict(arrays)
    out[MANIFEST] = np.frombuffer(text, dtype=np.uint8)
    np.savez(buf, **out)
    return buf.getvalue()


RAW_MANIFESTS = {
    "empty": b"",
    "not utf-8": b"\xff\xfe{}",
    "not json": b"{not json",
    "deep list": b"[" * 100_000 + b"]" * 100_000,
    "deep object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "huge integer": b"1" * 100_000,
    "a string": b'"checkpoint"',
    "null": b"null",
    "nan": b"NaN",
}
MUTATIONS = [  # (path into the manifest, new value)
    (("format",), 7),
    (("version",), "1"),
    (("version",), True),
    (("version",), 10**400),
    (("arrays",), []),
    (("arrays",), {"a0": "float"}),
    (("arrays", "a0"), [[2, 3], 7]),
    (("arrays", "a0"), [[-1, 3], "<f4"]),
    (("arrays", "a0"), [[2.5, 3], "<f4"]),
    (("arrays", "a0"), [[1e400], "<f4"]),
    (("arrays", "a0"), [[10**30], "<f4"]),
    (("tree",), {"$dict": 5}),
    (("tree",), {"$dict": [[["k"], 1]]}),
    (("tree",), {"$dict": [["k"]]}),
    (("tree",), {"$dict": [[1.5, 1]]}),
    (("tree",), {"$tuple": "abc"}),
    (("tree",), {"$array": ["a0"]}),
    (("tree",), {"$array": "a999"}),
    (("tree",), {"$scalar": "a0"}),
    (("tree",), {"$float": "1e999999"}),
    (("tree",), {"$float": ["nan"]}),
    (("tree",), {"$what": 1}),
    (("tree",), {"$array": "a0", "$tuple": []}),
    (("tree",), [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
    (("tree",), "model"),
    (("tree",), []),
    (("tree",), {"$dict": [["model", [1, 2]]]}),
    (("tree",), {"$dict": [["model", {"$dict": [["0.weight", "1.5"]]}]]}),
    (("tree",), {"$dict": [["model", {"$dict": [[3, 1]]}]]}),
    (("tree",), {"$dict": [["optimizer", 1.5]]}),
    (("tree",), {"$dict": [["optimizer", {"$dict": [["state", {"$dict": []}]]}]]}),
    (("tree",), {"$dict": [["optimizer", {"$dict": [["param_groups", [1]]]}]]}),
]


def _deep(depth: int):
    node = 1
    for _ in range(depth):
        node = [node]
    return node


def _mutate(manifest: dict, where: tuple, value):
    m = json.loads(json.dumps(manifest))
    node = m
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    return m


def _random_json(rng, depth=0):
    kind = rng.integers(0, 9 if depth < 4 else 6)
    return [
        lambda: None,
        lambda: bool(rng.integers(0, 2)),
        lambda: int(rng.integers(-(2**62), 2**62)) * 10 ** int(rng.integers(0, 40)),
        lambda: float(rng.standard_normal()) * 10.0 ** int(rng.integers(-300, 300)),
        lambda: "".join(rng.choice(list("$a0xyz[]{}\"'"), int(rng.integers(0, 6)))),
        lambda: rng.choice(["$array", "$scalar", "$float", "$tuple", "$dict", "a0", "nan"]),
        lambda: [_random_json(rng, depth + 1) for _ in range(int(rng.integers(0, 4)))],
        lambda: {
            str(rng.choice(["$array", "$dict", "$tuple", "$float", "$scalar", "k"])): _random_json(
                rng, depth + 1
            )
        },
        lambda: _deep(int(rng.integers(50, 500))),
    ][kind]()


def _nodes(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _nodes(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _nodes(v, path + (i,))


def test_malformed_manifests():
    data = _checkpoint_bytes()
    arrays = _arrays_of(data)
    manifest = json.loads(bytes(arrays.pop(MANIFEST)).decode())
    path = MemoryFile("manifest.npz")
    cases = [(name, text) for name, text in RAW_MANIFESTS.items()]
    cases += [(f"mutation {w} = {v!r:.40}", json.dumps(_mutate(manifest, w, v)).encode())
              for w, v in MUTATIONS]  # fmt: skip
    deep = json.dumps(dict(manifest, tree="DEEP")).replace('"DEEP"', "[" * 5000 + "]" * 5000)
    cases += [("deep tree", deep.encode())]
    text = json.dumps(manifest).encode()
    rng = np.random.default_rng(2)
    cases += [(f"cut {n}", text[:n]) for n in rng.integers(0, len(text), 60)]
    for pos, bit in zip(rng.integers(0, len(text), 200), rng.integers(0, 8, 200)):
        flipped = bytearray(text)
        flipped[pos] ^= 1 << bit
        cases.append((f"flip {pos} {bit}", bytes(flipped)))
    nodes = list(_nodes(manifest))
    for i in range(600):  # random JSON put in place of a random node
        where = nodes[int(rng.integers(1, len(nodes)))]
        mutated = _mutate(manifest, where, _random_json(rng))
        cases.append((f"random {i} at {where}", json.dumps(mutated).encode()))
    for name, text in cases:
        path.write_bytes(_with_manifest(arrays, text))
        _expect_ok_or_named_valueerror(_load_all, path, name)
    for text in RAW_MANIFESTS.values():  # these are never valid
        path.write_bytes(_with_manifest(arrays, text))
        with pytest.raises(ValueError, match="manifest.npz.*unreadable manifest"):
            load_state(path.open())


def test_manifest_entry_of_the_wrong_dtype(tmp_path):
    arrays = _arrays_of(_checkpoint_bytes())
    path = tmp_path / "m.npz"
    arrays[MANIFEST] = arrays[MANIFEST].astype(np.float64)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"m\.npz.*unreadable manifest \(an array of float64"):
        load_state(path)


def test_deep_values_are_refused_when_saved(tmp_path):
    with pytest.raises(ValueError, match="nested deeper than 100 levels"):
        nn.checkpoint.save_state(_deep(200), tmp_path / "deep.npz")
    nn.checkpoint.save_state(_deep(90), tmp_path / "ok.npz")
    assert load_state(tmp_path / "ok.npz") == _deep(90)
