"""A plain (non-editable) wheel install ships the bundled scenarios."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_loads_bundled_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_ROOT_USER_ACTION", "ignore")
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (extra 'test')")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("bargain_sim-*.whl")

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            purelib,
            str(wheel),
        ],
        check=True,
    )
    # The fresh environment gets numpy & co. from this one, appended after its own packages
    # (a .pth in a plain folder is not processed, so no editable install leaks in).
    deps = [
        p for p in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]} if Path(p).is_dir()
    ]
    (Path(purelib) / "_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")

    code = (
        "import bargain, pathlib;"
        "print(pathlib.Path(bargain.__file__).resolve());"
        "print(bargain.list_scenarios());"
        "print(bargain.solve(bargain.load_scenario('russia-nato-2022-no-red-lines')).agreement)"
    )
    done = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    location, names, agreement = done.stdout.strip().splitlines()
    assert Path(location).is_relative_to(Path(purelib).resolve())
    assert "russia-nato-2022" in names and "russia-us-2021" in names
    assert agreement == "True"
