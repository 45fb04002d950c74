"""Numbers as users read them: no negligible lottery deals, no rounding dust in files."""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain._text import frontier_size, tidy, tidy_float
from bargain.solutions.lottery import NEGLIGIBLE_PROBABILITY, drop_negligible

from .strategies import scenarios


def test_drop_negligible_keeps_and_renormalises() -> None:
    keep, w = drop_negligible(np.array([0.5, 1.3e-8, 0.5 - 1.3e-8]))
    assert keep.tolist() == [0, 2]
    np.testing.assert_allclose(w, [0.5 / (1 - 1.3e-8), (0.5 - 1.3e-8) / (1 - 1.3e-8)], rtol=1e-15)
    assert math.isclose(w.sum(), 1.0, rel_tol=1e-15)
    keep, w = drop_negligible(np.array([1e-9, 3e-9]))  # none above: the largest alone
    assert keep.tolist() == [1] and w.tolist() == [1.0]
    assert NEGLIGIBLE_PROBABILITY == 1e-6


@settings(max_examples=30)
@given(
    scenarios(min_parties=3, max_parties=3, max_issues=3, max_levels=3),
    st.sampled_from(["kalai-smorodinsky", "egalitarian", "nash"]),
)
def test_lotteries_list_no_negligible_deal(s, method) -> None:
    sol = bargain.solve(s, method=method, lotteries=True)
    if sol.lottery is None:
        return
    probabilities = sol.lottery.probabilities
    assert min(probabilities) >= NEGLIGIBLE_PROBABILITY
    assert math.isclose(sum(probabilities), 1.0, rel_tol=1e-12)
    expected = np.array(probabilities) @ s.utilities(np.array(sol.lottery.levels))
    np.testing.assert_allclose(list(sol.utilities.values()), expected, rtol=1e-12, atol=1e-12)
    if len(probabilities) == 1:
        assert "no lottery beats the best single deal" in sol.message
    else:
        assert f"lottery over {len(probabilities)} deals" in sol.message or "two deals" in (
            sol.message
        )


def test_tidy_float_removes_dust_only() -> None:
    assert [tidy_float(x) for x in (0.1 + 0.25, 0.7 + 0.2 + 0.1, 0.9099999999999999)] == [
        0.35,
        1.0,
        0.91,
    ]
    for x in (2 / 3, 0.29935196577963363, 1e-300, 1e300, math.pi, -0.1 - 0.2):
        assert abs(tidy_float(x) - x) <= 2 * math.ulp(x)
    assert tidy_float(2 / 3) == 2 / 3 and tidy_float(math.pi) == math.pi
    assert math.isnan(tidy_float(math.nan)) and tidy_float(math.inf) == math.inf


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_tidy_float_moves_a_number_two_ulps_at_most(x) -> None:
    y = tidy_float(x)
    assert abs(y - x) <= 2 * math.ulp(x)
    assert len(repr(y)) <= len(repr(x))


def test_json_and_csv_show_no_dust_but_results_keep_their_numbers() -> None:
    s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    runs = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.6, 0.7]}, progress=False)
    k = [repr(float(u)) for u in runs.utilities[:, 1]].index("0.8200000000000001")
    assert runs.rows()[k]["utility.nato"] == 0.8200000000000001  # the sum, kept in the result
    data = json.loads(runs.to_json())
    assert data["runs"][k]["utility.nato"] == 0.82
    assert "0.8200000000000001" not in runs.to_json() and "0.8200000000000001" not in runs.to_csv()
    assert runs.to_csv().splitlines()[1 + k].endswith(",0.82")
    assert runs.summary().to_json().count("0000000000") == 0
    assert data["runs"] == tidy(runs.rows())


# ----------------------------------------------------------------------------- one frontier size
@settings(max_examples=40)
@given(scenarios(min_parties=2, max_parties=2, max_issues=3, max_levels=4))
def test_solve_counts_the_frontier_as_pareto_frontier_does(s) -> None:
    sol = bargain.solve(s)
    frontier = bargain.pareto_frontier(s)
    if not sol.agreement:
        assert len(frontier) == 0
        return
    phrase = frontier_size(len(frontier))
    assert f"among the {phrase} (of {s.n_deals:,} deals;" in sol.message
    assert frontier.message == f"{phrase}, out of {s.n_deals:,} deals"
    assert repr(frontier) == f"<Frontier {s.name}: {phrase}, of {s.n_deals:,} deals>"


def test_one_frontier_size_everywhere(capsys) -> None:
    from bargain.cli.main import main

    s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    n = len(bargain.pareto_frontier(s))
    assert n == 17
    assert bargain.solve(s).message == (
        "Nash bargaining solution: the individually rational deal with the largest product of "
        "gains, among the 17 Pareto-optimal deals that beat the disagreement point (of 27,648 "
        "deals; exact frontier merge)."
    )
    assert main(["frontier", "russia-nato-2022-no-red-lines"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "russia-nato-2022-no-red-lines — Pareto frontier: 17 Pareto-optimal deals that beat the "
        "disagreement point, out of 27,648 deals"
    )
    assert frontier_size(1) == "1 Pareto-optimal deal that beats the disagreement point"
