"""The "threat-game" disagreement rule works wherever a disagreement point is taken."""

from __future__ import annotations

import numpy as np
import pytest

from bargain import (
    ScenarioError,
    concession_path,
    load_scenario,
    pareto_frontier,
    solve,
    threat_point,
)


def test_every_entry_point_uses_the_threat_point() -> None:
    s = load_scenario("russia-nato-2022-no-red-lines")
    d = threat_point(s).disagreement
    expected = [d[k] for k in s.party_keys]
    sol = solve(s, disagreement="threat-game")
    assert list(sol.disagreement.values()) == expected
    front = pareto_frontier(s, disagreement="threat-game")
    assert np.all(front.utilities > np.asarray(expected))
    path = concession_path(s, "zeuthen", disagreement="threat-game")
    assert path.agreement and path.deal == sol.deal


def test_unknown_rule_suggests_threat_game() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'threat-game'"):
        solve(load_scenario("russia-nato-2022-no-red-lines"), disagreement="threat_game")
