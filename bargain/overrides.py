"""Arguments that override a scenario's numbers in one call: disagreement point and powers.

``disagreement`` may be a ``{party_key: utility}`` mapping (parties not named keep the
scenario's value) or an array of one number per party; ``powers`` likewise (each > 0). A string
names a *rule* that computes the disagreement point from the scenario; rules are registered in
:data:`DISAGREEMENT_RULES`. The built-in rule ``"threat-game"`` takes the disagreement point from
the scenario's ``[threat_game]`` (see :func:`bargain.threat_point`).

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
bargain.errors.ScenarioError: disagreement 'threat game' ... (did you mean 'threat-game'?); ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.errors import ScenarioError
from bargain.model import Scenario, check_number, suggest

__all__ = ["DISAGREEMENT_RULES", "resolve_disagreement", "resolve_powers"]


def _threat_game_rule(scenario: Scenario) -> NDArray[np.float64]:
    from bargain.threats import threat_point  # the threat machinery loads only when asked for

    d = threat_point(scenario).disagreement
    return np.array([d[k] for k in scenario.party_keys], dtype=np.float64)


#: Named rules computing a disagreement point, ``name -> f(scenario) -> (n_parties,) array``.
DISAGREEMENT_RULES: dict[str, Callable[[Scenario], NDArray[np.float64]]] = {
    "threat-game": _threat_game_rule,
}


def _per_party(
    scenario: Scenario, value: Any, name: str, default: NDArray[np.float64]
) -> NDArray[np.float64]:
    keys = scenario.party_keys
    out = default.astype(np.float64).copy()
    if isinstance(value, Mapping):
        for key, x in value.items():
            if key not in keys:
                raise ScenarioError(
                    f"names {key!r}, which is not a party; {suggest(str(key), keys)}", key=name
                )
            out[keys.index(key)] = check_number(x, f"{name}[{key!r}]")
        return out
    if isinstance(value, bytes) or not isinstance(value, list | tuple | np.ndarray):
        raise ScenarioError(
            f"must be a mapping of party -> number or one number per party, "
            f"found {type(value).__name__}",
            key=name,
        )
    arr = np.asarray(value, dtype=object)
    if arr.shape != (len(keys),):
        raise ScenarioError(
            f"must have one number per party ({len(keys)}: {', '.join(keys)}), "
            f"found shape {arr.shape}",
            key=name,
        )
    return np.array([check_number(x, f"{name}[{j}]") for j, x in enumerate(arr)], dtype=np.float64)


def resolve_disagreement(scenario: Scenario, disagreement: Any = None) -> NDArray[np.float64]:
    """The disagreement point to use: the scenario's, overridden by `disagreement`."""
    base = scenario.disagreement_point
    if disagreement is None:
        return base
    if isinstance(disagreement, str):
        rule = DISAGREEMENT_RULES.get(disagreement)
        if rule is None:
            known = suggest(disagreement, DISAGREEMENT_RULES)
            raise ScenarioError(
                f"is not a known rule ({known}); give a mapping of party -> utility or one "
                f"number per party",
                key=f"disagreement {disagreement!r}",
            )
        return np.asarray(rule(scenario), dtype=np.float64)
    return _per_party(scenario, disagreement, "disagreement", base)


def resolve_powers(scenario: Scenario, powers: Any = None) -> NDArray[np.float64]:
    """The bargaining powers to use: each party's ``power``, overridden by `powers` (each > 0)."""
    base = scenario.powers
    if powers is None:
        return base
    out = _per_party(scenario, powers, "powers", base)
    bad = np.flatnonzero(out <= 0)
    if bad.size:
        key = scenario.party_keys[int(bad[0])]
        raise ScenarioError(f"must be > 0, found {out[bad[0]]} for {key!r}", key="powers")
    return out
