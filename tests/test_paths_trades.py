"""Issue trades (logrolling): nobody loses, the end is a deal no trade improves, a story."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import Scenario, ScenarioError, concession_path, load_scenario
from bargain.protocols.trades import trade_tolerance
from tests.strategies import exact_scenarios, scenarios

FLAGSHIP_START = {
    "force_posture_1997": (
        "no forces beyond those of 27 May 1997 (withdraw multinational battalions)"
    ),
    "missiles": "no such missiles adjacent to the other parties, as drafted",
}
# What the Western replies of 26 January 2022 offered, as levels of russia-nato-2022.
WESTERN_OFFER = {
    "indivisible_security": (
        "restatement of the core principles of European security, incl. free choice of alliances"
    ),
    "consultations": "resume NATO-Russia Council meetings",
    "not_adversaries": "no statement",
    "force_posture_1997": "mutual notification and limits on exercises near each other's borders",
    "missiles": "mutual transparency on deployments",
    "enlargement": "rejected: open door reaffirmed",
    "military_activity": "no permanent bases or combat forces in Ukraine and other non-members",
    "un_security_council": "no clause",
}


def _improving_trades(s: Scenario, levels: tuple[int, ...], tol: np.ndarray) -> list[tuple]:
    """Brute force: every change of one or two issues that both parties gain from."""
    base = s.utilities(levels)
    found = []
    for k, ell in itertools.combinations_with_replacement(range(s.n_issues), 2):
        for a, b in itertools.product(range(s.shape[k]), range(s.shape[ell])):
            new = list(levels)
            new[ell] = b
            new[k] = a  # k == ell: a single issue moves
            if tuple(new) != levels and np.all(s.utilities(new) - base > tol):
                found.append(tuple(new))
    return found


def _is_pareto_optimal(s: Scenario, levels: tuple[int, ...]) -> bool:
    deals = np.array(list(itertools.product(*map(range, s.shape))))
    u, mine = s.utilities(deals), s.utilities(levels)
    return not np.any(np.all(u >= mine, axis=1) & np.any(u > mine, axis=1))


@given(scenarios(min_parties=2, max_parties=2, min_issues=2, max_issues=8, max_levels=4), st.data())
def test_nobody_loses_and_no_trade_is_left(s: Scenario, data: st.DataObject) -> None:
    start = {i.key: data.draw(st.sampled_from(i.levels)) for i in s.issues}
    path = concession_path(s, "trades", start=start)
    tol = trade_tolerance(s.tables)
    before = s.utilities([i.levels.index(start[i.key]) for i in s.issues])
    levels = tuple(i.levels.index(start[i.key]) for i in s.issues)
    for step in path.steps:
        after = np.array([step.utilities[k] for k in s.party_keys])
        assert np.all(after - before > tol)  # every trade leaves both strictly better off
        assert 1 <= len(step.changes) <= 2 and step.accepted and step.proposer is None
        changed = {c.issue for c in step.changes}
        assert changed == {
            k for k, a, b in zip(s.issue_keys, levels, step.levels, strict=True) if a != b
        }
        before, levels = after, step.levels
    assert _improving_trades(s, levels, tol) == []  # the end: no trade helps both
    assert path.distance_to_frontier is not None and path.distance_to_frontier >= 0
    if path.distance_to_frontier > 1e-9:
        assert not _is_pareto_optimal(s, levels)
    rational = bool(np.all(s.utilities(levels) > s.disagreement_point))
    assert (path.agreement) == rational


@given(exact_scenarios(min_parties=2, max_parties=2, max_issues=3))
def test_exact_end_has_zero_distance_exactly_when_pareto_optimal(s: Scenario) -> None:
    path = concession_path(s, "trades")
    end = path.steps[-1].levels if path.steps else (0,) * s.n_issues
    assert (path.distance_to_frontier == 0.0) == _is_pareto_optimal(s, end)
    assert _improving_trades(s, end, np.zeros(2)) == []


def test_trades_from_the_western_offer_read_as_a_story() -> None:
    # The teaching variant (no red lines), from the package the Western replies of 26 January
    # 2022 offered: two trades reach the Pareto frontier, near the Nash deal.
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(talks, "trades", start=WESTERN_OFFER)
    notes = [st_.note for st_ in path.steps]
    assert notes[0].startswith(
        "NATO accepts 'no such missiles adjacent to the other parties, as drafted' on missiles; "
        "Russia accepts 'mutual notification and transparency of activity in non-member "
        "states' on military_activity"
    )
    assert "marginal-value ratio 1.36" in notes[0]
    # the second trade moves the linked Articles 3 and 8 as one compound issue, with Article 5
    assert notes[1].startswith("NATO accepts 'legally binding reaffirmation as drafted'")
    assert [c.issue for c in path.steps[1].changes] == [
        "not_adversaries",
        "missiles",
        "un_security_council",
    ]
    touched = {c.issue for st_ in path.steps for c in st_.changes}
    assert "enlargement" not in touched  # the open door is never traded
    assert path.agreement and path.rounds == 2
    assert path.deal["enlargement"] == "rejected: open door reaffirmed"
    assert path.deal["missiles"] == "verified mutual moratorium in agreed zones"
    assert path.distance_to_frontier == 0.0
    assert path.distance_to_nash is not None and 0 < path.distance_to_nash < 0.07
    assert "on the Pareto frontier" in path.message and "from the Nash deal" in path.message


def test_flagship_red_lines_leave_nothing_to_trade() -> None:
    talks = load_scenario("russia-nato-2022")
    path = concession_path(talks, "trades")
    assert not path.agreement and path.steps == ()
    assert path.message == talks.space.message
    with pytest.raises(ScenarioError) as info:
        concession_path(talks, "trades", start={"enlargement": "rejected: open door reaffirmed"})
    assert str(info.value) == (
        "start['enlargement'] 'rejected: open door reaffirmed' is red-lined by Russia: trades "
        "start from a deal every party could accept"
    )


def test_status_quo_start_leaves_russia_out() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(talks, "trades")
    assert path.options["start"] == {i.key: i.levels[0] for i in talks.issues}
    assert [c.issue for st_ in path.steps for c in st_.changes] == ["consultations"]
    assert path.steps[0].note.startswith("both gain from 'resume NATO-Russia Council meetings'")
    assert not path.agreement and "Russia at or below the disagreement utility" in path.message
    assert path.distance_to_frontier == 0.0


def test_trade_limit() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(talks, "trades", start=FLAGSHIP_START, rounds=2)
    assert path.rounds == 2 and "stopped at the limit" in path.message


@pytest.mark.parametrize(
    ("start", "key", "hint"),
    [
        ({"missile": "ban"}, "start['missile']", "did you mean 'missiles'?"),
        ({"missiles": "ban"}, "start['missiles']", "has no level 'ban'"),
        ({"missiles": 2.0}, "start['missiles']", "must be a level name or number"),
        ({"missiles": 4}, "start['missiles']", "has no level number 4"),
        (["missiles"], "start", "must be a mapping"),
    ],
)
def test_bad_start_names_the_argument(start: object, key: str, hint: str) -> None:
    with pytest.raises(ScenarioError, match=hint) as info:
        concession_path(load_scenario("russia-nato-2022-no-red-lines"), "trades", start=start)
    assert info.value.key == key
