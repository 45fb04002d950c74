"""concession_path: dispatch, option checks, rendering, and the ``bargain path`` command."""

from __future__ import annotations

import json

import pytest

import bargain
from bargain import ConcessionPath, ScenarioError, concession_path, load_scenario
from bargain._text import tidy
from bargain.cli.main import main
from bargain.protocols.path import PROTOCOLS


@pytest.fixture(scope="module")
def talks() -> bargain.Scenario:
    return load_scenario("russia-nato-2022-no-red-lines")


def test_exported() -> None:
    assert bargain.concession_path is concession_path
    assert "ConcessionPath" in bargain.__all__ and "concession_path" in bargain.__all__


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_protocol_renders(talks: bargain.Scenario, protocol: str) -> None:
    path = concession_path(talks, protocol)
    assert isinstance(path, ConcessionPath) and path.protocol == protocol
    data = json.loads(path.to_json())
    assert data == tidy(path.to_dict())  # the JSON drops the dust of sums only
    assert data["protocol"] == protocol and len(data["steps"]) == len(path)
    for step in data["steps"]:
        assert set(step["offer"]) == set(talks.issue_keys)
        assert set(step["utilities"]) == {"russia", "nato"}
        for change in step["changes"]:
            assert set(change) == {"issue", "before", "after", "gains", "favours"}
    text = path.table()
    assert text.splitlines()[0].startswith(f"russia-nato-2022-no-red-lines — {protocol}")
    assert path.message in text and str(path) == text


def test_unknown_protocol_and_options(talks: bargain.Scenario) -> None:
    with pytest.raises(ScenarioError, match="did you mean 'time-based'") as info:
        concession_path(talks, "timebased")
    assert info.value.key == "protocol 'timebased'"
    with pytest.raises(ScenarioError, match=r"'roundz' is not an option.*did you mean 'rounds'"):
        concession_path(talks, "time-based", roundz=3)
    with pytest.raises(
        ScenarioError, match=r"'start' is not an option of protocol 'zeuthen'.*'trades'"
    ):
        concession_path(talks, "zeuthen", start={})
    with pytest.raises(ScenarioError, match="'rounds' is not an option of protocol 'alternating"):
        concession_path(talks, "alternating-offers", rounds=3)
    with pytest.raises(ScenarioError, match="must be a Scenario"):
        concession_path("russia-nato-2022-no-red-lines", "zeuthen")  # type: ignore[arg-type]


def test_every_documented_option_is_accepted(talks: bargain.Scenario) -> None:
    values = {
        "disagreement": {"russia": 0.2},
        "rounds": 30,
        "discounts": {"russia": 0.8},
        "breakdown_risk": 0.05,
        "first": "nato",
        "exponents": "conceder",
        "offer": "random",
        "rng": 7,
        "start": {"missiles": "mutual transparency on deployments"},
    }
    for protocol, choice in PROTOCOLS.items():
        names = choice.run.options
        path = concession_path(talks, protocol, **{n: values[n] for n in names})
        assert path.options["disagreement"] == {"russia": 0.2, "nato": 0.75}
        json.dumps(path.to_dict())


@pytest.mark.parametrize("protocol", ["zeuthen", "alternating-offers", "trades"])
def test_two_party_protocols_refuse_three_parties(protocol: str) -> None:
    with pytest.raises(ScenarioError, match="defined for two parties; this scenario has 3") as info:
        concession_path(load_scenario("russia-us-2021-no-red-lines"), protocol)
    assert info.value.key == f"protocol {protocol!r}"


def test_disagreement_override_can_remove_every_deal(talks: bargain.Scenario) -> None:
    for protocol in ("zeuthen", "time-based"):
        path = concession_path(talks, protocol, disagreement={"russia": 0.9})
        assert not path.agreement and path.rounds == 0
        assert "No deal gives every party more" in path.message
        assert path.utilities == {"russia": 0.9, "nato": 0.75}


# --------------------------------------------------------------------------- the command line
def test_cli_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "russia-nato-2022-no-red-lines", "--protocol", "zeuthen"]) == 0
    out = capsys.readouterr().out
    assert "russia-nato-2022-no-red-lines — zeuthen: agreement" in out and "lower risk" in out
    assert main(["path", "russia-nato-2022-no-red-lines", "--protocol", "trades", "--json",
                 "--start", "missiles=no such missiles adjacent to the other parties, as drafted",
                 "--start", "force_posture_1997=no forces beyond those of 27 May 1997 "
                 "(withdraw multinational battalions)"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["protocol"] == "trades" and data["deal"] is None and len(data["steps"]) == 4
    assert "leaves NATO at or below the disagreement utility" in data["message"]


def test_cli_options(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["path", "russia-us-2021-no-red-lines", "--protocol", "time-based", "--json",
            "--rounds", "12", "--exponent", "boulware", "--exponent", "european_allies=0.5",
            "--first", "european_allies", "--offer", "random", "--seed", "3"]  # fmt: skip
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["options"]["exponents"] == {
        "russia": 4.0, "united_states": 4.0, "european_allies": 0.5
    }  # fmt: skip
    assert data["options"]["rng"] == 3 and data["steps"][0]["proposer"] == "european_allies"
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == data  # seeded: the same path again
    argv = ["path", "russia-nato-2022-no-red-lines", "--protocol", "alternating-offers", "--json",
            "--discount", "russia=0.99", "--discount", "nato=0.99",
            "--disagreement", "nato=0.7"]  # fmt: skip
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["options"]["discounts"] == {"russia": 0.99, "nato": 0.99}
    assert data["disagreement"]["nato"] == 0.7 and data["continuation"] is not None


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--protocol", "zeuten"], "protocol 'zeuten' is not a protocol; did you mean 'zeuthen'?"),
        (["--protocol", "trades", "--start", "missile=x"], "start['missile'] is not an issue"),
        (["--protocol", "trades", "--start", "missiles"], "--start must be KEY=VALUE"),
        (["--protocol", "time-based", "--rounds", "0"], "rounds must be >= 1, found 0"),
        (["--protocol", "alternating-offers", "--discount", "nato=2"], "must be in (0, 1]"),
        (["--protocol", "alternating-offers", "--discount", "nato=x"], "--discount nato must"),
        (["--protocol", "alternating-offers", "--rounds", "3"], "'rounds' is not an option"),
        (["--protocol", "time-based", "--exponent", "nato=fast"], "exponents['nato'] is not"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["path", "russia-nato-2022-no-red-lines", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ScenarioError: ") and needle in err and len(err.splitlines()) == 1
