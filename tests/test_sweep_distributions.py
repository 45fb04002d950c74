"""Distributions of sweeps: means, bounds, relative draws, validation, parsing."""

from __future__ import annotations

import dataclasses
import math
import pickle

import numpy as np
import pytest

from bargain import Dirichlet, Normal, ScenarioError, TruncatedNormal, Uniform
from bargain.sweeps.distributions import parse_distribution

N = 40_000


def _draws(dist, current):
    return dist.sample(np.random.default_rng(7), N, current)


@pytest.mark.parametrize(
    ("dist", "current"),
    [
        (Uniform(0.1, 0.4), 0.75),
        (Uniform(-0.1, 0.1, relative=True), 0.75),
        (Normal(0.3, 0.05), 0.0),
        (Normal(0.0, 0.05, relative=True), 0.75),
        (TruncatedNormal(0.5, 0.2, 0.0, 1.0), 0.0),
        (TruncatedNormal(0.0, 0.3, 0.0, 0.2), 0.0),  # mass piled on one side
        (TruncatedNormal(0.0, 1.0, 3.0, 4.0), 0.0),  # far in the upper tail
        (TruncatedNormal(0.0, 1.0, -9.0, -8.0), 0.0),  # far in the lower tail
        (TruncatedNormal(0.0, 0.1, -0.2, math.inf, relative=True), 0.5),
    ],
)
def test_scalar_means_and_bounds(dist, current):
    x = _draws(dist, current)
    assert x.shape == (N,)
    low, high = dist.support(current)
    assert np.all(x >= low) and np.all(x <= high)
    sd = float(np.std(x))
    assert abs(float(np.mean(x)) - dist.expectation(current)) < 5 * sd / math.sqrt(N) + 1e-12


def test_relative_means_shift_by_current():
    assert Uniform(-0.1, 0.1, relative=True).support(0.75) == pytest.approx((0.65, 0.85))
    assert Normal(0, 0.05, relative=True).expectation(0.75) == 0.75
    assert Normal(0, 0.05).expectation(0.75) == 0.0
    t = TruncatedNormal(0, 0.1, -0.2, 0.2, relative=True)
    assert t.support(0.5) == pytest.approx((0.3, 0.7))
    assert t.expectation(0.5) == pytest.approx(0.5)


def test_truncated_normal_matches_the_textbook_mean():
    # E[X | a < X < b] for a standard normal on [0, inf) is sqrt(2 / pi).
    assert TruncatedNormal(0, 1, 0, math.inf).expectation(0.0) == pytest.approx(
        math.sqrt(2 / math.pi)
    )
    assert TruncatedNormal(0, 1, -math.inf, 0).expectation(0.0) == pytest.approx(
        -math.sqrt(2 / math.pi)
    )


def test_dirichlet_is_centred_on_current_weights():
    w = np.array([0.5, 0.3, 0.0, 0.2]) * 2.0  # total 2, a zero weight
    x = _draws(Dirichlet(50), w)
    assert x.shape == (N, 4)
    np.testing.assert_allclose(x.sum(axis=1), 2.0)
    assert np.all(x[:, 2] == 0.0) and np.all(x >= 0)
    np.testing.assert_allclose(x.mean(axis=0), w, atol=0.005)
    m = w / w.sum()
    np.testing.assert_allclose(x.std(axis=0), 2.0 * np.sqrt(m * (1 - m) / 51), rtol=0.03)
    tight = _draws(Dirichlet(5000), w)
    assert np.all(tight.std(axis=0) < x.std(axis=0) + 1e-12)
    one = _draws(Dirichlet(5), np.array([0.0, 0.7]))
    np.testing.assert_array_equal(one, np.tile([0.0, 0.7], (N, 1)))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Uniform(0.4, 0.1), "Uniform high must be > low"),
        (lambda: Uniform(0.1, 0.1), "Uniform high must be > low"),
        (lambda: Uniform(0, math.inf), "Uniform high must be a finite number"),
        (lambda: Uniform("a", 1), "Uniform low must be a number"),
        (lambda: Normal(0, 0), "Normal sd must be > 0"),
        (lambda: Normal(0, -1), "Normal sd must be > 0"),
        (lambda: Normal(math.nan, 1), "Normal mean must be a finite number"),
        (lambda: TruncatedNormal(0, 1, 1, 0), "TruncatedNormal high must be > low"),
        (lambda: TruncatedNormal(0, 0, 0, 1), "TruncatedNormal sd must be > 0"),
        (lambda: Dirichlet(0), "Dirichlet concentration must be > 0"),
        (lambda: Dirichlet(True), "Dirichlet concentration must be a number"),
    ],
)
def test_invalid_arguments(make, message):
    with pytest.raises(ScenarioError, match=message):
        make()


def test_dirichlet_needs_weights():
    with pytest.raises(ScenarioError, match="positive total"):
        Dirichlet(10).sample(np.random.default_rng(0), 3, np.zeros(3))
    with pytest.raises(ScenarioError, match="weight vector"):
        Dirichlet(10).support(0.5)


@pytest.mark.parametrize(
    "dist",
    [Uniform(0.1, 0.4), Normal(0, 1, relative=True), TruncatedNormal(0, 1, -1, 1), Dirichlet(3)],
)
def test_frozen_picklable_serialisable(dist):
    assert pickle.loads(pickle.dumps(dist)) == dist
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(dist, dataclasses.fields(dist)[0].name, 3.0)
    assert dist.to_dict()["distribution"] == type(dist).__name__


def test_parse():
    assert parse_distribution("dirichlet(50)") == Dirichlet(50)
    assert parse_distribution("uniform(0.1,0.4)") == Uniform(0.1, 0.4)
    assert parse_distribution(" Normal( 0 , 0.05 ) ", relative=True) == Normal(0, 0.05, True)
    assert parse_distribution("truncnormal(0.5, 0.1, 0, inf)") == TruncatedNormal(
        0.5, 0.1, 0, math.inf
    )
    assert parse_distribution("truncated_normal(0, 1, -1, 1)") == TruncatedNormal(0, 1, -1, 1)
    for text, message in [
        ("uniform(0.4, 0.1)", "high must be > low"),
        ("uniform(0.1)", r"takes 2 number\(s\) \(low, high\), found 1"),
        ("normal(0, x)", "sd must be a number, found 'x'"),
        ("dirichlet", "must look like NAME"),
        ("unifrom(0, 1)", "did you mean 'uniform'"),
        ("dirichlet(-1)", "must be > 0"),
    ]:
        with pytest.raises(ScenarioError, match=message):
            parse_distribution(text)
    with pytest.raises(ScenarioError, match="centred on the current weights"):
        parse_distribution("dirichlet(5)", relative=True)
