from __future__ import annotations

import csv
import io
import json

import pytest

from bargain import load_scenario, pareto_frontier
from bargain.cli.main import main
from bargain.solutions.concepts import METHODS


@pytest.mark.parametrize("method", METHODS)
def test_solve_every_method(method: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "russia-nato-2022-no-red-lines", "--method", method, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == method and data["agreement"] is True


def test_solve_lotteries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "russia-nato-2022-no-red-lines", "--lotteries", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lottery"] is None or abs(sum(data["lottery"]["probabilities"]) - 1) < 1e-12
    assert main(["solve", "russia-nato-2022-no-red-lines", "--lotteries"]) == 0
    assert "over lotteries" in capsys.readouterr().out


def test_unknown_method_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "russia-nato-2022-no-red-lines", "--method", "nsh"]) == 2
    assert "method 'nsh' is not a method; did you mean 'nash'?" in capsys.readouterr().err


def test_frontier_formats(capsys: pytest.CaptureFixture[str]) -> None:
    expected = pareto_frontier(load_scenario("russia-nato-2022-no-red-lines"))
    assert main(["frontier", "russia-nato-2022-no-red-lines", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["points"]) == len(expected) and data["parties"] == ["russia", "nato"]
    assert main(["frontier", "russia-nato-2022-no-red-lines", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(expected) + 1 and rows[0][-2:] == ["utility.russia", "utility.nato"]
    assert main(["frontier", "russia-nato-2022-no-red-lines"]) == 0
    assert "Pareto frontier" in capsys.readouterr().out


def test_frontier_json_and_csv_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frontier", "russia-nato-2022-no-red-lines", "--json", "--csv"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_frontier_bad_scenario_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frontier", "russia-nato-2020"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'russia-nato-2022'" in err
