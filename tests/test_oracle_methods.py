"""Each solution concept against its definition, on every deal: one property test per method.

The oracle (:func:`bargain.testing.oracle_solution`) reads the raw scenario data and applies each
definition in exact arithmetic. Strategies (:func:`tests.strategies.hard_scenarios`) aim at
exact ties, degenerate and one-point frontiers, no rational deal and many-point frontiers; every
test asserts (:func:`tests.branches.run_property`) that each of those branches was reached often
enough, including the tie rule (several optimal deals: the smallest must win, so the rule
reversed fails).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from bargain import Scenario, solve
from bargain.testing import (
    OracleSolution,
    criterion,
    deal_utilities,
    every_deal,
    oracle_solution,
    pareto_set,
)
from tests.branches import run_property
from tests.strategies import hard_scenarios

RTOL = 1e-9
PURE_CASES = (
    "symmetric",
    "ties",
    "symmetric",
    "degenerate",
    "symmetric",
    "one-deal",
    "no-deal",
    "many-points",
    "floats",
)


def compare(a: object, b: object) -> str:
    """How criterion `a` compares with the optimum `b` up to RTOL: "equal", "worse" or "later".

    Leximin vectors are compared level by level; "later": equal up to rounding on the first
    levels, then better (the engine's tie rule lets a near-tie at one level be decided by the
    next, so this is allowed).
    """
    if isinstance(a, tuple) and isinstance(b, tuple):
        for x, y in zip(a, b, strict=True):
            if x < y - RTOL * abs(y):
                return "worse"
            if x > y + RTOL * abs(y):
                return "later"
        return "equal"
    ok = abs(float(a) - float(b)) <= RTOL * abs(float(b))  # type: ignore[arg-type]
    return "equal" if ok else "worse"


def close(a: object, b: object) -> bool:
    return compare(a, b) != "worse"


def gains(s: Scenario, deal: tuple[int, ...]) -> list[Fraction]:
    u = deal_utilities(s, deal)
    return [Fraction(x) - Fraction(p.disagreement) for x, p in zip(u, s.parties, strict=True)]


def check_pure(s: Scenario, method: str) -> tuple[list[str], OracleSolution]:
    """The engine's solution is the oracle's, tie rule included; returns the branch labels."""
    oracle = oracle_solution(s, method)
    sol = solve(s, method)
    labels = [f"case: {s.name}"]
    assert sol.agreement == oracle.agreement, (sol.message, oracle)
    if not oracle.agreement:
        return [*labels, "no rational deal"], oracle
    assert sol.levels is not None and oracle.chosen is not None
    chosen = tuple(sol.levels)
    u = deal_utilities(s, chosen)
    assert tuple(sol.utilities.values()) == u  # the utilities of the raw data, bit for bit
    front = pareto_set(s)
    assert u in front  # Pareto-optimal by the definition
    powers = s.powers.tolist() if method == "asymmetric-nash" else None

    def value(deal: tuple[int, ...]) -> object:
        return criterion(method, gains(s, deal), ideal=oracle.ideal, powers=powers)

    got = value(chosen)
    ties = [tuple(s.parse_deal(t).values()) for t in sol.ties]
    if got == oracle.value:
        assert chosen == oracle.chosen, "tie rule: the lexicographically smallest optimal deal"
        assert set(oracle.ties) <= set(ties), (oracle.ties, ties)
    else:  # the engine's tolerance: a deal within rounding of the optimum, and a smaller one
        how = compare(got, oracle.value)
        assert how != "worse", (got, oracle.value)
        assert how == "later" or chosen < oracle.chosen
        labels.append("near tie (rounding)")
    assert ties == sorted(ties) and all(chosen < t for t in ties)
    for t in ties:
        assert deal_utilities(s, t) in front and close(value(t), oracle.value)
    d = [p.disagreement for p in s.parties]
    rational = [v for v in front if all(x > y for x, y in zip(v, d, strict=True))]
    if oracle.ties:
        labels.append("tie rule: several optimal utility vectors")
    elif len(oracle.optimal) > 1:
        labels.append("several deals, one utility vector")
    else:
        labels.append("unique optimal deal")
    if len(rational) == 1:
        labels.append("one rational point")
    if len(rational) >= 12:
        labels.append("many rational points")
    return labels, oracle


def leximin_labels(s: Scenario, method: str, oracle: OracleSolution) -> list[str]:
    """Whether the leximin order was decided beyond the smallest value (max-min is not enough)."""
    if not oracle.agreement:
        return []
    d = [p.disagreement for p in s.parties]
    first: dict[object, set[object]] = {}
    for deal in every_deal(s):
        g = gains(s, deal)
        if all(x > 0 for x in g):
            v = criterion(method, g, ideal=oracle.ideal)
            assert isinstance(v, tuple)
            first.setdefault(v[0], set()).add(v)
    best = max(first)
    assert oracle.value in first[best] and len(d) == len(s.parties)
    if len(first[best]) > 1:
        # Max-min alone would pick the smallest deal among these, which is not always optimal.
        by_maxmin = min(
            deal
            for deal in every_deal(s)
            if all(x > 0 for x in gains(s, deal))
            and criterion(method, gains(s, deal), ideal=oracle.ideal)[0] == best  # type: ignore[index]
        )
        if by_maxmin != oracle.chosen:
            return ["max-min alone picks another deal"]
        return ["leximin decided beyond the smallest value"]
    return []


SCENARIOS = hard_scenarios(cases=PURE_CASES)
COMMON = {
    "no rational deal": 5,
    "tie rule: several optimal utility vectors": 10,
    "unique optimal deal": 10,
    "one rational point": 5,
    "many rational points": 5,
    "case: degenerate": 5,
}


def test_nash_is_the_oracle_optimum() -> None:
    run_property(SCENARIOS, lambda s: check_pure(s, "nash")[0], examples=300, required=COMMON)


def test_asymmetric_nash_is_the_oracle_optimum() -> None:
    def check(s: Scenario) -> list[str]:
        labels, oracle = check_pure(s, "asymmetric-nash")
        if oracle.agreement:
            inverted = oracle_solution(
                s, "asymmetric-nash", powers=[1 / p.power for p in s.parties]
            )
            if set(oracle.utilities.values()) != set(inverted.utilities.values()):
                labels.append("inverted powers pick another deal")
            if oracle.optimal != oracle_solution(s, "nash").optimal:
                labels.append("powers move the deal away from Nash")
        return labels

    # Unequal powers break the symmetry that makes exact ties: symmetric scenarios (equal powers,
    # not all 1) keep the tie rule in reach.
    run_property(
        st.one_of(
            hard_scenarios(
                cases=tuple(c for c in PURE_CASES if c != "symmetric"), unequal_powers=True
            ),
            hard_scenarios(cases=("symmetric",)),
        ),
        check,
        examples=300,
        required={
            **COMMON,
            "inverted powers pick another deal": 10,
            "powers move the deal away from Nash": 10,
        },
    )


def test_kalai_smorodinsky_is_the_oracle_optimum() -> None:
    def check(s: Scenario) -> list[str]:
        labels, oracle = check_pure(s, "kalai-smorodinsky")
        return labels + leximin_labels(s, "kalai-smorodinsky", oracle)

    run_property(
        SCENARIOS,
        check,
        examples=300,
        required={**COMMON, "max-min alone picks another deal": 5},
    )


def test_egalitarian_is_the_oracle_optimum() -> None:
    def check(s: Scenario) -> list[str]:
        labels, oracle = check_pure(s, "egalitarian")
        return labels + leximin_labels(s, "egalitarian", oracle)

    run_property(
        SCENARIOS,
        check,
        examples=300,
        required={**COMMON, "max-min alone picks another deal": 5},
    )


def test_utilitarian_is_the_oracle_optimum() -> None:
    def check(s: Scenario) -> list[str]:
        labels, oracle = check_pure(s, "utilitarian")
        if oracle.agreement:
            best_sum = max(every_deal(s), key=lambda deal: sum(deal_utilities(s, deal)))
            if best_sum not in oracle.optimal:
                labels.append("the largest sum is not rational")
        return labels

    run_property(
        SCENARIOS,
        check,
        examples=300,
        required={**COMMON, "the largest sum is not rational": 5},
    )
