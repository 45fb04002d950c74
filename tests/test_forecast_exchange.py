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

import dataclasses
import inspect
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import Positions
from bargain.forecast import synthetic_positions
from bargain.forecast._shared import Names
from bargain.forecast.exchange import exchange


def hand_case(unit: float = 1.0) -> Positions:
    """The module notes' case; `unit` multiplies both capabilities."""
    return Positions(
        issues=("p", "q"),
        actors=("A", "B"),
        proposal=("deal", "deal"),
        position=np.array([[80.0, 20.0], [70.0, 10.0]]),
        salience=np.array([[0.6, 0.3], [0.4, 0.7]]),
        actor_capability=np.array([2.0, 1.0]) * unit,
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


@pytest.mark.parametrize("unit", [0.1, 2.0**-20, 1e3])
def test_capabilities_in_any_unit_give_the_same_exchange(unit: float) -> None:
    """Outcomes are capability-weighted means: a common unit of the capabilities (total weight
    below 1 too) changes no outcome, exchange or shift."""
    base = bargain.forecast(hand_case(), "exchange")
    data = hand_case(unit)
    assert data.problem().c.tolist() == (hand_case().problem().c * unit).tolist()
    f = bargain.forecast(data, "exchange")
    np.testing.assert_allclose(f.predicted, base.predicted, rtol=1e-12)
    ((e, b),) = zip(f.exchanges, base.exchanges, strict=True)
    assert (e.actors, e.issues) == (b.actors, b.issues)
    assert e.shifts == pytest.approx(b.shifts, rel=1e-12)
    assert e.outcome_shifts == pytest.approx(b.outcome_shifts, rel=1e-12)


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


# An independent oracle: the process of the module notes, one candidate exchange at a time in
# plain Python (no array code shared with bargain.forecast.exchange).


def _toward(start: float, target: float, shift: float) -> float:
    return min(start + shift, target) if target >= start else max(start - shift, target)


def _sign(v: float) -> float:
    return 0.0 if v == 0 else (1.0 if v > 0 else -1.0)


def _outcomes(
    x: list[list[float]], w: list[list[float]], big_w: list[float], here: list[list[bool]]
) -> list[float]:
    out = []
    for k, total in enumerate(big_w):
        if total > 0:
            out.append(sum(w[a][k] * x[a][k] for a in range(len(x))) / total)
        else:
            n = [x[a][k] for a in range(len(x)) if here[a][k]]
            out.append(sum(n) / len(n))
    return out


def exchange_oracle(data: Positions, max_exchanges: int = 1000) -> tuple[list[float], list[dict]]:
    predicted = [math.nan] * data.n_issues
    made: list[dict] = []
    actors = range(len(data.actors))
    for proposal in data.proposals:
        rows = [d for d in range(data.n_issues) if data.proposal[d] == proposal]
        low = [float(data.low[d]) for d in rows]
        span = [float(data.high[d] - data.low[d]) for d in rows]
        here = [[not math.isnan(data.position[d, a]) for d in rows] for a in actors]
        x0 = [
            [
                (float(data.position[d, a]) - low[k]) / span[k] if here[a][k] else 0.0
                for k, d in enumerate(rows)
            ]
            for a in actors
        ]
        s = [
            [float(data.salience[d, a]) if here[a][k] else 0.0 for k, d in enumerate(rows)]
            for a in actors
        ]
        w = [
            [
                float(data.capability[d, a]) * s[a][k] if here[a][k] else 0.0
                for k, d in enumerate(rows)
            ]
            for a in actors
        ]
        big_w = [sum(w[a][k] for a in actors) for k in range(len(rows))]
        x = [row[:] for row in x0]
        moved = [[0.0] * len(rows) for _ in actors]

        for _ in range(max_exchanges if len(rows) > 1 else 0):
            o = _outcomes(x, w, big_w, here)
            side = [
                [_sign(x[a][k] - o[k]) if w[a][k] > 0 else 0.0 for k in range(len(rows))]
                for a in actors
            ]
            best = None
            for p, q in itertools.combinations(range(len(rows)), 2):
                for i in actors:
                    for j in actors:
                        if not (side[i][p] != 0 and side[i][q] != 0):
                            continue
                        if side[j][p] != -side[i][p] or side[j][q] != -side[i][q]:
                            continue
                        cross = s[i][p] * s[j][q] - s[i][q] * s[j][p]
                        if cross <= 0 or moved[j][p] == -side[i][p] or moved[i][q] == -side[j][q]:
                            continue
                        cap_p = min(
                            abs(x[i][p] - x[j][p]) * w[j][p] / big_w[p], abs(x[i][p] - o[p])
                        )
                        cap_q = min(
                            abs(x[i][q] - x[j][q]) * w[i][q] / big_w[q], abs(x[j][q] - o[q])
                        )
                        ratio = (s[i][p] + s[j][p]) / (s[i][q] + s[j][q])
                        dp = min(cap_p, cap_q / ratio)
                        gain = dp * cross / (s[i][q] + s[j][q])
                        if gain > 1e-12 and (best is None or gain > best[0]):
                            best = (gain, p, q, i, j, dp, dp * ratio)
            if best is None:
                break
            gain, p, q, i, j, dp, dq = best
            shift_p, shift_q = dp * big_w[p] / w[j][p], dq * big_w[q] / w[i][q]
            x[j][p] = _toward(x[j][p], x[i][p], shift_p)
            x[i][q] = _toward(x[i][q], x[j][q], shift_q)
            moved[j][p], moved[i][q] = side[i][p], side[j][q]
            after = _outcomes(x, w, big_w, here)
            ext = {}
            for a in actors:
                change = sum(
                    s[a][k] * (abs(o[k] - x0[a][k]) - abs(after[k] - x0[a][k]))
                    for k in (p, q)
                    if here[a][k]
                )
                if a not in (i, j) and abs(change) > 1e-15:
                    ext[data.actors[a]] = change
            made.append(
                {
                    "proposal": proposal,
                    "actors": [data.actors[i], data.actors[j]],
                    "issues": [data.issues[rows[p]], data.issues[rows[q]]],
                    "shifts": [shift_p * span[p], shift_q * span[q]],
                    "outcome_shifts": [dp * span[p], dq * span[q]],
                    "gain": gain,
                    "externalities": ext,
                }
            )
        for k, o_k in enumerate(_outcomes(x, w, big_w, here)):
            predicted[rows[k]] = low[k] + o_k * span[k]
    return predicted, made


def _variant(data: Positions, kind: str, rng: np.random.Generator) -> Positions:
    """Scales not starting at 0, an issue nobody weighs, or capabilities of 0 here and there."""
    if kind == "shifted":
        shift = rng.uniform(-80, 80, data.n_issues)
        return dataclasses.replace(
            data,
            position=data.position + shift[:, None],
            low=data.low + shift,
            high=data.high + shift,
            reference=data.reference + shift,
            outcome=data.outcome + shift,
        )
    if kind == "unweighted":  # every salience of the first issue 0: the plain mean there
        salience = data.salience.copy()
        salience[0] = np.where(np.isnan(salience[0]), np.nan, 0.0)
        return dataclasses.replace(data, salience=salience)
    if kind == "powerless":  # positive salience, capability 0: the actor does not count
        capability = np.where(rng.uniform(size=data.position.shape) < 0.2, 0.0, data.capability)
        return dataclasses.replace(
            data, capability=np.where(np.isnan(data.position), np.nan, capability)
        )
    return data


@pytest.mark.parametrize("kind", ["plain", "shifted", "unweighted", "powerless"])
@pytest.mark.parametrize("seed", range(6))
def test_exchange_equals_an_independent_oracle(seed: int, kind: str) -> None:
    data = synthetic_positions(
        n_proposals=3, issues_per_proposal=(1, 4), n_actors=6, missing=0.15, rng=seed
    )
    data = _variant(data, kind, np.random.default_rng(seed))
    out = exchange(data.problem(), Names(data.issues, data.actors, data.proposals))
    assert out.agreed.dtype == bool and out.agreed.all() and out.agreed.shape == (data.n_issues,)
    predicted, made = exchange_oracle(data)
    np.testing.assert_allclose(out.predicted, predicted, rtol=1e-9, atol=1e-9)
    assert len(out.exchanges) == len(made) > 0
    for got, want in zip(out.exchanges, made, strict=True):
        g = got.to_dict()
        for key in ("proposal", "actors", "issues"):
            assert g[key] == want[key]
        for key in ("shifts", "outcome_shifts", "gain"):
            np.testing.assert_allclose(g[key], want[key], rtol=1e-9, atol=1e-12)
        assert sorted(g["externalities"]) == sorted(want["externalities"])
        for actor, change in want["externalities"].items():
            assert g["externalities"][actor] == pytest.approx(change, rel=1e-9, abs=1e-12)


def test_ties_between_pairs_of_issues_go_to_the_first_pair() -> None:
    """Issues q and r are copies: the exchanges on (p, q) and (p, r) tie, (p, q) is made first."""
    data = Positions(
        issues=("p", "q", "r"),
        actors=("A", "B"),
        proposal=("deal", "deal", "deal"),
        position=np.array([[80.0, 20.0], [70.0, 10.0], [70.0, 10.0]]),
        salience=np.array([[0.6, 0.3], [0.4, 0.7], [0.4, 0.7]]),
        actor_capability=np.array([2.0, 1.0]),
    )
    f = bargain.forecast(data, "exchange")
    assert f.exchanges[0].issues == ("p", "q")
    assert [list(e.issues) for e in f.exchanges] == [e["issues"] for e in exchange_oracle(data)[1]]


def test_exchange_default_cap() -> None:
    assert inspect.signature(exchange).parameters["max_exchanges"].default == 1000
