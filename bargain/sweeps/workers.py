"""Local worker processes for a sweep, which never outlive the process that started them.

:func:`process_pool` starts a :class:`concurrent.futures.ProcessPoolExecutor` (``spawn`` start
method) whose workers run :func:`worker_init` first:

- they ignore Ctrl-C (SIGINT): the terminal sends it to every process of the group, and the
  parent, which handles it, shuts the pool down; workers printing tracebacks would only hide
  its one-line message;
- they exit when their parent dies, even by ``kill -9``, which runs no clean-up in the parent:
  on Linux the kernel sends them SIGKILL (``prctl(PR_SET_PDEATHSIG)``); elsewhere (and should
  that call fail) a daemon thread polls the parent's process id twice a second and ends the
  worker when it changes. The multiprocessing resource tracker then sees its last user go and
  exits too.

Spawned workers import the script that started them again (Python's ``spawn`` start method), so
a script that runs its sweep when imported, without ``if __name__ == "__main__":``, would start
workers forever; :func:`check_main_guarded` refuses such a script before any worker starts, with
a message that says what to do. :func:`as_executor` accepts a ``dask.distributed.Client`` as an
executor (its own ``submit`` returns Dask futures, which :mod:`concurrent.futures` cannot wait
for).

Examples
--------
>>> with process_pool(1) as pool:
...     pool.submit(abs, -3).result()
3
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bargain.errors import BargainError, ScenarioError

__all__ = [
    "MAX_WORKERS",
    "POLL_SECONDS",
    "as_executor",
    "broken_pool_error",
    "check_main_guarded",
    "parent_watchdog",
    "process_pool",
    "unguarded_script",
    "worker_init",
]

#: The most local worker processes a sweep starts.
MAX_WORKERS = 1024
#: How often a worker without ``prctl`` checks that its parent is alive.
POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def _die_with_parent_linux() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; whether that worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def parent_watchdog(parent: int, interval: float = POLL_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process as soon as `parent` is no longer its parent."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)  # the parent is gone: nothing left to report to
            time.sleep(interval)

    thread = threading.Thread(target=watch, name="bargain-parent-watchdog", daemon=True)
    thread.start()
    return thread


def worker_init(parent: int) -> None:
    """Run first in every worker: ignore Ctrl-C, and die with the parent process `parent`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent_linux():
        parent_watchdog(parent)
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[cf.ProcessPoolExecutor]:
    """A pool of `workers` processes (see the module notes), shut down on leaving.

    On leaving (normally, on an error or on Ctrl-C) queued tasks are cancelled and running ones
    are waited for (each is a fraction of a second of work).
    """
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_init,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _is_main_guard(node: ast.stmt) -> bool:
    """Whether `node` is ``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    texts = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and texts == ["__main__"]


def unguarded_script() -> str | None:
    """The script being run if spawned workers would run it again, else None.

    That is a ``python script.py`` whose top level has no ``if __name__ == "__main__":``
    (``python -c``, ``python -m``, Jupyter and the interactive prompt are never run again).
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return None
    file = getattr(main, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    try:
        tree = ast.parse(Path(file).read_bytes(), filename=file)
    except (OSError, SyntaxError, ValueError):
        return None  # cannot tell: let the workers start
    if any(_is_main_guard(node) for node in tree.body):
        return None
    return file


def check_main_guarded(workers: int) -> None:
    """Refuse to start `workers` processes from a script that would run again in each of them.

    Raises
    ------
    ScenarioError
        Naming the script and what to do.
    """
    script = unguarded_script()
    if script is None:
        return
    raise ScenarioError(
        f"starts worker processes that import {Path(script).name} again, and it has "
        "no 'if __name__ == \"__main__\":' block, so each worker would run the sweep again: put "
        "the lines that run it under 'if __name__ == \"__main__\":' (Python's multiprocessing "
        "needs it), or leave workers unset to run in this process",
        key=f"workers={workers}",
    )


def as_executor(executor: Any) -> cf.Executor:
    """`executor` as a :class:`concurrent.futures.Executor`.

    A ``dask.distributed.Client`` becomes ``client.get_executor()``; any other object needs a
    ``submit`` method returning :class:`concurrent.futures.Future` objects.

    Raises
    ------
    ScenarioError
        For an object that has no ``submit`` method.
    """
    distributed = sys.modules.get("distributed")  # a Client means Dask is imported already
    if distributed is not None and isinstance(executor, distributed.Client):
        return executor.get_executor()  # type: ignore[no-any-return]
    if isinstance(executor, cf.Executor):
        return executor
    if not callable(getattr(executor, "submit", None)):
        raise ScenarioError(
            "must be a concurrent.futures.Executor or a dask.distributed.Client, found "
            f"{type(executor).__name__}",
            key="executor",
        )
    return executor  # type: ignore[no-any-return]


def broken_pool_error() -> BargainError:
    """The error for worker processes that died (killed, out of memory, or a script re-run)."""
    return BargainError(
        "a worker process of the sweep died (killed, or out of memory; in a script, also when "
        "the lines that run the sweep are not under 'if __name__ == \"__main__\":'): rerun with "
        "fewer workers, or without workers to see the error in this process"
    )
