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

Examples
--------
>>> with process_pool(1) as pool:
...     pool.submit(abs, -3).result()
3
"""

from __future__ import annotations

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

__all__ = ["MAX_WORKERS", "POLL_SECONDS", "parent_watchdog", "process_pool", "worker_init"]

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
