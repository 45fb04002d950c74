"""Hypothesis strategies for scenarios, shared by every test module."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from bargain import Issue, Link, Party, Scenario, ThreatGame
from bargain.model.threat_game import CONCEPTS
from bargain.testing import deal_utilities, every_deal

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


# ----------------------------------------------------------------------------- the hard cases
#: The kinds of scenario :func:`hard_scenarios` draws; each scenario is named after its kind.
CASES = (
    "ties",
    "symmetric",
    "degenerate",
    "one-deal",
    "no-deal",
    "lottery-only",
    "many-points",
    "floats",
)
# Five values: exact ties everywhere (every sum of these is exact in binary floating point).
COARSE = st.integers(min_value=0, max_value=4).map(lambda x: x / 4)
COARSE_WEIGHTS = st.sampled_from([1.0, 1.0, 2.0, 0.5])
POWERS = st.sampled_from([1.0, 0.5, 2.0, 3.0])
DEGENERACIES = ("identical parties", "indifferent party", "flat issue", "copied party")


def _with(
    issues: list[Issue],
    values: list[dict[str, list[float]]],
    weights: list[dict[str, float]],
    disagreement: list[float],
    powers: list[float],
    name: str,
) -> Scenario:
    parties = [
        Party(f"p{p}", "", values=v, weights=w, disagreement=d, power=q)
        for p, (v, w, d, q) in enumerate(zip(values, weights, disagreement, powers, strict=True))
    ]
    return Scenario(name=name, issues=issues, parties=parties)


@st.composite
def hard_scenarios(
    draw: st.DrawFn,
    *,
    cases: tuple[str, ...] = CASES,
    min_parties: int = 2,
    max_parties: int = 3,
    unequal_powers: bool = False,
) -> Scenario:
    """Scenarios that reach the hard cases, named after their kind (see :data:`CASES`).

    - ``"ties"``: values on a coarse grid (0, 1/4, ..., 1) and weights 1/2, 1 or 2, so many deals
      tie exactly, in utilities and in every criterion.
    - ``"symmetric"``: coarse values, and the parties mirror each other with the same weights and
      disagreement utility: two parties value level ``j`` as the other values level
      ``n - 1 - j``; three parties have three levels per issue and party ``p`` values level ``j``
      as party 0 values level ``j + p`` (cyclically). Optimal utility vectors come in permuted
      copies, so different optimal deals tie exactly.
    - ``"bottleneck"``: coarse values; the last party cares only about the first issue (and
      gains little), the others trade on the rest: many deals share the worst-off party's best,
      and the total then depends on how the others split.
    - ``"degenerate"``: identical parties (a one-point frontier), a party indifferent to
      everything, an issue nobody cares about (many deals per utility vector), or a party that is
      a copy of another.
    - ``"one-deal"``: the disagreement point just below a Pareto-optimal deal: one utility vector
      is individually rational.
    - ``"no-deal"``: some party's disagreement utility is its best utility: nothing is rational.
    - ``"lottery-only"``: the disagreement point is the mean of the two parties' favourite deals,
      so often no deal is rational but a lottery is.
    - ``"many-points"``: opposed (two parties) or random (three) float values: dozens of
      Pareto-optimal deals.
    - ``"floats"``: arbitrary floats, as :func:`scenarios` draws them.

    Deal spaces stay at or below 256 deals, so the oracles of :mod:`bargain.testing` are quick.
    With ``unequal_powers=True`` the parties' bargaining powers are never all equal (except in
    ``"symmetric"`` scenarios, where they always are).
    """
    case = draw(st.sampled_from(cases))
    k = draw(st.integers(min_parties, max_parties))
    if case == "many-points":
        shape = draw(st.lists(st.integers(3, 4), min_size=3, max_size=4 if k == 2 else 3))
    elif case == "symmetric" and k > 2:
        shape = [k] * draw(st.integers(1, 3))
    else:
        shape = draw(st.lists(st.integers(2, 4), min_size=1, max_size=3))
    issues = [Issue(f"i{i}", "", [f"l{j}" for j in range(n)]) for i, n in enumerate(shape)]
    keys = [f"i{i}" for i in range(len(shape))]
    floats = st.floats(0.0, 1.0, allow_nan=False, width=32)
    values: list[dict[str, list[float]]] = []
    weights: list[dict[str, float]] = []
    for p in range(k):
        if case == "many-points":
            v = {}
            for key, n in zip(keys, shape, strict=True):
                column = draw(st.lists(floats, min_size=n, max_size=n, unique=True))
                v[key] = sorted(column, reverse=(k == 2 and p == 1)) if k == 2 else column
            values.append(v)
            weights.append({key: draw(st.floats(0.125, 1.0, width=32)) for key in keys})
        elif case == "floats":
            values.append(
                {
                    key: draw(st.lists(VALUES, min_size=n, max_size=n))
                    for key, n in zip(keys, shape, strict=True)
                }
            )
            weights.append({key: draw(WEIGHTS) for key in keys if draw(st.booleans())})
        else:
            values.append(
                {
                    key: draw(st.lists(COARSE, min_size=n, max_size=n))
                    for key, n in zip(keys, shape, strict=True)
                }
            )
            weights.append({key: draw(COARSE_WEIGHTS) for key in keys if draw(st.booleans())})
    if case == "bottleneck":
        values[-1] = {
            key: [x / 4 for x in v] if key == keys[0] else [0.0] * len(v)
            for key, v in values[-1].items()
        }
        weights[-1] = {}
    if case == "symmetric":
        if k == 2:
            values = [values[0], {key: v[::-1] for key, v in values[0].items()}]
        else:
            values = [
                {key: [v[(j + p) % len(v)] for j in range(len(v))] for key, v in values[0].items()}
                for p in range(k)
            ]
        weights = [weights[0]] * k
        symmetric_powers = True
    else:
        symmetric_powers = False
    if case == "degenerate":
        kind = draw(st.sampled_from(DEGENERACIES))
        if kind == "identical parties":
            values = [values[0]] * k
            weights = [weights[0]] * k
        elif kind == "indifferent party":
            who = draw(st.integers(0, k - 1))
            values[who] = {key: [0.5] * n for key, n in zip(keys, shape, strict=True)}
        elif kind == "flat issue":
            flat = draw(st.sampled_from(keys))
            for v in values:
                v[flat] = [v[flat][0]] * len(v[flat])
        else:
            values[-1], weights[-1] = values[0], weights[0]
    powers = [draw(POWERS) for _ in range(k)]
    if symmetric_powers:
        powers = [powers[0]] * k
    elif unequal_powers and len(set(powers)) == 1:
        powers[0] = 1.0 if powers[0] != 1.0 else 2.0
    scenario = _with(issues, values, weights, [0.0] * k, powers, case)
    deals = every_deal(scenario)
    u = [deal_utilities(scenario, deal) for deal in deals]
    low = [min(row[p] for row in u) for p in range(k)]
    high = [max(row[p] for row in u) for p in range(k)]
    if case == "one-deal":
        # The deal maximising a positive weighted sum is Pareto-optimal; sit just below it.
        c = [draw(st.integers(1, 3)) for _ in range(k)]
        target = max(u, key=lambda row: sum(ci * x for ci, x in zip(c, row, strict=True)))
        d = [x - 1 / 64 for x in target]
    elif case == "no-deal":
        who = draw(st.integers(0, k - 1))
        d = [high[p] if p == who else low[p] - 1 for p in range(k)]
    elif case == "lottery-only":
        best = [max(u, key=lambda row, p=p: (row[p], [-x for x in row])) for p in range(k)]
        d = [sum(row[p] for row in best) / k for p in range(k)]
    else:
        # From well below every deal to the middle of the range: some deals rational, some not.
        share = draw(st.sampled_from([-0.25, 0.0, 0.25, 0.5]))
        d = [lo + share * (hi - lo) for lo, hi in zip(low, high, strict=True)]
        if case == "symmetric":
            d = [min(d)] * k
    return _with(issues, values, weights, d, powers, case)


@st.composite
def two_party_frontiers(draw: st.DrawFn) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """A sorted two-party frontier (rows) and a disagreement point below every row.

    Rows go up in the first party's utility and down in the second's, every value a multiple
    of 1/8 (sums, differences and products exact); small integer ranges make Nash products tie
    often (2 * 6 = 3 * 4), the larger ones reach frontiers of up to 40 rows (several blocks of
    a range query).
    """
    top = draw(st.sampled_from([8, 12, 24, 64]))
    m = draw(st.integers(1, min(top, 40)))
    first = sorted(draw(st.lists(st.integers(1, top), min_size=m, max_size=m, unique=True)))
    second = sorted(
        draw(st.lists(st.integers(1, top), min_size=m, max_size=m, unique=True)), reverse=True
    )
    d = tuple(draw(st.sampled_from([0, 0, -1, min(c) - 1])) / 8 for c in (first, second))
    rows = [(x / 8, y / 8) for x, y in zip(first, second, strict=True)]
    return rows, (d[0], d[1])
