"""``bargain sweep``: output files, the summary, and bad input (exit 2, one line on stderr)."""

from __future__ import annotations

import csv
import importlib.util
import json
import re

import numpy as np
import pytest

import bargain
from bargain import Dirichlet, Normal, Uniform
from bargain._text import tidy
from bargain.cli.main import main


def run(capsys, *argv):
    code = main(["sweep", "russia-nato-2022-no-red-lines", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def test_csv_with_grid_and_noise(tmp_path, capsys, talks):
    path = tmp_path / "runs.csv"
    code, out, err = run(
        capsys,
        "--vary", "nato.disagreement=0.6:0.9:4",
        "--noise", "russia.weights=dirichlet(50)",
        "--noise", "russia.disagreement+=normal(0, 0.02)",
        "--samples", "25",
        "--seed", "3",
        "--out", str(path),
    )  # fmt: skip
    assert code == 0, err
    assert "agreement rate" in out and "Sensitivity" in out
    assert f"wrote {path}: 100 runs (seed 3)" in out
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 100
    header = list(rows[0])
    assert header[0] == "nato.disagreement" and header[1] == "russia.weights.indivisible_security"
    assert header[-2:] == ["utility.russia", "utility.nato"]
    assert [i.key for i in talks.issues] == header[header.index("agreement") + 1 : -2]
    expected = bargain.sweep(
        talks,
        grid={"nato.disagreement": np.linspace(0.6, 0.9, 4)},
        uncertainty={
            "russia.weights": Dirichlet(50),
            "russia.disagreement": Normal(0, 0.02, relative=True),
        },
        samples=25,
        rng=3,
        progress=False,
    )
    assert [r["missiles"] or None for r in rows] == [r["missiles"] for r in expected.rows()]
    assert [float(r["utility.nato"]) for r in rows] == tidy(expected.utilities[:, 1].tolist())
    np.testing.assert_allclose(
        [float(r["utility.nato"]) for r in rows], expected.utilities[:, 1], rtol=5e-16, atol=0
    )


def test_json_and_default_samples(tmp_path, capsys):
    path = tmp_path / "runs.json"
    code, _, err = run(
        capsys, "--noise", "nato.disagreement=uniform(0.8,1)", "--seed", "1", "--out", str(path)
    )
    assert code == 0, err
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["samples"] == 1000 and len(data["runs"]) == 1000
    assert data["parameters"] == [{"path": "nato.disagreement", "kind": "draw"}]
    assert 0 < data["summary"]["agreement_rate"] < 1


def test_list_grid_method_and_workers(tmp_path, capsys):
    path = tmp_path / "runs.csv"
    code, out, err = run(
        capsys,
        "--vary", "russia.power=0.5,1,2",
        "--method", "asymmetric-nash",
        "--workers", "1",
        "--out", str(path),
    )  # fmt: skip
    assert code == 0, err
    assert "asymmetric-nash: 3 runs" in out


def test_checkpoint_option(tmp_path, capsys):
    ckpt = tmp_path / "s.ckpt"
    args = ["--noise", "*.disagreement+=uniform(-0.05,0.05)", "--samples", "40", "--seed", "2"]
    code, _, err = run(capsys, *args, "--checkpoint", str(ckpt), "--out", str(tmp_path / "a.csv"))
    assert code == 0, err
    code, _, err = run(capsys, *args, "--checkpoint", str(ckpt), "--out", str(tmp_path / "b.csv"))
    assert code == 0, err
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    code, _, err = run(
        capsys,
        "--noise", "*.disagreement+=uniform(-0.05,0.05)",
        "--samples", "40",
        "--seed", "9",
        "--checkpoint", str(ckpt),
        "--out", str(tmp_path / "c.csv"),
    )  # fmt: skip
    assert code == 2 and "different seed" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--vary", "nato.disagreement=0.5:0.8:0"], "empty grid"),
        (["--vary", "nato.disagreement=0.5:0.8"], "START:STOP:STEPS"),
        (["--vary", "nato.disagreement=a:b:3"], "must hold numbers"),
        (["--vary", "nato.disagreement+=0:1:3"], "takes '='"),
        (["--vary", "nato.disagrement=0.5:0.8:3"], "did you mean 'nato.disagreement'"),
        (["--noise", "nato.disagreement=uniform(0.4,0.1)"], "high must be > low"),
        (["--noise", "nato.disagreement=uniform(0.4)"], r"takes 2 number\(s\)"),
        (["--noise", "nato.disagreement=gauss(0,1)"], "not a distribution"),
        (["--noise", "nato.disagreement"], "must look like PATH=DIST"),
        (["--noise", "nato.weights.missiles=normal(0.1,0.1)"], "must be >= 0, but Normal"),
        (["--noise", "nato.disagreement=dirichlet(5)"], "whole weight vector"),
        (["--noise", "nato.disagreement=uniform(0,1)", "--samples", "-2"], "samples must be >= 0"),
        (["--noise", "nato.disagreement=uniform(0,1)", "--samples", "0"], "samples must be >= 1"),
        (["--dask", "tcp://127.0.0.1:9"], "unreachable"),
        (["--dask", "no-such-thing"], "scheduler address"),
        (["--workers", "0"], "workers must be >= 1"),
    ],
)
def test_bad_input(tmp_path, capsys, argv, message):
    if "--dask" in argv and importlib.util.find_spec("distributed") is None:
        pytest.skip("dask.distributed is not installed")
    out_file = tmp_path / "x.csv"
    code, _, err = run(capsys, *argv, "--out", str(out_file))
    assert code == 2
    assert err.startswith("ScenarioError: ") and err.count("\n") == 1
    assert message in err or re.search(message, err), err
    assert not out_file.exists()


def test_bad_output_file(tmp_path, capsys):
    code, _, err = run(capsys, "--out", str(tmp_path / "runs.xlsx"))
    assert code == 2 and "--out must end in .csv or .json" in err
    code, _, err = run(capsys, "--out", str(tmp_path / "missing" / "runs.csv"))
    assert code == 2 and "cannot be written" in err


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask.distributed is not installed (pip install 'bargain-sim[dask]')",
)
def test_dask_local(tmp_path, capsys, talks):
    path = tmp_path / "runs.csv"
    code, _, err = run(
        capsys,
        "--noise", "nato.disagreement=uniform(0.7,0.9)",
        "--samples", "200",
        "--seed", "4",
        "--dask", "local",
        "--workers", "2",
        "--out", str(path),
    )  # fmt: skip
    assert code == 0, err
    expected = bargain.sweep(
        talks,
        uncertainty={"nato.disagreement": Uniform(0.7, 0.9)},
        samples=200,
        rng=4,
        progress=False,
    )
    assert path.read_text(encoding="utf-8") == expected.to_csv()
