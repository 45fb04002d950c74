"""GENIUS XML: the ANAC 2010/2011 domains load, solve and round-trip; irregular and bad files."""

from __future__ import annotations

import dataclasses
import math
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from numpy.typing import NDArray

import bargain
from bargain import BargainWarning, Scenario, ScenarioError, load_scenario, solve
from bargain.io.genius import (
    find_genius_files,
    genius_key,
    read_genius,
    read_genius_folder,
    write_genius,
)
from tests.strategies import scenarios

DATA = Path(__file__).parent / "data" / "genius"
DOMAINS = sorted(p for p in DATA.glob("y20*/*") if p.is_dir())
DOMAIN_IDS = [f"{p.parent.name}/{p.name}" for p in DOMAINS]
# Warnings the real files deserve (everything else they must load silently).
EXPECTED_WARNINGS = {
    "y2011/Car": "ignored 6 <similarity_function> elements",
    "y2011/Laptop": "weights sum to 1.000051804, not 1",
}


def read_quietly(folder: Path, **kwargs: int) -> Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        return read_genius_folder(folder, **kwargs)


def deal_sample(s: Scenario, n: int = 4000, seed: int = 0) -> NDArray[np.intp]:
    """Every deal of a small scenario, a random sample of a big one."""
    if s.n_deals <= n:
        grids = np.meshgrid(*[np.arange(k) for k in s.shape], indexing="ij")
        return np.stack([g.ravel() for g in grids], axis=-1)
    rng = np.random.default_rng(seed)
    return np.stack([rng.integers(0, k, size=n) for k in s.shape], axis=-1)


def oracle_utilities(profile: Path, s: Scenario, deals: NDArray[np.intp]) -> NDArray[np.float64]:
    """GENIUS utility straight from a regular discrete profile file, independent of the reader."""
    root = ET.parse(profile).getroot()
    weights = {w.get("index"): float(w.get("value", "nan")) for w in root.iter("weight")}
    total = np.zeros(len(deals))
    for i, issue in enumerate(root.iter("issue")):
        ev = {it.get("value"): float(it.get("evaluation", "nan")) for it in issue.findall("item")}
        top = max(ev.values())
        column = [ev[level] / top for level in s.issues[i].levels]
        total += weights[issue.get("index")] * np.asarray(column)[deals[:, i]]
    return total


def frontier_2(u: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distinct Pareto-optimal utility pairs of two parties (brute force), sorted."""
    pts = np.unique(u, axis=0)
    order = np.lexsort((-pts[:, 1], -pts[:, 0]))
    best = -np.inf
    keep = []
    for j in order:
        if pts[j, 1] > best:
            keep.append(j)
            best = pts[j, 1]
    return pts[sorted(keep, key=lambda j: (pts[j, 0], pts[j, 1]))]


# ----------------------------------------------------------------------------- the ANAC domains
def test_eleven_domains_are_here() -> None:
    assert len(DOMAINS) == 11


@pytest.mark.parametrize("folder", DOMAINS, ids=DOMAIN_IDS)
def test_domain_loads_as_genius_defines_utility(folder: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = read_genius_folder(folder)
    messages = [str(w.message) for w in caught]
    expected = EXPECTED_WARNINGS.get(f"{folder.parent.name}/{folder.name}")
    if expected is None:
        assert messages == []
    else:
        assert messages and all(expected in m for m in messages)
    assert all(issubclass(w.category, BargainWarning) for w in caught)
    _, profiles = find_genius_files(folder)
    deals = deal_sample(s)
    u = s.utilities(deals)
    for p, profile in enumerate(profiles):
        np.testing.assert_allclose(u[:, p], oracle_utilities(profile, s, deals), atol=1e-12)
    assert u.min() >= 0 and u.max() <= 1 + 1e-4
    for party in s.parties:
        assert all(max(party.values[k]) == 1.0 for k in s.issue_keys)


@pytest.mark.parametrize("folder", DOMAINS, ids=DOMAIN_IDS)
def test_domain_solves_nash(folder: Path) -> None:
    s = read_quietly(folder)
    sol = solve(s)
    assert sol.agreement
    # Nash: no sampled deal has a larger product of gains.
    gains = s.utilities(deal_sample(s, 20000)) - s.disagreement_point
    assert sol.nash_product is not None
    assert np.prod(gains, axis=-1).max() <= sol.nash_product + 1e-12


@pytest.mark.parametrize("folder", DOMAINS, ids=DOMAIN_IDS)
def test_domain_solves_ks_egalitarian_and_frontier(folder: Path) -> None:
    s = read_quietly(folder)
    u = s.utilities(deal_sample(s, 10**7))  # every deal (390,625 at most)
    d = s.disagreement_point
    rational = u[np.all(u > d, axis=1)]
    front = bargain.pareto_frontier(s)
    np.testing.assert_array_equal(front.utilities, frontier_2(rational))
    on_frontier = {tuple(row) for row in front.utilities.tolist()}
    for method in ("nash", "kalai-smorodinsky", "egalitarian"):
        sol = solve(s, method=method)
        assert sol.agreement, method
        assert tuple(sol.utilities.values()) in on_frontier, method


@pytest.mark.parametrize("folder", DOMAINS, ids=DOMAIN_IDS)
def test_domain_round_trips_exactly(folder: Path, tmp_path: Path) -> None:
    s = read_quietly(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error", BargainWarning)  # nothing to report on writing
        paths = write_genius(s, tmp_path)
    back = read_quietly(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        assert read_genius(paths[0], paths[1:]) == back
    deals = deal_sample(s)
    # Values in [0, 1] with a maximum of 1 per issue: written and read back bit for bit.
    np.testing.assert_array_equal(back.utilities(deals), s.utilities(deals))
    assert [i.levels for i in back.issues] == [i.levels for i in s.issues]
    assert [i.name for i in back.issues] == [i.name for i in s.issues]
    assert back.party_keys == s.party_keys
    np.testing.assert_array_equal(back.disagreement_point, s.disagreement_point)
    np.testing.assert_array_equal(back.discounts, s.discounts)
    np.testing.assert_array_equal(
        bargain.pareto_frontier(back).utilities, bargain.pareto_frontier(s).utilities
    )
    for method in ("nash", "kalai-smorodinsky", "egalitarian"):
        assert solve(back, method=method).levels == solve(s, method=method).levels, method


def test_file_details_are_mapped() -> None:
    s = read_quietly(DATA / "y2011" / "Grocery")
    assert s.name == "Grocery" and s.party_keys == ("mary", "sam")
    assert s.discounts.tolist() == [0.805562132, 0.805562132]
    sam = s.party("sam")
    assert sam.weights["snacks"] == 0.5
    assert sam.values["bread_type"] == (1.0, 0.5, 0.2, 0.1)
    assert s.issue("fruit").levels == ("Apples", "Bananas", "Cherries", "Grapes", "Pears")
    energy = read_quietly(DATA / "y2011" / "Energy")
    assert energy.issue_keys[0] == "i_0000-0300" and energy.issues[0].name == "0000-0300"
    nice = read_quietly(DATA / "y2011" / "NiceOrDie")  # no reservation value: 0
    assert nice.disagreement_point.tolist() == [0.0, 0.0]
    assert "no reservation value" in nice.notes["scenario"]
    england = read_quietly(DATA / "y2010" / "EnglandZimbabwe")  # no discount factor: 1
    assert england.discounts.tolist() == [1.0, 1.0]


def test_names_become_keys() -> None:
    assert genius_key("Size of Fund") == "size_of_fund"
    assert genius_key("0000-0300") == "i_0000-0300"
    assert genius_key("Éclair & Co.") == "eclair_co"
    assert genius_key("!!!", "p") == "p"


# ----------------------------------------------------------------------------- generated scenarios
def _check_round_trip(s: Scenario, back: Scenario) -> None:
    deals = deal_sample(s, 500)
    u, v = s.utilities(deals), back.utilities(deals)
    lowest = sum(t.min(axis=0) for t in s.tables)  # each party's lowest utility over all deals
    shift = np.maximum(-lowest, 0.0)
    np.testing.assert_allclose(v, u + shift, rtol=0, atol=1e-12)
    np.testing.assert_allclose(back.disagreement_point, s.disagreement_point + shift, atol=1e-12)
    # Gains, hence every gain-based solution and ranking, are exactly the original ones.
    np.testing.assert_allclose(
        v - back.disagreement_point, u - s.disagreement_point, rtol=0, atol=1e-12
    )
    assert back.shape == s.shape
    np.testing.assert_array_equal(back.discounts, s.discounts)


@settings(max_examples=60)
@given(scenarios(max_issues=5, max_levels=5))
def test_generated_scenarios_round_trip(s: Scenario) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            paths = write_genius(s, out)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BargainWarning)
            back = read_genius(paths[0], paths[1:])
    _check_round_trip(s, back)
    assert len(caught) <= 1  # everything said once, in one warning
    text = " ".join(str(w.message) for w in caught)
    lowest = sum(t.min(axis=0) for t in s.tables)
    assert text.count("which GENIUS cannot hold") == int(np.sum(lowest < 0))
    if np.all(lowest >= 0):
        np.testing.assert_allclose(
            back.utilities(deal_sample(s, 200)), s.utilities(deal_sample(s, 200)), atol=1e-12
        )


@settings(max_examples=30)
@given(scenarios(max_issues=4, max_levels=4))
def test_normalized_writing_is_an_affine_map_per_party(s: Scenario) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        paths = write_genius(s, out, normalize=True)
        back = read_genius(paths[0], paths[1:])
    for p in back.parties:
        assert math.isclose(sum(p.weights.values()), 1.0, abs_tol=1e-9) or sum(
            p.weights.values()
        ) == pytest.approx(1.0)
    deals = deal_sample(s, 500)
    u, v = s.utilities(deals), back.utilities(deals)
    lo = sum(t.min(axis=0) for t in s.tables)
    hi = sum(t.max(axis=0) for t in s.tables)
    span = np.where(hi > lo, hi - lo, 1.0)
    expected = np.where(hi > lo, (u - lo) / span, 1.0)
    np.testing.assert_allclose(v, expected, atol=1e-9)
    np.testing.assert_allclose(
        back.disagreement_point,
        np.where(hi > lo, (s.disagreement_point - lo) / span, s.disagreement_point - lo + 1),
        atol=1e-9,
    )


@settings(max_examples=40)
@given(scenarios(max_issues=3, max_levels=4, text=True))
def test_arbitrary_text_round_trips_or_is_refused(s: Scenario) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        try:
            paths = write_genius(s, out)
        except ScenarioError as exc:
            assert "cannot be written to XML" in str(exc)
            return
        back = read_genius(paths[0], paths[1:])
    assert [i.levels for i in back.issues] == [i.levels for i in s.issues]
    assert [i.name for i in back.issues] == [i.name if i.name.strip() else i.key for i in s.issues]
    _check_round_trip(s, back)


def test_writing_reports_what_genius_cannot_hold(tmp_path: Path) -> None:
    s = Scenario(
        name="cake",
        issues=[bargain.Issue("split", "Split", ["a", "b", "c"])],
        parties=[
            bargain.Party("a", "A", values={"split": [-1.0, 0.0, 1.0]}, disagreement=-0.5),
            bargain.Party("b", "B", values={"split": [1.0, 0.5, 0.0]}, power=2.0),
        ],
    )
    with pytest.warns(BargainWarning) as caught:
        paths = write_genius(s, tmp_path)
    assert [str(w.message) for w in caught] == [
        "GENIUS XML cannot carry bargaining powers (b 2). party 'a': some deal is worth less than "
        "0 to it, which GENIUS cannot hold; its utilities and reservation value are written "
        "raised by 1 (gains, rankings and solutions unchanged)."
    ]
    assert [p.name for p in paths] == ["cake.xml", "cake_A.xml", "cake_B.xml"]  # names carried
    with pytest.warns(BargainWarning, match="cake_A.xml: weights sum to 2, not 1"):
        back = read_genius(paths[0], paths[1:])
    assert back.party("a").disagreement == 0.5
    assert solve(back).deal == solve(s).deal
    bad = Scenario(
        name="x",
        issues=[bargain.Issue("i", "I", ["ok", "bad\x00"])],
        parties=[
            bargain.Party("a", "", values={"i": [0.0, 1.0]}),
            bargain.Party("b", "", values={"i": [1.0, 0.0]}),
        ],
    )
    with pytest.raises(ScenarioError, match=r"issues\[0\]\.levels\[1\] cannot be written to XML"):
        write_genius(bad, tmp_path / "bad")


# ----------------------------------------------------------------------------- irregular files
DOMAIN = """<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="Price" type="discrete" etype="discrete">
    <item index="1" value="low"/><item index="2" value="high"/>
  </issue>
  <issue index="2" name="Delivery" type="discrete" etype="discrete">
    <item index="1" value="slow"/><item index="2" value="fast"/><item index="3" value="now"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""

PROFILE = """<utility_space>
<reservation value="0.25"/>
<discount_factor value="0"/>
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="Price" type="discrete" etype="discrete">
    <item index="1" value="low" evaluation="2"/><item index="2" value="high" evaluation="4"/>
  </issue>
  <issue index="2" name="Delivery" type="discrete" etype="discrete">
    <item index="1" value="slow" evaluation="0"/><item index="2" value="fast" evaluation="5"/>
    <item index="3" value="now" evaluation="10"/>
  </issue>
  <weight index="1" value="0.6"/>
  <weight index="2" value="0.4"/>
</objective>
</utility_space>
"""


def write_case(
    tmp_path: Path, domain: str = DOMAIN, profile: str = PROFILE, other: str = PROFILE
) -> tuple[Path, list[Path]]:
    (tmp_path / "d.xml").write_text(domain, encoding="utf-8")
    (tmp_path / "d_a.xml").write_text(profile, encoding="utf-8")
    (tmp_path / "d_b.xml").write_text(other, encoding="utf-8")
    return tmp_path / "d.xml", [tmp_path / "d_a.xml", tmp_path / "d_b.xml"]


def read_case(tmp_path: Path, domain: str = DOMAIN, profile: str = PROFILE) -> Scenario:
    d, ps = write_case(tmp_path, domain, profile)
    return read_genius(d, ps)


def test_regular_case_reads_silently(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = read_case(tmp_path)
    a = s.party("a")
    assert s.issue_keys == ("price", "delivery") and s.party_keys == ("a", "b")
    assert a.values["price"] == (0.5, 1.0) and a.values["delivery"] == (0.0, 0.5, 1.0)
    assert dict(a.weights) == {"price": 0.6, "delivery": 0.4}
    assert a.disagreement == 0.25
    assert a.discount == 1.0  # GENIUS 0 means no discount


@pytest.mark.parametrize(
    ("domain", "profile", "message"),
    [
        (
            DOMAIN.replace('<item index="2" value="high"/>', '<item index="1" value="high"/>'),
            PROFILE,
            "d.xml: <issue name='Price'> repeats item index 1; items are identified by their value",
        ),
        (
            DOMAIN.replace('value="high"/>', 'value="high"/><item index="3" value="low"/>'),
            PROFILE,
            "d.xml: <issue name='Price'> lists the value(s) 'low' more than once",
        ),
        (
            DOMAIN,
            PROFILE.replace("</objective>", "<note>hi</note><note/></objective>"),
            "d_a.xml: ignored 2 <note> elements in <objective>",
        ),
        (
            DOMAIN,
            PROFILE.replace('value="0.4"', 'value="0.5"'),
            "d_a.xml: weights sum to 1.1, not 1; kept as given (utilities not rescaled)",
        ),
        (
            DOMAIN,
            PROFILE.replace('<weight index="1" value="0.6"/>', "").replace(
                '<weight index="2" value="0.4"/>', ""
            ),
            "d_a.xml: has no <weight>: every issue weighs 1/2",
        ),
        (
            DOMAIN,
            PROFILE.replace('<weight index="2"', '<weight index="0" value="1"/><weight index="2"'),
            "d_a.xml: ignored <weight> with index 0 (an objective)",
        ),
        (
            DOMAIN,
            PROFILE.replace('evaluation="2"', 'evaluation="0"').replace(
                'evaluation="4"', 'evaluation="0"'
            ),
            "d_a.xml: <issue name='Price'>: every evaluation is 0",
        ),
        (
            DOMAIN,
            PROFILE.replace('<item index="1" value="low" evaluation="2"/>', "").replace(
                '<item index="2" value="high" evaluation="4"/>',
                '<item index="1" value="low" evaluation="2"/><item index="2" value="high" '
                'evaluation="4"/><item index="3" value="low" evaluation="2"/>',
            ),
            "d_a.xml: <issue name='Price'> evaluates 'low' twice alike",
        ),
        (
            DOMAIN.replace(
                '<issue index="2"', '<objective index="9" name="sub"><issue index="2"'
            ).replace("</issue>\n</objective>", "</issue></objective>\n</objective>"),
            PROFILE,
            "d.xml: <objective name='sub'> is nested in <objective name='root'>",
        ),
    ],
    ids=[
        "repeated-item-index",
        "repeated-value",
        "extra-elements",
        "weights-not-1",
        "no-weights",
        "objective-weight",
        "all-zero",
        "repeated-evaluation",
        "nested-objective",
    ],
)
def test_irregular_files_warn(tmp_path: Path, domain: str, profile: str, message: str) -> None:
    with pytest.warns(BargainWarning) as caught:
        s = read_case(tmp_path, domain, profile)
    texts = [str(w.message) for w in caught]
    assert any(message in t for t in texts), texts
    assert s.issue_keys == ("price", "delivery")


def test_nested_objective_issues_are_read(tmp_path: Path) -> None:
    nested = PROFILE.replace(
        '<issue index="2"',
        '<objective index="9" name="sub"><weight index="9" value="1"/><issue index="2"',
    ).replace("</issue>\n  <weight", "</issue></objective>\n  <weight")
    assert nested.count("<objective") == 2
    with pytest.warns(BargainWarning) as caught:
        s = read_case(tmp_path, DOMAIN, nested)
    texts = " | ".join(str(w.message) for w in caught)
    assert "is nested in" in texts and "ignored <weight> with index 9 (an objective)" in texts
    assert s.party("a").values["delivery"] == (0.0, 0.5, 1.0)


RANGES = """<negotiation_template><utility_space>
<objective index="0" name="root">
  <issue index="1" name="Units" type="integer" lowerbound="2" upperbound="6"/>
  <issue index="2" name="Price" type="real"><range lowerbound="0" upperbound="10"/></issue>
</objective></utility_space></negotiation_template>
"""

RANGE_PROFILE = """<utility_space><objective index="0" name="root">
  <issue index="1" name="Units" type="integer" lowerbound="2" upperbound="6">
    <evaluator ftype="linear" slope="0.5" offset="-0.25"/>
  </issue>
  <issue index="2" name="Price" type="real"><range lowerbound="0" upperbound="10"/>
    <evaluator ftype="linear" parameter0="1" parameter1="-0.1"/>
  </issue>
  <weight index="1" value="0.5"/><weight index="2" value="0.5"/>
</objective></utility_space>
"""


def test_integer_and_real_ranges(tmp_path: Path) -> None:
    d, ps = write_case(tmp_path, RANGES, RANGE_PROFILE, RANGE_PROFILE)
    with pytest.warns(BargainWarning, match=r"real range \[0, 10\]: read as 5 evenly spaced"):
        s = read_genius(d, ps, real_resolution=5)
    assert s.issue("units").levels == ("2", "3", "4", "5", "6")
    assert s.issue("price").levels == ("0", "2.5", "5", "7.5", "10")
    # integer: offset + slope * (x - lower), clipped to [0, 1] as GENIUS does
    assert s.party("a").values["units"] == (0.0, 0.25, 0.75, 1.0, 1.0)
    assert s.party("a").values["price"] == (1.0, 0.75, 0.5, 0.25, 0.0)
    assert "discretised into 5 evenly spaced levels" in s.notes["scenario"]
    with pytest.warns(BargainWarning, match="11 evenly spaced levels"):
        assert read_genius(d, ps).issue("price").n_levels == 11


PROFILE_B = PROFILE.replace('name="Price"', 'name="Cost"')


@pytest.mark.parametrize(
    ("domain", "profile", "message"),
    [
        (
            DOMAIN,
            PROFILE.replace('<issue index="2"', '<skip index="2"').replace(
                "</issue>\n  <weight", "</skip>\n  <weight"
            ),
            "d_a.xml: <objective name='root'> has no evaluation of the issue 'Delivery'",
        ),
        (
            DOMAIN,
            PROFILE.replace('value="now"', 'value="tomorrow"'),
            "d_a.xml: <item value='tomorrow'> in <issue name='Delivery'> is not a value of the "
            "issue in the domain file",
        ),
        (
            DOMAIN,
            PROFILE.replace('value="0.6"', 'value="heavy"'),
            "d_a.xml: <weight index='1'> has value='heavy', expected a number",
        ),
        (
            DOMAIN,
            PROFILE.replace('value="0.6"', 'value="-0.6"'),
            "d_a.xml: <weight index='1'> has value -0.6, expected a weight ≥ 0",
        ),
        (
            DOMAIN,
            PROFILE_B,
            "d_a.xml: <issue name='Cost'> has index 1, which is the issue 'Price' in the domain "
            "file",
        ),
        (DOMAIN, PROFILE.replace("</objective>", ""), "d_a.xml: is not well-formed XML"),
        (DOMAIN, DOMAIN, "d_a.xml: <negotiation_template> is a domain (template) file"),
        (PROFILE, PROFILE, "d.xml: <utility_space> is a party's utility space (a profile)"),
        (
            DOMAIN,
            PROFILE.replace('evaluation="5"', 'evaluation="-5"'),
            "d_a.xml: <item value='fast'> has evaluation -5, expected ≥ 0",
        ),
        (
            DOMAIN,
            PROFILE.replace('<item index="3" value="now" evaluation="10"/>', ""),
            "d_a.xml: <issue name='Delivery'> gives no evaluation for the value(s) 'now'",
        ),
        (
            DOMAIN,
            PROFILE.replace('<weight index="2" value="0.4"/>', ""),
            "d_a.xml: <objective name='root'> has no <weight> for the issue 'Delivery' (index 2)",
        ),
        (
            DOMAIN,
            PROFILE.replace('<discount_factor value="0"/>', '<discount_factor value="1.5"/>'),
            "d_a.xml: <discount_factor value='1.5'> is 1.5, expected a discount factor in [0, 1]",
        ),
        (
            DOMAIN,
            PROFILE.replace(
                'evaluation="5"/>', 'evaluation="5"/><item value="fast" evaluation="6"/>'
            ),
            "d_a.xml: <item value='fast'> in <issue name='Delivery'> is evaluated twice",
        ),
        (
            DOMAIN.replace(
                'type="discrete" etype="discrete">\n    <item index="1" value="slow"',
                ('type="price">\n    <item index="1" value="slow"'),
            ),
            PROFILE,
            "d.xml: <issue name='Delivery'> has type 'price'; supported: discrete, integer, real",
        ),
        (
            DOMAIN.replace('<item index="2" value="high"/>', ""),
            PROFILE,
            "d.xml: <issue name='Price'> has 1 value(s), expected at least 2",
        ),
    ],
    ids=[
        "missing-issue",
        "unknown-value",
        "non-numeric-weight",
        "negative-weight",
        "other-domain",
        "malformed",
        "domain-as-profile",
        "profile-as-domain",
        "negative-evaluation",
        "missing-evaluation",
        "missing-weight",
        "bad-discount",
        "conflicting-repeat",
        "unsupported-type",
        "one-value",
    ],
)
def test_bad_files_are_refused(tmp_path: Path, domain: str, profile: str, message: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        with pytest.raises(ScenarioError) as info:
            read_case(tmp_path, domain, profile)
    assert str(tmp_path) in str(info.value)
    assert message in str(info.value).replace(str(tmp_path) + "/", "")


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    d, ps = write_case(tmp_path)
    with pytest.raises(ScenarioError, match="real_resolution must be ≥ 2, found 1"):
        read_genius(d, ps, real_resolution=1)
    with pytest.raises(ScenarioError, match=r"profile_paths has 1 profile\(s\)"):
        read_genius(d, ps[:1])
    with pytest.raises(ScenarioError, match="profile_paths must be a list of profile files"):
        read_genius(d, ps[0])  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match=r"nothing\.xml: does not exist"):
        read_genius(tmp_path / "nothing.xml", ps)


# ----------------------------------------------------------------------------- folders and the CLI
def test_folder_detection(tmp_path: Path) -> None:
    write_case(tmp_path)
    (tmp_path / "notes.xml").write_text("<notes/>", encoding="utf-8")
    with pytest.warns(BargainWarning, match=r"notes.xml: skipped, root <notes>"):
        domain, profiles = find_genius_files(tmp_path)
    assert domain.name == "d.xml" and [p.name for p in profiles] == ["d_a.xml", "d_b.xml"]
    (tmp_path / "notes.xml").unlink()
    (tmp_path / "e.xml").write_text(DOMAIN, encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"exactly one GENIUS domain file .*found 2: d\.xml, e\.xml"
    ):
        find_genius_files(tmp_path)
    (tmp_path / "e.xml").unlink()
    (tmp_path / "d_b.xml").unlink()
    with pytest.raises(ScenarioError, match="at least two GENIUS profiles"):
        find_genius_files(tmp_path)


def test_load_scenario_accepts_a_genius_folder() -> None:
    folder = DATA / "y2010" / "ItexvsCypress"
    assert load_scenario(folder) == read_genius_folder(folder)
    assert load_scenario(str(folder)).party_keys == ("cypress", "itex")


def test_scenario_from_genius() -> None:
    folder = DATA / "y2011" / "Grocery"
    domain, profiles = find_genius_files(folder)
    assert bargain.read_genius(domain, profiles) == read_genius_folder(folder)


def test_cli_import_export_solve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bargain.cli.main import main

    folder = DATA / "y2011" / "Laptop"
    domain, profiles = find_genius_files(folder)
    out = tmp_path / "laptop.toml"
    code = main(["import-genius", str(domain), *map(str, profiles), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "weights sum to 1.000051804" in captured.err  # warnings: one line each
    assert bargain.read_toml(out) == read_quietly(folder)
    code = main(["export-genius", str(out), "-o", str(tmp_path / "genius")])
    captured = capsys.readouterr()
    assert code == 0 and "laptop.xml" in captured.out
    code = main(["solve", str(tmp_path / "genius"), "--json"])
    captured = capsys.readouterr()
    assert code == 0 and '"agreement": true' in captured.out
    other = str(tmp_path / "other.toml")
    code = main(["import-genius", str(domain), str(domain), str(domain), "-o", other])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1 and "is a domain (template) file" in captured.err


# ----------------------------------------------------------------------------- NegMAS agrees
@pytest.mark.parametrize("folder", DOMAINS, ids=DOMAIN_IDS)
def test_frontier_and_nash_equal_negmas(folder: Path) -> None:
    negmas_inout = pytest.importorskip(
        "negmas.inout", reason="NegMAS is not installed (optional extra: pip install '.[bench]')"
    )
    from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    s = read_quietly(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = negmas_inout.Scenario.from_genius_folder(folder, ignore_discount=True)
    assert theirs is not None
    # NegMAS keeps the raw evaluations; GENIUS divides each issue's by its maximum.
    ufuns = []
    for u in theirs.ufuns:
        values = []
        for fun in u.values:
            top = max(fun.mapping.values())
            values.append(TableFun({k: x / top for k, x in fun.mapping.items()}))
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values,
                weights=u.weights,
                outcome_space=u.outcome_space,
                reserved_value=u.reserved_value,
            )
        )
    outcomes = list(theirs.outcome_space.enumerate_or_sample())
    front, _ = pareto_frontier(ufuns, outcomes=outcomes)
    ours = frontier_2(s.utilities(deal_sample(s, 10**7)))
    np.testing.assert_allclose(
        np.unique(np.round(front, 9), axis=0), np.unique(np.round(ours, 9), axis=0), atol=1e-9
    )
    # NegMAS measures gains from max(reservation value, lowest utility), so solve from there.
    lowest = sum(t.min(axis=0) for t in s.tables)
    baseline = np.maximum(s.disagreement_point, lowest)
    sol = solve(s, disagreement=[float(b) for b in baseline])
    nash = nash_points(ufuns, front, outcome_space=theirs.outcome_space)
    assert any(np.allclose(point, list(sol.utilities.values()), atol=1e-9) for point, _ in nash)


def test_negative_values_are_written_exactly_when_no_deal_is_below_zero(tmp_path: Path) -> None:
    s = Scenario(
        name="offsets",
        issues=[bargain.Issue("x", "X", ["a", "b"]), bargain.Issue("y", "Y", ["c", "d", "e"])],
        parties=[
            bargain.Party("a", "", values={"x": [-1.0, 0.0], "y": [2.0, 3.0, 2.5]}),
            bargain.Party("b", "", values={"x": [0.0, 1.0], "y": [1.0, 0.0, 0.5]}),
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", BargainWarning)  # no translation needed
        paths = write_genius(s, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)  # weights sum to 4 and 2
        back = read_genius(paths[0], paths[1:])
    deals = deal_sample(s)
    np.testing.assert_allclose(back.utilities(deals), s.utilities(deals), rtol=0, atol=1e-12)
    assert back.disagreement_point.tolist() == [0.0, 0.0]


def test_export_warns_once_listing_what_it_cannot_carry(tmp_path: Path) -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    s = dataclasses.replace(
        talks,
        links=(),
        notes={k: v for k, v in talks.notes.items() if not k.startswith("links")},
    ).replace("nato.power", 2.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_genius(s, tmp_path)
    assert len(caught) == 1 and caught[0].category is BargainWarning
    assert str(caught[0].message) == (
        "GENIUS XML cannot carry the threat game (russia against nato); the breakdown risk (0.1 "
        "per rejected offer); bargaining powers (nato 2); issue keys (an issue is written by its "
        "name: 'indivisible_security' comes back as 'article_1_no_party_strengthens_its_security"
        "_at_the_expense_of_russia_s_security', 'consultations' comes back as 'article_2_"
        "multilateral_consultations_and_the_nato-russia_council', 'not_adversaries' comes back "
        "as 'article_3_the_parties_do_not_consider_each_other_adversaries' and 5 more); the "
        f"notes ({len(s.notes)}); the description and sources."
    )
    assert [p.name for p in paths][1:] == [
        "russia-nato-2022-no-red-lines_Russia.xml",
        "russia-nato-2022-no-red-lines_NATO.xml",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BargainWarning)
        back = read_genius(paths[0], paths[1:])
    assert [p.name for p in back.parties] == ["Russia", "NATO"]  # carried by the file names
    assert [p.key for p in back.parties] == ["russia", "nato"]
