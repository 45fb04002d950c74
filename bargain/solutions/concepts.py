"""Bargaining solutions picked from a set of candidate deals: free functions on arrays.

Every method considers only *individually rational* (IR) candidates, those giving every party
strictly more than its disagreement utility; the mask is applied before any product, so two
losses never multiply into a gain. With ``g = u - d`` the gains of the IR candidates:

``"nash"``
    maximise the product of the gains ``prod_i g_i``, compared as the sum of their logarithms
    ``sum_i log g_i`` (a product of many gains overflows or underflows; its logarithm never does).
``"asymmetric-nash"``
    maximise ``prod_i g_i ** p_i`` with bargaining powers ``p_i > 0``, compared as
    ``sum_i p_i log g_i`` with the powers scaled so that the largest is 1 (only their ratios
    matter, and ``p = 1e308`` then cannot overflow).
``"kalai-smorodinsky"``
    with ``ideal_i = max g_i`` over the IR candidates, maximise ``min_i g_i / ideal_i``, then
    the second smallest ratio, and so on (leximin).
``"egalitarian"``
    maximise the smallest gain ``min_i g_i``, then the second smallest, and so on (leximin).
``"utilitarian"``
    maximise the sum of utilities (computed as the sum of gains, a constant apart).

Tie rule
--------
Scores are compared up to rounding: a candidate ties with the best when its score is within
``TIE_RTOL`` of the best score. For the Nash methods the scores are logarithms and the test is
absolute (``score >= best - TIE_RTOL``: products within a relative ``TIE_RTOL``); for the others
it is relative (``score >= best - TIE_RTOL * |best|``), level by level for the leximin methods
(their scores are positive on IR candidates). Either way a change of units (every value of a
party times ``c``) changes no comparison: logarithms shift by the same ``log c`` for every
candidate (each party's gains are first divided by a power of two near their size, so the sums
stay near 1 whatever the unit), and relative tests are scale-free. Among tied candidates the one
whose deal (level indices) is lexicographically smallest, first issue most significant, is
chosen; the others are reported as ties, in the same order. Picked on the Pareto frontier (as
:func:`bargain.solve` does), the optimum is the optimum over every deal (docs/algorithms.md).

Array conventions: ``utilities`` ``(m, n_parties)``, ``deals`` ``(m, n_issues)``,
``disagreement`` and ``powers`` ``(n_parties,)``.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.0, 1.0], [0.4, 0.7], [0.7, 0.4], [1.0, 0.0]])
>>> deals = np.array([[0], [1], [2], [3]])
>>> best, ties = choose("nash", u, deals, np.zeros(2))
>>> int(best), ties.tolist()
(1, [2])
>>> int(choose("utilitarian", u, deals, np.zeros(2))[0])
1
>>> choose("egalitarian", u, deals, np.array([0.5, 0.5]))[0] is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain._registry import Choice, Registry

__all__ = [
    "LOG_METHODS",
    "METHODS",
    "TIE_RTOL",
    "Concept",
    "choose",
    "individually_rational",
    "leximin_ties",
    "log_gains",
    "method_scores",
    "score_ties",
]

#: Tolerance under which two scores count as equal (rounding, not a modelling choice): relative,
#: or absolute on logarithms (see the module notes).
TIE_RTOL = 1e-12
#: Methods whose scores are sums of logarithms (ties within an absolute ``TIE_RTOL``).
LOG_METHODS = ("nash", "asymmetric-nash")

Array = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Concept:
    """A solution concept: its name in a sentence (what it maximises is the choice's summary).

    `leximin` concepts compare sorted vectors of criteria (see the module docstring).
    """

    title: str
    leximin: bool = False


#: The solution concepts, in the order the command line lists them.
METHODS: Registry[Concept] = Registry(
    "method",
    [
        Choice(
            "nash",
            "the largest product of gains",
            Concept("Nash bargaining solution"),
        ),
        Choice(
            "asymmetric-nash",
            "the largest product of gains raised to the bargaining powers",
            Concept("Asymmetric Nash bargaining solution"),
        ),
        Choice(
            "kalai-smorodinsky",
            "the largest smallest gain relative to each party's ideal gain",
            Concept("Kalai-Smorodinsky solution", leximin=True),
        ),
        Choice(
            "egalitarian",
            "the largest smallest gain (then second smallest, ...)",
            Concept("Egalitarian solution", leximin=True),
        ),
        Choice(
            "utilitarian",
            "the largest sum of utilities",
            Concept("Utilitarian solution"),
        ),
    ],
)


def individually_rational(utilities: Array, disagreement: Array) -> NDArray[np.bool_]:
    """Mask of the rows where every party gets strictly more than its disagreement utility."""
    mask: NDArray[np.bool_] = np.all(np.asarray(utilities) > np.asarray(disagreement), axis=-1)
    return mask


def log_gains(gains: Array) -> Array:
    """``log g``, each party's gains first divided by a power of two near their largest.

    Dividing by a power of two is exact, so this is ``log g`` less a constant per party: the
    same comparisons, with logarithms near 0 whatever the unit of the values.

    Examples
    --------
    >>> import numpy as np
    >>> g = np.array([[3.0, 4.0], [2.0, 7.0]])
    >>> int(log_gains(g).sum(axis=1).argmax()), int(log_gains(g * 1e-200).sum(axis=1).argmax())
    (1, 1)
    >>> bool(np.abs(log_gains(g * 1e-200)).max() < 1)
    True
    """
    g = np.asarray(gains, dtype=np.float64)
    top = g.max(axis=0) if g.shape[0] else np.ones(g.shape[1:])
    ok = np.isfinite(top) & (top > 0)
    _, exponent = np.frexp(np.where(ok, top, 1.0))
    scale = np.ldexp(1.0, exponent - 1)
    out: Array = np.log(g / scale)
    return out


def method_scores(
    method: str, gains: Array, powers: Array | None = None, *, ideal: Array | None = None
) -> Array:
    """The criterion of `method` for each row of positive `gains`, ``(m, k)``.

    Scalar methods give shape ``(m,)`` (for the Nash methods a sum of logarithms, see
    :func:`log_gains`); leximin methods (``"egalitarian"``, ``"kalai-smorodinsky"``) give
    ``(m, k)``: each row's criteria sorted ascending. Kalai-Smorodinsky divides by `ideal`,
    by default the rows' largest gains.

    Examples
    --------
    >>> import numpy as np
    >>> method_scores("kalai-smorodinsky", np.array([[1.0, 4.0], [2.0, 2.0]]))
    array([[0.5, 1. ],
           [0.5, 1. ]])
    >>> a, b = method_scores("nash", np.array([[1e-200, 2e-200], [2e-200, 1e-200]]))
    >>> bool(a == b)
    True
    """
    g = np.asarray(gains, dtype=np.float64)
    out: Array
    if method == "nash":
        out = log_gains(g).sum(axis=1)
    elif method == "asymmetric-nash":
        p = np.ones(g.shape[1]) if powers is None else np.asarray(powers, dtype=np.float64)
        out = log_gains(g) @ (p / p.max())
    elif method == "utilitarian":
        out = g.sum(axis=1)
    elif method == "egalitarian":
        out = np.sort(g, axis=1)
    elif method == "kalai-smorodinsky":
        top = g.max(axis=0) if ideal is None else np.asarray(ideal, dtype=np.float64)
        out = np.sort(g / top, axis=1)
    else:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS.names}")
    return out


def score_ties(scores: Array, *, log: bool = False) -> Index:
    """Rows whose score is within ``TIE_RTOL`` of the largest (absolute when `log`)."""
    best = scores.max()
    return np.flatnonzero(scores >= best - TIE_RTOL * (1.0 if log else abs(best)))


def leximin_ties(sorted_scores: Array) -> Index:
    """Rows that are best in leximin order (each row sorted ascending), level by level."""
    rows = np.arange(sorted_scores.shape[0])
    for j in range(sorted_scores.shape[1]):
        col = sorted_scores[rows, j]
        best = col.max()
        rows = rows[col >= best - TIE_RTOL * abs(best)]
    return rows


def choose(
    method: str,
    utilities: Array,
    deals: NDArray[np.intp],
    disagreement: Array,
    powers: Array | None = None,
    *,
    ideal: Array | None = None,
) -> tuple[np.intp | None, Index]:
    """The candidate `method` picks, and the ones tied with it.

    Parameters
    ----------
    method
        One of :data:`METHODS`.
    utilities, deals
        The candidates: ``(m, k)`` utilities and ``(m, n_issues)`` level indices.
    disagreement
        ``(k,)`` disagreement utilities.
    powers
        ``(k,)`` bargaining powers, used by ``"asymmetric-nash"`` (default all 1).
    ideal
        ``(k,)`` ideal gains for ``"kalai-smorodinsky"`` (default: the largest gains of the
        rational candidates, right when the candidates hold the whole frontier).

    Returns
    -------
    best, ties
        Row of the chosen candidate (``None`` when no candidate is individually rational) and
        rows of the other optimal candidates, both per the module's tie rule.
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    rational = np.flatnonzero(individually_rational(u, d))
    if rational.size == 0:
        return None, np.empty(0, dtype=np.intp)
    scores = method_scores(method, u[rational] - d, powers, ideal=ideal)
    if scores.ndim == 1:
        tied = score_ties(scores, log=method in LOG_METHODS)
    else:
        tied = leximin_ties(scores)
    rows = rational[tied]
    rows = rows[np.lexsort(np.asarray(deals)[rows].T[::-1])]
    return rows[0], rows[1:]
