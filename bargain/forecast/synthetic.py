"""Synthetic data sets whose outcomes come from a known model plus noise.

:func:`synthetic_positions` draws proposals of a few issues each, actors with capabilities,
positions and saliences, reference points, and outcomes: the forecast of a chosen model plus a
normal error, clipped to the scale. A backtest on such data should find that model best; tests,
the notebooks and the benchmarks share these data sets.

What is drawn (all seeded by `rng`):

- capabilities: log-normal, median 1 (``exp(N(0, 0.75))``), one per actor;
- positions on 0-100: a third of the records at one end of the scale or the other, the rest
  uniform (real data sets pile up at the extremes);
- saliences: uniform on [0.1, 1]; each record missing with probability `missing`;
- reference points: uniform on 0-100 when `reference` is True;
- outcomes: ``model``'s forecast (its default options, or `options`) plus ``N(0, noise)``,
  clipped to 0-100.

Examples
--------
>>> data = synthetic_positions(n_proposals=5, n_actors=8, model="median", noise=2.0, rng=3)
>>> data.n_actors, len(data.proposals), bool(data.n_issues >= 5)
(8, 5, True)
>>> import numpy as np
>>> bool(np.all((data.outcome >= 0) & (data.outcome <= 100)))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain._checks import as_generator, check_count, check_number
from bargain.errors import ScenarioError
from bargain.forecast.models import check_options, run_model
from bargain.forecast.positions import Positions

__all__ = ["synthetic_positions"]


def synthetic_positions(
    *,
    n_proposals: int = 20,
    issues_per_proposal: tuple[int, int] = (1, 3),
    n_actors: int = 10,
    model: str = "compromise",
    noise: float = 5.0,
    reference: bool = True,
    missing: float = 0.0,
    rng: np.random.Generator | int | None = 0,
    options: dict[str, Any] | None = None,
) -> Positions:
    """A synthetic data set (see the module notes).

    Parameters
    ----------
    n_proposals
        Number of proposals.
    issues_per_proposal
        ``(fewest, most)`` issues per proposal, drawn uniformly.
    n_actors
        Number of actors (every actor takes part in every issue unless `missing` > 0).
    model, options
        The model whose forecasts (plus noise) are the outcomes, and its options.
    noise
        Standard deviation of the outcomes' error, in points.
    reference
        Draw reference points.
    missing
        Probability that an actor does not take part in an issue (one actor always does).
    rng
        Seed or Generator.
    """
    n_proposals = check_count(n_proposals, "n_proposals")
    n_actors = check_count(n_actors, "n_actors")
    low_n, high_n = (check_count(v, "issues_per_proposal") for v in issues_per_proposal)
    if low_n > high_n:
        raise ScenarioError(
            f"must be (fewest, most), found {issues_per_proposal!r}", key="issues_per_proposal"
        )
    noise = check_number(noise, "noise")
    missing = check_number(missing, "missing")
    if noise < 0 or not 0 <= missing < 1:
        raise ScenarioError(
            f"noise must be >= 0 and missing in [0, 1), found {noise}, {missing}", key="noise"
        )
    gen = as_generator(rng)
    counts = gen.integers(low_n, high_n + 1, size=n_proposals)
    n_issues = int(counts.sum())
    proposal = tuple(f"P{g + 1:03d}" for g, k in enumerate(counts) for _ in range(int(k)))
    issues = tuple(
        f"{p}-{j + 1}"
        for p, k in zip(dict.fromkeys(proposal), counts, strict=True)
        for j in range(int(k))
    )
    capability = np.exp(gen.normal(0.0, 0.75, size=n_actors))
    position = gen.uniform(0.0, 100.0, size=(n_issues, n_actors))
    extreme = gen.random((n_issues, n_actors)) < 1 / 3
    ends = np.where(gen.random((n_issues, n_actors)) < 0.5, 0.0, 100.0)
    position = np.where(extreme, ends, position)
    salience = gen.uniform(0.1, 1.0, size=(n_issues, n_actors))
    absent = gen.random((n_issues, n_actors)) < missing
    keep = gen.integers(0, n_actors, size=n_issues)
    absent[np.arange(n_issues), keep] = False
    position[absent] = np.nan
    salience[absent] = np.nan
    ref = gen.uniform(0.0, 100.0, size=n_issues) if reference else np.full(n_issues, np.nan)
    data = Positions(
        issues=issues,
        actors=tuple(f"A{a + 1:02d}" for a in range(n_actors)),
        position=position,
        salience=salience,
        actor_capability=capability,
        proposal=proposal,
        reference=ref,
    )
    truth = run_model(data, model, check_options(model, options or {})).predicted
    outcome = np.clip(truth + gen.normal(0.0, noise, size=n_issues), 0.0, 100.0)
    return Positions(
        issues=data.issues,
        actors=data.actors,
        position=data.position,
        salience=data.salience,
        actor_capability=data.actor_capability,
        proposal=data.proposal,
        reference=data.reference,
        outcome=outcome,
    )
