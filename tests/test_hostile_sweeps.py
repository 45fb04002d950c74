"""Sweeps under attack: shared, broken and forged checkpoints, huge sweeps, killed parents.

Each test is the reproducer of a finding of issue 13; the checkpoint class is fuzzed in
``tests/test_fuzz.py``.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import Dirichlet, ScenarioError, Uniform, sweep
from bargain.cli.main import main
from bargain.sweeps import run as run_module
from bargain.sweeps.checkpoint import Checkpoint
from bargain.sweeps.plan import Linspace
from bargain.sweeps.run import sweep_to_file

UNIFORM = ["--noise", "nato.disagreement=uniform(0,1)"]
SPEC = {"*.weights": Dirichlet(30), "nato.disagreement": Uniform(0.7, 0.9)}


@pytest.fixture(scope="module")
def talks() -> bargain.Scenario:
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def small_sweep(talks, **kwargs):
    args = {"uncertainty": SPEC, "samples": 200, "rng": 7, "progress": False, "chunk_size": 50}
    return sweep(talks, **{**args, **kwargs})


# ----------------------------------------------------------------------------- sharing
def test_a_second_sweep_on_a_checkpoint_in_use_is_refused(talks, tmp_path) -> None:
    path = tmp_path / "shared.ckpt"
    first = small_sweep(talks, checkpoint=path)
    held, _ = Checkpoint.open(
        path,
        run_module.make_plan(
            talks,
            grid=None,
            uncertainty=SPEC,
            samples=200,
            method="nash",
            rng=7,
            solve_options={},
        ).fingerprint(),
        n_runs=200,
        shape=talks.shape,
        n_parties=2,
    )
    try:  # as if another sweep were running on it
        with pytest.raises(ScenarioError) as info:
            small_sweep(talks, checkpoint=path)
        assert str(info.value) == (
            f"checkpoint {path} is in use by another sweep that is still running (the file is "
            "locked); wait for it to finish, or give another path"
        )
    finally:
        held.close()
    assert small_sweep(talks, checkpoint=path) == first  # the file is intact


@pytest.mark.slow
def test_two_sweeps_started_at_once_never_corrupt_the_checkpoint(tmp_path) -> None:
    # Reproducer: two identical sweeps on one --checkpoint made every later resume fail.
    path, out = tmp_path / "shared.ckpt", tmp_path / "a.csv"
    args = [sys.executable, "-m", "bargain", "sweep", "russia-nato-2022-no-red-lines"]
    args += ["--noise", "*.weights=dirichlet(30)", "--samples", "20000", "--seed", "3"]
    args += ["--checkpoint", str(path), "--no-progress"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}
    a = subprocess.Popen([*args, "--out", str(out)], **quiet)
    b = subprocess.Popen([*args, "--out", str(tmp_path / "b.csv")], **quiet)
    _, err_a = a.communicate(timeout=300)
    _, err_b = b.communicate(timeout=300)
    codes = sorted([a.returncode, b.returncode])
    assert codes in ([0, 0], [0, 2]), (err_a, err_b)
    if codes == [0, 2]:
        assert "is in use by another sweep" in err_a + err_b
    resumed = subprocess.run([*args, "--out", str(tmp_path / "c.csv")], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    written = [p for p in (out, tmp_path / "b.csv") if p.exists()]
    assert written and all(p.read_bytes() == (tmp_path / "c.csv").read_bytes() for p in written)


# ----------------------------------------------------------------------------- paths
@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("folder", "is a folder, expected a checkpoint file"),
        ("/dev/null", "is a device, expected a checkpoint file"),
    ],
)
def test_checkpoint_paths_that_are_not_files(talks, tmp_path, where, expected) -> None:
    path = tmp_path if where == "folder" else Path(where)
    with pytest.raises(ScenarioError) as info:
        small_sweep(talks, checkpoint=path)
    assert str(info.value) == f"checkpoint {path} {expected}"


def test_a_read_only_checkpoint(talks, tmp_path, monkeypatch) -> None:
    path = tmp_path / "ro.ckpt"
    real_open = os.open

    def read_only(file, flags, *args):
        if Path(file) == path and flags & (os.O_RDWR | os.O_WRONLY):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(ScenarioError) as info:
        small_sweep(talks, checkpoint=path)
    assert str(info.value) == f"checkpoint {path} cannot be opened for writing: Permission denied"


def test_checkpoint_in_the_cli_is_one_line(capsys, tmp_path) -> None:
    code = main(
        [
            "sweep",
            "russia-nato-2022-no-red-lines",
            "--vary",
            "nato.disagreement=0.5,0.6",
            "--checkpoint",
            str(tmp_path),
            "--out",
            str(tmp_path / "x.csv"),
        ]
    )
    assert code == 2
    assert one_line(capsys.readouterr().err) == (
        f"ScenarioError: checkpoint {tmp_path} is a folder, expected a checkpoint file"
    )


# ----------------------------------------------------------------------------- contents
def forged(talks, tmp_path, edit) -> Path:
    path = tmp_path / "forged.ckpt"
    small_sweep(talks, checkpoint=path)
    lines = path.read_text(encoding="utf-8").splitlines()
    k, data = edit([json.loads(line) for line in lines])
    lines[k] = json.dumps(data) if not isinstance(data, str) else data
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def set_first(key, value):
    def edit(rows):
        rows[1][key][0] = value
        return 1, rows[1]

    return edit


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (set_first("utilities", [float("nan"), 0.5]), "NaN is not a number a checkpoint holds"),
        (set_first("levels", [-5, 0, 0, 0, 0, 0, 0, 0]), "level -5 of issue 0, expected"),
        (set_first("agreement", ["no"]), "'agreement' must hold true or false, found ['no']"),
        (set_first("levels", [99, 0, 0, 0, 0, 0, 0, 0]), "level 99 of issue 0, expected 0..3"),
        (set_first("levels", [0.5] * 8), "'levels' must hold lists of 8 whole numbers"),
        (set_first("utilities", [1e400, 0.5]), "Infinity is not a number a checkpoint holds"),
    ],
)
def test_forged_lines_are_refused_with_their_number(talks, tmp_path, edit, problem) -> None:
    path = forged(talks, tmp_path, edit)
    with pytest.raises(ScenarioError) as info:
        small_sweep(talks, checkpoint=path)
    message = str(info.value)
    assert message.startswith(f"checkpoint {path} line 2 is corrupt (")
    assert problem in message


def test_utilities_that_are_not_those_of_the_levels_are_refused(talks, tmp_path) -> None:
    path = forged(talks, tmp_path, set_first("utilities", [0.123, 0.456]))
    with pytest.raises(ScenarioError) as info:
        small_sweep(talks, checkpoint=path)
    assert str(info.value).startswith(
        f"checkpoint {path} line 2 is corrupt (run 0: its utilities are not those of its "
    )


def test_a_forged_header_is_refused(talks, tmp_path) -> None:
    def edit(rows):
        rows[0]["fingerprint"] = 5
        return 0, rows[0]

    path = forged(talks, tmp_path, edit)
    with pytest.raises(ScenarioError) as info:
        small_sweep(talks, checkpoint=path)
    assert str(info.value) == (
        f"checkpoint {path} line 1 is corrupt ('fingerprint' must map argument names to digests)"
    )


def test_overlapping_lines_are_refused(talks, tmp_path) -> None:
    def edit(rows):
        return 2, rows[1]  # line 3 repeats line 2's runs

    path = forged(talks, tmp_path, edit)
    with pytest.raises(ScenarioError, match=r"line 3 is corrupt \(runs 0..49 overlap those of"):
        small_sweep(talks, checkpoint=path)


# ----------------------------------------------------------------------------- size
def test_an_in_memory_result_beyond_the_budget_is_refused_up_front(talks, monkeypatch) -> None:
    monkeypatch.setattr(run_module, "solve_chunk", None)  # nothing may run
    with pytest.raises(ScenarioError) as info:
        sweep(talks, grid={"nato.disagreement": Linspace(0.5, 0.8, 100_000_000)})
    assert str(info.value) == (
        "sweep has 100,000,000 runs, about 16.6 GiB as a result in memory (the limit is 1 GiB): "
        "write the runs to a file as they come with bargain.sweep_to_file (the command line "
        "does so by itself)"
    )


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_file_written_as_the_runs_come_is_the_saved_result(talks, tmp_path, suffix) -> None:
    grid = {"russia.disagreement": [0.1, 0.3], "russia.power": [0.5, 1.0, 2.0]}
    args = {"grid": grid, "uncertainty": SPEC, "samples": 40, "rng": 5, "progress": False}
    result = sweep(talks, **args, chunk_size=7)
    streamed = tmp_path / f"streamed{suffix}"
    summary = sweep_to_file(talks, streamed, **args, chunk_size=11)
    saved = result.save(tmp_path / f"saved{suffix}")
    if suffix == ".csv":
        assert streamed.read_text("utf-8") == saved.read_text("utf-8")
    else:
        a, b = json.loads(streamed.read_text("utf-8")), json.loads(saved.read_text("utf-8"))
        assert list(a) == list(b)
        for key in a:
            if key != "summary":
                assert a[key] == b[key], key
    exact = result.summary()
    assert summary.agreement_rate == exact.agreement_rate
    assert summary.level_probabilities == exact.level_probabilities
    assert summary.agreement_se == pytest.approx(exact.agreement_se, rel=1e-9)
    grid_effects = {s.parameter: s.main_effect for s in exact.sensitivity if s.kind == "grid"}
    assert {s.parameter: s.main_effect for s in summary.sensitivity} == pytest.approx(grid_effects)


def test_the_cli_streams_a_sweep_too_large_to_hold(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(run_module, "MAX_RESULT_BYTES", 10_000)
    monkeypatch.setattr("bargain.cli.sweep.MAX_RESULT_BYTES", 10_000)
    out = tmp_path / "runs.csv"
    code = main(
        [
            "sweep",
            "russia-nato-2022-no-red-lines",
            "--vary",
            "nato.disagreement=0.5:0.8:300",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "(a streamed sweep: the sensitivity ranks the grid parameters, without flips)" in (
        captured.out
    )
    with out.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 300
    code = main(
        [
            "sweep",
            "russia-nato-2022-no-red-lines",
            "--vary",
            "nato.disagreement=0.5:0.8:300",
            "--out",
            str(out),
            "--plot",
            str(tmp_path / "x.png"),
        ]
    )
    assert code == 2
    assert "--plot needs every run in memory, and this sweep has 300" in capsys.readouterr().err


@settings(max_examples=40, deadline=None)
@given(
    st.floats(-1e300, 1e300, allow_nan=False),
    st.floats(-1e300, 1e300, allow_nan=False),
    st.integers(1, 5000),
)
def test_linspace_is_numpy_linspace(start, stop, steps) -> None:
    expected = np.linspace(start, stop, steps)
    np.testing.assert_array_equal(Linspace(start, stop, steps).take(np.arange(steps)), expected)


# ----------------------------------------------------------------------------- arguments
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--vary", "nato.disagreement=0.1,0.2", "--vary", "nato.disagreement=0.5"],
            "--vary is given more than once for 'nato.disagreement'; give each path once",
        ),
        (
            [*UNIFORM, "--noise", "nato.disagreement+=normal(0,1)"],
            "--noise is given more than once for 'nato.disagreement'; give each path once",
        ),
        (
            ["--vary", "nato.disagreement=0.5,0.6", "--workers", "9" * 20],
            "workers must be <= 1,024, found 99999999999999999999",
        ),
        (
            ["--vary", "nato.disagreement=0:1:" + "9" * 400],
            "sweep would have about 10^399 runs (about 10^399 grid points x 1 draws); at most "
            "9,007,199,254,740,992 can be numbered",
        ),
        (
            [*UNIFORM, "--samples", "9" * 400],
            "sweep would have about 10^399 runs (1 grid points x about 10^399 draws)",
        ),
        (
            ["--vary", "nato.disagreement=0.5,0.6", "--dask", "tls://127.0.0.1:1"],
            "--dask 'tls://127.0.0.1:1' cannot be used: TLS expects",
        ),
    ],
)
def test_bad_sweep_arguments(capsys, tmp_path, argv, message) -> None:
    code = main(["sweep", "russia-nato-2022-no-red-lines", *argv, "--out", str(tmp_path / "x.csv")])
    assert code == 2
    assert message in one_line(capsys.readouterr().err)


def test_out_is_never_the_checkpoint(capsys, tmp_path) -> None:
    path = tmp_path / "runs.csv"
    path.write_text("precious", encoding="utf-8")
    code = main(
        [
            "sweep",
            "russia-nato-2022-no-red-lines",
            "--vary",
            "nato.disagreement=0.5,0.6",
            "--checkpoint",
            str(path),
            "--out",
            str(path),
        ]
    )
    assert code == 2
    assert "--out" in one_line(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == "precious"


def test_uniform_noise_over_the_whole_float_range(talks) -> None:
    # Reproducer: uniform(-1e308, 1e308) raised OverflowError in the sampler.
    r = sweep(
        talks,
        uncertainty={"nato.disagreement": Uniform(-1e308, 1e308)},
        samples=64,
        rng=1,
        progress=False,
    )
    drawn = r.values[:, 0]
    assert np.all(np.isfinite(drawn)) and drawn.min() < -1e306 and drawn.max() > 1e306


# ----------------------------------------------------------------------------- processes
KILLED = textwrap.dedent(
    """
    import os, sys, time
    import bargain
    sys.modules["bargain.sweeps.workers"].POLL_SECONDS = 0.1
    if __name__ == "__main__":  # workers import this script again
        talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
        print(os.getpid(), flush=True)
        bargain.sweep(talks, uncertainty={"*.weights": bargain.Dirichlet(30)}, samples=10**6,
                      rng=1, workers=2, progress=False, chunk_size=100, method="kalai-smorodinsky")
    """
)


def children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list processes")
def test_workers_die_with_a_killed_parent(tmp_path) -> None:
    # Reproducer: kill -9 of a sweep with --workers 2 left the workers and the resource
    # tracker alive for minutes.
    script = tmp_path / "sweep.py"
    script.write_text(KILLED, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 60
    while len(children(pid)) < 3 and time.monotonic() < deadline:  # 2 workers, 1 tracker
        time.sleep(0.1)
    spawned = children(pid)
    assert len(spawned) >= 2, "the workers did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 15
    alive = spawned
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = {p for p in alive if Path(f"/proc/{p}").exists() and not _zombie(p)}
    assert not alive, f"processes {alive} outlived their parent"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def ctrl_c_back() -> None:
    """In the child: Ctrl-C as a terminal gives it (a background job's children ignore it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_on_a_running_sweep(tmp_path) -> None:
    out = tmp_path / "runs.csv"
    args = [sys.executable, "-m", "bargain", "sweep", "russia-nato-2022-no-red-lines"]
    args += ["--noise", "*.weights=dirichlet(30)", "--samples", "1000000000", "--seed", "1"]
    args += ["--out", str(out), "--no-progress", "--workers", "2"]
    process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_back)
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "interrupted\n"
    assert list(tmp_path.iterdir()) == []  # no half-written file left
