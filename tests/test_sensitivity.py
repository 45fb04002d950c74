"""Sobol indices: the estimators against analytic indices, the designs, and the sweep summary."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import bargain
from bargain.errors import ScenarioError
from bargain.sweeps.design import saltelli_blocks, saltelli_sources
from bargain.sweeps.sensitivity import (
    binned_first_order,
    bins,
    factorial_indices,
    index,
    indicators,
    saltelli_indices,
)

A, B = 7.0, 0.1  # the Ishigami function's usual constants


def ishigami(x: np.ndarray) -> np.ndarray:
    return (
        np.sin(x[..., 0]) + A * np.sin(x[..., 1]) ** 2 + B * x[..., 2] ** 4 * np.sin(x[..., 0])
    )[..., None]


def ishigami_indices() -> tuple[list[float], list[float]]:
    """Analytic first- and total-order indices of Ishigami on [-pi, pi]^3."""
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_saltelli_and_jansen_recover_the_ishigami_indices():
    rng = np.random.default_rng(5)
    n, k = 2**15, 3
    a, b = rng.uniform(-math.pi, math.pi, (2, n, k))
    ab = np.stack([np.where(np.arange(k) == i, b, a) for i in range(k)])
    first, total, var = saltelli_indices(ishigami(a), ishigami(b), ishigami(ab))
    s, t = ishigami_indices()
    np.testing.assert_allclose(index(first, var), s, atol=0.03)
    np.testing.assert_allclose(index(total, var), t, atol=0.03)
    variance = (
        A**2 / 8 + 0.5 * (1 + B * math.pi**4 / 5) ** 2 + B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    )
    assert var[0] == pytest.approx(variance, rel=0.03)


def test_the_factorial_decomposition_is_exact_for_a_linear_model():
    # y = 1 x1 + 2 x2 + 3 x3 on the same three values each: S_i = T_i = a_i^2 / sum a^2.
    values = np.array([-1.0, 0.0, 1.0])
    grid = np.array(list(itertools.product(values, values, values)))
    y = (grid @ np.array([1.0, 2.0, 3.0]))[:, None]
    first, total, var = factorial_indices(y, (3, 3, 3))
    expected = np.array([1.0, 4.0, 9.0]) / 14.0
    np.testing.assert_allclose(index(first, var), expected, atol=1e-12)
    np.testing.assert_allclose(index(total, var), expected, atol=1e-12)


def test_the_factorial_decomposition_of_ishigami_on_a_fine_grid():
    # A uniform grid of midpoints on [-pi, pi]^3 approximates the continuous indices.
    m = 60
    x = -math.pi + (np.arange(m) + 0.5) * 2 * math.pi / m
    cube = np.stack(np.meshgrid(x, x, x, indexing="ij"), axis=-1).reshape(-1, 3)
    first, total, var = factorial_indices(ishigami(cube), (m, m, m))
    s, t = ishigami_indices()
    np.testing.assert_allclose(index(first, var), s, atol=2e-3)
    np.testing.assert_allclose(index(total, var), t, atol=2e-3)


def _brute_force(y: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Var(E[Y|X_a]) and E[Var(Y|X_rest)] by looping over the cells (an independent oracle)."""
    cells = list(itertools.product(*(range(n) for n in shape)))
    value = {cell: y[j, 0] for j, cell in enumerate(cells)}
    first, total = [], []
    for a, n in enumerate(shape):
        means = [np.mean([value[c] for c in cells if c[a] == v]) for v in range(n)]
        first.append(np.var(means))
        rest = {c[:a] + c[a + 1 :] for c in cells}
        total.append(
            np.mean([np.var([value[(*r[:a], v, *r[a:])] for v in range(n)]) for r in sorted(rest)])
        )
    return np.array(first), np.array(total)


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=3).flatmap(
        lambda shape: st.tuples(
            st.just(tuple(shape)),
            arrays(np.float64, (math.prod(shape), 1), elements=st.floats(-10, 10)),
        )
    )
)
def test_factorial_indices_match_a_brute_force_oracle(case):
    shape, y = case
    first, total, var = factorial_indices(y, shape)
    oracle_first, oracle_total = _brute_force(y, shape)
    np.testing.assert_allclose(first[:, 0], oracle_first, atol=1e-9)
    np.testing.assert_allclose(total[:, 0], oracle_total, atol=1e-9)
    # ANOVA: first orders sum to at most the variance, total orders to at least it.
    assert first.sum() <= var[0] + 1e-9
    assert total.sum() >= var[0] - 1e-9
    assert np.all(first <= total + 1e-9)


def test_binned_first_order_is_a_correlation_ratio():
    x = np.linspace(0, 1, 1000)
    step = (x > 0.5).astype(float)[:, None]
    first, var = binned_first_order(step, bins(x, 2))
    assert index(first[None], var)[0] == pytest.approx(1.0)
    noise = np.random.default_rng(0).random((1000, 1))
    first, var = binned_first_order(noise, bins(x))
    assert index(first[None], var)[0] < 0.03  # about (q - 1) / n = 0.009 on average


def test_indicators_and_index_edge_cases():
    assert indicators(np.array([-1, 1]), 2).tolist() == [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    assert index(np.array([[0.0]]), np.array([0.0])).tolist() == [0.0]  # a constant output
    assert index(np.array([[2.0]]), np.array([1.0])).tolist() == [1.0]  # clipped


def test_saltelli_design_layout():
    src = saltelli_sources(np.arange(15), n_base=3, n_factors=3)
    a, b = src[:3], src[3:6]
    assert a.tolist() == [[0] * 3, [2] * 3, [4] * 3]
    assert b.tolist() == [[1] * 3, [3] * 3, [5] * 3]
    for i in range(3):
        ab = src[6 + 3 * i : 9 + 3 * i]
        assert np.array_equal(ab[:, i], b[:, i])
        others = [j for j in range(3) if j != i]
        assert np.array_equal(ab[:, others], a[:, others])
    fa, _fb, fab = saltelli_blocks(np.arange(15.0)[:, None], 3, 3)
    assert fa.shape == (3, 1) and fab.shape == (3, 3, 1) and fab[2, 0, 0] == 12.0


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def test_a_saltelli_sweep_holds_the_independent_draws_and_the_mixed_rows(talks):
    uncertainty = {
        "nato.weights": bargain.Dirichlet(50),
        "nato.disagreement": bargain.Uniform(0.6, 0.9),
    }
    n = 40
    sal = bargain.sweep(
        talks, uncertainty=uncertainty, samples=n, rng=3, progress=False, design="saltelli"
    )
    ind = bargain.sweep(talks, uncertainty=uncertainty, samples=2 * n, rng=3, progress=False)
    assert len(sal) == n * 4 and sal.samples == n * 4 and sal.design == "saltelli"
    assert sal.factors == (0,) * 8 + (1,)
    # A and B are the first 2N independent draws, interleaved.
    np.testing.assert_array_equal(sal.values[:n], ind.values[0::2])
    np.testing.assert_array_equal(sal.values[n : 2 * n], ind.values[1::2])
    # AB_0 takes the weights from B, the disagreement from A; AB_1 the other way round.
    ab0, ab1 = sal.values[2 * n : 3 * n], sal.values[3 * n :]
    np.testing.assert_array_equal(ab0[:, :8], sal.values[n : 2 * n, :8])
    np.testing.assert_array_equal(ab0[:, 8], sal.values[:n, 8])
    np.testing.assert_array_equal(ab1[:, :8], sal.values[:n, :8])
    np.testing.assert_array_equal(ab1[:, 8], sal.values[n : 2 * n, 8])
    # Shares come from the independent runs only.
    summary = sal.summary()
    assert summary.agreement_rate == pytest.approx(sal.agreement[: 2 * n].mean())
    assert summary.design == "saltelli"
    drivers = summary.drivers("utility.nato")
    assert {d.parameter for d in drivers} == {"nato.weights", "nato.disagreement"}
    assert all(d.estimator == "saltelli" and d.total_order is not None for d in drivers)


def test_saltelli_indices_of_a_sweep_match_the_nash_deal(talks):
    # NATO's utility under Nash depends on NATO's disagreement utility (the threat point)
    # and not at all on Russia's discount factor: total order 0.
    sal = bargain.sweep(
        talks,
        uncertainty={
            "nato.disagreement": bargain.Uniform(0.6, 0.9),
            "russia.discount": bargain.Uniform(0.5, 0.99),
        },
        samples=256,
        rng=1,
        progress=False,
        design="saltelli",
    )
    drivers = {d.parameter: d for d in sal.summary().drivers("nato")}
    assert drivers["russia.discount"].total_order == 0.0
    assert drivers["russia.discount"].first_order == 0.0
    # the true index is 1; the Monte Carlo estimate of 256 draws is near it
    assert drivers["nato.disagreement"].total_order == pytest.approx(1.0, abs=0.1)
    assert drivers["nato.disagreement"].first_order == pytest.approx(1.0, abs=0.1)


def test_grid_sweeps_get_exact_indices_per_issue_and_utility(talks):
    grid = {"nato.disagreement": [0.5, 0.7, 0.9], "russia.discount": [0.5, 0.9]}
    result = bargain.sweep(talks, grid=grid, progress=False)
    summary = result.summary()
    assert summary.outputs == (*talks.issue_keys, "agreement", "utility.russia", "utility.nato")
    for output in summary.outputs:
        drivers = summary.drivers(output)
        assert [d.estimator for d in drivers] == ["grid", "grid"]
        by = {d.parameter: d for d in drivers}
        assert by["russia.discount"].first_order == 0.0 == by["russia.discount"].total_order
    # The same numbers as the factorial decomposition of the utility column.
    y = result.utilities[:, 1:2]
    first, total, var = factorial_indices(y, (3, 2, 1))
    nato = {d.parameter: d for d in summary.drivers("utility.nato")}["nato.disagreement"]
    assert nato.first_order == pytest.approx(first[0, 0] / var[0])
    assert nato.total_order == pytest.approx(total[0, 0] / var[0])
    text = summary.table()
    assert "what decides each outcome" in text and "Sensitivity of the whole deal" in text
    data = json.loads(summary.to_json())
    assert {"output", "parameter", "first_order", "total_order"} <= set(data["indices"][0])


def test_vector_grid_axes_are_one_factor(talks):
    n = talks.n_issues
    grid = {"russia.weights": [[1.0] * n, [2.0] + [1.0] * (n - 1)]}
    result = bargain.sweep(talks, grid=grid, progress=False)
    assert [d.parameter for d in result.summary().drivers("utility.russia")] == ["russia.weights"]


def test_independent_draws_get_first_orders_only(talks):
    result = bargain.sweep(
        talks,
        # the range in which the agreed level moves (beyond it NATO refuses any limit)
        uncertainty={"nato.weights.missiles": bargain.Uniform(0.0, 0.5)},
        samples=400,
        rng=2,
        progress=False,
    )
    summary = result.summary()
    (driver,) = summary.drivers("missiles")
    assert driver.estimator == "bins" and driver.total_order is None
    assert driver.first_order > 0.5
    assert 'design="saltelli"' in summary.table()


def test_drivers_of_an_unknown_output(talks):
    summary = bargain.sweep(talks, grid={"nato.disagreement": [0.5, 0.9]}, progress=False).summary()
    with pytest.raises(ScenarioError) as err:
        summary.drivers("misiles")
    assert str(err.value) == "output is not an output; did you mean 'missiles'?"


def test_an_unknown_design_is_refused(talks):
    with pytest.raises(ScenarioError) as err:
        bargain.sweep(talks, grid={"nato.disagreement": [0.5]}, design="sobol", progress=False)
    assert (
        str(err.value) == "design 'sobol' is not a design; expected one of: independent, saltelli"
    )
