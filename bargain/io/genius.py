"""GENIUS XML, the interchange format of automated negotiation: read it and write it.

GENIUS (TU Delft), the ANAC competitions and NegMAS keep a negotiation in one *domain* (template)
file, which lists the issues and their values, and one *utility space* (profile) file per party.
:func:`read_genius` turns such files into a :class:`~bargain.model.scenario.Scenario`;
:func:`write_genius` writes a scenario back as such files.

How GENIUS maps onto the model
------------------------------
A GENIUS party's utility of an outcome is (linear additive)
``sum_i weight_i * evaluation_i(value) / max evaluation_i``. So each issue becomes an
:class:`~bargain.model.scenario.Issue` and each profile a :class:`~bargain.model.scenario.Party`
with

- ``values[issue] = evaluation / max evaluation`` per level, ``weights[issue] =`` the GENIUS weight.
  Weights are kept **as given**, never rescaled, because the GENIUS utility uses them as given;
  weights that do not sum to 1 (within 1e-6) are reported with a
  :class:`~bargain.errors.BargainWarning`.
  A profile without any ``<weight>`` weighs every issue ``1 / n_issues`` (and says so).
- ``disagreement = <reservation value=…>``; **0 when the profile has none** (the lowest GENIUS
  utility: no agreement is worth nothing; NegMAS reads a missing reservation value as 0 too).
- ``discount = <discount_factor value=…>``. GENIUS writes 0 (or nothing) for "no discount", so 0
  and a missing factor become ``1.0``. GENIUS discounts over normalised time (``u * d**t``,
  ``t`` in [0, 1]) while ``Party.discount`` is per round: the number is copied, its time unit is
  the modeller's to set.
- Discrete issues keep their values, in file order, as levels. Integer issues (a range with a
  linear evaluator) become one level per integer. Real issues become ``real_resolution`` evenly
  spaced levels from the lower to the upper bound (default :data:`DEFAULT_REAL_RESOLUTION`), and
  the import warns that it discretised them. A range evaluator's value is used the way GENIUS
  uses it: the linear function clipped to [0, 1] (it is already a per-issue utility, so it is not
  divided by its maximum). ``slope``/``offset`` evaluators are measured from the lower bound (GENIUS
  integer issues); ``parameter1``/``parameter0`` evaluators from zero (older files, real issues).
- GENIUS names become keys (``"Size of Fund"`` -> ``"size_of_fund"``, see :func:`genius_key`); the
  original name stays ``Issue.name``. Party keys come from the profile file names, without the
  domain's name as a prefix (``ItexvsCypress_Itex.xml`` -> ``"itex"``).

Irregular files
---------------
What can be read meaningfully is read, and what is ignored is reported once per file as a
:class:`~bargain.errors.BargainWarning`: repeated item indices (items are identified by their value,
as in GENIUS), an item or weight repeated with the same number, extra elements
(``<similarity_function>``, ...), weights of objectives rather than issues, objectives nested in
objectives (their issues are read as issues of the domain, weighted by their own ``<weight>``), an
issue whose evaluations are all 0 (it adds nothing to that party's utility). What cannot be read
raises a :class:`~bargain.errors.ScenarioError` naming the file and the element: a file that is not
well-formed XML, a missing issue or evaluation, an evaluation for a value the domain does not have,
a non-numeric or negative weight or evaluation, conflicting repeats, a profile for a different
domain, an unsupported issue or evaluator type.

Writing
-------
GENIUS utilities are sums of non-negative terms. A party whose values are all ≥ 0 is written
exactly: evaluations are its values, and the weight of an issue is ``weight * max value``, so
reading the files back reproduces every utility (bit for bit when each issue's maximum value is 1,
to rounding otherwise). A party with negative values is written as per-issue translations that add
up to zero whenever its lowest utility over all deals is ≥ 0 (utilities reproduced to rounding).
Only when some deal is worth less than 0 to a party can GENIUS not hold its utilities: they are
all raised by the same constant, and so is its reservation value, with a warning. A translation
of one party's utility and disagreement leaves every gain ``u - d`` unchanged, hence the party's
ranking of deals, the Pareto frontier, and the Nash, Kalai-Smorodinsky and egalitarian solutions.
``normalize=True`` writes the GENIUS canonical form instead: each party's utility mapped
affinely onto [0, 1] (weights summing to 1) with its reservation value mapped alike; that keeps
the rankings, the Pareto frontier and the Nash and Kalai-Smorodinsky solutions (invariant under a
positive affine map of each party's utility), not the egalitarian solution nor the utilities.
Bargaining power and the scenario's texts have no place in GENIUS XML and are not written.

Compared with NegMAS (0.16): its GENIUS reader keeps the raw evaluations (no division by the
issue's maximum) and its ``nash_points`` measures gains from ``max(reservation value, lowest
utility)``. Divided per issue and solved from that baseline, the ANAC 2010/2011 domains give the
same Pareto frontier and Nash point here and there (``tests/test_genius.py``).

XML is parsed with :mod:`xml.etree.ElementTree` from the standard library. It does not fetch
external entities, and the bundled expat limits entity expansion; the files are local files the
user chose, so we do not add a hardened-parser dependency.

Examples
--------
>>> import tempfile
>>> s = read_genius_folder("tests/data/genius/y2010/ItexvsCypress")
>>> s.issue_keys, s.party_keys
(('price', 'delivery', 'payment', 'returns'), ('cypress', 'itex'))
>>> s.issue("price").levels[:2], s.party("itex").values["price"][:2]
(('$4.37', '$4.12'), (1.0, 0.6666666666666666))
>>> with tempfile.TemporaryDirectory() as out:
...     paths = write_genius(s, out)
...     back = read_genius(paths[0], paths[1:])
>>> [p.name for p in paths]
['ItexvsCypress.xml', 'ItexvsCypress_Cypress.xml', 'ItexvsCypress_Itex.xml']
>>> deals = [[0, 0, 0, 0], [4, 3, 2, 2]]
>>> bool(abs(back.utilities(deals) - s.utilities(deals)).max() < 1e-12)
True
"""

from __future__ import annotations

from bargain.io.genius_reader import (
    DEFAULT_REAL_RESOLUTION,
    MAX_LEVELS,
    find_genius_files,
    genius_key,
    read_genius,
    read_genius_folder,
)
from bargain.io.genius_writer import write_genius

__all__ = [
    "DEFAULT_REAL_RESOLUTION",
    "MAX_LEVELS",
    "find_genius_files",
    "genius_key",
    "read_genius",
    "read_genius_folder",
    "write_genius",
]
