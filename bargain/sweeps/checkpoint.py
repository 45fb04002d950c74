"""Checkpoint files: a sweep's results, written chunk by chunk, so a killed sweep can resume.

Format (JSON lines, UTF-8)
--------------------------
The first line is a header::

    {"format": "bargain-sweep-checkpoint", "version": 1, "n_runs": 10000,
     "fingerprint": {"scenario": "3f0c...", "grid": "...", "uncertainty": "...", ...}}

where each fingerprint entry is a SHA-256 digest of one argument of the sweep (the scenario, the
grid, the distributions, the number of samples, the seed, the method, the solver options). Each
further line is one finished chunk of runs ``start <= run < stop``::

    {"start": 0, "stop": 500, "agreement": [...], "levels": [[...], ...],
     "utilities": [[...], ...], "fallbacks": 3}

Floats are written with ``repr``, so they read back bit for bit. A line is written in one call and
flushed to disk before the next chunk is counted as done; a line cut short by a kill is dropped on
reading (and cut from the file), so a resumed sweep recomputes exactly the chunks that are missing.
A header whose fingerprint differs from the new sweep's is refused, naming the arguments that
differ: results of different sweeps are never mixed.

Safety
------
- **One sweep at a time.** The file is locked (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
  Windows) for as long as the sweep runs; a second sweep on the same checkpoint is refused at
  once, naming the file, instead of interleaving its lines with the first one's. Where neither
  lock exists, a :class:`~bargain.errors.BargainWarning` says the file is not locked.
- **Appends are whole lines.** The file is opened for appending (``O_APPEND``) and each chunk is
  one write of one line, flushed to disk.
- **Nothing read is trusted.** Every line is checked as it is read, one at a time (memory holds
  one line): its types, its run range (inside the sweep, not overlapping an earlier line), its
  shapes, levels within each issue's range (``-1`` exactly for runs without agreement), finite
  utilities and a count of fallbacks within the chunk; the first line that fails is refused with
  its number. When a sweep reuses a line, it also checks that each run's utilities are those of
  its levels at the run's parameters (:func:`bargain.sweeps.run.sweep`). What cannot be checked
  without solving again is whether a consistent line names the deal the solver would choose.
- **Only a regular file is a checkpoint.** A folder, ``/dev/null``, a FIFO or a file that cannot
  be opened for writing is refused before any run, with a one-line reason.

Examples
--------
>>> import numpy as np, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "sweep.ckpt")
>>> store, done = Checkpoint.open(path, {"grid": "abc"}, n_runs=2, shape=(2,), n_parties=2)
>>> done
[]
>>> store.append(Chunk(0, 2, np.array([True, False]), np.array([[1], [-1]]),
...                    np.array([[0.5, 0.25], [0.2, 0.75]]), 0))
>>> store.close()
>>> store, done = Checkpoint.open(path, {"grid": "abc"}, n_runs=2, shape=(2,), n_parties=2)
>>> [(d.start, d.stop) for d in done], store.load(done[0]).levels.tolist()
([(0, 2)], [[1], [-1]])
>>> store.close()
>>> Checkpoint.open(path, {"grid": "xyz"}, n_runs=2, shape=(2,), n_parties=2)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: checkpoint ... was written by a sweep with a different grid; \
delete it or give another path to start over
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._files import file_kind
from bargain.errors import BargainWarning, ScenarioError

__all__ = ["FORMAT", "MAX_LINE_BYTES", "Checkpoint", "Chunk", "Done", "digest", "missing_ranges"]

FORMAT = "bargain-sweep-checkpoint"
VERSION = 1
#: The longest checkpoint line read (a chunk of 8,192 runs over hundreds of issues fits).
MAX_LINE_BYTES = 256 * 2**20

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


def digest(value: object) -> str:
    """SHA-256 of the canonical JSON of `value` (sorted keys, ``repr`` for what JSON lacks)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, eq=False)
class Chunk:
    """The outcome of runs ``start <= run < stop``.

    Attributes
    ----------
    agreement
        ``(n,)`` booleans.
    levels
        ``(n, n_issues)`` level indices of the agreed deal, ``-1`` without agreement.
    utilities
        ``(n, n_parties)`` each party's utility (its disagreement utility without agreement).
    fallbacks
        How many runs were solved one by one (not decided by the vectorised screen).
    """

    start: int
    stop: int
    agreement: NDArray[np.bool_]
    levels: NDArray[np.intp]
    utilities: NDArray[np.float64]
    fallbacks: int

    def to_json(self) -> str:
        """One line of JSON (no newline)."""
        return json.dumps(
            {
                "start": self.start,
                "stop": self.stop,
                "agreement": self.agreement.tolist(),
                "levels": self.levels.tolist(),
                "utilities": self.utilities.tolist(),
                "fallbacks": self.fallbacks,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(
        cls, data: object, *, n_runs: int, shape: tuple[int, ...], n_parties: int
    ) -> Chunk:
        """Inverse of :meth:`to_json` (after ``json.loads``), every field checked.

        Raises
        ------
        ValueError
            Saying what is wrong, for a line that is not a chunk of this sweep.
        """
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, found {type(data).__name__}")
        missing = [k for k in ("start", "stop", "agreement", "levels", "utilities", "fallbacks")]
        missing = [k for k in missing if k not in data]
        if missing:
            raise ValueError(f"missing {', '.join(repr(k) for k in missing)}")
        start, stop = _whole(data["start"], "start"), _whole(data["stop"], "stop")
        if not 0 <= start < stop <= n_runs:
            raise ValueError(
                f"covers runs {start}..{stop - 1}, outside the sweep's 0..{n_runs - 1}"
            )
        n = stop - start
        agreement = _bools(data["agreement"], n)
        levels = _levels(data["levels"], n, shape, agreement)
        utilities = _finite(data["utilities"], n, n_parties)
        fallbacks = _whole(data["fallbacks"], "fallbacks")
        if not 0 <= fallbacks <= n:
            raise ValueError(f"'fallbacks' is {fallbacks}, expected 0..{n}")
        return cls(start, stop, agreement, levels, utilities, fallbacks)


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name!r} must be a whole number, found {value!r}"[:200])
    return value


def _rows(value: object, n: int, name: str) -> list[Any]:
    if not isinstance(value, list) or len(value) != n:
        found = f"{len(value)} items" if isinstance(value, list) else type(value).__name__
        raise ValueError(f"{name!r} must be a list of {n} items (one per run), found {found}")
    return value


def _bools(value: object, n: int) -> NDArray[np.bool_]:
    rows = _rows(value, n, "agreement")
    if not all(x is True or x is False for x in rows):
        bad = next(x for x in rows if not (x is True or x is False))
        raise ValueError(f"'agreement' must hold true or false, found {bad!r}"[:200])
    return np.array(rows, dtype=bool).reshape(n)


def _levels(
    value: object, n: int, shape: tuple[int, ...], agreement: NDArray[np.bool_]
) -> NDArray[np.intp]:
    rows = _rows(value, n, "levels")
    k = len(shape)
    if not all(
        isinstance(r, list)
        and len(r) == k
        and all(isinstance(x, int) and not isinstance(x, bool) for x in r)
        for r in rows
    ):
        raise ValueError(f"'levels' must hold lists of {k} whole numbers (one per issue)")
    try:
        levels = np.array(rows, dtype=np.int64).reshape(n, k)
    except OverflowError:
        raise ValueError("'levels' holds a whole number too large for a level index") from None
    top = np.asarray(shape, dtype=np.int64)
    agreed = agreement[:, None]
    ok = np.where(agreed, (levels >= 0) & (levels < top), levels == -1)
    if not np.all(ok):
        r, i = (int(x[0]) for x in np.nonzero(~ok))
        expected = f"0..{shape[i] - 1}" if agreement[r] else "-1 (no agreement)"
        raise ValueError(
            f"run {r} of the line has level {levels[r, i]} of issue {i}, expected {expected}"
        )
    return levels.astype(np.intp)


def _finite(value: object, n: int, n_parties: int) -> NDArray[np.float64]:
    rows = _rows(value, n, "utilities")
    if not all(
        isinstance(r, list)
        and len(r) == n_parties
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in r)
        for r in rows
    ):
        raise ValueError(f"'utilities' must hold lists of {n_parties} numbers (one per party)")
    try:
        utilities = np.array(rows, dtype=np.float64).reshape(n, n_parties)
    except OverflowError:
        raise ValueError("'utilities' holds an integer too large for a float") from None
    if not np.all(np.isfinite(utilities)):
        raise ValueError("'utilities' must be finite numbers")
    return utilities


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number a checkpoint holds")


def _parse(line: bytes) -> object:
    """JSON of one line, refusing NaN and Infinity (which Python's json accepts)."""
    return json.loads(line, parse_constant=_no_constants)


@dataclass(frozen=True, slots=True)
class Done:
    """A chunk found in a checkpoint: its runs and where its line is (read it with ``load``)."""

    start: int
    stop: int
    offset: int
    length: int
    line: int = 0


class Checkpoint:
    """An open, locked checkpoint file, appended to chunk by chunk; see the module notes."""

    def __init__(
        self, path: Path, fd: int, *, n_runs: int, shape: tuple[int, ...], n_parties: int
    ) -> None:
        self.path = path
        self._fd = fd
        self._n_runs, self._shape, self._n_parties = n_runs, shape, n_parties

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        fingerprint: dict[str, str],
        *,
        n_runs: int,
        shape: tuple[int, ...],
        n_parties: int,
    ) -> tuple[Checkpoint, list[Done]]:
        """Open (or create) and lock the checkpoint at `path`; return it and the chunks done.

        Parameters
        ----------
        path, fingerprint, n_runs
            The file, the sweep's fingerprint and number of runs.
        shape, n_parties
            Each issue's number of levels and the number of parties, to check every line.

        Raises
        ------
        ScenarioError
            If the file holds a different sweep (its fingerprint differs), is not a checkpoint,
            has a line that fails its checks, is in use by another sweep, or cannot be a
            checkpoint (a folder, a device, not writable).
        """
        where = Path(path)
        label = f"checkpoint {path}"
        fd = _open_locked(where, label)
        try:
            store = cls(where, fd, n_runs=n_runs, shape=shape, n_parties=n_parties)
            header = {
                "format": FORMAT,
                "version": VERSION,
                "n_runs": n_runs,
                "fingerprint": fingerprint,
            }
            if os.fstat(fd).st_size > 0:
                done, good = store._scan(header, label)
                os.ftruncate(fd, good)
            else:
                done = []
                store._write((json.dumps(header, sort_keys=True) + "\n").encode("utf-8"), label)
        except BaseException:
            os.close(fd)
            raise
        return store, done

    def load(self, done: Done) -> Chunk:
        """The chunk of a line found by :meth:`open` (read and checked again)."""
        os.lseek(self._fd, done.offset, os.SEEK_SET)  # appends still go to the end (O_APPEND)
        data = os.read(self._fd, done.length)
        return Chunk.from_json(
            _parse(data), n_runs=self._n_runs, shape=self._shape, n_parties=self._n_parties
        )

    def append(self, chunk: Chunk) -> None:
        """Write one finished chunk, as one line in one write, and flush it to disk."""
        self._write((chunk.to_json() + "\n").encode("utf-8"), f"checkpoint {self.path}")

    def close(self) -> None:
        """Unlock and close the file (the checkpoint stays on disk)."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                _unlock(self._fd)
            os.close(self._fd)
            self._fd = -1

    def _write(self, data: bytes, label: str) -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as exc:
            raise ScenarioError(f"cannot be written: {exc.strerror or exc}", key=label) from None

    def _scan(self, expected: dict[str, Any], label: str) -> tuple[list[Done], int]:
        """Check every line, one at a time; the chunks and the length of the good lines."""
        with os.fdopen(os.dup(self._fd), "rb") as handle:
            handle.seek(0)
            first = handle.readline(MAX_LINE_BYTES)
            _check_header(first, expected, label)
            good = len(first)
            done: list[Done] = []
            number = 1
            while True:
                line = handle.readline(MAX_LINE_BYTES + 1)
                if not line:
                    break
                number += 1
                if not line.endswith(b"\n"):  # cut by a kill (or longer than any chunk)
                    if len(line) > MAX_LINE_BYTES:
                        raise ScenarioError(
                            f"line {number} is longer than {MAX_LINE_BYTES // 2**20} MiB: "
                            "not a chunk of a sweep",
                            key=label,
                        )
                    break
                try:
                    chunk = Chunk.from_json(
                        _parse(line),
                        n_runs=self._n_runs,
                        shape=self._shape,
                        n_parties=self._n_parties,
                    )
                except (ValueError, OverflowError, RecursionError) as exc:
                    if not handle.peek(1):  # a torn last line that happened to end in a newline
                        break
                    raise ScenarioError(f"line {number} is corrupt ({exc})", key=label) from None
                done.append(Done(chunk.start, chunk.stop, good, len(line), number))
                good += len(line)
        _check_overlaps(done, label)
        return done, good


def _check_overlaps(done: list[Done], label: str) -> None:
    order = sorted(range(len(done)), key=lambda k: done[k].start)
    for a, b in itertools.pairwise(order):
        if done[b].start < done[a].stop:
            raise ScenarioError(
                f"line {done[b].line} is corrupt (runs {done[b].start}..{done[b].stop - 1} "
                f"overlap those of line {done[a].line}): was it written by two sweeps at once?",
                key=label,
            )


def _check_header(first: bytes, expected: dict[str, Any], label: str) -> None:
    try:
        header = _parse(first) if first.endswith(b"\n") else None
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ScenarioError(
            "is not a bargain sweep checkpoint; give another path (it is never overwritten)",
            key=label,
        )
    if header.get("version") != VERSION:
        raise ScenarioError(
            f"has format version {header.get('version')!r}, expected {VERSION}"[:200], key=label
        )
    old = header.get("fingerprint")
    if not isinstance(old, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in old.items()
    ):
        raise ScenarioError(
            "line 1 is corrupt ('fingerprint' must map argument names to digests)", key=label
        )
    n_runs = header.get("n_runs")
    if isinstance(n_runs, bool) or not isinstance(n_runs, int):
        raise ScenarioError("line 1 is corrupt ('n_runs' must be a whole number)", key=label)
    new = expected["fingerprint"]
    differ = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if n_runs != expected["n_runs"] and not differ:
        differ = ["number of runs"]
    if differ:
        raise ScenarioError(
            f"was written by a sweep with a different {', '.join(differ)}; delete it or give "
            "another path to start over",
            key=label,
        )


def _open_locked(path: Path, label: str) -> int:
    """Open `path` for reading and appending, refuse what is not a regular file, and lock it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    except IsADirectoryError:
        raise ScenarioError("is a folder, expected a checkpoint file", key=label) from None
    except OSError as exc:
        raise ScenarioError(
            f"cannot be opened for writing: {exc.strerror or exc}", key=label
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ScenarioError(f"is {file_kind(mode)}, expected a checkpoint file", key=label)
    try:
        _lock(fd)
    except BlockingIOError:
        os.close(fd)
        raise ScenarioError(
            "is in use by another sweep that is still running (the file is locked); wait for "
            "it to finish, or give another path",
            key=label,
        ) from None
    except OSError as exc:  # a file system without locks
        warnings.warn(
            f"{label} cannot be locked ({exc.strerror or exc}): do not run two sweeps on it at "
            "once",
            BargainWarning,
            stacklevel=4,
        )
    return fd


def _lock(fd: int) -> None:
    """Lock the whole file without waiting; BlockingIOError if another process holds it."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    elif msvcrt is not None:  # pragma: no cover - Windows
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise BlockingIOError(str(exc)) from None
    else:  # pragma: no cover - neither POSIX nor Windows
        raise OSError("no file locking on this platform")


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def missing_ranges(n_runs: int, done: list[Done], size: int) -> Iterator[tuple[int, int]]:
    """The runs not yet done, in chunks of at most `size` (memory: the list of chunks done).

    Examples
    --------
    >>> list(missing_ranges(10, [Done(2, 4, 0, 0), Done(6, 7, 0, 0)], 3))
    [(0, 2), (4, 6), (7, 10)]
    """
    at = 0
    for d in sorted(done, key=lambda d: d.start):
        for start in range(at, d.start, size):
            yield start, min(start + size, d.start)
        at = max(at, d.stop)
    for start in range(at, n_runs, size):
        yield start, min(start + size, n_runs)
