"""Time-based concession: aspiration curves, acceptance, deadlines, seeds, three or more parties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import ScenarioError, concession_path, load_scenario, pareto_frontier
from bargain.model.scenario import Scenario
from bargain.protocols.timebased import EXPONENTS, aspirations
from tests.strategies import scenarios

EXPONENT = st.one_of(st.sampled_from(sorted(EXPONENTS)), st.floats(0.1, 8.0))


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_aspirations_fall_from_best_to_disagreement(t0: float, t1: float) -> None:
    best, d = np.array([1.0, 0.8, 0.6]), np.array([0.2, 0.1, -0.3])
    e = np.array([4.0, 1.0, 0.25])
    lo, hi = sorted((t0, t1))
    a_lo, a_hi = aspirations(lo, best, d, e), aspirations(hi, best, d, e)
    assert np.all(a_hi <= a_lo + 1e-15)
    np.testing.assert_allclose(aspirations(0.0, best, d, e), best)
    np.testing.assert_allclose(aspirations(1.0, best, d, e), d)
    mid = aspirations(0.5, best, d, e)
    share = (best - mid) / (best - d)  # conceded share: Boulware < linear < conceder
    assert share[0] < share[1] < share[2]


@given(
    scenarios(min_parties=2, max_parties=4, max_issues=3, max_levels=3),
    st.integers(1, 12),
    st.data(),
)
def test_every_offer_follows_the_rules(s: Scenario, rounds: int, data: st.DataObject) -> None:
    exponents = {k: data.draw(EXPONENT) for k in s.party_keys}
    path = concession_path(s, "time-based", rounds=rounds, exponents=exponents)
    f = pareto_frontier(s)
    if len(f) == 0:
        assert not path.agreement and path.steps == () and "No deal" in path.message
        return
    frontier = {tuple(row) for row in f.levels.tolist()}
    n = s.n_parties
    assert 1 <= path.rounds == len(path.steps) <= rounds
    for t, step in enumerate(path.steps, start=1):
        assert step.round == t
        assert step.proposer == s.party_keys[(t - 1) % n]  # turns in party order
        assert step.levels in frontier  # offers are individually rational frontier deals
        assert step.aspiration is not None
        assert step.utilities[step.proposer] >= step.aspiration[step.proposer]
        others_ok = all(
            step.utilities[k] >= step.aspiration[k] for k in s.party_keys if k != step.proposer
        )
        assert step.accepted == others_ok  # accepted exactly when every other party accepts
    assert not any(st_.accepted for st_ in path.steps[:-1])
    if path.agreement:
        assert path.steps[-1].accepted and path.deal == path.steps[-1].offer
        assert all(path.utilities[k] > path.disagreement[k] for k in s.party_keys)
    else:
        assert path.rounds == rounds and "deadline" in path.message
        assert path.utilities == path.disagreement


@given(scenarios(min_parties=2, max_parties=3, max_issues=4, max_levels=3), st.integers(0, 2**32))
def test_random_offers_are_reproducible_from_the_seed(s: Scenario, seed: int) -> None:
    one = concession_path(s, "time-based", offer="random", rng=seed)
    two = concession_path(s, "time-based", offer="random", rng=np.random.default_rng(seed))
    assert [st_.levels for st_ in one.steps] == [st_.levels for st_ in two.steps]
    assert one.deal == two.deal


def test_flagship_boulware_beats_conceder() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    linear = concession_path(talks, "time-based")
    tough_russia = concession_path(
        talks, "time-based", exponents={"russia": "boulware", "nato": "conceder"}
    )
    tough_nato = concession_path(
        talks, "time-based", exponents={"russia": "conceder", "nato": "boulware"}
    )
    for path in (linear, tough_russia, tough_nato):
        assert path.agreement
        assert path.deal["enlargement"] == "rejected: open door reaffirmed"
    assert tough_russia.utilities["russia"] > linear.utilities["russia"]
    assert tough_nato.utilities["nato"] > linear.utilities["nato"]
    assert linear.distance_to_frontier == 0.0 and linear.distance_to_nash is not None
    assert "Russia Boulware e=4" in tough_russia.message
    assert tough_russia.options["exponents"] == {"russia": 4.0, "nato": 0.25}


def test_deadline_without_agreement() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(talks, "time-based", rounds=1)
    assert not path.agreement and path.rounds == 1
    assert "no agreement by the deadline" in path.message
    assert path.steps[0].note.startswith("rejected by NATO")


def test_three_parties_all_must_accept() -> None:
    s = load_scenario("russia-us-2021-no-red-lines")
    path = concession_path(s, "time-based", exponents="boulware", rounds=30)
    assert path.agreement
    assert path.steps[-1].note == "accepted by all"
    rejected = [st_ for st_ in path.steps if not st_.accepted]
    assert rejected and all(st_.note.startswith("rejected by") for st_ in rejected)
    assert {st_.proposer for st_ in path.steps} == set(s.party_keys)
    assert all(path.utilities[k] > path.disagreement[k] for k in s.party_keys)
    assert path.distance_to_frontier == 0.0 and path.distance_to_nash is not None


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"rounds": 0}, "rounds"),
        ({"rounds": -3}, "rounds"),
        ({"rounds": 2.5}, "rounds"),
        ({"rounds": True}, "rounds"),
        ({"exponents": 0}, "exponents"),
        ({"exponents": {"nato": -1.0}}, "exponents['nato']"),
        ({"exponents": {"nato": "boulwar"}}, "exponents['nato']"),
        ({"exponents": {"otan": 1.0}}, "exponents"),
        ({"first": "nat"}, "first"),
        ({"offer": "randm"}, "offer"),
        ({"rng": "seed"}, "rng"),
        ({"rng": -1}, "rng"),
    ],
)
def test_bad_options_name_the_argument(options: dict[str, object], key: str) -> None:
    with pytest.raises(ScenarioError) as info:
        concession_path(load_scenario("russia-nato-2022-no-red-lines"), "time-based", **options)
    assert info.value.key == key


def test_suggestions_in_messages() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    with pytest.raises(ScenarioError, match="did you mean 'boulware'"):
        concession_path(talks, "time-based", exponents={"nato": "boulwar"})
    with pytest.raises(ScenarioError, match="did you mean 'nato'"):
        concession_path(talks, "time-based", first="nat")
