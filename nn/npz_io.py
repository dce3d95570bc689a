"""`.npz` archives without pickle: the file layer under `nn.save`, `nn.load` and checkpoints.

`write_npz` writes one `<name>.npy` entry per array, in the mapping's order (numpy's
layout, so `numpy.load` reads the files), uncompressed, with fixed timestamps (the same
arrays give the same bytes), and an optional zip archive comment for metadata. To a path
it goes through `atomic.replace`; to an open binary file it is written in place.

`read_npz` reads such an archive without numpy's loader, so that nothing is trusted: the
total of the entries' uncompressed sizes (from the zip's central directory) is checked
against a bound before anything is inflated; each `.npy` header is parsed by numpy's
header reader (a literal, never pickle), object dtypes are refused, and the shape and dtype
it declares must account for exactly the entry's bytes before the array is allocated;
the zip layer stops at the declared size and checks every CRC. Any failure is a
`ValueError` naming the file.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from collections.abc import Mapping

import numpy as np

from . import atomic

__all__ = ["describe", "read_npz", "write_npz"]

_DATE = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: the bytes do not depend on the clock
_CHUNK = 1 << 24


def _is_file(target) -> bool:
    return hasattr(target, "write") or hasattr(target, "read")


def describe(source) -> str:
    """The name of a path or an open file for messages (a path as given)."""
    if _is_file(source):
        name = getattr(source, "name", None)
        return name if isinstance(name, str) else f"<{type(source).__name__}>"
    return os.fsdecode(os.fspath(source))


def _check_binary(f, who: str, mode: str) -> None:
    if isinstance(f, io.TextIOBase):
        raise TypeError(f"{who}: {describe(f)!r} is open in text mode; open it with {mode!r}")


def _source(source, who: str):
    if _is_file(source):
        return source
    if isinstance(source, (str, bytes, os.PathLike)):
        return os.fspath(source)
    raise TypeError(
        f"{who}: expected a path (str or pathlib.Path) or an open binary file, "
        f"got {type(source).__name__}"
    )


# ------------------------------------------------------------------ writing
def _write_zip(f, arrays: Mapping[str, np.ndarray], comment: bytes) -> None:
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=_DATE)
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, arr, allow_pickle=False)
        zf.comment = comment


def write_npz(target, arrays: Mapping[str, np.ndarray], who: str, comment: bytes = b"") -> None:
    """Write `arrays` as an .npz to a path (atomically) or to an open binary file (in place)."""
    target = _source(target, who)
    if isinstance(target, (str, bytes)):
        with atomic.replace(target) as f:
            _write_zip(f, arrays, comment)
    else:
        if not hasattr(target, "write"):
            raise TypeError(f"{who}: {describe(target)!r} is not open for writing")
        _check_binary(target, who, "wb")
        _write_zip(target, arrays, comment)


# ------------------------------------------------------------------ reading
def _readable(source, who: str, limit: float):
    """A seekable binary file for `source` and whether to close it."""
    if isinstance(source, (str, bytes)):
        return open(source, "rb"), True
    if not hasattr(source, "read"):
        raise TypeError(f"{who}: {describe(source)!r} is not open for reading")
    _check_binary(source, who, "rb")
    if getattr(source, "seekable", lambda: False)():
        return source, False
    # a pipe or socket: zipfile needs to seek, so read it into memory (bounded)
    cap = int(min(2 * limit + (1 << 20), 2**62))
    data = bytearray()
    while len(data) <= cap:
        chunk = source.read(min(_CHUNK, cap + 1 - len(data)))
        if not chunk:
            break
        data += chunk
    if len(data) > cap:
        raise _Refused(
            f"{who}: {describe(source)!r} is larger than the load limit allows ({limit:.0f} "
            "bytes of arrays); pass max_bytes= to load it"
        )
    return io.BytesIO(bytes(data)), True


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail) -> np.ndarray:
    fmt = np.lib.format
    with zf.open(info) as m:
        version = fmt.read_magic(m)
        if version == (1, 0):
            shape, fortran, dtype = fmt.read_array_header_1_0(m)
        elif version == (2, 0):
            shape, fortran, dtype = fmt.read_array_header_2_0(m)
        else:
            raise fail(f"entry {info.filename!r} has unsupported .npy version {version}")
        if dtype.hasobject:
            raise fail(
                f"holds entry {info.filename[:-4]!r} as pickled objects, which are refused "
                "(only numeric arrays can be loaded)",
                corrupt=False,
            )
        if any(n < 0 for n in shape):
            raise fail(f"entry {info.filename!r} declares a negative shape {shape}")
        count = math.prod(shape)
        nbytes = count * dtype.itemsize
        if m.tell() + nbytes != info.file_size or (count and not dtype.itemsize):
            raise fail(
                f"entry {info.filename!r} declares shape {shape} and dtype {dtype}, which does "
                f"not match its size ({info.file_size} bytes)"
            )
        arr = np.empty(count, dtype=dtype)
        if nbytes:
            view, pos = memoryview(arr.view(np.uint8)), 0
            while pos < nbytes:
                n = m.readinto(view[pos : pos + _CHUNK])
                if not n:
                    raise fail(f"entry {info.filename!r} ends early")
                pos += n
        if m.read(1):  # also completes the CRC check
            raise fail(f"entry {info.filename!r} has trailing bytes")
    if fortran:
        return arr.reshape(shape[::-1]).transpose()
    return arr.reshape(shape)


class _Refused(ValueError):
    """A ValueError raised by read_npz itself (not reworded as 'truncated or corrupt')."""


def read_npz(source, who: str, what: str, max_bytes: float) -> tuple[dict, bytes]:
    """The arrays of an .npz archive (in file order) and its zip comment.

    `who` prefixes the messages (the public function), `what` says what the file should be;
    `max_bytes` bounds the total uncompressed size of the entries.
    """
    source = _source(source, who)
    name = describe(source)

    def fail(message: str, corrupt: bool = True) -> _Refused:
        return _Refused(f"{who}: {name!r} " + ("is corrupt: " if corrupt else "") + message)

    if not max_bytes >= 0:
        raise ValueError(f"{who}: max_bytes must be a number >= 0, got {max_bytes!r}")
    try:
        return _read(source, who, what, max_bytes, name, fail)
    except _Refused as e:
        raise ValueError(str(e)) from None


def _read(source, who: str, what: str, max_bytes: float, name: str, fail) -> tuple[dict, bytes]:
    f, close = _readable(source, who, max_bytes)
    try:
        start = f.tell()
        head = f.read(4)
        f.seek(start)
        if head not in (b"PK\x03\x04", b"PK\x05\x06"):  # an entry, or an empty archive
            raise _Refused(f"{who}: {name!r} is not {what}: it is not an .npz (zip) archive")
        try:
            with zipfile.ZipFile(f) as zf:
                infos = zf.infolist()
                _check_entries(infos, max_bytes, fail, who, name)
                arrays = {info.filename[:-4]: _read_entry(zf, info, fail) for info in infos}
                comment = zf.comment
            _check_end(f, comment, fail)
        except _Refused:
            raise
        except Exception as e:  # BadZipFile, EOFError, zlib errors, a bad CRC, bad headers...
            raise ValueError(f"{who}: {name!r} is truncated or corrupt ({e})") from e
    finally:
        if close:
            f.close()
    return arrays, comment


def _check_end(f, comment: bytes, fail) -> None:
    """The archive must end with its end record and the whole comment it declares (zipfile
    accepts a comment cut short, so a truncated file would otherwise load)."""
    f.seek(-(22 + len(comment)), os.SEEK_END)
    end = f.read(22)
    if end[:4] != b"PK\x05\x06" or int.from_bytes(end[20:22], "little") != len(comment):
        raise fail("the archive's end record does not end the file (truncated?)")


def _check_entries(infos: list, max_bytes: float, fail, who: str, name: str) -> None:
    """Entries must be distinct `.npy` files whose uncompressed sizes fit in `max_bytes`."""
    seen = set()
    for info in infos:
        if info.is_dir() or not info.filename.endswith(".npy"):
            raise fail(f"entry {info.filename!r} is not an array (.npy)")
        if info.filename in seen:
            raise fail(f"entry {info.filename!r} appears twice")
        seen.add(info.filename)
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        raise _Refused(
            f"{who}: {name!r} holds {total:,} bytes of arrays, more than the limit of "
            f"{max_bytes:,.0f} bytes; if you trust the file, load it with max_bytes= "
            "(or raise nn.serialization.max_load_bytes)"
        )
