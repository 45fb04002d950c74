"""The exchange model: a hand-computed two-actor, two-issue exchange, and its properties.

Hand computation (distances as shares of the 0-100 range). Capabilities A 2, B 1; positions
p: A 80, B 20; q: A 70, B 10; saliences A (0.6, 0.4), B (0.3, 0.7).

- Weights c·s: p: A 1.2, B 0.3 (W_p = 1.5); q: A 0.8, B 0.7 (W_q = 1.5). Outcomes: O_p = (96 +
  6) / 1.5 = 68, O_q = (56 + 7) / 1.5 = 42. A is right of both outcomes, B left: they can trade.
- Relative saliences p/q: A 1.5 > B 0.43, so A demands on p (B moves towards A there) and
  supplies on q.
- Caps: on p, B may move at most to A (0.6 of the range, moving O_p by 0.6 · 0.3 / 1.5 = 0.12)
  and O_p may not pass A (0.80 - 0.68 = 0.12): δ_p <= 0.12. On q, A may move 0.6 (O_q moves
  0.6 · 0.8 / 1.5 = 0.32) and O_q may not pass B (0.42 - 0.10 = 0.32): δ_q <= 0.32.
- Equal gain: δ_q = δ_p (0.6 + 0.3) / (0.4 + 0.7) = (9/11) δ_p, so δ_p = min(0.12, 0.32 · 11/9)
  = 0.12 and δ_q = 0.0981818...
- Gain of each: 0.12 (0.6 · 0.7 - 0.4 · 0.3) / 1.1 = 0.0327272...; A: 0.6 · 0.12 - 0.4 · δ_q,
  B: 0.7 · δ_q - 0.3 · 0.12, the same.
- Shifts: B moves 0.12 · 1.5 / 0.3 = 0.6 (60 points, to 80) on p; A moves δ_q · 1.5 / 0.8 =
  0.1840909... (18.41 points) on q. Outcomes: p 80, q 42 - 9.8181... = 32.1818...
- Then A and B both sit at O_p: nothing more to trade.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import Positions
from bargain.forecast import synthetic_positions


def hand_case() -> Positions:
    return Positions(
        issues=("p", "q"),
        actors=("A", "B"),
        proposal=("deal", "deal"),
        position=np.array([[80.0, 20.0], [70.0, 10.0]]),
        salience=np.array([[0.6, 0.3], [0.4, 0.7]]),
        actor_capability=np.array([2.0, 1.0]),
    )


def test_hand_computed_exchange() -> None:
    f = bargain.forecast(hand_case(), "exchange")
    (e,) = f.exchanges
    assert e.proposal == "deal"
    assert e.actors == ("A", "B") and e.issues == ("p", "q")
    assert e.shifts == pytest.approx((60.0, 0.12 * 9 / 11 * 1.5 / 0.8 * 100))
    assert e.outcome_shifts == pytest.approx((12.0, 0.12 * 9 / 11 * 100))
    assert e.gain == pytest.approx(0.12 * 0.3 / 1.1)
    assert e.externalities == {}
    np.testing.assert_allclose(f.predicted, [80.0, 42 - 0.12 * 9 / 11 * 100])
    compromise = bargain.forecast(hand_case(), "compromise").predicted
    np.testing.assert_allclose(compromise, [68.0, 42.0])


def test_externalities_of_a_third_actor() -> None:
    base = hand_case()
    data = Positions(
        issues=base.issues,
        actors=("A", "B", "C"),
        proposal=base.proposal,
        position=np.array([[80.0, 20.0, 75.0], [70.0, 10.0, 40.0]]),
        salience=np.array([[0.6, 0.3, 1e-9], [0.4, 0.7, 1e-9]]),
        actor_capability=np.array([2.0, 1.0, 1e-9]),
    )
    f = bargain.forecast(data, "exchange")
    first = f.exchanges[0]
    assert first.actors == ("A", "B")
    # C (almost weightless) gains on p (the outcome moves from 68 towards its 75, then past it
    # to 80) and on q (from 42 down towards its 40 and past it), in salience units
    assert set(first.externalities) == {"C"}
    assert first.externalities["C"] == pytest.approx(
        1e-9 * (0.07 - 0.05 + 0.02 - 0.0781818), rel=1e-3
    )


def test_no_exchange_when_interests_do_not_oppose() -> None:
    data = Positions(
        issues=("p", "q"),
        actors=("A", "B"),
        proposal=("deal", "deal"),
        position=np.array([[80.0, 20.0], [10.0, 70.0]]),  # A right on p but left on q: LR vs RL
        salience=np.array([[0.5, 0.5], [0.5, 0.5]]),  # equal relative saliences: no gain
    )
    f = bargain.forecast(data, "exchange")
    assert f.exchanges == ()
    np.testing.assert_allclose(f.predicted, bargain.forecast(data, "compromise").predicted)


def test_single_issue_proposals_are_the_compromise() -> None:
    data = synthetic_positions(n_proposals=5, issues_per_proposal=(1, 1), n_actors=6, rng=1)
    f = bargain.forecast(data, "exchange")
    assert f.exchanges == ()
    np.testing.assert_allclose(f.predicted, bargain.forecast(data, "compromise").predicted)


@settings(max_examples=30)
@given(st.integers(0, 10_000))
def test_exchange_properties(seed: int) -> None:
    data = synthetic_positions(n_proposals=2, issues_per_proposal=(2, 3), n_actors=5, rng=seed)
    f = bargain.forecast(data, "exchange")
    assert np.all((f.predicted >= data.low) & (f.predicted <= data.high))
    for e in f.exchanges:
        assert e.gain > 0
        assert e.actors[0] != e.actors[1] and e.issues[0] != e.issues[1]
        assert all(s >= 0 for s in e.shifts + e.outcome_shifts)
    again = bargain.forecast(data, "exchange")
    np.testing.assert_array_equal(again.predicted, f.predicted)
    assert [e.to_dict() for e in again.exchanges] == [e.to_dict() for e in f.exchanges]


def test_exchange_cap_warns() -> None:
    data = synthetic_positions(n_proposals=1, issues_per_proposal=(3, 3), n_actors=8, rng=0)
    with pytest.warns(bargain.BargainWarning, match=r"stopped after 1 exchanges \(max_exchanges\)"):
        f = bargain.forecast(data, "exchange", max_exchanges=1)
    assert len(f.exchanges) == 1
