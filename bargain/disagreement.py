"""The disagreement point and the bargaining powers of one call, resolved to arrays.

``disagreement`` may be a ``{party_key: utility}`` mapping (parties not named keep the
scenario's value) or one number per party; ``powers`` likewise (each > 0). A string names a
*rule* that computes the disagreement point from the scenario; the rules are registered in
:data:`RULES`. The rule ``"threat-game"`` takes the disagreement point from the scenario's
``[threat_game]`` (see :func:`bargain.threat_point`). This module sits above the games layer and
below the public API, so that the frontier and solution kernels never start the threat machinery
themselves.

Examples
--------
>>> from bargain import Issue, Party, Scenario
>>> x = Issue("x", "", ["a", "b"])
>>> s = Scenario(name="s", issues=[x], parties=[Party("p", "", values={"x": [0, 1]}),
...                                             Party("q", "", values={"x": [1, 0]})])
>>> resolve_disagreement(s, {"q": 0.25}).tolist()
[0.0, 0.25]
>>> resolve_disagreement(s, "threat game")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
bargain.errors.ScenarioError: disagreement rule 'threat game' is not a disagreement rule; ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_number, per_party
from bargain._registry import Choice, Registry
from bargain.errors import ScenarioError
from bargain.games.threat_point import threat_point
from bargain.model.scenario import Scenario

__all__ = ["RULES", "resolve_disagreement", "resolve_powers"]

Rule = Callable[[Scenario], NDArray[np.float64]]


def _threat_game_rule(scenario: Scenario) -> NDArray[np.float64]:
    d = threat_point(scenario).disagreement
    return np.array([d[k] for k in scenario.party_keys], dtype=np.float64)


#: Named rules computing a disagreement point from a scenario.
RULES: Registry[Rule] = Registry(
    "disagreement rule",
    [
        Choice(
            "threat-game",
            "the payoffs of the scenario's threat game (see 'bargain threat')",
            _threat_game_rule,
        )
    ],
)


def _numbers(
    scenario: Scenario, value: Any, name: str, default: NDArray[np.float64]
) -> NDArray[np.float64]:
    keys = scenario.party_keys
    out = default.astype(np.float64).copy()
    for key, x in per_party(keys, value, name):
        out[keys.index(key)] = check_number(x, f"{name}[{key!r}]")
    return out


def resolve_disagreement(scenario: Scenario, disagreement: Any = None) -> NDArray[np.float64]:
    """The disagreement point to use: the scenario's, overridden by `disagreement`."""
    if disagreement is None:
        return scenario.disagreement_point
    if isinstance(disagreement, str):
        return np.asarray(RULES.lookup(disagreement).run(scenario), dtype=np.float64)
    return _numbers(scenario, disagreement, "disagreement", scenario.disagreement_point)


def resolve_powers(scenario: Scenario, powers: Any = None) -> NDArray[np.float64]:
    """The bargaining powers to use: each party's ``power``, overridden by `powers` (each > 0)."""
    if powers is None:
        return scenario.powers
    out = _numbers(scenario, powers, "powers", scenario.powers)
    bad = np.flatnonzero(out <= 0)
    if bad.size:
        key = scenario.party_keys[int(bad[0])]
        raise ScenarioError(f"must be > 0, found {out[bad[0]]} for {key!r}", key="powers")
    return out
