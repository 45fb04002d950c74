"""The command line: list, show, solve, and bad input (exit 2, one line on stderr)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import bargain
from bargain import list_scenarios, load_scenario, solve
from bargain.cli.main import main

BAD = """\
name = "broken"
[[issues]]
key = "missiles"
levels = ["no limits", "moratorium", "ban"]
[[parties]]
key = "russia"
[parties.values]
missiles = [0, 0.5, 1]
[[parties]]
key = "nato"
[parties.values]
missiles = [1, 0]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    for name in list_scenarios():
        assert name in out
        assert load_scenario(name).title in out


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "russia-nato-2022")
    s = load_scenario("russia-nato-2022")
    assert code == 0
    for issue in s.issues:
        assert issue.name in out
        assert " | ".join(issue.levels) in out
    for party in s.parties:
        assert f"{party.name} ({party.key}): disagreement {party.disagreement:g}" in out
    game = s.threat_game
    assert game is not None
    assert f"Threat game ({game.concept})" in out
    for strategy in (*game.row_strategies, *game.column_strategies):
        assert strategy in out
    assert f"({game.row_payoffs[0][0]:g}, {game.column_payoffs[0][0]:g})" in out
    assert "red line on enlargement: refuses fixed-term moratorium on accessions | legally" in out
    assert s.space.message in out and "Breakdown risk per rejected offer: 0.1" in out
    assert "[russia.red_lines.enlargement]" in out and "[links[0]]" in out


def test_solve_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "solve", "russia-nato-2022")
    assert code == 0
    assert out.startswith("russia-nato-2022 — nash: no agreement\nNo deal is possible: Russia")
    code, out, _ = run(capsys, "solve", "russia-nato-2022-no-red-lines")
    s = load_scenario("russia-nato-2022-no-red-lines")
    solution = solve(s)
    assert code == 0
    assert solution.deal is not None
    for issue in s.issues:
        assert issue.name in out and solution.deal[issue.key] in out


def test_solve_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    name = "russia-us-2021-no-red-lines"
    code, out, _ = run(capsys, "solve", name, "--json", "--method", "nash")
    assert code == 0
    data = json.loads(out)
    s = load_scenario(name)
    assert data["scenario"] == name and data["method"] == "nash"
    assert isinstance(data["agreement"], bool) and isinstance(data["message"], str)
    assert set(data["deal"]) == set(s.issue_keys)
    assert set(data["utilities"]) == set(data["disagreement"]) == set(s.party_keys)
    assert data == json.loads(solve(s).to_json())


def test_solve_path_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(bargain.to_toml(load_scenario("russia-nato-2022")), encoding="utf-8")
    code, out, _ = run(capsys, "solve", str(path), "--json")
    assert code == 0 and json.loads(out) == json.loads(solve(load_scenario(str(path))).to_json())
    assert json.loads(out)["message"].startswith("No deal is possible")


def test_bad_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = run(capsys, "solve", str(path))
    assert code == 2 and out == ""
    assert err == (
        f"ScenarioError: {path}: parties[1].values.missiles has 2 numbers, "
        "expected 3 (one per level)\n"
    )


def test_unknown_name_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "russia-nato")
    assert code == 2
    assert err.count("\n") == 1 and "did you mean" in err


def test_unknown_method_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "russia-nato-2022", "--method", "bogus"]) == 2
    err = capsys.readouterr().err
    assert (
        err == "ScenarioError: method 'bogus' is not a method; expected one of: "
        "asymmetric-nash, egalitarian, kalai-smorodinsky, nash, utilitarian\n"
    )


def test_module_entry_point_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BAD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bargain", "solve", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("ScenarioError: ")
