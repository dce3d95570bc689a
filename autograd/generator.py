"""`Generator`: PyTorch's CPU random generator (mt19937), and the default one.

PyTorch's CPU generator is a Mersenne Twister seeded with the low 32 bits of the seed
(`init_genrand`), the same engine as numpy's `MT19937` with its legacy seeding, which
draws the 32-bit words here. `random64()` joins two words (the first is the high
half). Besides the engine a generator caches one normal value (Box-Muller makes two;
the scalar normal kernel keeps the second for the next draw). `get_state()` is a
5056-byte tensor laid out as PyTorch's (`CPUGeneratorImplState`), so states move
between the two libraries.
"""

from __future__ import annotations

import os
import struct

import numpy as np

__all__ = [
    "Generator",
    "default_generator",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "seed",
    "set_rng_state",
]

_N = 624  # words of mt19937 state
_STATE_SIZE = 5056  # sizeof(CPUGeneratorImplState)
_LEGACY_SIZE = 5048  # sizeof(THGeneratorState): accepted on input, as PyTorch
_DEFAULT_SEED = 67280421310721  # the seed of a new torch.Generator()
_U64 = np.uint64


def _seed_value(seed) -> int:
    """PyTorch's accepted seeds: integers in [-2^63, 2^64); negatives wrap to 64 bits."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        try:
            seed = int(seed)  # PyTorch's manual_seed calls int() first (floats, 0-d tensors)
        except (TypeError, ValueError):
            raise TypeError(f"manual_seed expected an int, got {type(seed).__name__}") from None
    seed = int(seed)
    if not -(2**63) <= seed < 2**64:
        raise RuntimeError(
            f"manual_seed: seed {seed} is out of range; it must be within "
            "[-0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff]"
        )
    return seed % 2**64


def _init_genrand(bits: np.random.MT19937, seed32: int) -> None:
    """mt19937's init_genrand (PyTorch's seeding); numpy's legacy seeding is the same."""
    try:
        bits._legacy_seeding(seed32)
        return
    except AttributeError:  # a numpy without it: the recurrence, written out
        pass
    key = [seed32]
    for j in range(1, _N):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + j) & 0xFFFFFFFF)
    bits.state = {
        "bit_generator": "MT19937",
        "state": {"key": np.array(key, np.uint32), "pos": _N},
    }


def _nondeterministic_seed() -> int:
    """A fresh seed from the OS, 53 bits as PyTorch's (so it survives a round trip to float)."""
    return int.from_bytes(os.urandom(8), "little") & ((1 << 53) - 1)


class Generator:
    """A random generator whose draws equal PyTorch's CPU generator's, seed for seed."""

    __slots__ = ("_bits", "_seed", "_fresh", "_normal_double", "_normal_float")

    def __init__(self, device="cpu"):
        if str(device) != "cpu":
            raise RuntimeError(
                f"Generator: device {device!r} is not available; graphgrad runs on the CPU "
                "(write Generator() or Generator('cpu'))"
            )
        self._bits = np.random.MT19937(0)
        self._set_seed(_DEFAULT_SEED)

    # ------------------------------------------------------------ seeding
    def _set_seed(self, seed: int) -> None:
        _init_genrand(self._bits, seed & 0xFFFFFFFF)
        self._seed = seed
        self._fresh = True  # seeded, nothing drawn yet
        self._normal_double = None
        self._normal_float = None

    def manual_seed(self, seed) -> Generator:
        """Seed the generator (as PyTorch: the low 32 bits seed mt19937); returns it."""
        self._set_seed(_seed_value(seed))
        return self

    def seed(self) -> int:
        """Seed from a non-deterministic source; returns the seed."""
        s = _nondeterministic_seed()
        self._set_seed(s)
        return s

    def initial_seed(self) -> int:
        """The seed the generator was last seeded with."""
        return self._seed

    @property
    def device(self) -> str:
        """Always the CPU."""
        return "cpu"

    # ------------------------------------------------------------ raw draws
    def random(self, n: int) -> np.ndarray:
        """The next n 32-bit words (PyTorch's `random()`), as uint32."""
        return self._words(n).astype(np.uint32)

    def _words(self, n: int) -> np.ndarray:
        """The next n 32-bit words, each in a uint64 (as numpy draws them: no copy)."""
        self._fresh = False
        return self._bits.random_raw(n)

    def random64(self, n: int) -> np.ndarray:
        """The next n 64-bit values (PyTorch's `random64()`: two words, the first high)."""
        self._fresh = False
        w = self._bits.random_raw(2 * n)
        return (w[0::2] << _U64(32)) | w[1::2]

    # ------------------------------------------------------------ state
    def get_state(self):
        """The state as a uint8 Tensor of 5056 bytes, PyTorch's layout."""
        from .tensor_class import Tensor  # noqa: PLC0415 (tensor_class.py sits above this module)

        return Tensor(self._state_bytes())

    def set_state(self, new_state) -> Generator:
        """Restore a state from `get_state()` (graphgrad's or PyTorch's bytes); returns self."""
        self._load_state_bytes(_as_bytes(new_state))
        return self

    def _state_bytes(self) -> np.ndarray:
        st = self._bits.state["state"]
        pos = int(st["pos"])
        left = _N + 1 - pos  # PyTorch counts down to the next twist; numpy counts up
        nxt = 0 if (pos == _N and self._fresh) else pos
        buf = bytearray(_STATE_SIZE)
        struct.pack_into("<QiiQ", buf, 0, self._seed, left, 1, nxt)
        buf[24 : 24 + 8 * _N] = np.asarray(st["key"], np.uint32).astype("<u8").tobytes()
        normal = self._normal_double
        struct.pack_into(
            "<dddi", buf, 5016, 0.0, 0.0 if normal is None else normal, 0.0, normal is not None
        )
        fnormal = self._normal_float
        struct.pack_into("<f?", buf, 5048, 0.0 if fnormal is None else fnormal, fnormal is not None)
        return np.frombuffer(bytes(buf), np.uint8).copy()

    def _load_state_bytes(self, data: bytes) -> None:
        if len(data) not in (_STATE_SIZE, _LEGACY_SIZE):
            raise RuntimeError(
                f"set_state: expected a state of {_STATE_SIZE} bytes (or PyTorch's legacy "
                f"{_LEGACY_SIZE}), got {len(data)}; pass what get_state() returned"
            )
        seed, left, seeded, nxt = struct.unpack_from("<QiiQ", data, 0)
        key = np.frombuffer(data[24 : 24 + 8 * _N], "<u8")
        if not (seeded and 0 < left <= _N and nxt <= _N) or (key >> _U64(32)).any():
            raise RuntimeError("set_state: invalid mt19937 state")
        _, normal_y, _, normal_valid = struct.unpack_from("<dddi", data, 5016)
        fnormal, fvalid = (0.0, False)
        if len(data) == _STATE_SIZE:
            fnormal, fvalid = struct.unpack_from("<f?", data, 5048)
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": key.astype(np.uint32), "pos": _N + 1 - left},
        }
        self._seed = seed
        self._fresh = left == 1 and nxt == 0
        self._normal_double = float(normal_y) if normal_valid else None
        self._normal_float = float(fnormal) if fvalid else None

    def _swap(self, other: Generator) -> None:
        """Exchange everything with `other` (a data-loader worker's generator)."""
        for name in Generator.__slots__:
            a, b = getattr(self, name), getattr(other, name)
            setattr(self, name, b)
            setattr(other, name, a)

    def __repr__(self) -> str:
        return f"<autograd.Generator (cpu), initial_seed={self._seed}>"


def _as_bytes(state) -> bytes:
    data = getattr(state, "_data", state)  # a Tensor, an ndarray, bytes
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    arr = np.asarray(data)
    if arr.dtype != np.uint8 or arr.ndim != 1:
        raise TypeError(
            f"set_rng_state: expected a 1-d uint8 state from get_rng_state(), got dtype "
            f"{arr.dtype} and shape {arr.shape}"
        )
    return arr.tobytes()


default_generator = Generator()
default_generator.seed()  # as PyTorch: a new process starts from a non-deterministic seed


def manual_seed(seed) -> Generator:
    """Seed the default generator (rand, randn, nn's initialisers, dropout, shuffling)."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the default generator non-deterministically; returns the seed."""
    return default_generator.seed()


def initial_seed() -> int:
    """The default generator's seed."""
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state: a uint8 Tensor in PyTorch's layout (5056 bytes)."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restore the default generator's state from `get_rng_state()`."""
    default_generator.set_state(new_state)


def resolve(generator: Generator | None) -> Generator:
    """`generator`, or the default one; anything else is a TypeError naming what to pass."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(
            f"generator must be an autograd.Generator, got {type(generator).__name__} "
            "(write generator=autograd.Generator().manual_seed(seed))"
        )
    return generator
