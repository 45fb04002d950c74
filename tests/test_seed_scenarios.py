"""The two flagship scenarios load, are modelled as the issue asks, and solve."""

from __future__ import annotations

import pytest

from bargain import list_scenarios, load_scenario, solve


def test_bundled_names() -> None:
    assert {"russia-nato-2022", "russia-us-2021"} <= set(list_scenarios())


@pytest.mark.parametrize("name", ["russia-nato-2022", "russia-us-2021"])
def test_seed_scenario_solves_to_a_rational_agreement(name: str) -> None:
    s = load_scenario(name)
    assert s.name == name and s.title and s.description and s.notes
    assert len(s.sources) >= 1 and all("202" in source for source in s.sources)
    assert all(3 <= issue.n_levels <= 4 for issue in s.issues)
    solution = solve(s)
    assert solution.agreement
    assert all(gain > 0 for gain in solution.gains.values())


def test_russia_nato_follows_the_articles_list() -> None:
    s = load_scenario("russia-nato-2022")
    assert [i.name.split(":")[0] for i in s.issues] == [f"Article {k}" for k in range(1, 9)]
    assert {"russia", "nato"} <= set(s.party_keys)
    assert "enlargement" in s.issues[5].name.lower()
    # The discrepancy between the article's list and its commentary is recorded.
    assert "Article 7" in s.notes and "Article 6" in s.notes and "Article 4" in s.notes


def test_russia_us_has_four_parties_and_six_proposals() -> None:
    s = load_scenario("russia-us-2021")
    assert s.n_issues == 6
    assert s.n_parties == 4
    names = " ".join(p.name.lower() for p in s.parties)
    for who in ("russia", "united states", "europe", "ukraine"):
        assert who in names
