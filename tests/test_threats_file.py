"""The [threat_game] table: round trips, bad tables, the seed games, solve and the CLI."""

from __future__ import annotations

import dataclasses
import json
import pickle
import tomllib
from pathlib import Path

import pytest
from hypothesis import given

import bargain
from bargain import (
    Scenario,
    ScenarioError,
    ThreatGame,
    ThreatResult,
    load_scenario,
    solve,
    threat_point,
)
from bargain.cli.main import main
from tests.strategies import scenarios

TWO_PARTIES = """\
name = "example"

[[issues]]
key = "missiles"
levels = ["no limits", "moratorium", "binding ban"]

[[parties]]
key = "russia"
disagreement = 0.2
[parties.values]
missiles = [0.0, 0.7, 1.0]

[[parties]]
key = "nato"
disagreement = 0.3
[parties.values]
missiles = [1.0, 0.6, 0.0]
"""

GAME = """
[threat_game]
row = "russia"
column = "nato"
row_strategies = ["escalate", "hold", "de-escalate"]
column_strategies = ["severe sanctions", "limited sanctions", "no new sanctions"]
row_payoffs = [[-0.6, -0.4, -0.1], [0.0, 0.05, 0.1], [0.1, 0.15, 0.2]]
column_payoffs = [[-0.3, -0.5, -0.8], [0.1, 0.05, -0.1], [0.2, 0.2, 0.25]]
concept = "nash-equilibrium"
"""


def error_of(tmp_path: Path, game: str) -> str:
    path = tmp_path / "x.toml"
    path.write_text(TWO_PARTIES + game, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        bargain.read_toml(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    return message[len(f"{path}: ") :]


def test_the_issue_example_reads_and_solves(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(TWO_PARTIES + GAME, encoding="utf-8")
    s = bargain.read_toml(path)
    assert s.threat_game is not None and s.threat_game.shape == (3, 3)
    result = threat_point(s)
    # De-escalating dominates for Russia; against it NATO prefers no new sanctions.
    assert result.strategies == {"russia": {"de-escalate": 1.0}, "nato": {"no new sanctions": 1.0}}
    assert result.disagreement == {"russia": 0.2, "nato": 0.25}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "row_payoffs = [[-0.6, -0.4, -0.1], [0.0, 0.05, 0.1], [0.1, 0.15, 0.2]]",
            "row_payoffs = [[-0.6, -0.4, -0.1], [0.0, 0.05, 0.1]]",
            "threat_game.row_payoffs has 2 rows, expected 3 (one per row strategy: escalate, "
            "hold, de-escalate)",
        ),
        (
            "column_payoffs = [[-0.3, -0.5, -0.8],",
            "column_payoffs = [[-0.3, -0.5],",
            "threat_game.column_payoffs[0] has 2 numbers, expected 3 (one per column strategy: "
            "severe sanctions, limited sanctions, no new sanctions)",
        ),
        (
            "[0.0, 0.05, 0.1]",
            '[0.0, "high", 0.1]',
            "threat_game.row_payoffs[1][1] must be a number, found the string 'high'",
        ),
        (
            "[0.0, 0.05, 0.1]",
            "[0.0, nan, 0.1]",
            "threat_game.row_payoffs[1][1] must be a finite number, found nan",
        ),
        ("[0.0, 0.05, 0.1]", "0.05", "threat_game.row_payoffs[1] must be a list of numbers"),
        ('row = "russia"', 'row = "rusia"', "threat_game.row 'rusia' is not a party; did you mean"),
        ('column = "nato"', 'column = "russia"', "threat_game.column is the row party too"),
        (
            'concept = "nash-equilibrium"',
            'concept = "nash"',
            "threat_game.concept 'nash' is not a concept; expected one of: nash-equilibrium, "
            "optimal-threats",
        ),
        (
            'concept = "nash-equilibrium"',
            'concept = "optimal-threat"',
            "did you mean 'optimal-threats'?",
        ),
        ('row = "russia"', 'rows = "russia"', "threat_game.rows is not a known key; did you mean"),
        ('column = "nato"\n', "", "threat_game is missing the required key 'column'"),
        ('"hold",', '"escalate",', "threat_game.row_strategies[1] repeats the strategy name"),
        (
            'column_strategies = ["severe sanctions", "limited sanctions", "no new sanctions"]',
            "column_strategies = []",
            "threat_game.column_strategies is empty, expected at least one strategy",
        ),
        ('"hold",', '"  ",', "threat_game.row_strategies[1] must be a non-empty string"),
        ('"hold",', "1,", "threat_game.row_strategies[1] must be a non-empty string, found int 1"),
    ],
)
def test_bad_tables_name_the_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GAME
    assert expected in error_of(tmp_path, GAME.replace(old, new, 1))


def test_threat_game_must_be_a_table() -> None:
    data = tomllib.loads('threat_game = "russia"\n' + TWO_PARTIES)
    with pytest.raises(ScenarioError, match="threat_game must be a table, found str"):
        Scenario.from_dict(data)


def test_scenario_checks_the_game_type_and_parties() -> None:
    s = load_scenario("russia-nato-2022")
    with pytest.raises(ScenarioError, match="threat_game must be a ThreatGame"):
        dataclasses.replace(s, threat_game={"row": "russia"})
    assert s.threat_game is not None
    other = dataclasses.replace(s.threat_game, column="united_states")
    with pytest.raises(ScenarioError, match=r"threat_game\.column 'united_states' is not a party"):
        dataclasses.replace(s, threat_game=other)
    us = load_scenario("russia-us-2021")
    assert us.threat_game is not None
    optimal = dataclasses.replace(us.threat_game, concept="optimal-threats")
    with pytest.raises(ScenarioError, match=r"threat_game\.concept 'optimal-threats' needs a two"):
        dataclasses.replace(us, threat_game=optimal)


@given(scenarios(text=True, threat_game=True, max_issues=3))
def test_toml_round_trip_with_threat_games(s: Scenario) -> None:
    assert Scenario.from_dict(tomllib.loads(bargain.to_toml(s))) == s


@given(scenarios(threat_game=True, max_issues=3))
def test_dict_and_pickle_round_trips_with_threat_games(s: Scenario) -> None:
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s
    assert pickle.loads(pickle.dumps(s)) == s
    assert ("threat_game" in s.to_dict()) == (s.threat_game is not None)


def test_seed_files_round_trip_with_their_games(tmp_path: Path) -> None:
    for name in ("russia-nato-2022", "russia-us-2021"):
        s = load_scenario(name)
        assert isinstance(s.threat_game, ThreatGame)
        path = tmp_path / f"{name}.toml"
        path.write_text(bargain.to_toml(s), encoding="utf-8")
        assert bargain.read_toml(path) == s


def test_russia_nato_game_orderings_and_outcome() -> None:
    s = load_scenario("russia-nato-2022")
    game = s.threat_game
    assert game is not None and (game.row, game.column) == ("russia", "nato")
    a, b = game.row_matrix, game.column_matrix
    force, pressure, withdraw = 0, 1, 2
    severe, targeted, no_new = 0, 1, 2
    assert (a[pressure] > a[withdraw]).all()  # keeping forces at the border beats withdrawing
    assert a[force, no_new] == a.max() and a[force, severe] == a.min()  # force pays if unpunished
    assert b[force].argmax() == severe  # NATO keeps its promise of severe consequences
    assert b[pressure].argmax() == targeted and b[withdraw].argmax() == no_new
    result = threat_point(s)
    assert result.rule == "unique" and result.complete and result.degenerate is False
    assert result.disagreement == {"russia": 0.16, "nato": 0.76}
    assert result.strategies == {
        "russia": {"military-technical measures, forces stay at the border": 1.0},
        "nato": {"targeted sanctions": 1.0},
    }
    # the red lines leave no deal: optimal threats have no frontier to be optimal against
    with pytest.raises(ScenarioError, match="needs deals to bargain over, and the red lines"):
        threat_point(s, "optimal-threats")
    threats = threat_point(s.without_red_lines(), "optimal-threats")
    assert threats.disagreement == {"russia": 0.0, "nato": 0.5}
    assert threats.slope == pytest.approx(0.89, abs=0.01)


def test_russia_nato_nash_deal_moves() -> None:
    assert not solve(load_scenario("russia-nato-2022"), disagreement="threat-game").agreement
    s = load_scenario("russia-nato-2022-no-red-lines")
    fixed = solve(s)
    game = solve(s, disagreement="threat-game")
    assert fixed.deal is not None and game.deal is not None
    changed = {k for k in fixed.deal if fixed.deal[k] != game.deal[k]}
    assert changed == {"not_adversaries", "military_activity", "un_security_council"}
    assert game.utilities["russia"] < fixed.utilities["russia"]
    assert game.utilities["nato"] > fixed.utilities["nato"]
    threats = threat_point(s, "optimal-threats")
    lotteries = solve(s, lotteries=True)
    assert threats.solution is not None
    assert threats.solution.utilities["russia"] > lotteries.utilities["russia"]


def test_russia_us_game_keeps_the_other_parties() -> None:
    s = load_scenario("russia-us-2021")
    result = threat_point(s)
    assert result.rule == "unique"
    assert result.disagreement == {"russia": 0.16, "united_states": 0.77, "european_allies": 0.7}
    with pytest.raises(ScenarioError, match="needs a two-party scenario"):
        threat_point(s, "optimal-threats")
    assert not solve(s, disagreement="threat-game").agreement  # the red lines collide
    assert solve(s.without_red_lines(), disagreement="threat-game").agreement


def test_threat_point_errors() -> None:
    s = load_scenario("russia-nato-2022")
    notes = {k: v for k, v in s.notes.items() if k != "threat_game"}
    bare = dataclasses.replace(s, threat_game=None, notes=notes)
    with pytest.raises(ScenarioError, match=r"notes\['threat_game'\] is not a path"):
        dataclasses.replace(s, threat_game=None)  # a note on a game that is gone
    with pytest.raises(ScenarioError, match="has no threat game"):
        threat_point(bare)
    with pytest.raises(ScenarioError, match="has no threat game"):
        solve(bare, disagreement="threat-game")
    with pytest.raises(ScenarioError, match="is not a concept"):
        threat_point(s, "nash")
    with pytest.raises(ScenarioError, match="is not an algorithm"):
        threat_point(s, algorithm="simplex")
    with pytest.raises(ScenarioError, match=r"equilibrium is 1, but the game has 1 equilibrium"):
        threat_point(s, equilibrium=1)
    with pytest.raises(ScenarioError, match="equilibrium must be an index"):
        threat_point(s, equilibrium="0")  # type: ignore[arg-type]


def test_result_renders() -> None:
    result = threat_point(load_scenario("russia-nato-2022-no-red-lines"), "optimal-threats")
    assert isinstance(result, ThreatResult)
    data = json.loads(result.to_json())
    assert data["concept"] == "optimal-threats" and data["solution"]["agreement"]
    assert set(data) >= {"equilibria", "strategies", "disagreement", "message", "rule", "chosen"}
    text = str(result)
    assert "use force against Ukraine" in text and "Optimal threats" in text


def test_cli_threat_and_solve(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["threat", "russia-nato-2022"]) == 0
    out = capsys.readouterr().out
    assert "targeted sanctions" in out and "0.160" in out
    assert main(["threat", "russia-nato-2022", "--concept", "optimal-threats"]) == 2
    assert "the red lines leave none" in capsys.readouterr().err
    argv = ["threat", "russia-nato-2022-no-red-lines", "--concept", "optimal-threats", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["disagreement"] == {"russia": 0.0, "nato": 0.5}
    assert main(["solve", "russia-nato-2022", "--disagreement", "threat-game", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["disagreement"] == {"russia": 0.16, "nato": 0.76}
    assert main(["threat", "russia-us-2021", "--concept", "optimal-threats"]) == 2
    assert "needs a two-party scenario" in capsys.readouterr().err
