"""Each optional extra alone, in a fresh virtual environment: ``bargain-sim[dask]``, ``[pandas]``.

The wheel is built from this checkout and installed with its extra from the package index into a
new environment that sees nothing of this one, so a dependency that only the test environment
happens to have (matplotlib above all: Dask workers must not need it) cannot hide.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import bargain

ROOT = Path(__file__).resolve().parent.parent

CHECKS = {
    "dask": """
import importlib.util, bargain
from dask.distributed import Client, LocalCluster
assert importlib.util.find_spec("matplotlib") is None, "matplotlib installed"
s = bargain.load_scenario("russia-nato-2022-no-red-lines")
with LocalCluster(n_workers=1, threads_per_worker=1, processes=False) as cluster, \\
        Client(cluster) as client:
    r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.95]}, progress=False,
                      executor=client.get_executor())
print(r.agreement.tolist())
""",
    "pandas": """
import importlib.util, bargain
assert importlib.util.find_spec("matplotlib") is None, "matplotlib installed"
s = bargain.load_scenario("russia-nato-2022-no-red-lines")
r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.95]}, progress=False)
print(r.to_frame()["agreement"].tolist())
""",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (extra 'test')")
    out = tmp_path_factory.mktemp("wheels")
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
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("bargain_sim-*.whl")
    return built


@pytest.mark.slow
@pytest.mark.parametrize("extra", sorted(CHECKS))
def test_an_extra_alone_in_a_fresh_environment(
    extra: str, wheel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_ROOT_USER_ACTION", "ignore")
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            f"bargain-sim[{extra}] @ {wheel.as_uri()}",
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0 and "Could not find a version" in install.stderr:
        pytest.skip(f"the package index is out of reach: {install.stderr.strip()[-200:]}")
    assert install.returncode == 0, install.stderr
    done = subprocess.run(
        [str(python), "-c", CHECKS[extra]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[True, False]"
    # The command line works without matplotlib, and --plot says which extra to install.
    cli = bin_dir / "bargain"
    solved = subprocess.run(
        [str(cli), "solve", "russia-nato-2022-no-red-lines"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert solved.returncode == 0 and "agreement" in solved.stdout
    plotted = subprocess.run(
        [str(cli), "solve", "russia-nato-2022-no-red-lines", "--plot", "deal.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert plotted.returncode == 1
    assert plotted.stderr.strip().splitlines()[-1] == (
        "MissingExtraError: --plot needs the optional package 'matplotlib': "
        'pip install "bargain-sim[plot]"'
    )


@pytest.mark.slow
def test_the_wheel_carries_the_license_and_the_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(meta).decode("utf-8")
        (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(licence).decode("utf-8").startswith("MIT License")
    assert f"Version: {bargain.__version__}\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    assert "Classifier: Programming Language :: Python :: 3.11\n" in metadata
    assert "Project-URL: Homepage, https://pypi.org/project/bargain-sim/\n" in metadata
    # matplotlib is an extra: the core installs without it.
    assert "Requires-Dist: matplotlib>=3.8; extra == 'plot'\n" in metadata
    assert not [line for line in metadata.splitlines() if line == "Requires-Dist: matplotlib>=3.8"]
