"""Concession paths on hostile numbers: no overflow, the unit of the values never matters."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Link, Party, Scenario, concession_path, load_scenario
from bargain.cli.main import main
from bargain.protocols._shared import RangeMax, log_gains
from tests.strategies import exact_scenarios

PROTOCOLS = ("zeuthen", "time-based", "trades")


def scaled(s: Scenario, c: float) -> Scenario:
    """The same problem in another unit: every value, link and disagreement utility times `c`."""
    parties = [
        Party(
            p.key,
            p.name,
            values={k: [c * x for x in v] for k, v in p.values.items()},
            weights=dict(p.weights),
            disagreement=c * p.disagreement,
            power=p.power,
        )
        for p in s.parties
    ]
    links = [Link(k.party, dict(k.levels), c * k.value) for k in s.links]
    return Scenario(name=s.name, issues=s.issues, parties=parties, links=links)


def story(s: Scenario, protocol: str) -> tuple[object, ...]:
    path = concession_path(s, protocol)
    offers = [(st.round, st.proposer, st.levels, st.accepted) for st in path.steps]
    return path.agreement, path.levels, path.rounds, offers


def test_zeuthen_with_disagreement_of_minus_1e308_answers(capsys) -> None:
    # Reproducer: the Nash products overflowed and the tie rule raised IndexError.
    args = "path russia-nato-2022-no-red-lines --protocol zeuthen --disagreement nato=-1e308"
    code = main([*args.split(), "--disagreement", "russia=-1e308"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "-1.000e+308" in out.out and "Traceback" not in out.err


@settings(max_examples=60)
@given(
    exact_scenarios(min_parties=2, max_parties=2),
    st.sampled_from([2.0**-500, 2.0**500, 2.0**-1000, 2.0**1000]),
    st.sampled_from(PROTOCOLS),
)
def test_the_unit_of_the_values_does_not_change_the_path(s, c, protocol) -> None:
    # Powers of two: every utility scales exactly, so the path must be the same one.
    assert story(scaled(s, c), protocol) == story(s, protocol)


@settings(max_examples=100)
@given(
    st.lists(st.integers(-3, 3).map(float), min_size=1, max_size=60),
    st.integers(1, 7),
    st.data(),
)
def test_range_queries_are_the_brute_force(values, block, data) -> None:
    v = np.array(values)
    r = RangeMax(v, block=block)
    lo = data.draw(st.integers(0, len(v)))
    hi = data.draw(st.integers(lo, len(v)))
    t = data.draw(st.integers(-4, 3).map(float))
    hits = [i for i in range(lo, hi) if v[i] > t]
    assert r.last_above(lo, hi, t) == (hits[-1] if hits else -1)
    assert r.first_above(lo, hi, t) == (hits[0] if hits else -1)


@given(
    st.floats(-1e308, 1e308),
    st.floats(-1e308, 1e308),
)
def test_log_gains_never_overflow(u, d) -> None:
    g = log_gains(np.array([[u, 1.0]]), np.array([d, 0.0]))[0, 0]
    if u > d:
        assert np.isfinite(g)
        exact = np.log(np.float64(u) / 2 - np.float64(d) / 2) + np.log(2.0)
        assert abs(g - exact) <= 1e-12 * max(1.0, abs(exact))
    else:
        assert g == -np.inf


def test_talks_in_another_unit_give_the_same_zeuthen_path() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    base = story(talks, "zeuthen")
    for c in (1e-150, 1e150):
        assert story(scaled(talks, c), "zeuthen")[:3] == base[:3]


def brute_force_trade(tables, levels):
    """The definition, pair by pair: the largest product of gains, the first listed on ties."""
    from bargain.solutions.concepts import TIE_RTOL

    moves = [
        (i, b, np.asarray(t[b]) - np.asarray(t[levels[i]]))
        for i, t in enumerate(tables)
        for b in range(len(t))
        if b != levels[i]
    ]
    scale = sum(np.abs(np.asarray(t)).max(axis=0) for t in tables)
    tol = 1e-12 * scale
    listed = [((i,), (b,), g) for i, b, g in moves]
    listed += [
        ((i, j), (b, c), g + h)
        for k, (i, b, g) in enumerate(moves)
        for j, c, h in moves[k + 1 :]
        if i < j
    ]
    scored = [(float(g[0] * g[1]), t) for t in listed if np.all((g := t[2]) > tol)]
    if not scored:
        return None
    best = max(p for p, _ in scored)
    return next(t for p, t in scored if p >= best - TIE_RTOL * abs(best))


GRID = st.integers(-4, 8).map(lambda k: k / 8)


@settings(max_examples=150)
@given(st.lists(st.integers(2, 4), min_size=1, max_size=5), st.data())
def test_best_trade_is_the_brute_force(shape, data) -> None:
    from bargain.protocols.trades import best_trade

    tables = [
        np.array(data.draw(st.lists(st.tuples(GRID, GRID), min_size=n, max_size=n))) for n in shape
    ]
    levels = np.array([data.draw(st.integers(0, n - 1)) for n in shape])
    got = best_trade(tables, levels)
    expected = brute_force_trade(tables, levels)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert (got.issues, got.levels) == expected[:2]
    np.testing.assert_array_equal(got.gains, expected[2])


def test_time_based_refuses_a_trillion_rounds(capsys) -> None:
    # Reproducer: --rounds 1000000000000 ran until killed, growing in memory.
    code = main(
        ["path", "russia-nato-2022-no-red-lines", "--protocol", "time-based", "--rounds", "10" * 6]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        "ScenarioError: rounds must be <= 100,000 (each round is a step of the path), "
        "found 101010101010\n"
    )


def test_aspirations_near_the_largest_float_stay_finite() -> None:
    from bargain.protocols.timebased import aspirations

    a = aspirations(0.5, np.array([1e308, 1.0]), np.array([-1e308, 0.0]), np.ones(2))
    np.testing.assert_allclose(a, [0.0, 0.5])
