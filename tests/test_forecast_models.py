"""The static and Nash models against closed forms, properties and brute force.

Closed forms (Butler 2004, "Modeling compromise at the international table", Conflict Management
and Peace Science 21: 159-177): two actors at ``a < b`` on one side of the reference point ``q``
(here ``q = 0``), powers ``α`` (at ``a``) and ``β`` (at ``b``). Derived again below, so the tests do
not rest on a transcription:

- Nash, linear utilities: on ``[a, b]`` the gains are ``2a - x`` and ``x``, so
  ``x = clip(2 β a / (α + β), a, b)``.
- Nash, quadratic utilities: the gains are ``x (2a - x)`` and ``x (2b - x)``; the first-order
  condition is ``2(α+β) x² - 2[(α+β)(a+b) + α b + β a] x + 4(α+β) a b = 0`` (smaller root).
- Kalai-Smorodinsky, both: with ``b <= 2a`` the ideal gains are reached at ``a`` and ``b`` and
  equal relative gains give ``x = 2ab / (a + b)`` for linear and quadratic utilities alike.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import bargain
from bargain import Positions, ScenarioError
from bargain.forecast import synthetic_positions
from bargain.forecast.static import compromise, median, reference


def two_actors(a: float, b: float, alpha: float, beta: float, q: float = 0.0) -> Positions:
    return Positions(
        issues=("i",),
        actors=("A", "B"),
        position=np.array([[a, b]]),
        salience=np.array([[0.7, 0.2]]),  # saliences do not move a one-issue Nash point
        actor_capability=np.array([alpha, beta]),
        reference=np.array([q]),
    )


def nash_linear(a: float, b: float, alpha: float, beta: float) -> float:
    return min(max(2 * beta * a / (alpha + beta), a), b)


def nash_quadratic(a: float, b: float, alpha: float, beta: float) -> float:
    s = alpha + beta
    qa, qb, qc = 2 * s, -2 * (s * (a + b) + alpha * b + beta * a), 4 * s * a * b
    return (-qb - math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa)


pairs = st.tuples(
    st.floats(5.0, 45.0),  # a
    st.floats(0.05, 1.0),  # b's distance beyond a, as a share of a (so b <= 2a)
    st.floats(0.1, 10.0),  # alpha
    st.floats(0.1, 10.0),  # beta
)


@given(pairs)
def test_nash_linear_closed_form(case: tuple[float, float, float, float]) -> None:
    a, share, alpha, beta = case
    b = a * (1 + share)
    f = bargain.forecast(two_actors(a, b, alpha, beta), "nash", p=1)
    assert f.agreement
    assert f.predicted[0] == pytest.approx(nash_linear(a, b, alpha, beta), abs=1e-9)


@given(pairs)
def test_nash_quadratic_closed_form(case: tuple[float, float, float, float]) -> None:
    a, share, alpha, beta = case
    b = a * (1 + share)
    f = bargain.forecast(two_actors(a, b, alpha, beta), "nash", p=2)
    assert f.predicted[0] == pytest.approx(nash_quadratic(a, b, alpha, beta), abs=1e-9)


@given(pairs)
def test_nash_mirrored_and_shifted(case: tuple[float, float, float, float]) -> None:
    """Reflecting the scale (reference at 100) and moving the reference give the same point."""
    a, share, alpha, beta = case
    b = a * (1 + share)
    for p, closed in ((1, nash_linear), (2, nash_quadratic)):
        mirrored = bargain.forecast(two_actors(100 - a, 100 - b, alpha, beta, q=100), "nash", p=p)
        assert 100 - mirrored.predicted[0] == pytest.approx(closed(a, b, alpha, beta), abs=1e-9)
        shifted = two_actors(a / 2 + 50, b / 2 + 50, alpha, beta, q=50)
        expected = 50 + closed(a, b, alpha, beta) / 2
        assert bargain.forecast(shifted, "nash", p=p).predicted[0] == pytest.approx(
            expected, abs=1e-9
        )


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize(("a", "b"), [(30.0, 50.0), (20.0, 36.0), (40.0, 44.0)])
def test_kalai_smorodinsky_closed_form_through_the_engine(p: int, a: float, b: float) -> None:
    """to_scenario + the exact engine on a fine grid find Butler's KS point 2ab / (a + b)."""
    scenario = two_actors(a, b, 1.0, 1.0).to_scenario("i", levels=1001, p=p)
    solution = bargain.solve(scenario, "kalai-smorodinsky")
    (level,) = solution.deal.values()
    assert float(level) == pytest.approx(2 * a * b / (a + b), abs=0.11)  # one grid step: 0.1
    nash = bargain.solve(scenario, "asymmetric-nash")
    expected = nash_linear(a, b, 1, 1) if p == 1 else nash_quadratic(a, b, 1, 1)
    assert float(next(iter(nash.deal.values()))) == pytest.approx(expected, abs=0.11)


def test_nash_without_reference_uses_worst_points() -> None:
    """Without a reference each actor's disagreement point is its worst end of the scale."""
    data = Positions(issues=("i",), actors=("A", "B"), position=np.array([[20.0, 80.0]]))
    f = bargain.forecast(data, "nash", p=2)
    # gains: 80² - (x - 20)² and 80² - (x - 80)²: symmetric about 50
    assert f.predicted[0] == pytest.approx(50.0, abs=1e-9)
    # worst points 100 and 0: gains (100 - x)(x + 40) and x (100 - x), so
    # -2 / (100 - x) + 1 / (x + 40) + 1 / x = 0, i.e. x² - 20 x - 1000 = 0
    worst = bargain.forecast(two_actors(30, 50, 1, 1), "nash", p=2, disagreement="worst")
    assert worst.predicted[0] == pytest.approx(10 + math.sqrt(1100), abs=1e-9)


def test_losers_exclude_or_veto() -> None:
    data = Positions(
        issues=("i",),
        actors=("A", "B", "C"),
        position=np.array([[30.0, 50.0, 0.0]]),
        reference=np.array([0.0]),
    )
    excluded = bargain.forecast(data, "nash", p=1)
    assert excluded.agreement
    assert excluded.predicted[0] == pytest.approx(30.0)
    vetoed = bargain.forecast(data, "nash", p=1, losers="veto")
    assert not vetoed.agreement
    assert vetoed.predicted[0] == 0.0
    assert "no agreement" in vetoed.table()


def test_opposite_sides_of_the_reference_no_agreement() -> None:
    data = two_actors(30, 70, 1, 1, q=50)
    f = bargain.forecast(data, "nash")
    assert not f.agreement and f.predicted[0] == 50.0
    assert not bargain.forecast(data, "package-nash").agreement


@given(st.floats(1e-150, 1e150), st.floats(1e-150, 1e150))
def test_nash_does_not_depend_on_units(salience_unit: float, capability_unit: float) -> None:
    data = synthetic_positions(n_proposals=4, n_actors=5, rng=2)
    scaled = Positions(
        issues=data.issues,
        actors=data.actors,
        position=data.position,
        salience=data.salience * salience_unit,
        actor_capability=data.actor_capability * capability_unit,
        proposal=data.proposal,
        reference=data.reference,
    )
    for model in ("nash", "compromise", "median"):
        np.testing.assert_allclose(
            bargain.forecast(scaled, model).predicted,
            bargain.forecast(data, model).predicted,
            rtol=0,
            atol=1e-9,
        )


# --------------------------------------------------------------------------- compromise, median
records = st.lists(
    st.tuples(st.floats(0, 100), st.floats(0.01, 1), st.floats(0.01, 5)), min_size=1, max_size=12
)


def one_issue(rows: list[tuple[float, float, float]]) -> Positions:
    x, s, c = (np.array([[r[k] for r in rows]]) for k in range(3))
    return Positions(
        issues=("i",),
        actors=tuple(f"a{k}" for k in range(len(rows))),
        position=x,
        salience=s,
        actor_capability=c[0],
    )


@given(records)
def test_compromise_minimises_weighted_squared_loss(rows: list[tuple[float, float, float]]) -> None:
    data = one_issue(rows)
    x, w = data.position[0], data.salience[0] * data.capability[0]
    y = bargain.forecast(data, "compromise").predicted[0]

    def loss(v: float) -> float:
        return float((w * (v - x) ** 2).sum())

    assert abs((w * (y - x)).sum()) <= 1e-9 * w.sum() * 100  # the derivative vanishes
    for step in (1e-3, 0.1, 5.0):
        assert loss(y) <= loss(y + step) and loss(y) <= loss(y - step)


@given(records)
def test_median_minimises_weighted_absolute_loss(rows: list[tuple[float, float, float]]) -> None:
    data = one_issue(rows)
    x, w = data.position[0], data.salience[0] * data.capability[0]
    y = bargain.forecast(data, "median").predicted[0]
    best = min(float((w * np.abs(v - x)).sum()) for v in x)
    assert float((w * np.abs(y - x)).sum()) <= best * (1 + 1e-12) + 1e-12
    mirrored = one_issue([(100 - r[0], r[1], r[2]) for r in rows])
    assert bargain.forecast(mirrored, "median").predicted[0] == pytest.approx(100 - y, abs=1e-9)


def test_median_tie_rule_is_the_midpoint() -> None:
    data = one_issue([(10.0, 1.0, 1.0), (40.0, 1.0, 1.0), (70.0, 1.0, 1.0), (90.0, 1.0, 1.0)])
    assert bargain.forecast(data, "median").predicted[0] == 55.0
    data = one_issue([(10.0, 0.5, 2.0), (40.0, 1.0, 1.0), (70.0, 2.0, 1.0)])
    assert bargain.forecast(data, "median").predicted[0] == 55.0  # cumulative 1, 2 | total 4


def test_zero_saliences_fall_back_to_equal_weights() -> None:
    data = one_issue([(10.0, 0.01, 1.0), (40.0, 0.01, 1.0)])
    zero = Positions(
        issues=("i",), actors=data.actors, position=data.position, salience=np.zeros((1, 2))
    )
    assert bargain.forecast(zero, "compromise").predicted[0] == 25.0
    assert bargain.forecast(zero, "median").predicted[0] == 25.0


def test_reference_model_needs_reference_points() -> None:
    data = synthetic_positions(n_proposals=2, n_actors=3, reference=False, rng=0)
    with pytest.raises(ScenarioError) as info:
        bargain.forecast(data, "reference")
    first = data.issues[0]
    assert str(info.value).startswith(
        f"model 'reference' needs a reference point for every issue; {first!r}"
    )


# --------------------------------------------------------------------------- package Nash
def package_brute(data: Positions, p: int, n: int = 161) -> np.ndarray | None:
    """Exhaustive search of the package Nash point on a grid (two issues)."""
    x = data.position.T / 100
    s = data.salience.T / data.salience.T.max(axis=1, keepdims=True)
    ref = data.reference / 100
    d = np.abs(ref[None, :] - x) if not np.isnan(ref).any() else np.maximum(x, 1 - x)
    w = data.actor_capability
    grid = np.linspace(0, 1, n)
    u1, u2 = np.meshgrid(grid, grid, indexing="ij")
    u = np.stack([u1.ravel(), u2.ravel()], axis=1)
    gains = (s[None] * (d[None] ** p - np.abs(u[:, None, :] - x[None]) ** p)).sum(axis=2)
    ok = np.all(gains > 0, axis=1)
    if not ok.any():
        return None
    with np.errstate(divide="ignore"):
        value = np.where(ok, (w * np.log(np.where(ok[:, None], gains, 1.0))).sum(axis=1), -np.inf)
    return u[int(np.argmax(value))] * 100


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("reference", [False, True])
def test_package_nash_against_brute_force(p: int, seed: int, reference: bool) -> None:
    rng = np.random.default_rng(seed)
    data = Positions(
        issues=("u", "v"),
        actors=("a", "b", "c"),
        proposal=("deal", "deal"),
        position=rng.uniform(0, 100, (2, 3)),
        salience=rng.uniform(0.1, 1, (2, 3)),
        actor_capability=rng.uniform(0.2, 2, 3),
        reference=rng.uniform(0, 100, 2) if reference else None,
    )
    f = bargain.forecast(data, "package-nash", p=p)
    brute = package_brute(data, p)
    if brute is None:
        assert not f.agreement
    else:
        assert f.agreement
        np.testing.assert_allclose(f.predicted, brute, atol=100 / 160 + 1e-9)


@pytest.mark.parametrize("p", [1, 2])
def test_package_nash_of_single_issues_is_nash(p: int) -> None:
    data = synthetic_positions(n_proposals=8, issues_per_proposal=(1, 1), n_actors=6, rng=3)
    for disagreement in ("auto", "worst"):
        one = bargain.forecast(data, "nash", p=p, disagreement=disagreement)
        package = bargain.forecast(data, "package-nash", p=p, disagreement=disagreement)
        np.testing.assert_array_equal(package.agreed, one.agreed)
        np.testing.assert_allclose(package.predicted, one.predicted, atol=1e-6)


def test_package_nash_discrete_approaches_continuous() -> None:
    data = Positions(
        issues=("u", "v"),
        actors=("a", "b", "c"),
        proposal=("deal", "deal"),
        position=np.array([[90.0, 10.0, 40.0], [20.0, 85.0, 60.0]]),
        salience=np.array([[0.9, 0.2, 0.5], [0.1, 0.8, 0.5]]),
        actor_capability=np.array([1.0, 1.5, 0.7]),
    )
    continuous = bargain.forecast(data, "package-nash").predicted
    errors = []
    for levels in (11, 41, 161):
        discrete = bargain.forecast(data, "package-nash", levels=levels).predicted
        step = 100 / (levels - 1)
        assert np.abs(discrete - continuous).max() <= 2 * step
        errors.append(np.abs(discrete - continuous).max())
    assert errors[-1] <= errors[0]


def test_package_trades_across_issues() -> None:
    data = Positions(
        issues=("p", "q"),
        actors=("a", "b"),
        proposal=("deal", "deal"),
        position=np.array([[100.0, 0.0], [100.0, 0.0]]),
        salience=np.array([[0.9, 0.1], [0.1, 0.9]]),
    )
    package = bargain.forecast(data, "package-nash").predicted
    single = bargain.forecast(data, "nash").predicted
    np.testing.assert_allclose(single, [50.0, 50.0], atol=1e-9)
    np.testing.assert_allclose(package, [90.0, 10.0], atol=1e-7)


def test_to_scenario_values_and_disagreement() -> None:
    data = Positions(
        issues=("u",),
        actors=("a", "b"),
        position=np.array([[20.0, 80.0]]),
        salience=np.array([[0.5, 2.0]]),
        actor_capability=np.array([3.0, 1.0]),
        reference=np.array([50.0]),
    )
    s = data.to_scenario("u", levels=5, p=1)
    assert s.issues[0].levels == ("0", "25", "50", "75", "100")
    a, b = s.parties
    assert a.values["u"] == pytest.approx((-0.2, -0.05, -0.3, -0.55, -0.8))
    assert a.weight("u") == 0.5 and a.power == 3.0
    assert a.disagreement == pytest.approx(-0.5 * 0.3)
    assert b.disagreement == pytest.approx(-2.0 * 0.3)
    worst = data.to_scenario("u", levels=5, p=2, disagreement="worst")
    assert worst.parties[0].disagreement == pytest.approx(-0.5 * 0.8**2)
    with pytest.raises(ScenarioError) as info:
        data.to_scenario("x")
    assert str(info.value) == "proposal 'x' is not a proposal; expected one of: u"


def test_reference_model_kernel_and_its_messages() -> None:
    data = synthetic_positions(n_proposals=3, n_actors=3, rng=1)
    out = reference(data.problem(), data.issues)
    np.testing.assert_array_equal(out.predicted, data.reference)
    assert out.agreed.dtype == bool and out.agreed.tolist() == [True] * data.n_issues
    position = np.array([[10.0, 20.0]] * 7)
    one = Positions(
        issues=tuple("abcdefg"),
        actors=("x", "y"),
        position=position,
        reference=np.array([1.0] * 6 + [np.nan]),
    )
    with pytest.raises(ScenarioError) as info:
        reference(one.problem(), one.issues)
    assert str(info.value) == (
        "model 'reference' needs a reference point for every issue; 'g' has none (column "
        "'reference' of the issue table)"
    )
    five = dataclasses.replace(one, reference=np.array([1.0, 1.0] + [np.nan] * 5))
    with pytest.raises(ScenarioError) as info:
        reference(five.problem(), five.issues)
    assert str(info.value).startswith(
        "model 'reference' needs a reference point for every issue; 'c', 'd', 'e', 'f', 'g' have "
        "none (column"
    )
    seven = dataclasses.replace(one, reference=np.full(7, np.nan))
    with pytest.raises(ScenarioError) as info:
        reference(seven.problem(), seven.issues)
    assert str(info.value).startswith(
        "model 'reference' needs a reference point for every issue; 'a', 'b', 'c', 'd', 'e' and "
        "2 more have none (column"
    )


def test_static_kernels_with_exponents_equal_plain_python() -> None:
    data = synthetic_positions(n_proposals=4, n_actors=5, rng=2)
    problem = data.problem()
    for kernel in (compromise, median):
        out = kernel(problem, alpha=2.0, beta=0.5)
        assert out.agreed.dtype == bool and out.agreed.tolist() == [True] * data.n_issues
        for i in range(data.n_issues):
            pts = sorted(
                (
                    float(data.position[i, a]),
                    float(data.capability[i, a]) ** 2.0 * float(data.salience[i, a]) ** 0.5,
                )
                for a in range(len(data.actors))
            )
            total = sum(w for _, w in pts)
            if kernel is compromise:
                assert out.predicted[i] == pytest.approx(sum(x * w for x, w in pts) / total)
            else:
                cumulative = np.cumsum([w for _, w in pts])
                first = next(k for k, c in enumerate(cumulative) if c >= total / 2)
                assert out.predicted[i] == pts[first][0]  # no exact halves with these weights


def test_median_salience_exponent_by_hand() -> None:
    """Saliences 64, 4, 49 at positions 0, 50, 100 with beta = 1/2: weights 8, 2, 7 (total 17,
    half 8.5; cumulative 8, 10): the median is 50. (Weights s * beta, 32, 2, 24.5, would give 0;
    plain saliences 64, 4, 49 would give 50 too, but the mean tells them apart.)"""
    data = Positions(
        issues=("i",),
        actors=("a", "b", "c"),
        position=np.array([[0.0, 50.0, 100.0]]),
        salience=np.array([[64.0, 4.0, 49.0]]),
    )
    problem = data.problem()
    assert median(problem, beta=0.5).predicted[0] == 50.0
    assert compromise(problem, beta=0.5).predicted[0] == (2 * 50 + 7 * 100) / 17


def test_reference_message_with_six_missing() -> None:
    data = Positions(
        issues=tuple("abcdefg"),
        actors=("x", "y"),
        position=np.array([[10.0, 20.0]] * 7),
        reference=np.array([1.0] + [np.nan] * 6),
    )
    with pytest.raises(ScenarioError) as info:
        reference(data.problem(), data.issues)
    assert "'b', 'c', 'd', 'e', 'f' and 1 more have none" in str(info.value)


# --------------------------------------------------------------------------- Nash, plain oracle
def nash_oracle(
    data: Positions, issue: int, p: int, losers: str, disagreement: str, power: str
) -> tuple[float, bool]:
    """One issue's Nash forecast and agreement from the raw data, one actor at a time.

    Follows the model's definition (bargain.forecast.nash): who counts, each actor's interval of
    gains, then the maximiser of ``Σ w_i log g_i`` found by bisection on the sign of its
    derivative, written out per actor in plain Python.
    """
    low, high = float(data.low[issue]), float(data.high[issue])
    span = high - low
    ref = float(data.reference[issue])
    has_ref = not math.isnan(ref)
    actors = []  # (position, distance to the disagreement point, exponent), on [0, 1]
    veto = False
    positions = []
    for a in range(data.n_actors):
        x = float(data.position[issue, a])
        if math.isnan(x):
            continue
        xi = (x - low) / span
        positions.append(xi)
        s, c = float(data.salience[issue, a]), float(data.capability[issue, a])
        if not (s > 0 and c > 0):
            continue
        if has_ref and disagreement == "auto":
            d = abs((ref - low) / span - xi)
            if d == 0:
                veto = veto or losers == "veto"
                continue
        else:
            d = max(xi, 1 - xi)
        actors.append((xi, d, c * s if power == "capability*salience" else c))
    fallback = (ref - low) / span if has_ref else sum(positions) / len(positions)
    if not actors:
        return low + fallback * span, not has_ref
    lo = max(0.0, *(x - d for x, d, _ in actors))
    hi = min(1.0, *(x + d for x, d, _ in actors))
    if veto or not lo < hi:
        return low + fallback * span, False
    total = sum(w for _, _, w in actors)

    def slope(y: float) -> float:
        out = 0.0
        for x, d, w in actors:
            t = abs(y - x)
            gain = d**p - t**p
            step = (1 if y > x else -1 if y < x else 0) * p * t ** (p - 1)
            out -= (w / total) * step / gain
        return out

    a, b = lo, hi
    for _ in range(200):
        mid = (a + b) / 2
        if mid in (a, b):
            break
        v = slope(mid)
        if v == 0:
            a = b = mid
        elif v > 0:
            a = mid
        else:
            b = mid
    return low + (a + b) / 2 * span, True


grid_issue = st.tuples(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from([0.0, 10.0, 30.0, 50.0, 60.0, 100.0])),
            st.sampled_from([0.0, 0.5, 1.0]),  # salience
            st.sampled_from([0.0, 1.0, 2.0]),  # capability
        ),
        min_size=1,
        max_size=4,
    ),
    st.one_of(st.none(), st.sampled_from([0.0, 30.0, 50.0, 100.0])),  # reference
)


@given(
    st.lists(grid_issue, min_size=1, max_size=3),
    st.sampled_from([1, 2]),
    st.sampled_from(["exclude", "veto"]),
    st.sampled_from(["auto", "worst"]),
    st.sampled_from(["capability", "capability*salience"]),
    st.sampled_from([(0.0, 100.0), (-50.0, 150.0), (100.0, 300.0)]),
)
@example(  # losers="veto" on one issue vetoes that issue only
    [
        ([(0.0, 1.0, 1.0), (30.0, 1.0, 1.0)], 0.0),
        ([(30.0, 1.0, 1.0), (50.0, 1.0, 1.0)], 0.0),
    ],
    2,
    "veto",
    "auto",
    "capability",
    (0.0, 100.0),
)
@example(  # the derivative is exactly 1 at the first midpoint, exactly 0 at the second (75)
    [([(100.0, 1.0, 3.0), (0.0, 1.0, 1.0)], None)], 1, "exclude", "auto", "capability", (0.0, 100.0)
)
@example(  # an absent actor (stored at 0, half a range below the scale) is 1 range from 0.5
    [([(10.0, 1.0, 1.0), (30.0, 1.0, 1.0), (None, 0.0, 0.0)], None)],
    2,
    "exclude",
    "auto",
    "capability",
    (100.0, 300.0),
)
def test_nash_against_plain_oracle(
    issues: list[tuple[list[tuple[float | None, float, float]], float | None]],
    p: int,
    losers: str,
    disagreement: str,
    power: str,
    scale: tuple[float, float],
) -> None:
    """Coarse grids on purpose: actors at the reference, on one point, with salience or
    capability 0, absent, on both sides of the reference; several issues solved at once. Grid
    points are percentages of the scale."""
    data = grid_positions(issues, scale)
    f = bargain.forecast(data, "nash", p=p, losers=losers, disagreement=disagreement, power=power)
    for i in range(len(issues)):
        expected, agreed = nash_oracle(data, i, p, losers, disagreement, power)
        assert bool(f.agreed[i]) is agreed
        assert f.predicted[i] == pytest.approx(expected, abs=1e-9)


def grid_positions(
    issues: list[tuple[list[tuple[float | None, float, float]], float | None]],
    scale: tuple[float, float],
    proposal: tuple[str, ...] = (),
) -> Positions:
    """Positions from grid records (position as a percentage of the scale, salience, capability)."""
    n = max(len(rows) for rows, _ in issues)
    nan = float("nan")
    empty = (None, 0.0, 0.0)
    cell = [[rows[a] if a < len(rows) else empty for a in range(n)] for rows, _ in issues]
    low, high = scale
    position = np.array([[nan if r[0] is None else r[0] for r in row] for row in cell])
    if np.isnan(position).all(axis=1).any():
        position[np.isnan(position).all(axis=1), 0] = 50.0
    position = low + position * (high - low) / 100
    present = ~np.isnan(position)
    reference = [nan if ref is None else low + ref * (high - low) / 100 for _, ref in issues]
    return Positions(
        issues=tuple(f"i{k}" for k in range(len(issues))),
        actors=tuple(f"a{k}" for k in range(n)),
        position=position,
        salience=np.where(present, [[r[1] for r in row] for row in cell], nan),
        capability=np.where(present, [[r[2] for r in row] for row in cell], nan),
        reference=np.array(reference),
        low=np.full(len(issues), low),
        high=np.full(len(issues), high),
        proposal=proposal,
    )


@settings(max_examples=50)
@given(
    st.lists(grid_issue, min_size=1, max_size=2),
    st.sampled_from([1, 2]),
    st.sampled_from(["exclude", "veto"]),
    st.sampled_from(["auto", "worst"]),
    st.sampled_from([(0.0, 100.0), (100.0, 300.0)]),
)
@example(  # an actor at the reference: left out (exclude) or vetoing (veto)
    [([(0.0, 1.0, 1.0), (30.0, 1.0, 1.0), (50.0, 1.0, 1.0)], 0.0)], 2, "exclude", "auto", (0, 100)
)
@example(
    [([(0.0, 1.0, 1.0), (30.0, 1.0, 1.0), (50.0, 1.0, 1.0)], 0.0)], 2, "veto", "auto", (0, 100)
)
@example(  # and an actor that cares about nothing does not veto
    [([(0.0, 0.0, 1.0), (30.0, 1.0, 1.0), (50.0, 1.0, 1.0)], 0.0)], 1, "veto", "auto", (0, 100)
)
def test_package_nash_of_one_issue_against_plain_oracle(
    issues: list[tuple[list[tuple[float | None, float, float]], float | None]],
    p: int,
    losers: str,
    disagreement: str,
    scale: tuple[float, float],
) -> None:
    """A proposal of one issue is decided as by one-issue Nash: who counts, vetoes, fallbacks,
    the point (to 1e-5 of the range: p = 1 smooths the kinks)."""
    data = grid_positions(issues, scale)
    f = bargain.forecast(data, "package-nash", p=p, losers=losers, disagreement=disagreement)
    for i in range(len(issues)):
        expected, agreed = nash_oracle(data, i, p, losers, disagreement, "capability")
        assert bool(f.agreed[i]) is agreed
        assert f.predicted[i] == pytest.approx(expected, abs=1e-5 * (scale[1] - scale[0]))


def test_nash_counts_only_actors_with_salience_and_capability() -> None:
    """Reference 0, actors at 40 and 80: the Nash point solves 2y² - 360y + 12800 = 0. An actor
    with salience 0 (at 100) or capability 0 (at 10, whose gains end at 20) changes nothing."""
    expected = (360 - math.sqrt(360**2 - 8 * 12800)) / 4  # 48.7689...
    for extra, salience, capability in ((100.0, 0.0, 1.0), (10.0, 1.0, 0.0), (0.0, 0.0, 1.0)):
        data = Positions(
            issues=("i",),
            actors=("a", "b", "c"),
            position=np.array([[40.0, 80.0, extra]]),
            salience=np.array([[1.0, 1.0, salience]]),
            capability=np.array([[1.0, 1.0, capability]]),
            reference=np.array([0.0]),
        )
        for losers in ("exclude", "veto"):
            f = bargain.forecast(data, "nash", p=2, losers=losers)
            assert f.agreement
            assert f.predicted[0] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize(
    ("units_a", "units_b", "capability_unit"),
    [
        (1.0, 1.0, 1.0),
        (1e-150, 1e-150, 1.0),
        (1e-150, 1.0, 1.0),
        (1.0, 1e12, 1e-150),
        (1.0, 1.0, 1e150),
    ],
)
def test_package_nash_closed_form_in_any_units(
    p: int, units_a: float, units_b: float, capability_unit: float
) -> None:
    """One issue: package Nash is Butler's closed form, whatever each actor's salience unit
    (gains are scaled per actor) and the capabilities' common unit (exponents are relative)."""
    a, b, alpha, beta = 30.0, 40.0, 1.0, 3.0
    closed = nash_linear if p == 1 else nash_quadratic
    data = Positions(
        issues=("i",),
        actors=("A", "B"),
        position=np.array([[a, b]]),
        salience=np.array([[0.7 * units_a, 0.2 * units_b]]),
        actor_capability=np.array([alpha, beta]) * capability_unit,
        reference=np.array([0.0]),
    )
    f = bargain.forecast(data, "package-nash", p=p)
    assert f.agreement
    assert f.predicted[0] == pytest.approx(closed(a, b, alpha, beta), abs=1e-6)


@pytest.mark.parametrize("p", [1, 2])
def test_nash_warns_of_nothing(p: int) -> None:
    """Divisions by a gain of 0 inside the search are expected and silenced: an actor at the
    reference (left out) with the others at the far end (0 / 0), and an actor 1e-100 from the
    reference, whose neighbour's gain rounds to 0 (x / 0); the answers stay on the scale."""
    left_out = Positions(
        issues=("i",),
        actors=("a", "b"),
        position=np.array([[0.0, 100.0]]),
        reference=np.array([0.0]),
    )
    near = dataclasses.replace(left_out, position=np.array([[1e-100, 50.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bargain.forecast(left_out, "nash", p=p).predicted[0] == 100.0
        assert bargain.forecast(near, "nash", p=p).predicted[0] == pytest.approx(0.0, abs=1e-9)
        nobody = dataclasses.replace(left_out, salience=np.zeros((1, 2)))
        assert bargain.forecast(nobody, "nash", p=p).predicted[0] == 0.0  # the reference


@pytest.mark.parametrize(
    ("delta", "agreed"), [(8e-8, False), (1e-7, False), (1.5e-7, True), (2.5e-7, True)]
)
def test_package_nash_linear_margin_tolerance(delta: float, agreed: bool) -> None:
    """p = 1: a package counts only if it gives every actor more than 1e-7 of the range (the
    linear program's tolerance). Reference 0 on a 0-1 scale, A at delta, B at 0.5: the widest
    margin is delta (at delta); the Nash point is A's position (capabilities 2 and 1)."""
    data = Positions(
        issues=("i",),
        actors=("A", "B"),
        position=np.array([[delta, 0.5]]),
        actor_capability=np.array([2.0, 1.0]),
        reference=np.array([0.0]),
        low=np.array([0.0]),
        high=np.array([1.0]),
    )
    f = bargain.forecast(data, "package-nash", p=1)
    assert f.agreement is agreed
    assert f.predicted[0] == pytest.approx(delta if agreed else 0.0, abs=1e-9)


def test_package_nash_kernel_defaults_and_fallbacks() -> None:
    """The kernel's defaults (p = 2, worst points without a reference); with nobody counted, each
    issue's plain mean of the positions (absent actors left out), agreed; without agreement, the
    reference on its own scale; `agreed` is boolean."""
    package = importlib.import_module("bargain.forecast.package")
    nan = float("nan")
    two = two_actors(30.0, 40.0, 1.0, 3.0)
    out = package.package_nash(two.problem(), ("i",))
    assert out.predicted[0] == pytest.approx(nash_quadratic(30.0, 40.0, 1.0, 3.0), abs=1e-6)
    assert out.agreed.dtype == bool and out.agreed.tolist() == [True]
    data = Positions(
        issues=("u", "v", "w", "z"),
        actors=("a", "b", "c"),
        proposal=("one", "one", "two", "three"),
        position=np.array(
            [[10.0, 20.0, nan], [40.0, 0.0, 80.0], [30.0, 70.0, 60.0], [30.0, 70.0, 60.0]]
        ),
        salience=np.array([[0.0, 0.0, nan], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]]),
        reference=np.array([nan, nan, 50.0, nan]),
        low=np.array([0.0, -100.0, 20.0, 0.0]),
        high=np.array([100.0, 100.0, 120.0, 100.0]),
    )
    out = package.package_nash(data.problem(), data.proposals)
    assert out.agreed.dtype == bool
    # u, v: nobody cares, plain means; w: actors on both sides of 50, no agreement; z: worst
    # points, gains y (1.4 - y) and y (1.2 - y): 4 y² - 7.8 y + 3.36 = 0
    assert out.agreed.tolist() == [True, True, False, True]
    np.testing.assert_allclose(out.predicted[:3], [15.0, 40.0, 50.0], rtol=0, atol=1e-12)
    assert out.predicted[3] == pytest.approx(100 * (7.8 - math.sqrt(7.08)) / 8, abs=1e-6)


@pytest.mark.parametrize("p", [1, 2])
def test_package_nash_separable_package(p: int) -> None:
    """A package that splits into closed forms. Issues u, v, w, y, z of one proposal:
    - u (reference 0): A at 30 and B at 40 care, capabilities 1 and 3: Butler's point;
    - y (reference 100): D at 70 and E at 60 care, capabilities 2 and 1: Butler's point mirrored;
    - z (reference 50): only A cares, at the reference: its outcome is A's position, where A
      gains nothing from it (so u stays Butler's), but A's exponent is the mean of its
      capabilities on u and z (both 1), not their sum;
    - v (no reference): nobody counts (A has capability 0 there, B salience 0): the plain mean
      of the counted actors' positions (C, who cares about nothing, is not counted);
    - w (reference 50 on a 20-120 scale): nobody cares: the reference.
    Every counted actor ignores some issue that others decide (salience 0 there). No warning: with
    p = 1 the answer lies exactly on A's position on z, where the exact gains' unused
    derivatives are 0 / 0 (a RuntimeWarning before)."""
    nan = float("nan")
    closed = nash_linear if p == 1 else nash_quadratic
    #                     A     B     C     D     E
    position = np.array(
        [
            [30.0, 40.0, 90.0, 10.0, 10.0],  # u
            [10.0, 50.0, 90.0, 20.0, 40.0],  # v
            [30.0, 30.0, 30.0, 30.0, nan],  # w
            [nan, 20.0, 90.0, 70.0, 60.0],  # y
            [50.0, 20.0, 90.0, 30.0, 40.0],  # z
        ]
    )
    salience = np.array(
        [
            [0.7, 0.2, 0.0, 0.0, 0.0],
            [0.5, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, nan],
            [nan, 0.0, 0.0, 0.4, 0.9],
            [0.7, 0.0, 0.0, 0.0, 0.0],
        ]
    )
    capability = np.array(
        [
            [1.0, 3.0, 1.0, 2.0, 1.0],
            [0.0, 3.0, 1.0, 2.0, 1.0],
            [1.0, 3.0, 1.0, 2.0, nan],
            [nan, 3.0, 1.0, 2.0, 1.0],
            [1.0, 3.0, 1.0, 2.0, 1.0],
        ]
    )
    data = Positions(
        issues=("u", "v", "w", "y", "z"),
        actors=("A", "B", "C", "D", "E"),
        proposal=("deal",) * 5,
        position=position,
        salience=salience,
        capability=capability,
        reference=np.array([0.0, nan, 50.0, 100.0, 50.0]),
        low=np.array([0.0, 0.0, 20.0, 0.0, 0.0]),
        high=np.array([100.0, 100.0, 120.0, 100.0, 100.0]),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = bargain.forecast(data, "package-nash", p=p)
    assert f.agreed.tolist() == [True] * 5
    expected = [closed(30, 40, 1, 3), 30.0, 50.0, 100 - closed(30, 40, 2, 1), 50.0]
    np.testing.assert_allclose(f.predicted, expected, rtol=0, atol=1e-5)


def test_nash_kernel_defaults() -> None:
    """The kernel's defaults: p = 2, actors at the reference left out, exponents = capabilities."""
    nash = importlib.import_module("bargain.forecast.nash")
    data = Positions(
        issues=("i",),
        actors=("A", "B", "C"),
        position=np.array([[30.0, 40.0, 0.0]]),
        salience=np.array([[0.7, 0.2, 1.0]]),
        actor_capability=np.array([1.0, 3.0, 1.0]),
        reference=np.array([0.0]),
    )
    out = nash.nash(data.problem())
    assert out.agreed.tolist() == [True]
    assert out.predicted[0] == pytest.approx(nash_quadratic(30.0, 40.0, 1.0, 3.0), abs=1e-9)


def test_package_nash_discrete_on_a_shifted_scale() -> None:
    """levels=: the engine's deal mapped back onto a scale not starting at 0; with two levels and
    actors at the two ends (no reference) no deal is better for both: no agreement, the mean."""
    data = Positions(
        issues=("u", "v"),
        actors=("a", "b"),
        proposal=("deal", "deal"),
        position=np.array([[300.0, 100.0], [100.0, 300.0]]),
        salience=np.array([[0.9, 0.1], [0.1, 0.9]]),  # a cares about u, b about v
        low=np.array([100.0, 100.0]),
        high=np.array([300.0, 300.0]),
    )
    # five levels 100..300: the Nash deal of the grid, by enumeration (shares of the range;
    # no reference: each actor's disagreement point is its far end on each issue)
    grid = [0.0, 0.25, 0.5, 0.75, 1.0]
    xa, xb = (1.0, 0.0), (0.0, 1.0)
    sa, sb = (0.9, 0.1), (0.1, 0.9)

    def gain(x: tuple[float, float], sal: tuple[float, float], deal: tuple[float, float]) -> float:
        return sum(
            w * (max(xi, 1 - xi) ** 2 - (y - xi) ** 2)
            for xi, w, y in zip(x, sal, deal, strict=True)
        )

    best = max(
        ((u, v) for u in grid for v in grid),
        key=lambda deal: gain(xa, sa, deal) * gain(xb, sb, deal),
    )
    f = bargain.forecast(data, "package-nash", levels=5)
    assert f.agreed.tolist() == [True, True]
    np.testing.assert_array_equal(f.predicted, [100 + 200 * best[0], 100 + 200 * best[1]])
    ends = Positions(
        issues=("u",),
        actors=("a", "b"),
        position=np.array([[100.0, 300.0]]),
        low=np.array([100.0]),
        high=np.array([300.0]),
    )
    g = bargain.forecast(ends, "package-nash", levels=2)
    assert g.agreed.tolist() == [False]
    assert g.predicted[0] == 200.0


def test_package_nash_linear_flat_kink_accuracy() -> None:
    """p = 1, equal capabilities: the Nash point is the nearer actor's position, where the exact
    objective is flat on one side; the smoothed solution is within 1e-7 of the range."""
    f = bargain.forecast(two_actors(30.0, 40.0, 1.0, 1.0), "package-nash", p=1)
    assert f.agreement
    assert f.predicted[0] == pytest.approx(nash_linear(30.0, 40.0, 1.0, 1.0), abs=1e-5)
    one = bargain.forecast(two_actors(30.0, 40.0, 1.0, 1.0), "nash", p=1).predicted[0]
    assert one == pytest.approx(30.0, abs=1e-12)
