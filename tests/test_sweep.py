"""Sweeps: grids, draws, equality with a per-run solve, reproducibility, summaries, output."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import math
import sys
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import (
    Dirichlet,
    Issue,
    Normal,
    Party,
    Scenario,
    ScenarioError,
    SweepResult,
    TruncatedNormal,
    Uniform,
    solve,
    sweep,
)
from bargain._text import tidy, tidy_float
from bargain.model.params import apply, parameter_paths, resolve
from bargain.solutions.concepts import METHODS
from bargain.sweeps.chain import max_min, max_sum, pareto_chain
from bargain.sweeps.plan import DRAW_BLOCK
from bargain.sweeps.screen import METHODS as BATCH_METHODS
from bargain.sweeps.screen import Halves, batch_best, ideal_bounds, screen_scores
from bargain.testing import brute_force_nash, solution_reference
from tests.strategies import scenarios


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def params_of(scenario, result):
    return [resolve(scenario, p)[0].params[0] for p in result.parameters]


def assert_matches_solve(scenario, result, method="nash", **options):
    """Every run of `result` is what solve() gives on the run's scenario."""
    params = params_of(scenario, result)
    for k in range(len(result)):
        run = apply(scenario, params, result.values[k])
        expected = solve(run, method, **options)
        assert bool(result.agreement[k]) == expected.agreement, k
        if expected.agreement:
            assert tuple(result.levels[k]) == expected.levels, k
        else:
            assert np.all(result.levels[k] == -1)
        np.testing.assert_allclose(
            result.utilities[k],
            [expected.utilities[p] for p in scenario.party_keys],
            rtol=1e-12,
            atol=1e-15,
        )


# ----------------------------------------------------------------------------- grids and draws
def test_grid_is_the_cartesian_product_first_key_slowest(talks):
    r = sweep(
        talks,
        grid={"nato.disagreement": [0.6, 0.7, 0.8], "russia.weights.missiles": [0.1, 0.3]},
        progress=False,
    )
    assert len(r) == 6 and r.grid_shape == (3, 2) and r.kinds == ("grid", "grid")
    expected = [[a, b] for a in (0.6, 0.7, 0.8) for b in (0.1, 0.3)]
    np.testing.assert_array_equal(r.values, expected)
    assert r.samples == 0 and r.seed is None


def test_grid_with_draws_reuses_the_same_draws_at_every_point(talks):
    r = sweep(
        talks,
        grid={"nato.disagreement": [0.6, 0.7]},
        uncertainty={"russia.disagreement": Uniform(0.1, 0.3)},
        samples=5,
        rng=4,
        progress=False,
    )
    assert len(r) == 10 and r.kinds == ("grid", "draw")
    np.testing.assert_array_equal(r.values[:5, 0], 0.6)
    np.testing.assert_array_equal(r.values[5:, 0], 0.7)
    np.testing.assert_array_equal(r.values[:5, 1], r.values[5:, 1])
    assert len(set(r.values[:5, 1].tolist())) == 5


def test_wildcards_and_vectors(talks):
    r = sweep(talks, grid={"*.disagreement": [0.2, 0.4]}, progress=False)
    assert r.parameters == ("russia.disagreement", "nato.disagreement") and len(r) == 4
    w = [talks.party("russia").weight(k) for k in talks.issue_keys]
    even = [1 / 8] * 8
    r = sweep(talks, grid={"russia.weights": [w, even]}, progress=False)
    assert len(r) == 2 and r.parameters[0] == "russia.weights.indivisible_security"
    np.testing.assert_array_equal(r.values, [w, even])
    r = sweep(talks, uncertainty={"*.weights": Dirichlet(40)}, samples=30, rng=1, progress=False)
    assert len(r.parameters) == 16
    np.testing.assert_allclose(r.values[:, :8].sum(axis=1), sum(w))
    r = sweep(
        talks,
        uncertainty={"nato.values.missiles": Uniform(-0.05, 0.05, relative=True)},
        samples=20,
        rng=2,
        progress=False,
    )
    base = np.array(talks.party("nato").values["missiles"])
    assert np.all(np.abs(r.values - base) <= 0.05 + 1e-15)
    assert len({tuple(np.round(v - base, 12)) for v in r.values}) == 20  # independent numbers


def test_single_run_without_grid_or_draws(talks):
    r = sweep(talks, progress=False)
    assert len(r) == 1 and r.parameters == ()
    assert tuple(r.levels[0]) == solve(talks).levels


def test_draws_do_not_depend_on_sample_count(talks):
    spec = {"russia.weights": Dirichlet(30), "nato.disagreement": Normal(0, 0.02, relative=True)}
    small = sweep(talks, uncertainty=spec, samples=40, rng=9, progress=False)
    large = sweep(talks, uncertainty=spec, samples=DRAW_BLOCK + 60, rng=9, progress=False)
    np.testing.assert_array_equal(small.values, large.values[:40])
    np.testing.assert_array_equal(small.levels, large.levels[:40])
    assert len(np.unique(large.values[:, -1])) == DRAW_BLOCK + 60  # second block differs


def test_seed_forms(talks):
    spec = {"nato.disagreement": Uniform(0.6, 0.9)}
    a = sweep(talks, uncertainty=spec, samples=20, rng=5, progress=False)
    b = sweep(talks, uncertainty=spec, samples=20, rng=5, progress=False)
    assert a == b and a.seed == 5
    fresh = sweep(talks, uncertainty=spec, samples=20, progress=False)
    assert isinstance(fresh.seed, int)
    assert sweep(talks, uncertainty=spec, samples=20, rng=fresh.seed, progress=False) == fresh
    g1 = sweep(talks, uncertainty=spec, samples=20, rng=np.random.default_rng(3), progress=False)
    g2 = sweep(talks, uncertainty=spec, samples=20, rng=np.random.default_rng(3), progress=False)
    assert g1 == g2 and g1 != a


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 5000])
def test_chunk_size_does_not_change_results(talks, chunk_size):
    spec = {"*.weights": Dirichlet(20), "nato.disagreement": Uniform(0.7, 0.85)}
    reference = sweep(talks, uncertainty=spec, samples=150, rng=11, progress=False)
    assert (
        sweep(talks, uncertainty=spec, samples=150, rng=11, progress=False, chunk_size=chunk_size)
        == reference
    )


# ----------------------------------------------------------------------------- same as solve()
def test_flagship_monte_carlo_matches_solve(talks):
    r = sweep(
        talks,
        uncertainty={"*.weights": Dirichlet(15), "nato.disagreement": Uniform(0.6, 0.95)},
        samples=250,
        rng=2022,
        progress=False,
    )
    assert 0 < np.count_nonzero(r.agreement) < len(r)  # both kinds of run
    assert r.fallbacks < len(r) // 10  # the vectorised screen decided almost every run
    assert_matches_solve(talks, r)


def test_exact_ties_follow_solves_tie_rule():
    # Levels 1 and 2 of "x" are worth exactly the same to both parties: every optimum is tied.
    x = Issue("x", "", ["a", "b", "c"])
    y = Issue("y", "", ["a", "b"])
    p = Party("p", "", values={"x": [0.0, 0.5, 0.5], "y": [0.0, 1.0]})
    q = Party("q", "", values={"x": [1.0, 0.5, 0.5], "y": [1.0, 0.0]})
    s = Scenario(name="ties", issues=[x, y], parties=[p, q])
    r = sweep(s, grid={"q.disagreement": [0.0, 0.25, 0.5, 2.0]}, progress=False)
    assert r.fallbacks >= 2
    assert not r.agreement[-1]
    assert_matches_solve(s, r)


def test_near_ties_are_left_to_solve():
    # Both levels are Pareto-optimal and level 1's Nash product is larger by 2e-13 (relative):
    # within the solver's tie tolerance, so solve() calls it a tie and takes level 0, the
    # lexicographically smaller deal. So must the sweep.
    x = Issue("x", "", ["a", "b", "c"])
    p = Party("p", "", values={"x": [0.5, 0.6, 0.0]})
    q = Party("q", "", values={"x": [0.6, 0.5 + 1e-13, 0.0]})
    s = Scenario(name="near", issues=[x], parties=[p, q])
    assert solve(s).levels == (0,) and len(solve(s).ties) == 1
    r = sweep(s, grid={"p.discount": [0.5, 1.0]}, progress=False)
    assert r.levels[:, 0].tolist() == [0, 0]
    assert r.fallbacks == 2


def test_screen_margin_exceeds_the_solvers_tie_tolerance():
    from bargain.solutions.concepts import TIE_RTOL
    from bargain.sweeps.screen import RTOL, SCORE_RTOL

    assert SCORE_RTOL >= 100 * TIE_RTOL and RTOL >= 100 * TIE_RTOL


def _value_strategy(field):
    return {
        "weight": st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0]),
        "value": st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0]),
        "disagreement": st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0]),
        "power": st.sampled_from([0.5, 1.0, 2.0]),
        "discount": st.sampled_from([0.5, 1.0]),
    }[field]


@st.composite
def sweep_cases(draw):
    s = draw(scenarios(max_parties=3, max_issues=4, max_levels=4))
    scalars = [p for p in parameter_paths(s) if not resolve(s, p)[0].vector]
    chosen = draw(st.lists(st.sampled_from(scalars), min_size=0, max_size=2, unique=True))
    grid = {}
    for path in chosen:
        field = resolve(s, path)[0].params[0].field
        grid[path] = draw(st.lists(_value_strategy(field), min_size=1, max_size=3))
    uncertainty = {}
    samples = 0
    free = [p for p in scalars if p not in grid and p.endswith(".disagreement")]
    if free and draw(st.booleans()):
        uncertainty[draw(st.sampled_from(free))] = Uniform(-0.3, 0.3, relative=True)
    party = draw(st.sampled_from(s.parties))
    positive = sum(party.weight(k) for k in s.issue_keys) > 0
    in_grid = any(k.startswith(f"{party.key}.weights") for k in grid)
    if positive and not in_grid and draw(st.booleans()):
        uncertainty[f"{party.key}.weights"] = Dirichlet(draw(st.sampled_from([2.0, 50.0])))
    if uncertainty:
        samples = draw(st.integers(1, 4))
    method = draw(st.sampled_from(METHODS.names))
    return s, grid, uncertainty, samples, draw(st.integers(0, 2**32)), method


@settings(max_examples=80)
@given(sweep_cases())
def test_sweep_equals_a_solve_per_run(case):
    scenario, grid, uncertainty, samples, seed, method = case
    result = sweep(
        scenario,
        grid=grid,
        uncertainty=uncertainty,
        samples=samples,
        rng=seed,
        method=method,
        progress=False,
        chunk_size=3,
    )
    assert len(result) == math.prod(len(v) for v in grid.values()) * max(samples, 1)
    assert_matches_solve(scenario, result, method)


@pytest.mark.parametrize("method", BATCH_METHODS)
def test_vectorised_methods_match_solve_on_the_flagship(talks, method):
    r = sweep(
        talks,
        uncertainty={"*.weights": Dirichlet(15), "*.disagreement": Normal(0, 0.03, relative=True)},
        samples=150,
        rng=6,
        method=method,
        progress=False,
    )
    assert r.fallbacks < 15
    assert_matches_solve(talks, r, method)


@pytest.mark.parametrize(
    ("method", "options", "vectorised"),
    [
        ("asymmetric-nash", {}, True),
        ("kalai-smorodinsky", {}, True),
        ("egalitarian", {}, True),
        ("utilitarian", {}, True),
        ("asymmetric-nash", {"powers": [2.0, 1.0]}, True),
        ("nash", {"lotteries": True}, False),
        ("nash", {"disagreement": {"russia": 0.1}}, False),
    ],
)
def test_per_run_methods_and_options(talks, method, options, vectorised):
    r = sweep(
        talks,
        grid={"nato.disagreement": [0.6, 0.8, 0.97], "russia.power": [0.5, 2.0]},
        method=method,
        progress=False,
        **options,
    )
    if vectorised:
        assert r.fallbacks < len(r) == 6  # the screen decided some runs itself
    else:
        assert r.fallbacks == len(r) == 6  # solved one by one
    assert_matches_solve(talks, r, method, **options)


@settings(max_examples=60)
@given(scenarios(max_parties=4, max_issues=4, max_levels=5), st.integers(0, 2**32))
def test_batch_screen_agrees_with_brute_force(scenario, seed):
    rng = np.random.default_rng(seed)
    n_runs = 5
    tables = []
    for t in scenario.tables:
        noisy = np.repeat(t.T[None], n_runs, axis=0)
        noisy[1:] += rng.choice([0.0, 0.0, 0.25, 1e-13], size=noisy[1:].shape)
        tables.append(noisy)
    d = np.repeat(scenario.disagreement_point[None], n_runs, axis=0)
    d[3:] += rng.choice([0.0, 0.5, -0.5], size=d[3:].shape)
    deal, certain = batch_best(tables, d)
    for k in np.flatnonzero(certain):
        levels, _ = brute_force_nash([t[k].T for t in tables], d[k])
        if levels is None:
            assert deal[k] == -1
        else:
            assert deal[k] == np.ravel_multi_index(levels, scenario.shape)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"grid": {"nato.disagreement": []}}, r"grid\['nato.disagreement'\] is empty"),
        ({"grid": {"nato.disagrement": [0.5]}}, "did you mean 'nato.disagreement'"),
        ({"grid": {"nato.weights.missiles": [-0.1, 0.2]}}, "must be >= 0"),
        ({"grid": {"nato.discount": [0.5, 1.5]}}, r"must be in \(0, 1\]"),
        ({"grid": {"nato.disagreement": [0.5, math.nan]}}, "finite numbers"),
        ({"grid": {"nato.disagreement": 0.5}}, "must be a list of values"),
        ({"grid": {"nato.disagreement": ["0.5"]}}, "must be a list of numbers"),
        ({"grid": {"nato.disagreement": [[0.5], [0.6, 0.7]]}}, "must be a list of numbers"),
        ({"grid": {"nato.weights": [0.5, 0.5]}}, "list of vectors of 8 numbers"),
        ({"grid": [("nato.disagreement", [0.5])]}, "grid must be a mapping"),
        ({"samples": -1}, "samples must be >= 0"),
        ({"samples": 5}, "nothing to draw"),
        ({"uncertainty": {"nato.disagreement": Uniform(0, 1)}}, "samples must be >= 1"),
        (
            {"uncertainty": {"nato.weights.missiles": Normal(0.2, 0.1)}, "samples": 3},
            "must be >= 0, but Normal",
        ),
        (
            {"uncertainty": {"nato.power": TruncatedNormal(1, 1, 0, 2)}, "samples": 3},
            "must be > 0",
        ),
        (
            {"uncertainty": {"nato.discount": Uniform(-0.1, 0.1, relative=True)}, "samples": 3},
            r"in \(0, 1\]",
        ),
        (
            {"uncertainty": {"nato.disagreement": Dirichlet(5)}, "samples": 3},
            "draws a whole weight vector",
        ),
        ({"uncertainty": {"nato.disagreement": 0.5}, "samples": 3}, "must be a distribution"),
        (
            {
                "grid": {"nato.weights.missiles": [0.1]},
                "uncertainty": {"*.weights": Dirichlet(5)},
                "samples": 2,
            },
            "'nato.weights.missiles' is swept twice",
        ),
        ({"method": "nashh"}, "did you mean 'nash'"),
        ({"rng": -3, "uncertainty": {"nato.disagreement": Uniform(0, 1)}, "samples": 2}, "rng"),
        ({"workers": 0}, "workers must be >= 1"),
        ({"chunk_size": 0}, "chunk_size must be >= 1"),
        ({"workrs": 2}, "neither an argument of sweep nor an option of solve"),
    ],
)
def test_bad_input(talks, kwargs, message):
    with pytest.raises(ScenarioError, match=message):
        sweep(talks, progress=False, **kwargs)


def test_bad_scenario_and_executor(talks):
    with pytest.raises(ScenarioError, match="must be a Scenario"):
        sweep("russia-nato-2022-no-red-lines", progress=False)  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="Executor"):
        sweep(talks, executor=object(), progress=False)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- results
@pytest.fixture(scope="module")
def mixed(talks):
    """A grid through the end of agreement, with draws: rows with and without agreement."""
    return sweep(
        talks,
        grid={"nato.disagreement": [0.7, 0.8, 0.9, 0.97], "russia.discount": [0.5, 0.9]},
        uncertainty={"russia.weights": Dirichlet(40)},
        samples=60,
        rng=8,
        progress=False,
    )


def test_runs_without_agreement_are_rows(talks, mixed):
    none = ~mixed.agreement
    assert none.any() and mixed.agreement.any()
    assert np.all(mixed.levels[none] == -1)
    # their utilities are the disagreement utilities
    np.testing.assert_array_equal(mixed.utilities[none, 1], mixed.values[none, 0])
    np.testing.assert_array_equal(mixed.utilities[none, 0], 0.2)
    rows = mixed.rows()
    assert len(rows) == len(mixed)
    failed = rows[int(np.flatnonzero(none)[0])]
    assert failed["agreement"] is False and failed["missiles"] is None


def test_summary(talks, mixed):
    summary = mixed.summary()
    assert summary.n_runs == 480 and summary.samples == 60 and summary.grid_points == 8
    assert summary.agreement_rate == pytest.approx(mixed.agreement.mean())
    for issue in talks.issues:
        shares = summary.level_probabilities[issue.key]
        assert list(shares) == list(issue.levels)
        assert sum(shares.values()) == pytest.approx(summary.agreement_rate)
        assert all(e >= 0 for e in summary.level_standard_errors[issue.key].values())
    # Standard error over draws of the grid-averaged indicator.
    per_draw = mixed.agreement.reshape(8, 60).mean(axis=0)
    assert summary.agreement_se == pytest.approx(per_draw.std(ddof=1) / math.sqrt(60))
    ranking = {s.parameter: s for s in summary.sensitivity}
    assert summary.sensitivity[0].parameter == "nato.disagreement"
    assert ranking["russia.discount"].main_effect == 0.0  # Nash ignores discount factors
    assert ranking["russia.discount"].flips == 0.0
    assert 0 < ranking["nato.disagreement"].flips <= 1
    assert ranking["russia.weights.missiles"].flips is None
    text = summary.table()
    assert "agreement rate" in text and "nato.disagreement" in text
    json.loads(summary.to_json())


def test_summary_of_a_pure_grid_has_no_standard_errors(talks):
    s = sweep(talks, grid={"nato.disagreement": [0.5, 0.97]}, progress=False).summary()
    assert s.agreement_rate == 0.5 and s.agreement_se is None
    assert s.level_standard_errors is None
    assert s.sensitivity[0].main_effect == 1.0 and s.sensitivity[0].flips == 1.0


def test_csv_json_table(tmp_path, talks, mixed):
    mixed.save(tmp_path / "runs.csv")
    text = mixed.to_csv()
    assert (tmp_path / "runs.csv").read_text(encoding="utf-8") == text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(mixed)
    assert list(rows[0]) == mixed.columns()
    assert mixed.columns()[-2:] == ["utility.russia", "utility.nato"]
    k = int(np.flatnonzero(mixed.agreement)[0])
    # the numbers to two units in the last place: the dust of sums (0.8280000000000001) is not
    # written, and a number without dust is written exactly
    for got, want in ((rows[k]["nato.disagreement"], mixed.values[k, 0]),
                      (rows[k]["utility.nato"], mixed.utilities[k, 1])):  # fmt: skip
        assert abs(float(got) - want) <= 2 * math.ulp(want)
        assert got == repr(tidy_float(float(want)))
        assert len(got) <= len(repr(float(want)))
    assert rows[k]["missiles"] == talks.issue("missiles").levels[mixed.levels[k, 4]]
    failed = int(np.flatnonzero(~mixed.agreement)[0])
    assert rows[failed]["agreement"] == "False" and rows[failed]["missiles"] == ""

    mixed.save(tmp_path / "runs.json")
    data = json.loads(mixed.to_json())
    assert json.loads((tmp_path / "runs.json").read_text(encoding="utf-8")) == data
    assert data["runs"] == json.loads(json.dumps(tidy(mixed.rows())))
    assert data["summary"]["n_runs"] == len(mixed) and data["seed"] == 8

    assert "480 runs" in mixed.table() and "more runs" in mixed.table(max_rows=5)


def test_to_frame(mixed):
    pd = pytest.importorskip("pandas", reason="pandas is not installed (the pandas extra)")
    frame = mixed.to_frame()
    assert list(frame.columns) == mixed.columns() and len(frame) == len(mixed)
    assert frame["missiles"].cat.ordered
    assert frame["missiles"].isna().sum() == np.count_nonzero(~mixed.agreement)
    assert isinstance(frame, pd.DataFrame)


def test_to_frame_without_pandas(monkeypatch, mixed):
    import bargain.sweeps.result as module

    def missing(name, extra, feature):
        raise bargain.MissingExtraError(name, extra, feature)

    monkeypatch.setattr(module, "require", missing)
    with pytest.raises(bargain.MissingExtraError, match=r"bargain-sim\[pandas\]"):
        mixed.to_frame()


def test_progress_bar_on_stderr_for_long_sweeps(talks, monkeypatch, capsys):
    module = sys.modules["bargain.sweeps.run"]
    solve_chunk = module.solve_chunk

    def slow(plan, start, stop):
        time.sleep(0.15)
        return solve_chunk(plan, start, stop)

    monkeypatch.setattr(module, "solve_chunk", slow)
    grid = {"nato.disagreement": [0.6, 0.7, 0.8, 0.9]}
    sweep(talks, grid=grid, chunk_size=1, progress=False)
    assert capsys.readouterr().err == ""
    sweep(talks, grid=grid, chunk_size=1)  # 0.6 s: too short for a bar
    assert capsys.readouterr().err == ""
    sweep(talks, grid={"nato.disagreement": [0.6 + k / 100 for k in range(10)]}, chunk_size=1)
    err = capsys.readouterr().err
    assert "sweep russia-nato-2022-no-red-lines" in err and "10/10" in err


def test_result_is_frozen(mixed):
    assert isinstance(mixed, SweepResult)
    with pytest.raises(ValueError, match="read-only"):
        mixed.levels[0, 0] = 1
    with pytest.raises(AttributeError):
        mixed.method = "x"  # type: ignore[misc]


@settings(max_examples=60)
@given(
    scenarios(max_parties=4, max_issues=3, max_levels=4),
    st.sampled_from(BATCH_METHODS),
    st.integers(0, 2**32),
)
def test_batch_screen_every_method_agrees_with_the_reference(scenario, method, seed):
    """Certified runs are the reference's answer (plain Python over every deal, tie rule)."""
    rng = np.random.default_rng(seed)
    n_runs = 5
    tables = []
    for t in scenario.tables:
        noisy = np.repeat(t.T[None], n_runs, axis=0)
        noisy[1:] += rng.choice([0.0, 0.0, 0.25, 1e-13], size=noisy[1:].shape)
        tables.append(noisy)
    d = np.repeat(scenario.disagreement_point[None], n_runs, axis=0)
    d[3:] += rng.choice([0.0, 0.5, -0.5], size=d[3:].shape)
    powers = rng.choice([0.5, 1.0, 2.0], size=d.shape)
    deal, certain = batch_best(tables, d, method=method, powers=powers)
    shape = scenario.shape
    for k in np.flatnonzero(certain):
        points = []
        for levels in itertools.product(*(range(n) for n in shape)):
            total = np.zeros(scenario.n_parties)
            for i, level in enumerate(levels):
                total = total + tables[i][k][:, level]
            points.append(tuple(total.tolist()))
        best, _ = solution_reference(method, points, d[k].tolist(), powers[k].tolist())
        assert deal[k] == (-1 if best is None else best)


# About 1e-150, 1e150 and 1e200, as powers of two: multiplying by them is exact, so any difference
# is the engine's. (With a factor such as 1e-150 itself, a frontier deal whose gain is exactly 0
# in one unit can come out at +7e-17 in the other and count as individually rational: it moves
# the Kalai-Smorodinsky ideal point. docs/algorithms.md, "Units".)
@pytest.mark.parametrize("c", [2.0**-498, 2.0**498, 2.0**664])
@pytest.mark.parametrize("method", BATCH_METHODS)
def test_sweeps_in_extreme_units_match_solve_issue_13(talks, method, c):
    """Values, link values and disagreement utilities times c: the same deals as in the original
    units (red lines, weights and powers as they are)."""
    scaled = dataclasses.replace(
        talks,
        parties=tuple(
            dataclasses.replace(
                p,
                values={k: [c * x for x in v] for k, v in p.values.items()},
                disagreement=c * p.disagreement,
            )
            for p in talks.parties
        ),
        links=tuple(dataclasses.replace(link, value=c * link.value) for link in talks.links),
    )
    grid = {"nato.disagreement": [c * x for x in (0.6, 0.8, 0.93, 0.97)]}
    r = sweep(scaled, grid=grid, method=method, progress=False)
    assert_matches_solve(scaled, r, method)
    plain = sweep(
        talks, grid={"nato.disagreement": [0.6, 0.8, 0.93, 0.97]}, method=method, progress=False
    )
    assert np.array_equal(r.levels, plain.levels) and np.array_equal(r.agreement, plain.agreement)


@settings(max_examples=15)
@given(
    scenarios(max_parties=3, max_issues=3, max_levels=4),
    st.sampled_from(["nash", "asymmetric-nash"]),
    st.integers(0, 2**32),
)
def test_batch_screen_tangent_path_agrees_with_the_reference(scenario, method, seed):
    """Past the first block of runs the Nash screen uses tangent bounds at earlier optima."""
    rng = np.random.default_rng(seed)
    n_runs = 150
    tables = []
    for t in scenario.tables:
        noisy = np.repeat(t.T[None], n_runs, axis=0)
        noisy += rng.choice([0.0, 0.0, 0.0, 0.125, 1e-13], size=noisy.shape)
        tables.append(noisy)
    d = np.repeat(scenario.disagreement_point[None], n_runs, axis=0)
    powers = rng.choice([0.5, 1.0, 2.0], size=d.shape)
    deal, certain = batch_best(tables, d, method=method, powers=powers)
    for k in np.flatnonzero(certain):
        points = []
        for levels in itertools.product(*(range(n) for n in scenario.shape)):
            total = np.zeros(scenario.n_parties)
            for i, level in enumerate(levels):
                total = total + tables[i][k][:, level]
            points.append(tuple(total.tolist()))
        best, _ = solution_reference(method, points, d[k].tolist(), powers[k].tolist())
        assert deal[k] == (-1 if best is None else best)


def _two_party_halves(
    rng: np.random.Generator, n_runs: int, n_left: int, n_right: int, coarse: bool
) -> Halves:
    """Random two-party halves: multiples of 1/2 in [-1.5, 1.5] (exact sums, ties) or normal."""

    def draw(n: int) -> np.ndarray:
        shape = (n_runs, 2, n)
        return rng.integers(-3, 4, size=shape) / 2.0 if coarse else rng.normal(size=shape)

    return Halves(draw(n_left), draw(n_right), np.zeros((n_runs, 2)))


@settings(max_examples=100)
@given(
    st.integers(1, 4),
    st.integers(1, 6),
    st.integers(1, 6),
    st.booleans(),
    st.integers(0, 2**32),
)
def test_two_party_ideal_bounds_are_the_definition(n_runs, n_left, n_right, coarse, seed):
    """The two-party ideal pass (sorted halves, no visit of every deal) equals the definition.

    Per run and party: the largest raised gain over deals whose two raised gains are > 0, and a
    deal reaching it; coarse values make ties in both halves and gains of exactly 0.
    """
    hv = _two_party_halves(np.random.default_rng(seed), n_runs, n_left, n_right, coarse)
    high, where = ideal_bounds(hv)
    gains = hv.left[:, :, :, None] + hv.right[:, :, None, :]  # (run, party, a, b)
    rational = np.all(gains > 0, axis=1).reshape(n_runs, -1)
    for p in range(2):
        masked = np.where(rational, gains[:, p].reshape(n_runs, -1), -np.inf)
        expected = masked.max(axis=1)
        assert high[:, p].tolist() == expected.tolist()
        found = np.isfinite(expected)
        reached = masked[np.arange(n_runs), where[:, p]]
        assert reached[found].tolist() == expected[found].tolist()


@settings(max_examples=150)
@given(
    st.integers(1, 4),
    st.integers(1, 7),
    st.integers(1, 7),
    st.booleans(),
    st.sampled_from(["egalitarian", "kalai-smorodinsky", "utilitarian"]),
    st.integers(0, 2**32),
)
def test_two_party_chain_screens_equal_the_full_pass(n_runs, n_left, n_right, coarse, method, seed):
    """The chain screens (binary searches along the right halves' Pareto chain) give the full
    pass's best score and runner-up, and its deal whenever the best is unique.

    Coarse halves (multiples of 1/2) and power-of-two weights make every sum and product exact,
    so the scores must be equal to the last bit; they also make ties, equal parts within a half,
    gains of exactly 0 and right halves beaten by others. Normal halves check the general case
    within rounding.
    """
    rng = np.random.default_rng(seed)
    hv = _two_party_halves(rng, n_runs, n_left, n_right, coarse)
    weights = None
    if method == "kalai-smorodinsky":
        weights = 2.0 ** rng.integers(-2, 3, size=(n_runs, 2)).astype(float)
    full = screen_scores(method, hv, weights)
    chain = pareto_chain(hv.right)
    if method == "utilitarian":
        found = max_sum(hv.left, hv.right, chain)
    else:
        found = max_min(hv.left, hv.right, chain, weights)
    best, top, second = found
    if coarse:
        assert top.tolist() == full[1].tolist()
        assert second.tolist() == full[2].tolist()
    else:
        np.testing.assert_allclose(top, full[1], rtol=1e-12)
        np.testing.assert_allclose(second, full[2], rtol=1e-12)
    unique = np.isfinite(full[1]) & (full[1] > full[2])
    assert best[unique].tolist() == full[0][unique].tolist()
