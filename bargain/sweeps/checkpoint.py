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

Examples
--------
>>> import numpy as np, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "sweep.ckpt")
>>> store, done = Checkpoint.open(path, {"grid": "abc"}, n_runs=2)
>>> done
[]
>>> store.append(Chunk(0, 2, np.array([True, False]), np.array([[1], [-1]]),
...                    np.array([[0.5, 0.25], [0.2, 0.75]]), 0))
>>> store.close()
>>> _, done = Checkpoint.open(path, {"grid": "abc"}, n_runs=2)
>>> [(c.start, c.stop) for c in done]
[(0, 2)]
>>> Checkpoint.open(path, {"grid": "xyz"}, n_runs=2)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: checkpoint ... was written by a sweep with a different grid; \
delete it or give another path to start over
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from bargain.errors import ScenarioError

__all__ = ["FORMAT", "Checkpoint", "Chunk", "digest"]

FORMAT = "bargain-sweep-checkpoint"
VERSION = 1


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
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        """Inverse of :meth:`to_json` (after ``json.loads``); ValueError if malformed."""
        start, stop = int(data["start"]), int(data["stop"])
        agreement = np.asarray(data["agreement"], dtype=bool)
        levels = np.asarray(data["levels"], dtype=np.intp)
        utilities = np.asarray(data["utilities"], dtype=np.float64)
        n = stop - start
        if n <= 0 or agreement.shape != (n,) or levels.shape[0] != n or utilities.shape[0] != n:
            raise ValueError("chunk arrays do not match its run range")
        if levels.ndim != 2 or utilities.ndim != 2:
            raise ValueError("chunk arrays have the wrong number of dimensions")
        return cls(start, stop, agreement, levels, utilities, int(data["fallbacks"]))


class Checkpoint:
    """An open checkpoint file, appended to chunk by chunk; see the module notes."""

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], fingerprint: dict[str, str], *, n_runs: int
    ) -> tuple[Checkpoint, list[Chunk]]:
        """Open (or create) the checkpoint at `path`; return it and the chunks already done.

        Raises
        ------
        ScenarioError
            If the file holds a different sweep (its fingerprint differs) or is not a checkpoint.
        """
        path = Path(path)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "n_runs": n_runs,
            "fingerprint": fingerprint,
        }
        chunks: list[Chunk] = []
        if path.exists() and path.stat().st_size > 0:
            chunks, good_bytes = _read(path, header)
            with path.open("r+b") as f:
                f.truncate(good_bytes)
            handle = path.open("a", encoding="utf-8")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("w", encoding="utf-8")
            handle.write(json.dumps(header, sort_keys=True) + "\n")
            _sync(handle)
        return cls(path, handle), chunks

    def append(self, chunk: Chunk) -> None:
        """Write one finished chunk and flush it to disk."""
        self._handle.write(chunk.to_json() + "\n")
        _sync(self._handle)

    def close(self) -> None:
        """Close the file (the checkpoint stays on disk)."""
        self._handle.close()


def _sync(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _read(path: Path, expected: dict[str, Any]) -> tuple[list[Chunk], int]:
    """Chunks of a checkpoint and the byte length of its complete lines."""
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    # The last element is b"" after a final newline, or an unfinished line cut by a kill.
    complete, _torn = lines[:-1], lines[-1]
    where = f"checkpoint {path}"
    try:
        header = json.loads(complete[0]) if complete else None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ScenarioError(
            "is not a bargain sweep checkpoint; give another path (it is never overwritten)",
            key=where,
        )
    if header.get("version") != VERSION:
        raise ScenarioError(
            f"has format version {header.get('version')!r}, expected {VERSION}", key=where
        )
    old = header.get("fingerprint", {})
    new = expected["fingerprint"]
    differ = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if header.get("n_runs") != expected["n_runs"] and not differ:
        differ = ["number of runs"]
    if differ:
        raise ScenarioError(
            f"was written by a sweep with a different {', '.join(differ)}; delete it or give "
            "another path to start over",
            key=where,
        )
    chunks: list[Chunk] = []
    good = len(complete[0]) + 1
    for number, line in enumerate(complete[1:], start=2):
        try:
            chunk = Chunk.from_json(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            if number == len(complete):  # a torn final line that happened to end in a newline
                break
            raise ScenarioError(f"line {number} is corrupt ({exc})", key=where) from None
        if not 0 <= chunk.start < chunk.stop <= expected["n_runs"]:
            raise ScenarioError(f"line {number} covers runs outside the sweep", key=where)
        chunks.append(chunk)
        good += len(line) + 1
    return chunks, good
