"""The comparison and limits scripts run (small sizes), so they never rot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(module: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_compare_quick() -> None:
    out = run("benchmarks.compare")
    assert "NegMAS" in out  # either its figures, or the message naming the extra
    assert "NO" not in out and "DISAGREEMENT" not in out
    assert "| 2 × 6 × 3 |" in out and "| 3 × 5 × 3 |" in out


@pytest.mark.slow
def test_limits_quick() -> None:
    out = run("benchmarks.limits")
    assert "GB/s" in out and "GFLOP/s" in out and "M deals/s" in out


@pytest.mark.slow
def test_hostile_timings_quick() -> None:
    out = run("benchmarks.hostile_timings")
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 8  # the header and seven cases
    assert "error" not in out and ">" not in out


@pytest.mark.slow
def test_parties_quick() -> None:
    out = run("benchmarks.parties")
    assert "| nash | 30 × 3 × 6 |" in out and "| kalai-smorodinsky | 3 × 5 × 5 |" in out
    assert "NO" not in out  # every answer equals the brute force's
    assert out.count("| yes |") == 8


@pytest.mark.slow
def test_sweep_methods_quick() -> None:
    out = run("benchmarks.sweep_methods")
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 6  # the header and five methods
    assert "NO" not in out
