"""The command line: bargain forecast and bargain backtest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bargain.cli.main import main
from bargain.forecast import MODELS, synthetic_positions
from bargain.io.catalog import scenario_folder

DATA = scenario_folder() / "russia-nato-2022-actors"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tables(folder: Path) -> list[str]:
    return [
        str(folder / "positions.csv"),
        "--issues",
        str(folder / "issues.csv"),
        "--actors",
        str(folder / "actors.csv"),
    ]


def test_forecast_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forecast", *tables(DATA), "--model", "package-nash")
    assert code == 0
    assert out.startswith("package-nash forecast of 8 issues in 1 proposal, 9 actors.")
    assert "consultations" in out
    code, out, _ = run(capsys, "forecast", *tables(DATA), "--json")
    payload = json.loads(out)
    assert payload["model"] == "compromise" and len(payload["predictions"]) == 8


def test_forecast_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "f.svg"
    code, _, err = run(capsys, "forecast", *tables(DATA), "--plot", str(target))
    assert code == 0 and target.stat().st_size > 0
    assert err == f"wrote {target}\n"


def test_backtest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = synthetic_positions(n_proposals=12, n_actors=5, model="median", noise=2.0, rng=1)
    data.to_csv(tmp_path)
    args = tables(tmp_path)
    code, out, _ = run(capsys, "backtest", *args, "--models", "compromise,median", "--folds", "4")
    assert code == 0
    assert "Backtest of 2 models on" in out and "median" in out
    code, out, _ = run(capsys, "backtest", *args, "--models", "median", "--folds", "3", "--json")
    payload = json.loads(out)
    assert set(payload["models"]) == {"compromise", "median"}
    for score in payload["models"].values():
        assert {"mae", "rmse", "median_ae", "within_10", "mae_ci"} <= set(score)
        assert len(score["mae_ci"]) == 2
    assert payload["issues"] == data.n_issues  # every issue has an outcome
    target = tmp_path / "bt.png"
    code, _, err = run(
        capsys, "backtest", *args, "--models", "median", "--folds", "3", "--plot", str(target)
    )
    assert code == 0 and target.stat().st_size > 0 and err == f"wrote {target}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["forecast", "missing.csv"], "ScenarioError: missing.csv: does not exist\n"),
        (
            ["forecast", str(DATA / "positions.csv"), "--model", "nsh"],
            "ScenarioError: model 'nsh' is not a model; did you mean 'nash'?\n",
        ),
        (
            ["backtest", str(DATA / "positions.csv"), "--issues", str(DATA / "issues.csv")],
            "ScenarioError: data has 0 issue(s) with an outcome; a backtest needs at least 2 "
            "(column 'outcome' of the issue table)\n",
        ),
        (
            [
                "backtest",
                str(DATA / "positions.csv"),
                "--issues",
                str(DATA / "issues.csv"),
                "--models",
                "median,,",
            ],
            None,
        ),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str | None
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    if message is not None:
        assert err == message
    else:
        assert err.startswith("ScenarioError: ") and err.count("\n") == 1


def test_backtest_needs_issues(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["backtest", str(DATA / "positions.csv")])
    assert info.value.code == 2
    assert "the following arguments are required: --issues" in capsys.readouterr().err


def test_help_lists_the_models(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["forecast", "--help"])
    out = capsys.readouterr().out
    for name in MODELS.names:
        assert name in out
