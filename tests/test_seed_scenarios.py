"""The flagship scenarios: modelled as the sources say, red lines included, arguments as data."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

import bargain
from bargain import list_scenarios, load_scenario, solve
from bargain.io.catalog import scenario_path

FLAGSHIPS = ["russia-nato-2022", "russia-us-2021"]
ROOT = Path(__file__).resolve().parent.parent


def test_bundled_names() -> None:
    names = set(list_scenarios())
    assert set(FLAGSHIPS) <= names
    assert {f"{name}-no-red-lines" for name in FLAGSHIPS} <= names


@pytest.mark.parametrize("name", FLAGSHIPS)
def test_flagship_is_documented_and_argued(name: str) -> None:
    s = load_scenario(name)
    assert s.name == name and s.title and s.description and s.notes["scenario"]
    assert len(s.sources) >= 3 and all("202" in source for source in s.sources)
    assert all(3 <= issue.n_levels <= 4 for issue in s.issues)
    for party in s.parties:  # every number has its argument, as data
        assert f"{party.key}.disagreement" in s.notes
        for issue in s.issues:
            assert f"{party.key}.weights.{issue.key}" in s.notes
            assert f"{party.key}.values.{issue.key}" in s.notes
        for issue_key in party.red_lines:
            assert f"{party.key}.red_lines.{issue_key}" in s.notes
        assert party.discount == 1.0  # patience is not what the sources describe
        assert sum(party.weights.values()) == pytest.approx(1.0)
    assert all(f"links[{j}]" in s.notes for j in range(len(s.links)))
    assert "breakdown_risk" in s.notes and s.breakdown_risk == 0.1
    assert "threat_game" in s.notes


@pytest.mark.parametrize("name", FLAGSHIPS)
def test_no_number_is_argued_from_the_room_for_negotiation_sentence(name: str) -> None:
    s = load_scenario(name)
    for key, text in s.notes.items():
        if "room for negotiation" in text:
            assert "not set from" in text or key == "scenario", key


@pytest.mark.parametrize("name", FLAGSHIPS)
def test_the_sources_red_lines_collide_on_enlargement(name: str) -> None:
    s = load_scenario(name)
    sol = solve(s)
    assert not sol.agreement and s.space.empty
    assert sol.message.startswith("No deal is possible: Russia requires")
    assert "legally binding end" in sol.message or "guaranteed" in sol.message
    assert all("enlargement" in p.red_lines for p in s.parties)


@pytest.mark.parametrize("name", FLAGSHIPS)
def test_teaching_variant_is_the_flagship_without_red_lines(name: str) -> None:
    flagship = load_scenario(name)
    variant = load_scenario(f"{name}-no-red-lines")
    bare = flagship.without_red_lines()
    assert variant.parties == bare.parties and variant.issues == bare.issues
    assert variant.links == bare.links and variant.threat_game == bare.threat_game
    assert variant.breakdown_risk == bare.breakdown_risk
    assert all(not p.red_lines for p in variant.parties)
    script = runpy.run_path(str(ROOT / "scripts" / "teaching_variants.py"))
    expected = script["variant_text"](flagship)
    assert scenario_path(f"{name}-no-red-lines").read_text(encoding="utf-8") == expected
    sol = solve(variant)
    assert sol.agreement and all(g > 0 for g in sol.gains.values())
    assert sol.deal is not None and sol.deal["enlargement"] == "rejected: open door reaffirmed"


def test_russia_nato_follows_the_articles_list() -> None:
    s = load_scenario("russia-nato-2022")
    assert [i.name.split(":")[0] for i in s.issues] == [f"Article {k}" for k in range(1, 9)]
    assert s.party_keys == ("russia", "nato")
    assert "enlargement" in s.issues[5].name.lower()
    # The discrepancy between the article's list and its commentary is recorded.
    note = s.notes["scenario"]
    assert "Article 7" in note and "Article 6" in note and "Article 4" in note
    # Articles 6 and 7 are linked for Russia; Article 8's binding form goes with Article 3's.
    assert [g for g in s.space.groups if len(g) > 1] == [(2, 7), (5, 6)]


def test_russia_us_three_parties_ukraine_consulted() -> None:
    s = load_scenario("russia-us-2021")
    assert s.n_issues == 6
    assert s.party_keys == ("russia", "united_states", "european_allies")
    assert "Ukraine is consulted, not a party" in s.description
    assert (
        "in consultation with NATO's European partners, including with Ukraine"
        in (s.notes["scenario"])
    )


def test_semantics_deadline_threat_and_outside_options() -> None:
    s = load_scenario("russia-nato-2022")
    assert "deadline threat" in s.notes["breakdown_risk"].lower()
    assert "outside option" in s.notes["nato.disagreement"]
    assert "Moscow's patience was limited" in s.notes["breakdown_risk"]
    # the threat game's range brackets each party's guessed disagreement utility
    game = s.threat_game
    assert game is not None
    r, c = np.array(game.row_payoffs), np.array(game.column_payoffs)
    assert r.min() <= s.party("russia").disagreement <= r.max()
    assert c.min() <= s.party("nato").disagreement <= c.max()
    assert bargain.threat_point(s).disagreement == {"russia": 0.16, "nato": 0.76}
