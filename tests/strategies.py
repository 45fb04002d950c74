"""Hypothesis strategies for scenarios, shared by every test module."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from bargain import Issue, Link, Party, Scenario, ThreatGame
from bargain.model.threat_game import CONCEPTS

# Values on a coarse grid produce many exact ties; a few awkward floats keep rounding honest.
VALUES = st.one_of(
    st.integers(min_value=0, max_value=8).map(lambda x: x / 8),
    st.floats(min_value=-1.0, max_value=2.0, allow_nan=False, allow_infinity=False, width=32),
)
WEIGHTS = st.one_of(
    st.just(1.0),
    st.integers(min_value=0, max_value=4).map(lambda x: x / 4),
    st.floats(min_value=0.0, max_value=3.0, width=32),
)
DISAGREEMENT = st.one_of(st.just(0.0), st.integers(min_value=-4, max_value=8).map(lambda x: x / 4))


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    min_parties: int = 2,
    max_parties: int = 4,
    min_issues: int = 1,
    max_issues: int = 8,
    min_levels: int = 2,
    max_levels: int = 6,
    text: bool = False,
    threat_game: bool = False,
) -> Scenario:
    """Random valid scenarios. With ``text=True`` names and notes are arbitrary Unicode.

    With ``threat_game=True`` some scenarios have a threat game between two of their parties.
    """
    n_parties = draw(st.integers(min_parties, max_parties))
    n_issues = draw(st.integers(min_issues, max_issues))
    shape = [draw(st.integers(min_levels, max_levels)) for _ in range(n_issues)]
    label = st.text(max_size=12) if text else st.sampled_from(["", "x", "Art. 5"])
    issues = []
    for i, n in enumerate(shape):
        levels = [f"level {j}" for j in range(n)]
        if text:
            levels = draw(
                st.lists(st.text(min_size=1, max_size=8), min_size=n, max_size=n, unique=True)
            )
        issues.append(Issue(f"i{i}", draw(label), levels, draw(label)))
    parties = []
    for p in range(n_parties):
        values = {
            f"i{i}": draw(st.lists(VALUES, min_size=n, max_size=n)) for i, n in enumerate(shape)
        }
        weights = {f"i{i}": draw(WEIGHTS) for i in range(n_issues) if draw(st.booleans())}
        parties.append(
            Party(
                f"p{p}",
                draw(label),
                values=values,
                weights=weights,
                disagreement=draw(DISAGREEMENT),
                power=draw(st.sampled_from([1.0, 0.5, 2.0])),
                discount=draw(st.sampled_from([1.0, 0.9, 0.5])),
            )
        )
    game = None
    if threat_game and draw(st.booleans()):
        row, column = draw(st.permutations([p.key for p in parties]))[:2]
        game = draw(threat_games(row, column, text=text, two_parties=n_parties == 2))
    return Scenario(
        name="generated",
        issues=issues,
        parties=parties,
        title=draw(label),
        description=draw(label),
        notes=draw(label),
        sources=draw(st.lists(label, max_size=2)),
        threat_game=game,
    )


@st.composite
def threat_games(
    draw: st.DrawFn, row: str, column: str, *, text: bool = False, two_parties: bool = True
) -> ThreatGame:
    """Random valid threat games between parties `row` and `column` (1 to 4 strategies each).

    ``two_parties=False``: for a scenario with more parties, so never ``"optimal-threats"``.
    """
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    name = (
        st.text(min_size=1, max_size=8).filter(lambda x: bool(x.strip()))
        if text
        else st.sampled_from(["escalate", "hold", "de-escalate", "sanctions", "none", "s 6"])
    )
    matrix = st.lists(st.lists(VALUES, min_size=n, max_size=n), min_size=m, max_size=m)
    return ThreatGame(
        row=row,
        column=column,
        row_strategies=draw(st.lists(name, min_size=m, max_size=m, unique=True)),
        column_strategies=draw(st.lists(name, min_size=n, max_size=n, unique=True)),
        row_payoffs=draw(matrix),
        column_payoffs=draw(matrix),
        concept=draw(st.sampled_from(CONCEPTS.names if two_parties else CONCEPTS.names[:1])),
    )


# Values and weights on binary grids: every sum is exact, so ties are exact too.
GRID = st.integers(min_value=-4, max_value=8).map(lambda x: x / 8)


@st.composite
def exact_scenarios(
    draw: st.DrawFn,
    *,
    min_parties: int = 2,
    max_parties: int = 4,
    max_issues: int = 4,
    max_levels: int = 4,
) -> Scenario:
    """Scenarios whose utilities add up without rounding (values k/8, weights k/4)."""
    n_parties = draw(st.integers(min_parties, max_parties))
    shape = draw(st.lists(st.integers(2, max_levels), min_size=1, max_size=max_issues))
    issues = [Issue(f"i{i}", "", [f"l{j}" for j in range(n)]) for i, n in enumerate(shape)]
    parties = [
        Party(
            f"p{p}",
            "",
            values={
                f"i{i}": draw(st.lists(GRID, min_size=n, max_size=n)) for i, n in enumerate(shape)
            },
            weights={f"i{i}": draw(st.integers(0, 8)) / 4 for i in range(len(shape))},
            disagreement=draw(st.integers(-4, 8)) / 8,
            power=draw(st.sampled_from([1.0, 0.5, 2.0])),
        )
        for p in range(n_parties)
    ]
    return Scenario(name="exact", issues=issues, parties=parties)


@st.composite
def structured_scenarios(
    draw: st.DrawFn,
    *,
    min_parties: int = 2,
    max_parties: int = 3,
    max_issues: int = 4,
    max_levels: int = 4,
    exact: bool = True,
    adjacent: bool = False,
) -> Scenario:
    """Scenarios with red lines and links (values on binary grids when `exact`).

    Each party red-lines a random set of levels of some issues (every level of an issue, across
    parties, now and then: no deal is possible); zero to three links tie two or three issues
    (adjacent ones when `adjacent`), with values that may be negative.
    """
    if exact:
        base = draw(
            exact_scenarios(
                min_parties=min_parties,
                max_parties=max_parties,
                max_issues=max_issues,
                max_levels=max_levels,
            )
        )
    else:
        base = draw(
            scenarios(
                min_parties=min_parties,
                max_parties=max_parties,
                max_issues=max_issues,
                max_levels=max_levels,
            )
        )
    issues = base.issues
    parties = []
    for party in base.parties:
        red: dict[str, list[str]] = {}
        for issue in issues:
            if draw(st.integers(0, 3)) == 0:
                chosen = draw(st.lists(st.sampled_from(issue.levels), max_size=issue.n_levels - 1))
                if chosen:
                    red[issue.key] = sorted(set(chosen), key=issue.levels.index)
        parties.append(dataclasses.replace(party, red_lines=red))
    if draw(st.integers(0, 5)) == 0:  # two parties' red lines collide on an issue: no deal
        issue = draw(st.sampled_from(list(issues)))
        first, second = parties[0], parties[1]
        parties[0] = dataclasses.replace(
            first, red_lines={**first.red_lines, issue.key: list(issue.levels[:-1])}
        )
        parties[1] = dataclasses.replace(
            second, red_lines={**second.red_lines, issue.key: [issue.levels[-1]]}
        )
    links = []
    if len(issues) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            size = draw(st.integers(2, min(3, len(issues))))
            if adjacent:
                first = draw(st.integers(0, len(issues) - size))
                chosen_issues = list(issues[first : first + size])
            else:
                chosen_issues = draw(st.permutations(list(issues)))[:size]
            levels = {i.key: draw(st.sampled_from(i.levels)) for i in chosen_issues}
            value = draw(GRID) if exact else draw(VALUES)
            links.append(Link(draw(st.sampled_from(parties)).key, levels, value))
    return dataclasses.replace(base, parties=tuple(parties), links=tuple(links))
