"""Serial == parallel for the same seed: process pools, any Executor, Dask."""

from __future__ import annotations

import concurrent.futures as cf
import importlib.util

import pytest

import bargain
from bargain import Dirichlet, ScenarioError, Uniform, sweep

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


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask.distributed is not installed (pip install 'bargain-sim[dask]')",
)
def test_dask_local_cluster(talks, serial):
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
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
            executor=client.get_executor(),
            chunk_size=50,
        )
    assert result == serial
