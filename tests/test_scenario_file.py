"""The scenario file format: round trips, and one test per kind of bad input."""

from __future__ import annotations

import json
import pickle
import tomllib
from pathlib import Path

import pytest
from hypothesis import given

import bargain
from bargain import Scenario, ScenarioError, load_scenario
from bargain.io.toml import toml_string
from tests.strategies import scenarios

GOOD = """\
name = "example"
title = "A short title"

[[issues]]
key = "missiles"
name = "Article 5"
levels = ["no limits", "moratorium", "binding ban"]

[[issues]]
key = "exercises"
levels = ["none", "notification"]

[[parties]]
key = "russia"
name = "Russia"
disagreement = 0.3
[parties.weights]
missiles = 0.15
[parties.values]
missiles = [0.0, 0.7, 1.0]
exercises = [0, 1]

[[parties]]
key = "nato"
[parties.values]
missiles = [1.0, 0.6, 0.0]
exercises = [1, 0.5]
"""


def write(tmp_path: Path, text: str, name: str = "x.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        bargain.read_toml(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    return message[len(f"{path}: ") :]


def test_good_file_reads_with_defaults(tmp_path: Path) -> None:
    s = bargain.read_toml(write(tmp_path, GOOD))
    assert s.issue_keys == ("missiles", "exercises")
    assert s.issue("exercises").name == "exercises"  # name defaults to the key
    nato = s.party("nato")
    assert (nato.name, nato.disagreement, nato.power, nato.discount) == ("nato", 0.0, 1.0, 1.0)
    assert s.party("russia").weight("missiles") == 0.15
    assert s.party("russia").weight("exercises") == 1.0
    assert s.tables[0][:, 0].tolist() == pytest.approx([0.0, 0.105, 0.15])


@given(scenarios(text=True))
def test_toml_round_trip(s: Scenario) -> None:
    assert Scenario.from_dict(tomllib.loads(bargain.to_toml(s))) == s


@given(scenarios(text=True))
def test_dict_round_trip_is_json_safe(s: Scenario) -> None:
    data = json.loads(json.dumps(s.to_dict()))
    assert Scenario.from_dict(data) == s


@given(scenarios())
def test_pickle_round_trip(s: Scenario) -> None:
    assert pickle.loads(pickle.dumps(s)) == s


def test_file_round_trip(tmp_path: Path) -> None:
    s = load_scenario("russia-nato-2022")
    again = bargain.read_toml(write(tmp_path, bargain.to_toml(s)))
    assert again == s


@pytest.mark.parametrize("text", ["", "a\nb", 'q"\\', "tab\there", "\x00\x7f", "é ü 日本", '"""'])
def test_toml_string_escapes(text: str) -> None:
    assert tomllib.loads("x = " + toml_string(text))["x"] == text


# ---------------------------------------------------------------------- bad input, one per case
def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('title = "A short title"', "title = oops"))
    assert "is not valid TOML" in message
    assert "line 2" in message


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match=r"nowhere\.toml: does not exist"):
        load_scenario("nowhere.toml")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="is a folder"):
        bargain.read_toml(tmp_path)


def test_missing_required_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('name = "example"\n', ""))
    assert message == "scenario is missing the required key 'name'"


def test_missing_party_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('key = "nato"\n', ""))
    assert message == "parties[1] is missing the required key 'key'"


def test_unknown_key_suggests(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("disagreement = 0.3", "disagrement = 0.3"))
    assert message.startswith("parties[0].disagrement is not a known key; did you mean")
    assert "'disagreement'" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, "colour = 1\n" + GOOD)
    assert message.startswith("colour is not a known key")


def test_party_missing_values_for_an_issue(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("exercises = [1, 0.5]\n", ""))
    assert message == (
        "parties[1].values is missing issue 'exercises' (one number per level: none, notification)"
    )


def test_value_list_of_wrong_length(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, GOOD.replace("missiles = [1.0, 0.6, 0.0]", "missiles = [1.0, 0.6]")
    )
    assert message == "parties[1].values.missiles has 2 numbers, expected 3 (one per level)"


def test_values_for_unknown_issue(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("exercises = [1, 0.5]", "exercise = [1, 0.5]"))
    assert message.startswith("parties[1].values.exercise is not an issue; did you mean")


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ('"high"', "found the string 'high'"),
        ("nan", "found nan"),
        ("inf", "found inf"),
        ("true", "found bool True"),
    ],
)
def test_non_numeric_or_non_finite_value(tmp_path: Path, value: str, found: str) -> None:
    message = error_of(
        tmp_path, GOOD.replace("missiles = [0.0, 0.7, 1.0]", f"missiles = [0.0, {value}, 1.0]")
    )
    assert message.startswith("parties[0].values.missiles[1] must be a")
    assert found in message


def test_non_finite_disagreement(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("disagreement = 0.3", "disagreement = -inf"))
    assert message == "parties[0].disagreement must be a finite number, found -inf"


def test_negative_weight(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("missiles = 0.15", "missiles = -0.15"))
    assert message == "parties[0].weights.missiles must be ≥ 0, found -0.15"


def test_duplicate_issue_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('key = "exercises"', 'key = "missiles"'))
    assert message == "issues[1].key repeats the key 'missiles' of issues[0]"


def test_duplicate_party_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('key = "nato"', 'key = "russia"'))
    assert message == "parties[1].key repeats the key 'russia' of parties[0]"


def test_fewer_than_two_levels(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, GOOD.replace('levels = ["none", "notification"]', 'levels = ["none"]')
    )
    assert message == "issues[1].levels has 1 level(s), expected at least 2"


def test_duplicate_level_names(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, GOOD.replace('levels = ["none", "notification"]', 'levels = ["none", "none"]')
    )
    assert message == "issues[1].levels[1] repeats the level name 'none'"


def test_fewer_than_two_parties(tmp_path: Path) -> None:
    one_party = GOOD[: GOOD.rindex("[[parties]]")]
    assert error_of(tmp_path, one_party) == "parties has 1 party, expected at least 2"


def test_no_issues(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'name = "x"\nissues = []\nparties = []\n')
    assert message == "issues is empty, expected at least one issue"


def test_invalid_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace('key = "nato"', 'key = "north atlantic"'))
    assert message.startswith("parties[1].key must be an identifier")


def test_power_and_discount_ranges(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("disagreement = 0.3", "power = 0"))
    assert message == "parties[0].power must be > 0, found 0.0"
    message = error_of(tmp_path, GOOD.replace("disagreement = 0.3", "discount = 1.5"))
    assert message == "parties[0].discount must be in (0, 1], found 1.5"


def test_wrong_types(tmp_path: Path) -> None:
    assert error_of(
        tmp_path, GOOD.replace('levels = ["none", "notification"]', 'levels = "none"')
    ) == ("issues[1].levels must be a list of level names, found the string 'none'")
    message = error_of(tmp_path, 'name = "x"\nissues = 3\nparties = []\n')
    assert message == "issues must be a list, found int"


def test_unknown_bundled_name_suggests() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario("russia-nato-2021")
    message = str(info.value)
    assert "'russia-nato-2021' is not a bundled scenario" in message
    assert "did you mean 'russia-nato-2022'" in message
