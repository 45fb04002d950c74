"""Checkpoints: resume after a kill, refuse another sweep's file, survive a torn last line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import bargain
from bargain import Dirichlet, ScenarioError, Uniform, sweep

SWEEP = sys.modules["bargain.sweeps.run"]
SPEC = {"*.weights": Dirichlet(30), "nato.disagreement": Uniform(0.7, 0.9)}
N_SAMPLES, CHUNK, SEED = 2000, 100, 7

SCRIPT = textwrap.dedent(
    f"""
    import sys, time
    import bargain
    from bargain import Dirichlet, Uniform

    module = sys.modules["bargain.sweeps.run"]
    solve_chunk = module.solve_chunk

    def slow(plan, start, stop):  # slow enough to be killed half way
        time.sleep(0.1)
        return solve_chunk(plan, start, stop)

    module.solve_chunk = slow
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    bargain.sweep(
        talks,
        uncertainty={{"*.weights": Dirichlet(30), "nato.disagreement": Uniform(0.7, 0.9)}},
        samples={N_SAMPLES}, rng={SEED}, chunk_size={CHUNK}, checkpoint=sys.argv[1],
        progress=False,
    )
    print("finished")
    """
)


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def run_sweep(talks, **kwargs):
    args = {"uncertainty": SPEC, "samples": N_SAMPLES, "rng": SEED, "progress": False}
    args.update(kwargs)
    return sweep(talks, **args)


def lines(path):
    return path.read_bytes().count(b"\n")


@pytest.mark.slow
def test_resume_after_sigkill(tmp_path, talks, monkeypatch):
    path = tmp_path / "sweep.ckpt"
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    process = subprocess.Popen([sys.executable, str(script), str(path)], env=env)
    try:
        deadline = time.monotonic() + 15
        while not (path.exists() and lines(path) >= 4):  # the header and three chunks
            assert process.poll() is None, "the sweep ended before it could be killed"
            assert time.monotonic() < deadline, "no chunk was written in time"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    done = lines(path) - 1
    assert 3 <= done < N_SAMPLES // CHUNK
    with path.open("ab") as f:  # as if the kill had cut a line in half
        f.write(b'{"start": 1900, "stop": 2000, "agreement": [tr')

    calls = []
    original = SWEEP.solve_chunk

    def counting(plan, start, stop):
        calls.append((start, stop))
        return original(plan, start, stop)

    monkeypatch.setattr(SWEEP, "solve_chunk", counting)
    resumed = run_sweep(talks, checkpoint=path, chunk_size=CHUNK)
    assert len(calls) == N_SAMPLES // CHUNK - done  # only the missing chunks
    monkeypatch.undo()
    assert resumed == run_sweep(talks)
    assert lines(path) == 1 + N_SAMPLES // CHUNK
    for line in path.read_text(encoding="utf-8").splitlines():
        json.loads(line)  # the torn line is gone


def test_complete_checkpoint_is_reused(tmp_path, talks, monkeypatch):
    path = tmp_path / "done.ckpt"
    first = run_sweep(talks, samples=300, checkpoint=path, chunk_size=64)

    def fail(*args):
        raise AssertionError("nothing should be recomputed")

    monkeypatch.setattr(SWEEP, "solve_chunk", fail)
    again = run_sweep(talks, samples=300, checkpoint=path, chunk_size=50)  # other chunking
    assert again == first


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"rng": 8}, "seed"),
        ({"samples": 301}, "samples"),
        (
            {"uncertainty": {"*.weights": Dirichlet(31), "nato.disagreement": Uniform(0.7, 0.9)}},
            "uncertainty",
        ),
        ({"grid": {"russia.disagreement": [0.2]}}, "grid"),
        ({"method": "utilitarian"}, "method"),
    ],
)
def test_mismatched_checkpoint_is_refused(tmp_path, talks, change, named):
    path = tmp_path / "a.ckpt"
    run_sweep(talks, samples=300, checkpoint=path)
    before = path.read_bytes()
    kwargs = {"samples": 300, **change}
    with pytest.raises(ScenarioError, match=rf"different {named}.*delete it or give another"):
        run_sweep(talks, checkpoint=path, **kwargs)
    assert path.read_bytes() == before


def test_changed_scenario_is_refused(tmp_path, talks):
    import dataclasses

    path = tmp_path / "s.ckpt"
    run_sweep(talks, samples=50, checkpoint=path)
    other = dataclasses.replace(talks, notes="changed")
    with pytest.raises(ScenarioError, match="different scenario"):
        run_sweep(other, samples=50, checkpoint=path)


def test_other_files_are_never_overwritten(tmp_path, talks):
    path = tmp_path / "results.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not a bargain sweep checkpoint"):
        run_sweep(talks, samples=10, checkpoint=path)
    assert path.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_corrupt_middle_line_is_refused(tmp_path, talks):
    path = tmp_path / "c.ckpt"
    run_sweep(talks, samples=300, checkpoint=path, chunk_size=100)
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1][:20]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="line 2 is corrupt"):
        run_sweep(talks, samples=300, checkpoint=path)


def test_checkpoint_needs_a_fixed_seed(tmp_path, talks):
    with pytest.raises(ScenarioError, match="fixed integer seed"):
        run_sweep(talks, rng=None, checkpoint=tmp_path / "x.ckpt")
    # a pure grid has no draws and needs no seed
    grid = {"nato.disagreement": [0.5, 0.8]}
    first = sweep(talks, grid=grid, checkpoint=tmp_path / "g.ckpt", progress=False)
    assert sweep(talks, grid=grid, checkpoint=tmp_path / "g.ckpt", progress=False) == first
