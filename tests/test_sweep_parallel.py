"""Serial == parallel for the same seed: process pools, any Executor, Dask."""

from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bargain
from bargain import Dirichlet, ScenarioError, Uniform, sweep

ROOT = Path(__file__).resolve().parent.parent
SPEC = {"*.weights": Dirichlet(25), "nato.disagreement": Uniform(0.7, 0.9)}


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(scope="module")
def serial(talks):
    return sweep(
        talks,
        grid={"russia.disagreement": [0.15, 0.25]},
        uncertainty=SPEC,
        samples=300,
        rng=42,
        progress=False,
    )


def test_thread_pool_executor(talks, serial):
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        result = sweep(
            talks,
            grid={"russia.disagreement": [0.15, 0.25]},
            uncertainty=SPEC,
            samples=300,
            rng=42,
            progress=False,
            executor=pool,
            chunk_size=37,
        )
    assert result == serial


@pytest.mark.slow
def test_process_pool(talks, serial):
    result = sweep(
        talks,
        grid={"russia.disagreement": [0.15, 0.25]},
        uncertainty=SPEC,
        samples=300,
        rng=42,
        progress=False,
        workers=2,
    )
    assert result == serial


@pytest.mark.slow
def test_process_pool_on_the_per_run_path(talks):
    # Lotteries are not vectorised: runs go one by one through solve() in the workers.
    kwargs = {
        "grid": {"nato.disagreement": [0.5, 0.7, 0.8, 0.97]},
        "method": "kalai-smorodinsky",
        "lotteries": True,
        "progress": False,
    }
    one = sweep(talks, **kwargs)
    two = sweep(talks, workers=2, chunk_size=1, **kwargs)
    assert one == two and one.fallbacks == 4


def test_executor_and_workers_are_exclusive(talks):
    with (
        cf.ThreadPoolExecutor(max_workers=1) as pool,
        pytest.raises(ScenarioError, match="not both"),
    ):
        sweep(talks, executor=pool, workers=2, progress=False)


NO_DASK = importlib.util.find_spec("distributed") is None


def _dask_sweep(talks, *, processes: bool, as_client: bool):
    """The reference sweep on a two-worker local cluster, through the client or its executor."""
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        result = sweep(
            talks,
            grid={"russia.disagreement": [0.15, 0.25]},
            uncertainty=SPEC,
            samples=300,
            rng=42,
            progress=False,
            executor=client if as_client else client.get_executor(),
            chunk_size=50,
        )
        assert client.status != "closed"  # used, not shut down
    return result


@pytest.mark.slow
@pytest.mark.skipif(
    NO_DASK, reason="dask.distributed is not installed (pip install 'bargain-sim[dask]')"
)
def test_dask_local_cluster(talks, serial):
    assert _dask_sweep(talks, processes=True, as_client=False) == serial


@pytest.mark.slow
@pytest.mark.skipif(
    NO_DASK, reason="dask.distributed is not installed (pip install 'bargain-sim[dask]')"
)
def test_a_dask_client_is_an_executor(talks, serial):
    assert _dask_sweep(talks, processes=False, as_client=True) == serial


def test_an_executor_needs_submit(talks):
    with pytest.raises(ScenarioError) as info:
        sweep(talks, executor=object(), progress=False)
    assert str(info.value) == (
        "executor must be a concurrent.futures.Executor or a dask.distributed.Client, found object"
    )


SCRIPT = """\
import bargain
s = bargain.load_scenario("russia-nato-2022-no-red-lines")
r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.95]}, progress=False, workers=2)
print(r.agreement.tolist())
"""


def _run_script(path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.slow
def test_workers_in_a_script_without_main_guard_say_what_to_do(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = _run_script(script)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "bargain.errors.ScenarioError: workers=2 starts worker processes that import plain.py "
        "again, and it has no 'if __name__ == \"__main__\":' block, so each worker would run the "
        "sweep again: put the lines that run it under 'if __name__ == \"__main__\":' (Python's "
        "multiprocessing needs it), or leave workers unset to run in this process"
    )


@pytest.mark.slow
def test_workers_in_a_script_with_main_guard_work(tmp_path):
    script = tmp_path / "guarded.py"
    body = "".join("    " + line + "\n" for line in SCRIPT.splitlines()[1:])
    script.write_text(f'import bargain\n\nif __name__ == "__main__":\n{body}', encoding="utf-8")
    done = _run_script(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[True, False]\n"


@pytest.mark.slow
def test_a_sweep_outside_the_guard_is_a_broken_pool_with_advice(tmp_path):
    script = tmp_path / "half.py"
    lines = SCRIPT.splitlines()
    script.write_text(
        "\n".join([*lines[:3], 'if __name__ == "__main__":', "    " + lines[3], ""]),
        encoding="utf-8",
    )
    done = _run_script(script)
    assert done.returncode == 1
    # The exception's line; Python's multiprocessing resource tracker may warn after it about
    # the dead workers' semaphores, so it is not always the last line.
    assert (
        "bargain.errors.BargainError: a worker process of the sweep died (killed, or out of "
        "memory; in a script, also when the lines that run the sweep are not under "
        "'if __name__ == \"__main__\":'): rerun with fewer workers, or without workers to see "
        "the error in this process"
    ) in done.stderr.splitlines()


def test_python_c_and_modules_are_never_unguarded(monkeypatch, tmp_path):
    from types import ModuleType

    from bargain.sweeps.workers import unguarded_script

    main = ModuleType("__main__")
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert unguarded_script() is None  # python -c, the prompt, Jupyter: no file
    script = tmp_path / "s.py"
    script.write_text("x = 1\n", encoding="utf-8")
    main.__file__ = str(script)
    assert unguarded_script() == str(script)
    script.write_text("x = 1\nif '__main__' == __name__:\n    pass\n", encoding="utf-8")
    assert unguarded_script() is None
