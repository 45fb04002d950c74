"""The disagreement point as the outcome of a game: :func:`threat_point` and :class:`ThreatResult`.

What each side gets if talks fail is the most contested input of a bargaining model. When a
scenario has a ``[threat_game]`` (:class:`bargain.ThreatGame`), :func:`threat_point` derives
the two players' disagreement utilities from it instead (other parties keep their fixed
``disagreement``):

- ``concept="nash-equilibrium"``: every Nash equilibrium of the game is computed
  (:func:`bargain.games.equilibria.nash_equilibria`; vertex enumeration up to 20 strategies in all,
  Lemke–Howson beyond) and one is chosen by the rule of :mod:`bargain.games.selection`
  (unique; payoff dominance; strictness and risk dominance; largest Nash product over the
  security levels; remaining ties reported), or by the user with ``equilibrium=index``.
- ``concept="optimal-threats"``: Nash's (1953) variable threats for two-party scenarios
  (:mod:`bargain.games.optimal_threats`): the optimal strategies of the zero-sum game ``h A - B`` on
  the edge (or vertex) of the lottery frontier where the solution lies consistently. The result
  also holds that solution: the Nash bargaining solution over lotteries from the threat point.

``bargain.solve(scenario, disagreement="threat-game")`` solves from this point.

Examples
--------
>>> from bargain import Issue, Party, Scenario, ThreatGame
>>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]})
>>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]})
>>> strike = ThreatGame(row="a", column="b", row_strategies=["strike", "work"],
...                     column_strategies=["lock out", "open"],
...                     row_payoffs=[[0.0, 0.3], [0.1, 0.4]],
...                     column_payoffs=[[0.0, -0.2], [0.1, 0.3]])
>>> cake = Scenario(name="cake", issues=[split], parties=[a, b], threat_game=strike)
>>> tp = threat_point(cake)
>>> tp.strategies, tp.disagreement
({'a': {'work': 1.0}, 'b': {'open': 1.0}}, {'a': 0.4, 'b': 0.3})
>>> ot = threat_point(cake, "optimal-threats")  # the zero-sum game A - B: value 0
>>> ot.strategies, ot.disagreement, ot.slope
({'a': {'strike': 1.0}, 'b': {'lock out': 1.0}}, {'a': 0.0, 'b': 0.0}, 1.0)
>>> ot.solution.utilities
{'a': 0.5, 'b': 0.5}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_type
from bargain._results import Labels
from bargain.errors import ScenarioError
from bargain.frontier.hull import hull_chain
from bargain.games.equilibria import ALGORITHMS, Equilibria, nash_equilibria
from bargain.games.optimal_threats import optimal_threats
from bargain.games.result import Equilibrium, ThreatResult
from bargain.games.selection import Selection, select_equilibrium
from bargain.model.scenario import Scenario
from bargain.model.threat_game import CONCEPTS, ThreatGame
from bargain.solutions.solve import solve_scenario

__all__ = ["threat_point"]

_RULE_WORDS = {
    "payoff-dominance": "payoff dominance (at least as good for both as any other)",
    "strictness": "strictness (the only strict equilibrium)",
    "risk-dominance": "risk dominance (the larger product of losses from deviating)",
    "security-nash-product": "the largest Nash product of gains over the security levels",
}


# ---------------------------------------------------------------------------------- building
def _strategy(names: tuple[str, ...], probabilities: NDArray[np.float64]) -> dict[str, float]:
    return {name: float(p) for name, p in zip(names, probabilities, strict=True) if p > 0}


def _equilibria(game: ThreatGame, eq: Equilibria) -> tuple[Equilibrium, ...]:
    out = []
    for e in range(len(eq)):
        out.append(
            Equilibrium(
                strategies={
                    game.row: _strategy(game.row_strategies, eq.row_strategies[e]),
                    game.column: _strategy(game.column_strategies, eq.column_strategies[e]),
                },
                payoffs={game.row: float(eq.payoffs[e, 0]), game.column: float(eq.payoffs[e, 1])},
                pure=eq.is_pure(e),
            )
        )
    return tuple(out)


def _user_choice(equilibrium: object, count: int) -> int:
    if isinstance(equilibrium, bool) or not isinstance(equilibrium, int | np.integer):
        raise ScenarioError(
            f"must be an index into the equilibria (0..{count - 1}), found "
            f"{type(equilibrium).__name__} {equilibrium!r}",
            key="equilibrium",
        )
    if not 0 <= int(equilibrium) < count:
        raise ScenarioError(
            f"is {int(equilibrium)}, but the game has {count} equilibri"
            f"{'um' if count == 1 else 'a'} (0..{count - 1})",
            key="equilibrium",
        )
    return int(equilibrium)


def _plural(count: int, word: str) -> str:
    if word == "equilibrium":
        return f"{count} Nash equilibri{'um' if count == 1 else 'a'}"
    return f"{count} {word}{'' if count == 1 else 's'}"


def _about(eq: Equilibria) -> str:
    how = eq.algorithm.replace("-", " ")
    if not eq.complete:
        return f" ({how}; other equilibria may exist)"
    note = f" ({how}, complete)"
    if eq.continuum:
        note += (
            ". The game is degenerate and has infinitely many equilibria: these are the extreme "
            "ones, and every mix between interchangeable ones is an equilibrium too"
        )
    elif eq.degenerate:
        note += ". The game is degenerate (a strategy has more best responses than its support)"
    return note


def _check(scenario: Scenario, concept: object, algorithm: object) -> tuple[ThreatGame, str]:
    check_type(scenario, Scenario, "scenario")
    game = scenario.threat_game
    if game is None:
        raise ScenarioError(
            "has no threat game: add a [threat_game] table to the scenario file (see "
            "'Threats and the disagreement point' in the README)",
            key=f"scenario {scenario.name!r}",
        )
    concept = CONCEPTS.lookup(game.concept if concept is None else concept).name
    ALGORITHMS.lookup(algorithm)
    if concept == "optimal-threats" and scenario.n_parties != 2:
        raise ScenarioError(
            f"needs a two-party scenario (Nash 1953 is a theory of two-person bargaining); "
            f"{scenario.name!r} has {scenario.n_parties} parties: use concept 'nash-equilibrium'",
            key="concept 'optimal-threats'",
        )
    return game, concept


@dataclass(frozen=True, slots=True)
class _Found:
    """What one concept found: the equilibria, the chosen one, the story, the slope."""

    equilibria: Equilibria
    choice: Selection
    message: str
    slope: float | None = None


def _by_equilibrium(
    scenario: Scenario, game: ThreatGame, equilibrium: int | None, algorithm: str
) -> _Found:
    """The breakdown game played non-cooperatively: its equilibria, one chosen."""
    a, b = game.row_matrix, game.column_matrix
    eq = nash_equilibria(a, b, algorithm=algorithm)
    if equilibrium is None:
        choice = select_equilibrium(a, b, eq)
    else:
        choice = Selection(_user_choice(equilibrium, len(eq)), "user")
    picked = _equilibria(game, eq)[choice.index]
    if choice.rule == "user":
        chosen = f"Equilibrium {choice.index} ({picked.describe()}) is the user's choice"
    elif len(eq) == 1:
        chosen = f"It is {picked.describe()}"
    else:
        chosen = (
            f"Equilibrium {choice.index} ({picked.describe()}) is chosen by "
            f"{_RULE_WORDS[choice.rule]}"
        )
    pays = ", ".join(f"{k} {v:.3g}" for k, v in picked.payoffs.items())
    message = (
        f"The threat game between {_who(scenario, game)} has "
        f"{_plural(len(eq), 'equilibrium')}{_about(eq)}. {chosen}; its payoffs ({pays}) are "
        f"their disagreement utilities."
    )
    if choice.ties:
        others = ", ".join(str(t) for t in choice.ties)
        which = f"Equilibria {others} are" if len(choice.ties) > 1 else f"Equilibrium {others} is"
        message += f" {which} exactly as good under this rule; pass equilibrium= to use another."
    return _Found(eq, choice, message)


def _by_optimal_threats(
    scenario: Scenario, game: ThreatGame, equilibrium: int | None, algorithm: str
) -> _Found:
    """Nash's (1953) optimal threats against the scenario's lottery frontier."""
    if scenario.space.empty:
        raise ScenarioError(
            f"needs deals to bargain over, and the red lines leave none. "
            f"{scenario.space.message} Use concept 'nash-equilibrium'",
            key="concept 'optimal-threats'",
        )
    vertices = hull_chain(scenario.space.tables).vertices
    if scenario.party_keys.index(game.row) == 1:
        vertices = vertices[::-1, ::-1]
    ot = optimal_threats(game.row_matrix, game.column_matrix, vertices, algorithm=algorithm)
    eq = ot.threats
    index = 0 if equilibrium is None else _user_choice(equilibrium, len(eq))
    choice = Selection(index, "minimax" if equilibrium is None else "user")
    picked = _equilibria(game, eq)[choice.index]
    who = _who(scenario, game)
    if ot.agreement:
        where = (
            f"edge {ot.index} of the lottery frontier (slope -{ot.slope:.4g})"
            if ot.piece == "edge"
            else f"vertex {ot.index} of the lottery frontier"
        )
        message = (
            f"Optimal threats (Nash 1953) of {who}: {picked.describe()}, the minimax "
            f"strategies of the zero-sum game h·A - B with h = {ot.slope:.4g}; the Nash "
            f"solution over lotteries from this threat point lies on {where}, consistently."
        )
    else:
        message = (
            f"Optimal threats (Nash 1953) of {who}: one side can guarantee itself more than "
            f"any agreement gives it, so no threat point leaves room for a deal; the threat "
            f"point is {picked.describe()}."
        )
    if len(eq) > 1:
        message += (
            f" {len(eq)} optimal threat pairs exist; they move the threat point along a "
            f"line of slope h but give the same solution."
        )
    return _Found(eq, choice, message, ot.slope)


def _who(scenario: Scenario, game: ThreatGame) -> str:
    names = {p.key: p.name for p in scenario.parties}
    return f"{names[game.row]} and {names[game.column]}"


def threat_point(
    scenario: Scenario,
    concept: str | None = None,
    *,
    equilibrium: int | None = None,
    algorithm: str = "auto",
) -> ThreatResult:
    """The disagreement point set by the scenario's threat game.

    Parameters
    ----------
    scenario
        A scenario with a ``threat_game``.
    concept
        ``"nash-equilibrium"`` or ``"optimal-threats"``; by default the game's own ``concept``.
    equilibrium
        Index (into ``equilibria``) of the equilibrium to use instead of the one the selection
        rule picks.
    algorithm
        ``"auto"``, ``"vertex-enumeration"``, ``"support-enumeration"`` or ``"lemke-howson"``
        (see :mod:`bargain.games.equilibria`).

    Returns
    -------
    ThreatResult
        The equilibria, the chosen one, the disagreement point it sets, and the Nash bargaining
        solution from that point (over lotteries for optimal threats, over deals otherwise).

    Raises
    ------
    ScenarioError
        When the scenario has no threat game, for an unknown concept or algorithm, for
        ``"optimal-threats"`` with more than two parties, or for a bad `equilibrium` index.

    Examples
    --------
    >>> from bargain import load_scenario
    >>> result = threat_point(load_scenario("russia-nato-2022"))
    >>> result.concept, sorted(result.disagreement) == ["nato", "russia"]
    ('nash-equilibrium', True)
    """
    game, concept = _check(scenario, concept, algorithm)
    run = _by_equilibrium if concept == "nash-equilibrium" else _by_optimal_threats
    found = run(scenario, game, equilibrium, algorithm)
    equilibria = _equilibria(game, found.equilibria)
    picked = equilibria[found.choice.index]
    disagreement = {p.key: float(p.disagreement) for p in scenario.parties}
    disagreement.update(picked.payoffs)
    point = np.array([disagreement[k] for k in scenario.party_keys])
    ones = np.ones(scenario.n_parties)
    lotteries = concept == "optimal-threats"
    solution = solve_scenario(scenario, "nash", point, ones, lotteries=lotteries)
    eq = found.equilibria
    return ThreatResult(
        scenario=scenario.name,
        concept=concept,
        row=game.row,
        column=game.column,
        equilibria=equilibria,
        chosen=found.choice.index,
        rule=found.choice.rule,
        ties=found.choice.ties,
        strategies={k: dict(v) for k, v in picked.strategies.items()},
        disagreement=disagreement,
        algorithm=eq.algorithm,
        complete=eq.complete,
        degenerate=eq.degenerate,
        continuum=eq.continuum,
        message=found.message,
        solution=solution,
        slope=found.slope,
        labels=Labels.of(scenario),
    )
