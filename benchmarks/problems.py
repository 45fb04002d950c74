"""Seeded random scenarios for the benchmarks.

Value model (stated, so the figures can be reproduced and compared):

- ``"opposed"`` (two parties): on every issue the parties pull opposite ways. Party 0's values of
  the levels are ``L`` uniform(0, 1) draws sorted increasing, party 1's are ``L`` fresh draws
  sorted decreasing; each party weighs each issue by its own uniform(0, 1) weight. This gives
  frontiers of the size the engine was specified against (about 2 x 10**4 points at 64 x 11,
  7 x 10**4 at 128 x 11).
- ``"simplex"`` (any number of parties): each level splits one unit of value among the
  parties, uniformly on the simplex (Dirichlet(1, ..., 1)); each party weighs each issue by a
  uniform(0, 1) weight. Every level is Pareto-optimal within its issue, so frontiers are large
  (about 10**4 points for three parties at 8 x 11).

Disagreement utilities are 0 for everyone.
"""

from __future__ import annotations

import numpy as np

from bargain import Issue, Party, Scenario


def random_scenario(
    n_issues: int, n_levels: int, n_parties: int = 2, *, model: str = "opposed", seed: int = 0
) -> Scenario:
    """A reproducible random scenario of the given size (see the module's value models)."""
    rng = np.random.default_rng(seed)
    values = np.empty((n_parties, n_issues, n_levels))
    for i in range(n_issues):
        if model == "opposed":
            if n_parties != 2:
                raise ValueError("the 'opposed' model has two parties")
            values[0, i] = np.sort(rng.random(n_levels))
            values[1, i] = np.sort(rng.random(n_levels))[::-1]
        elif model == "simplex":
            values[:, i, :] = rng.dirichlet(np.ones(n_parties), size=n_levels).T
        else:
            raise ValueError(f"unknown model {model!r}")
    weights = rng.random((n_parties, n_issues))
    issues = [Issue(f"i{i}", "", [f"l{j}" for j in range(n_levels)]) for i in range(n_issues)]
    parties = [
        Party(
            f"p{p}",
            "",
            values={f"i{i}": values[p, i].tolist() for i in range(n_issues)},
            weights={f"i{i}": float(weights[p, i]) for i in range(n_issues)},
        )
        for p in range(n_parties)
    ]
    return Scenario(
        name=f"random-{model}-{n_issues}x{n_levels}x{n_parties}", issues=issues, parties=parties
    )
