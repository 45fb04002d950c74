"""Files read and written safely: bounded reads of regular files, whole-or-nothing writes.

Reading (:func:`read_bytes`, :func:`read_text`): only regular files are read (a folder, a device
such as ``/dev/zero``, a FIFO or a socket is refused up front, before anything could block or fill
the memory), and at most :data:`MAX_INPUT_BYTES` of them; every refusal is a
:class:`~bargain.errors.ScenarioError` naming the file.

Writing (:func:`write_text`, :func:`write_chunks`): the text goes to a temporary file in the
target's folder, flushed to disk, then renamed over the target, so a crash or a kill leaves either
the old file or the new one, never half of each. :func:`check_output` refuses, before any work,
to write over one of the command's inputs, over anything but a regular file (``/dev/null`` would
be replaced by a file), or over an existing file unless told to (``force=True``).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "deal.json", "{}").read_text()
'{}'
>>> read_text(folder / "deal.json")
'{}'
>>> write_text(folder / "deal.json", "[]", force=False)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: .../deal.json: already exists; give another name or --force to \
replace it
>>> read_text("/dev/zero")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: /dev/zero: is a device, expected a regular file
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bargain.errors import ScenarioError

__all__ = [
    "MAX_INPUT_BYTES",
    "check_output",
    "file_kind",
    "read_bytes",
    "read_text",
    "same_file",
    "write_bytes",
    "write_chunks",
    "write_text",
]

#: The largest input file read (a scenario file is kilobytes, the largest GENIUS domains of the
#: ANAC competitions well under a megabyte).
MAX_INPUT_BYTES = 64 * 2**20

PathLike = str | os.PathLike[str]


def file_kind(mode: int) -> str:
    """What a file is, from its ``st_mode``: ``"a folder"``, ``"a FIFO (named pipe)"``, ...

    Examples
    --------
    >>> import os
    >>> file_kind(os.stat("/dev/null").st_mode)
    'a device'
    """
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def _size_text(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,} bytes"


def read_bytes(
    path: PathLike, *, what: str = "a regular file", limit: int = MAX_INPUT_BYTES, key: str = ""
) -> bytes:
    """The bytes of the regular file `path` (at most `limit`); a ScenarioError names it if not.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or a
    device is refused without waiting for a writer and without reading endlessly.
    """
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ScenarioError(f"does not exist (expected {what})", key=key, source=where) from None
    except OSError as exc:
        raise ScenarioError(
            f"cannot be read: {exc.strerror or exc}", key=key, source=where
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ScenarioError(f"is {file_kind(mode)}, expected {what}", key=key, source=where)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ScenarioError(
                f"cannot be read: {exc.strerror or exc}", key=key, source=where
            ) from None
    if len(data) > limit:
        raise ScenarioError(
            f"is larger than {_size_text(limit)}, the most that is read (expected {what})",
            key=key,
            source=where,
        )
    return data


def read_text(
    path: PathLike, *, what: str = "a regular file", limit: int = MAX_INPUT_BYTES, key: str = ""
) -> str:
    """The UTF-8 text of the regular file `path` (a leading byte-order mark is dropped)."""
    data = read_bytes(path, what=what, limit=limit, key=key)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"is not UTF-8 text: byte {data[exc.start]:#04x} on line {line} cannot be decoded",
            key=key,
            source=str(path),
        ) from None
    return text.removeprefix("\ufeff")


def _named(key: str, where: str) -> dict[str, str]:
    """Where an output error points: ``--out x.csv is ...`` for an option, ``x.csv: is ...``."""
    return {"key": f"{key} {where}"} if key else {"source": where}


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether `a` and `b` name the same file (through links and ``..``), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_output(
    path: PathLike, *, inputs: Iterable[PathLike] = (), force: bool = True, key: str = ""
) -> Path:
    """`path` as a Path if it may be written: not an input, a regular file, new unless `force`.

    Raises
    ------
    ScenarioError
        If `path` is one of `inputs` (or inside an input folder it would break), is a folder or
        a device, FIFO or socket, or exists and `force` is false.
    """
    target = Path(path)
    where = str(path)
    named = _named(key, where)
    for source in inputs:
        if same_file(target, source):
            raise ScenarioError(
                f"is also an input ({source}); an input is never overwritten: give another name",
                **named,
            )
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc.strerror or exc}", **named) from None
    if not stat.S_ISREG(mode):
        raise ScenarioError(f"is {file_kind(mode)}, expected a file name", **named)
    if not force:
        raise ScenarioError("already exists; give another name or --force to replace it", **named)
    return target


def _mode_for(target: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (``0o666`` less the umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_chunks(
    path: PathLike,
    chunks: Iterable[str | bytes],
    *,
    key: str = "",
    inputs: Iterable[PathLike] = (),
    force: bool = True,
) -> Path:
    """Write the `chunks` (text as UTF-8, or bytes) to `path` atomically, one at a time.

    Memory holds one chunk, whatever the length of the file. A ScenarioError names `path` if it
    cannot be written (see :func:`check_output`); an exception from `chunks` removes the
    temporary file and leaves any old file as it was.
    """
    target = check_output(path, inputs=inputs, force=force, key=key)
    where = str(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ScenarioError(
            f"cannot be written: {exc.strerror or exc}", **_named(key, where)
        ) from None
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600: give the file the mode it would have had
            os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ScenarioError(
            f"cannot be written: {exc.strerror or exc}", **_named(key, where)
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def write_bytes(
    path: PathLike,
    data: bytes,
    *,
    key: str = "",
    inputs: Iterable[PathLike] = (),
    force: bool = True,
) -> Path:
    """Write `data` to `path` atomically; see :func:`write_chunks`."""
    return write_chunks(path, (data,), key=key, inputs=inputs, force=force)


def write_text(
    path: PathLike,
    text: str,
    *,
    key: str = "",
    inputs: Iterable[PathLike] = (),
    force: bool = True,
) -> Path:
    """Write `text` (UTF-8) to `path` atomically; see :func:`write_chunks`."""
    return write_chunks(path, (text,), key=key, inputs=inputs, force=force)
