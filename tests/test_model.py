"""The model: construction, validation from Python, arrays, and the brute-force Nash oracle."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from bargain import Issue, Party, Scenario, ScenarioError, solve
from bargain.errors import BargainError
from bargain.frontier.enumerate import combination_table
from bargain.testing import brute_force_nash, check_size
from tests.strategies import scenarios


def toy() -> Scenario:
    return Scenario(
        name="toy",
        issues=[Issue("a", "A", ["x", "y"]), Issue("b", "", ["p", "q", "r"])],
        parties=[
            Party("p", "P", values={"a": [0, 1], "b": [0, 0.5, 1]}, weights={"a": 2}),
            Party("q", "", values={"a": [1, 0], "b": [1, 0.5, 0]}, disagreement=0.5),
        ],
    )


def test_model_is_immutable_and_hashable() -> None:
    s = toy()
    with pytest.raises(AttributeError):
        s.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.parties[0].values["a"] = (1.0, 1.0)  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        s.tables[0][0, 0] = 5.0
    assert hash(s.parties[0]) == hash(toy().parties[0])
    assert s == toy()


def test_defaults_and_arrays() -> None:
    s = toy()
    assert s.issue("b").name == "b" and s.party("q").name == "q"
    assert s.shape == (2, 3) and s.n_deals == 6
    np.testing.assert_array_equal(s.tables[0], [[0, 1], [2, 0]])
    np.testing.assert_array_equal(s.disagreement_point, [0, 0.5])
    np.testing.assert_array_equal(s.powers, [1, 1])
    np.testing.assert_array_equal(s.discounts, [1, 1])


@given(scenarios())
def test_utilities_equal_the_definition(s: Scenario) -> None:
    for deal in itertools.islice(itertools.product(*map(range, s.shape)), 50):
        expected = [
            sum(p.weight(i.key) * p.values[i.key][j] for i, j in zip(s.issues, deal, strict=True))
            for p in s.parties
        ]
        np.testing.assert_allclose(s.utilities(np.array(deal)), expected, rtol=1e-12, atol=1e-12)


def test_utilities_validate_their_argument() -> None:
    s = toy()
    with pytest.raises(ScenarioError, match=r"deals must have shape \(\.\.\., 2\)"):
        s.utilities([0, 1, 2])
    with pytest.raises(ScenarioError, match="outside"):
        s.utilities([0, 3])
    with pytest.raises(ScenarioError, match="integer level indices"):
        s.utilities([0.0, 1.0])


def test_describe_and_parse_deal() -> None:
    s = toy()
    assert s.describe([1, 2]) == {"a": "y", "b": "r"}
    assert s.parse_deal({"a": "y", "b": "r"}) == {"a": 1, "b": 2}
    assert s.parse_deal({"b": "q"}, partial=True) == {"b": 1}
    with pytest.raises(ScenarioError, match=r"deal\['b'\] has no level 'z'"):
        s.parse_deal({"a": "x", "b": "z"})
    with pytest.raises(ScenarioError, match=r"deal\['c'\] is not an issue"):
        s.parse_deal({"c": "x"})
    with pytest.raises(ScenarioError, match="deal is missing issue"):
        s.parse_deal({"a": "x"})


def test_lookups_suggest() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'p'"):
        toy().party("pp")


def test_python_construction_errors_name_the_key() -> None:
    with pytest.raises(ScenarioError, match=r"^levels has 1 level\(s\), expected at least 2$"):
        Issue("a", "A", ["only"])
    with pytest.raises(ScenarioError, match=r"^discount must be in \(0, 1\], found 0.0$"):
        Party("p", "P", values={"a": [0, 1]}, discount=0)
    with pytest.raises(ScenarioError, match=r"^parties\[1\]\.values\.b has 2 numbers"):
        Scenario(
            name="x",
            issues=toy().issues,
            parties=[toy().parties[0], Party("q", "Q", values={"a": [0, 1], "b": [0, 1]})],
        )
    with pytest.raises(ScenarioError, match=r"^issues\[0\] must be an Issue"):
        Scenario(name="x", issues=["a"], parties=toy().parties)  # type: ignore[list-item]


# ------------------------------------------------------------------ the brute-force Nash oracle
def slow_nash(s: Scenario) -> tuple[tuple[int, ...] | None, float]:
    """Enumerate deals one by one in lexicographic order: the first strict maximum wins."""
    best, best_value = None, -np.inf
    d = s.disagreement_point
    for deal in itertools.product(*map(range, s.shape)):
        gains = s.utilities(np.array(deal)) - d
        if np.all(gains > 0) and np.prod(gains) > best_value:
            best, best_value = deal, float(np.prod(gains))
    return best, best_value


@settings(max_examples=60)
@given(scenarios(max_issues=4, max_levels=4))
def test_brute_force_nash_matches_enumeration(s: Scenario) -> None:
    expected, value = slow_nash(s)
    for block_bytes in (16, 64, 1 << 19):  # tiny blocks exercise the block bookkeeping
        deal, product = brute_force_nash(s.tables, s.disagreement_point, block_bytes=block_bytes)
        if expected is None:
            assert deal is None
            continue
        assert deal is not None
        np.testing.assert_allclose(product, value, rtol=1e-9)
        # The chosen deal is optimal (ties within rounding may pick another optimal deal).
        gains = s.utilities(deal) - s.disagreement_point
        assert np.all(gains > 0)
        np.testing.assert_allclose(np.prod(gains), value, rtol=1e-9)


def test_two_losses_never_make_a_gain() -> None:
    # Deal (1,) gives both parties -1 relative to disagreement: product +1, but irrational.
    s = Scenario(
        name="x",
        issues=[Issue("a", "A", ["keep", "lose-lose", "small"])],
        parties=[
            Party("p", "P", values={"a": [0.0, -1.0, 0.1]}),
            Party("q", "Q", values={"a": [0.0, -1.0, 0.1]}),
        ],
    )
    assert solve(s).deal == {"a": "small"}


def test_no_rational_deal_is_a_result() -> None:
    s = Scenario(
        name="x",
        issues=[Issue("a", "A", ["x", "y"])],
        parties=[
            Party("p", "P", values={"a": [0, 1]}, disagreement=1),
            Party("q", "Q", values={"a": [1, 0]}, disagreement=1),
        ],
    )
    sol = solve(s)
    assert not sol.agreement and sol.deal is None and sol.nash_product is None
    assert sol.utilities == {"p": 1.0, "q": 1.0}
    assert "No deal" in sol.message


def test_combination_table_is_c_order() -> None:
    t = [np.array([[0.0], [10.0]]), np.array([[0.0], [1.0], [2.0]])]
    np.testing.assert_array_equal(combination_table(t, 1).ravel(), [0, 1, 2, 10, 11, 12])


def test_brute_force_refuses_absurd_sizes() -> None:
    with pytest.raises(BargainError, match="would take about"):
        check_size([10] * 12)


def test_import_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bargain; heavy = [m for m in ('scipy', 'matplotlib', 'pandas', 'dask', "
        "'nashpy') if m in sys.modules]; assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
