"""Parameter paths of sweeps: resolving, wildcards, domains, applying them to a scenario."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import bargain
from bargain import ScenarioError, load_scenario, sweep
from bargain.model.params import apply, check_domain, current_values, parameter_paths, resolve


@pytest.fixture(scope="module")
def talks():
    return load_scenario("russia-nato-2022-no-red-lines")


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("russia.weights.missiles", "weight", None),
        ("nato.disagreement", "disagreement", 0.75),
        ("russia.values.missiles[1]", "value", None),
        ("russia.power", "power", 1.0),
        ("russia.discount", "discount", 1.0),
    ],
)
def test_scalar_paths(talks, path, field, value):
    (target,) = resolve(talks, path)
    assert not target.vector
    (param,) = target.params
    assert param.path == path and param.field == field
    current = current_values(talks, [param])[0]
    party = talks.party(path.split(".")[0])
    if field == "weight":
        assert current == party.weight("missiles")
    elif field == "value":
        assert current == party.values["missiles"][1]
    else:
        assert current == value


def test_vector_paths(talks):
    (weights,) = resolve(talks, "russia.weights")
    assert weights.vector and weights.kind == "weights"
    assert [p.path for p in weights.params] == [f"russia.weights.{k}" for k in talks.issue_keys]
    (values,) = resolve(talks, "nato.values.missiles")
    assert [p.level for p in values.params] == list(range(talks.issue("missiles").n_levels))


def test_wildcards(talks):
    assert [t.path for t in resolve(talks, "*.weights")] == ["russia.weights", "nato.weights"]
    assert [t.path for t in resolve(talks, "russia.weights.*")] == [
        f"russia.weights.{k}" for k in talks.issue_keys
    ]
    levels = talks.issue("missiles").n_levels
    found = [t.path for t in resolve(talks, "*.values.missiles[*]")]
    assert len(found) == 2 * levels and found[0] == "russia.values.missiles[0]"
    assert [t.path for t in resolve(talks, "*.disc*")] == ["russia.discount", "nato.discount"]


@pytest.mark.parametrize(
    ("path", "hint"),
    [
        ("russia.weight.missiles", "russia.weights.missiles"),
        ("rusia.disagreement", "russia.disagreement"),
        ("nato.values.missile[1]", "nato.values.missiles[1]"),
        ("nato.powr", "nato.power"),
    ],
)
def test_unknown_path_suggests_closest(talks, path, hint):
    with pytest.raises(ScenarioError, match=re.escape(f"did you mean '{hint}'")) as info:
        resolve(talks, path)
    assert repr(path) in str(info.value)


def test_bad_paths(talks):
    with pytest.raises(ScenarioError, match="matches no parameter"):
        resolve(talks, "*.bogus")
    with pytest.raises(ScenarioError, match="not a parameter"):
        resolve(talks, "russia.values.missiles[9]")
    with pytest.raises(ScenarioError, match="non-empty string"):
        resolve(talks, "")


def test_catalogue_is_complete(talks):
    paths = parameter_paths(talks)
    levels = sum(talks.shape)
    per_party = 1 + talks.n_issues + talks.n_issues + levels + 3
    game = talks.threat_game
    assert game is not None and len(talks.links) == 3
    cells = game.shape[0] * game.shape[1]
    others = len(talks.links) + 2 * (cells + 1)  # link values; both payoff matrices and cells
    assert len(paths) == len(set(paths)) == talks.n_parties * per_party + others


def test_domains(talks):
    (weight,) = resolve(talks, "russia.weights.missiles")[0].params
    (power,) = resolve(talks, "russia.power")[0].params
    (discount,) = resolve(talks, "russia.discount")[0].params
    (value,) = resolve(talks, "russia.values.missiles[0]")[0].params
    check_domain(weight, 0.0, 3.0, what="x")
    check_domain(discount, 0.5, 1.0, what="x")
    check_domain(value, -math.inf, math.inf, what="x")
    with pytest.raises(ScenarioError, match=">= 0"):
        check_domain(weight, -0.1, 1.0, what="x")
    with pytest.raises(ScenarioError, match="> 0"):
        check_domain(power, 0.0, 1.0, what="x")
    with pytest.raises(ScenarioError, match=r"in \(0, 1\]"):
        check_domain(discount, 0.5, 1.01, what="x")
    with pytest.raises(ScenarioError, match=">= 0"):
        check_domain(weight, -math.inf, math.inf, what="a normal")


def test_apply_changes_only_what_is_asked(talks):
    params = [
        *resolve(talks, "russia.weights.missiles")[0].params,
        *resolve(talks, "nato.values.enlargement[2]")[0].params,
        *resolve(talks, "nato.disagreement")[0].params,
        *resolve(talks, "russia.power")[0].params,
    ]
    changed = apply(talks, params, [0.4, 0.125, 0.5, 2.0])
    russia, nato = changed.party("russia"), changed.party("nato")
    assert russia.weight("missiles") == 0.4 and russia.power == 2.0
    assert nato.values["enlargement"][2] == 0.125 and nato.disagreement == 0.5
    np.testing.assert_array_equal(current_values(changed, params), [0.4, 0.125, 0.5, 2.0])
    for issue in talks.issue_keys:
        if issue != "missiles":
            assert russia.weight(issue) == talks.party("russia").weight(issue)
    assert changed.party("russia").values == talks.party("russia").values
    assert apply(talks, params, current_values(talks, params)) == talks
    with pytest.raises(ScenarioError, match="one per parameter"):
        apply(talks, params, [1.0])


# ----------------------------------------------------------------------------- links, threat game
def test_link_values_are_swept_run_by_run(talks):
    runs = sweep(talks, grid={"links[0].value": [-0.5, 0.0, 0.5]}, progress=False)
    (param,) = resolve(talks, "links[0].value")[0].params
    assert param.field == "link" and param.domain_text() == "any finite number"
    for k, x in enumerate([-0.5, 0.0, 0.5]):
        changed = apply(talks, [param], [x])
        assert changed.links[0].value == x and changed.links[1:] == talks.links[1:]
        want = bargain.solve(changed)
        assert runs.agreement[k] == want.agreement
        np.testing.assert_allclose(runs.utilities[k], list(want.utilities.values()), rtol=1e-12)


def test_threat_game_payoffs_are_parameters(talks):
    game = talks.threat_game
    assert game is not None
    (cell,) = resolve(talks, "threat_game.column_payoffs[1][0]")[0].params
    changed = apply(talks, [cell], [0.123])
    assert changed.threat_game.column_payoffs[1][0] == 0.123
    assert changed.threat_game.row_payoffs == game.row_payoffs
    matrix = resolve(talks, "threat_game.row_payoffs")[0]
    assert matrix.vector and len(matrix.params) == game.shape[0] * game.shape[1]
    assert current_values(talks, matrix.params).tolist() == [x for r in game.row_payoffs for x in r]
    runs = sweep(
        talks, grid={"threat_game.row_payoffs[0][0]": [-0.5, 0.5]}, disagreement="threat-game",
        progress=False,
    )  # fmt: skip
    (first,) = resolve(talks, "threat_game.row_payoffs[0][0]")[0].params
    for k, x in enumerate([-0.5, 0.5]):
        want = bargain.solve(apply(talks, [first], [x]), disagreement="threat-game")
        np.testing.assert_allclose(runs.utilities[k], list(want.utilities.values()), rtol=1e-12)


def test_red_lines_are_no_parameters(talks):
    with pytest.raises(ScenarioError) as info:
        resolve(talks, "nato.red_lines.enlargement")
    assert str(info.value) == (
        "parameter 'nato.red_lines.enlargement' is not a parameter of "
        "russia-nato-2022-no-red-lines; red lines are sets of levels, not numbers, so they cannot "
        "be swept (compare the scenario with scenario.without_red_lines(), or edit its red lines)"
    )


def test_an_unknown_path_names_close_matches_only(talks):
    with pytest.raises(ScenarioError) as info:
        resolve(talks, "links[0].valeu")
    assert str(info.value) == (
        "parameter 'links[0].valeu' is not a parameter of russia-nato-2022-no-red-lines; did you "
        "mean 'links[0].value' or 'links[2].value' or 'links[1].value'?"
    )
    with pytest.raises(ScenarioError) as info:
        resolve(talks, "xyz")
    assert str(info.value) == (
        "parameter 'xyz' is not a parameter of russia-nato-2022-no-red-lines; paths look like "
        "'russia.weights.indivisible_security', 'russia.values.indivisible_security[0]', "
        "'russia.disagreement', 'russia.power', 'russia.discount', 'links[0].value', "
        "'threat_game.row_payoffs[0][0]'"
    )


# ----------------------------------------------------------------------------- Scenario.replace
def test_scenario_replace_changes_one_number(talks):
    changed = talks.replace("russia.weights.missiles", 0.3)
    assert changed.party("russia").weight("missiles") == 0.3
    assert changed.party("nato") == talks.party("nato") and talks.party("russia") != changed.party(
        "russia"
    )
    assert talks.replace("*.disagreement", 0.1).disagreement_point.tolist() == [0.1, 0.1]
    weights = [0.1] * talks.n_issues
    assert talks.replace("nato.weights", weights).party("nato").weight("missiles") == 0.1
    assert talks.replace("links[1].value", -0.2).links[1].value == -0.2
    assert talks.replace("threat_game.row_payoffs[0][0]", 0.5).threat_game.row_payoffs[0][0] == 0.5
    x = load_scenario("russia-nato-2022").replace("russia.values.missiles[1]", 0.25)
    assert x.party("russia").values["missiles"][1] == 0.25


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "russia.weight.missiles",
            0.3,
            "parameter 'russia.weight.missiles' is not a parameter of russia-nato-2022-no-red-"
            "lines; did you mean 'russia.weights.missiles' or 'nato.weights.missiles' or "
            "'russia.weights'?",
        ),
        ("russia.power", -1, "parameter 'russia.power' must be > 0, found -1"),
        ("nato.discount", 1.5, "parameter 'nato.discount' must be in (0, 1], found 1.5"),
        ("russia.weights", [1, 2], "parameter 'russia.weights' addresses 8 numbers, found 2 "
         "values"),
        (
            "nato.disagreement",
            "x",
            "parameter 'nato.disagreement' takes a number or a list of numbers, found 'x'",
        ),
        ("nato.disagreement", None, "parameter 'nato.disagreement' takes a number or a list of "
         "numbers, found None"),
        ("nato.disagreement", float("nan"), "parameter 'nato.disagreement' must be a finite "
         "number, found nan"),
    ],
)  # fmt: skip
def test_scenario_replace_refusals(talks, path, value, message):
    with pytest.raises(ScenarioError) as info:
        talks.replace(path, value)
    assert str(info.value) == message
