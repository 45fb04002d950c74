"""Red lines, links, notes and breakdown risk in the model: validation, round trips, show."""

from __future__ import annotations

import json
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import Issue, Link, Party, Scenario, ScenarioError, read_toml, to_toml
from bargain.cli.scenarios import show_text
from bargain.model.scenario import note_paths
from bargain.model.space import MAX_COMPOUND
from tests.strategies import structured_scenarios

MISSILES = Issue("missiles", "Article 5", ["no limits", "moratorium", "ban"])
EXERCISES = Issue("exercises", "Article 4", ["no limits", "notification"])


def _parties(**red: dict[str, list[str]]) -> list[Party]:
    values = {"missiles": [0.0, 0.5, 1.0], "exercises": [0.0, 1.0]}
    return [
        Party("russia", "Russia", values=values, red_lines=red.get("russia", {})),
        Party("nato", "NATO", values={k: v[::-1] for k, v in values.items()}),
    ]


def _scenario(**kwargs: object) -> Scenario:
    parties = kwargs.pop("parties", _parties())
    return Scenario(name="t", issues=[MISSILES, EXERCISES], parties=parties, **kwargs)  # type: ignore[arg-type]


def _error(data: dict[str, object]) -> str:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data, source="x.toml")
    return str(info.value)


def _base() -> dict[str, object]:
    return _scenario().to_dict()


def test_red_line_naming_an_unknown_level() -> None:
    data = _base()
    data["parties"][0]["red_lines"] = {"missiles": ["no limit"]}  # type: ignore[index]
    assert _error(data) == (
        "x.toml: parties[0].red_lines.missiles[0] 'no limit' is not a level of 'missiles'; "
        "did you mean 'no limits'?"
    )


def test_red_line_naming_an_unknown_issue() -> None:
    data = _base()
    data["parties"][1]["red_lines"] = {"missile": ["ban"]}  # type: ignore[index]
    assert _error(data) == (
        "x.toml: parties[1].red_lines.missile is not an issue; did you mean 'missiles'?"
    )


def test_red_line_must_be_a_list_of_names() -> None:
    data = _base()
    data["parties"][0]["red_lines"] = {"missiles": "ban"}  # type: ignore[index]
    assert _error(data) == (
        "x.toml: parties[0].red_lines.missiles must be a list of level names, found the "
        "string 'ban'"
    )


def _link(**fields: object) -> dict[str, object]:
    data = _base()
    link = {"party": "russia", "levels": {"missiles": "ban", "exercises": "notification"}}
    link["value"] = 0.1  # type: ignore[assignment]
    link.update(fields)  # type: ignore[arg-type]
    data["links"] = [link]
    return data


def test_link_naming_an_unknown_party() -> None:
    assert _error(_link(party="usa")) == (
        "x.toml: links[0].party 'usa' is not a party; did you mean 'russia'?"
    )


def test_link_naming_an_unknown_issue_or_level() -> None:
    assert _error(_link(levels={"missiles": "ban", "exercise": "notification"})) == (
        "x.toml: links[0].levels.exercise is not an issue; did you mean 'exercises'?"
    )
    assert _error(_link(levels={"missiles": "bann", "exercises": "notification"})) == (
        "x.toml: links[0].levels.missiles 'bann' is not a level of 'missiles'; did you mean 'ban'?"
    )


def test_link_with_one_issue() -> None:
    assert _error(_link(levels={"missiles": "ban"})) == (
        "x.toml: links[0].levels names 1 issue (missiles), expected at least 2: a link ties "
        "levels of two or more issues"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (float("nan"), "must be a finite number, found nan"),
        (float("inf"), "must be a finite number, found inf"),
        ("0.1", "must be a number, found the string '0.1'"),
        (True, "must be a number, found bool True"),
    ],
)
def test_link_value_must_be_a_finite_number(value: object, expected: str) -> None:
    assert _error(_link(value=value)) == f"x.toml: links[0].value {expected}"


def test_link_table_keys() -> None:
    data = _link()
    data["links"][0]["valeu"] = 1.0  # type: ignore[index]
    assert _error(data) == "x.toml: links[0].valeu is not a known key; did you mean 'value'?"
    data = _link()
    del data["links"][0]["value"]  # type: ignore[attr-defined]
    assert _error(data) == "x.toml: links[0] is missing the required key 'value'"


def test_note_keyed_by_an_unknown_path() -> None:
    data = _base()
    data["notes"] = {"russia.value.missiles[1]": "why"}
    assert _error(data) == (
        "x.toml: notes['russia.value.missiles[1]'] is not a path of this scenario; did you "
        "mean 'russia.values.missiles[1]' or 'russia.values.missiles[2]' or "
        "'russia.values.missiles[0]'?"
    )
    data["notes"] = {"russia.values.missiles[3]": "why"}
    assert _error(data).startswith(
        "x.toml: notes['russia.values.missiles[3]'] is not a path of this scenario"
    )
    data["notes"] = {"scenario": 3}
    assert _error(data) == "x.toml: notes['scenario'] must be a string, found int 3"


def test_breakdown_risk_domain() -> None:
    data = _base()
    data["breakdown_risk"] = 1.0
    assert _error(data) == "x.toml: breakdown_risk must be in [0, 1), found 1.0"


def test_compound_issues_are_limited() -> None:
    issues = [Issue(f"i{j}", "", [str(k) for k in range(11)]) for j in range(6)]
    values = {i.key: [0.0] * 11 for i in issues}
    parties = [Party("a", "", values=values), Party("b", "", values=values)]
    links = [Link("a", {f"i{j}": "0", f"i{j + 1}": "0"}, 1.0) for j in range(5)]
    with pytest.raises(ScenarioError) as info:
        Scenario(name="big", issues=issues, parties=parties, links=links)
    assert str(info.value) == (
        f"links tie issues i0, i1, i2, i3, i4, i5 into one compound issue of 1,771,561 "
        f"combinations (at most {MAX_COMPOUND:,}): link fewer issues, or issues with fewer levels"
    )


def test_a_string_note_is_the_scenario_note() -> None:
    s = _scenario(notes="Modelling choices.")
    assert dict(s.notes) == {"scenario": "Modelling choices."}
    assert dict(_scenario(notes="").notes) == {}


@settings(max_examples=60)
@given(structured_scenarios(exact=False), st.data())
def test_round_trips_through_toml_and_json(s: Scenario, data: st.DataObject) -> None:
    paths = note_paths(s)
    keys = data.draw(st.lists(st.sampled_from(paths), max_size=4, unique=True))
    texts = st.text(max_size=30)
    s = bargain.Scenario.from_dict(
        {**s.to_dict(), "notes": {k: data.draw(texts) for k in keys}, "breakdown_risk": 0.25}
    )
    assert Scenario.from_dict(tomllib.loads(to_toml(s))) == s
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_written_file_reads_back(tmp_path: object) -> None:
    s = _scenario(
        parties=_parties(russia={"missiles": ["no limits"]}),
        links=[Link("nato", {"missiles": "no limits", "exercises": "no limits"}, -0.25)],
        notes={"russia.red_lines.missiles": "its demand", "links[0]": "complements"},
        breakdown_risk=0.1,
    )
    path = bargain.write_toml(s, tmp_path / "s.toml")  # type: ignore[operator]
    assert read_toml(path) == s
    text = path.read_text(encoding="utf-8")
    assert '[parties.red_lines]\nmissiles = ["no limits"]' in text
    assert "[[links]]" in text and '"links[0]" = "complements"' in text


def test_show_prints_red_lines_links_and_notes() -> None:
    s = _scenario(
        parties=_parties(russia={"missiles": ["no limits"]}),
        links=[Link("nato", {"missiles": "no limits", "exercises": "no limits"}, -0.25)],
        notes={"russia.red_lines.missiles": "its demand", "scenario": "why"},
        breakdown_risk=0.1,
    )
    text = show_text(s)
    assert "red line on missiles: refuses no limits" in text
    assert "NATO   -0.25  missiles = no limits; exercises = no limits" in text
    assert "4 of the 6 deals avoid every red line." in text
    assert "Breakdown risk per rejected offer: 0.1" in text
    assert "[russia.red_lines.missiles]\nits demand" in text


def test_genius_export_refuses_links_and_red_lines(tmp_path: object) -> None:
    s = _scenario(links=[Link("nato", {"missiles": "ban", "exercises": "no limits"}, 0.5)])
    with pytest.raises(ScenarioError) as info:
        bargain.write_genius(s, tmp_path)  # type: ignore[arg-type]
    assert str(info.value) == (
        "scenario 't' links has 1 link(s) between issues, which a GENIUS linear additive "
        "profile cannot express (a link adds value to a combination of levels); remove them to "
        "export"
    )
    s = _scenario(parties=_parties(russia={"missiles": ["no limits"]}))
    with pytest.raises(ScenarioError, match=r"parties\[0\].red_lines has red lines \(missiles\)"):
        bargain.write_genius(s, tmp_path)  # type: ignore[arg-type]


def test_a_link_changes_the_deal() -> None:
    s = _scenario()
    base = bargain.solve(s)
    assert base.deal == {"missiles": "moratorium", "exercises": "no limits"} or base.agreement
    linked = _scenario(links=[Link("russia", {"missiles": "ban", "exercises": "no limits"}, 2.0)])
    sol = bargain.solve(linked)
    assert sol.deal == {"missiles": "ban", "exercises": "no limits"}
    assert sol.utilities["russia"] == 3.0
