"""The command line and the Python API take the same things in the same words."""

from __future__ import annotations

import pytest

import bargain
from bargain import Issue, load_scenario, solve
from bargain.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


TALKS = "russia-nato-2022-no-red-lines"


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"bargain {bargain.__version__}\n"


def test_solve_disagreement_overrides_as_path_takes_them(capsys) -> None:
    code, out, _ = run(capsys, "solve", TALKS, "--disagreement", "nato=0.8", "--json")
    assert code == 0
    want = solve(load_scenario(TALKS), disagreement={"nato": 0.8})
    assert out == want.to_json(indent=2) + "\n"
    code, out, _ = run(capsys, "solve", TALKS, "--disagreement", "threat-game", "--json")
    assert code == 0
    assert out == solve(load_scenario(TALKS), disagreement="threat-game").to_json(indent=2) + "\n"


def test_solve_disagreement_refusals(capsys) -> None:
    code, _, err = run(capsys, "solve", TALKS, "--disagreement", "threat-game", "--disagreement",
                       "nato=1")  # fmt: skip
    assert code == 2
    assert err == (
        "ScenarioError: --disagreement takes one rule or PARTY=U overrides, not both or two "
        "rules, found ['threat-game', 'nato=1']\n"
    )
    code, _, err = run(capsys, "solve", TALKS, "--disagreement", "nato=high")
    assert code == 2
    assert err == "ScenarioError: --disagreement nato must be a number, found 'high'\n"


def test_solve_powers(capsys) -> None:
    code, out, _ = run(capsys, "solve", TALKS, "--method", "asymmetric-nash", "--powers",
                       "nato=2", "--json")  # fmt: skip
    assert code == 0
    want = solve(load_scenario(TALKS), method="asymmetric-nash", powers={"nato": 2.0})
    assert out == want.to_json(indent=2) + "\n"


def test_frontier_plot(capsys, tmp_path) -> None:
    picture = tmp_path / "frontier.svg"
    code, out, err = run(capsys, "frontier", TALKS, "--plot", str(picture))
    assert code == 0
    assert out.splitlines()[0] == (
        "russia-nato-2022-no-red-lines — Pareto frontier: 17 Pareto-optimal deals that beat the "
        "disagreement point, out of 27,648 deals"
    )
    assert err == f"wrote {picture}\n"
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_sweep_without_out_prints_the_summary(capsys) -> None:
    code, out, _ = run(capsys, "sweep", TALKS, "--vary", "nato.disagreement=0.5,0.97",
                       "--no-progress")  # fmt: skip
    assert code == 0
    s = load_scenario(TALKS)
    summary = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False).summary()
    assert out == (
        summary.table() + "\n\n2 runs; --out FILE.csv|FILE.json writes one row per run\n"
    )


def test_start_level_by_number_or_name(capsys) -> None:
    s = load_scenario(TALKS)
    by_name = s.issue("missiles").levels[3]
    code, out, _ = run(capsys, "path", TALKS, "--protocol", "trades", "--start", "missiles=3",
                       "--json")  # fmt: skip
    assert code == 0
    code2, out2, _ = run(capsys, "path", TALKS, "--protocol", "trades", "--start",
                         f"missiles={by_name}", "--json")  # fmt: skip
    assert code2 == 0 and out == out2
    python = bargain.concession_path(s, "trades", start={"missiles": 3})
    assert python == bargain.concession_path(s, "trades", start={"missiles": by_name})


def test_level_errors_list_the_names_in_order(capsys) -> None:
    code, _, err = run(capsys, "path", TALKS, "--protocol", "trades", "--start", "missiles=9")
    assert code == 2
    assert err == (
        "ScenarioError: start['missiles'] has no level number 9; levels are numbered 0 to 3\n"
    )
    code, _, err = run(capsys, "path", TALKS, "--protocol", "trades", "--start", "missiles=zzz")
    assert code == 2
    assert err == (
        "ScenarioError: start['missiles'] has no level 'zzz'; its levels, in order: "
        "'rejected: no limits', 'mutual transparency on deployments', 'verified mutual "
        "moratorium in agreed zones', 'no such missiles adjacent to the other parties, as "
        "drafted' (or a number from 0 to 3)\n"
    )


def test_issue_levels_by_name_or_number() -> None:
    x = Issue("x", levels=["none", "some", "all"])
    assert x.name == "x"  # the name defaults to the key, as in a file
    assert [x.level_index(v) for v in ("none", 1, "all")] == [0, 1, 2]
    with pytest.raises(bargain.ScenarioError) as info:
        x.level_index("som")
    assert str(info.value) == "x has no level 'som'; did you mean 'some'?"
    with pytest.raises(bargain.ScenarioError) as info:
        x.level_index(True)
    assert str(info.value) == (
        "x has no level True; its levels, in order: 'none', 'some', 'all' (or a number from 0 to 2)"
    )


def test_seed_is_documented_as_rng(capsys) -> None:
    for command in ("sweep", "path"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "rng= in Python" in " ".join(capsys.readouterr().out.split())
