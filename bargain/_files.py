"""Files written safely: whole or not at all, never over the file being read.

:func:`write_text` writes to a temporary file in the target's folder and renames it over the
target, so a crash or a kill leaves either the old file or the new one, never half of each.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "deal.json", "{}").read_text()
'{}'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from bargain.errors import ScenarioError

__all__ = ["write_bytes", "write_text"]


def write_text(path: str | os.PathLike[str], text: str, *, key: str = "") -> Path:
    """Write `text` (UTF-8) to `path` atomically; a ScenarioError names `path` if it fails."""
    return write_bytes(path, text.encode("utf-8"), key=key)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, key: str = "") -> Path:
    """Write `data` to `path` atomically; a ScenarioError names `path` if it fails."""
    target = Path(path)
    where = str(path)
    if target.is_dir():
        raise ScenarioError("is a folder, expected a file name", key=key, source=where)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ScenarioError(
            f"cannot be written: {exc.strerror or exc}", key=key, source=where
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ScenarioError(
            f"cannot be written: {exc.strerror or exc}", key=key, source=where
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
