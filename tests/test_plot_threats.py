import dataclasses

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

import bargain
from bargain.plot import threat_game, threat_game_data, threat_point, threat_point_data

GAME = bargain.ThreatGame(
    row="russia",
    column="nato",
    row_strategies=["escalate", "hold forces at the border", "de-escalate"],
    column_strategies=["severe sanctions", "limited sanctions", "no new sanctions"],
    row_payoffs=[[-0.6, -0.4, -0.1], [0.0, 0.05, 0.1], [0.1, 0.15, 0.2]],
    column_payoffs=[[-0.3, -0.5, -0.8], [0.1, 0.05, -0.1], [0.2, 0.2, 0.25]],
)
BATTLE = bargain.ThreatGame(
    row="russia",
    column="nato",
    row_strategies=["summit", "talks"],
    column_strategies=["summit", "talks"],
    row_payoffs=[[0.3, 0.0], [0.0, 0.2]],
    column_payoffs=[[0.2, 0.0], [0.0, 0.3]],
)


@pytest.fixture(scope="module")
def talks():
    return dataclasses.replace(
        bargain.load_scenario("russia-nato-2022-no-red-lines"), threat_game=GAME
    )


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_game_data_names_strategies_and_marks_equilibria(talks):
    result = bargain.threat_point(talks)
    data = threat_game_data(result, scenario=talks)
    assert data.parties == ("Russia", "NATO")
    assert data.row_strategies == GAME.row_strategies
    assert data.column_strategies == GAME.column_strategies
    np.testing.assert_array_equal(data.row_payoffs, GAME.row_matrix)
    assert data.pure_cells == ((2, 2),)  # de-escalate / no new sanctions
    assert data.labels == ("de-escalate / no new sanctions",)
    np.testing.assert_allclose(data.payoffs, [[0.2, 0.25]])
    # best responses: the row player's largest entry in each column
    np.testing.assert_array_equal(data.row_best[2], [True, True, True])
    assert data.column_best[1, 0] and not data.column_best[1, 2]


def test_mixed_equilibria_of_a_battle(talks):
    s = dataclasses.replace(talks, threat_game=BATTLE)
    result = bargain.threat_point(s)
    data = threat_game_data(result, scenario=s)
    assert len(data.mixes) == 3 and len(data.pure_cells) == 2
    for (x, y), eq in zip(data.mixes, result.equilibria, strict=True):
        assert x.sum() == pytest.approx(1) and y.sum() == pytest.approx(1)
        np.testing.assert_allclose(x @ BATTLE.row_matrix @ y, eq.payoffs["russia"], atol=1e-12)
        np.testing.assert_allclose(x @ BATTLE.column_matrix @ y, eq.payoffs["nato"], atol=1e-12)
    assert isinstance(threat_game(result, scenario=s), Axes)


def test_threat_point_data_moves_the_nash_solution(talks):
    result = bargain.threat_point(talks, "optimal-threats")
    data = threat_point_data(result, scenario=talks)
    np.testing.assert_allclose(data.fixed, [0.2, 0.75])
    np.testing.assert_allclose(data.threat, list(result.disagreement.values()))
    np.testing.assert_allclose(data.space.disagreement, data.threat)
    assert data.outcomes.shape == (9, 2)
    np.testing.assert_allclose(data.after, list(result.solution.utilities.values()))
    before = bargain.solve(talks, lotteries=True)
    np.testing.assert_allclose(data.before, list(before.utilities.values()))
    assert data.space.marks[0].label.endswith("from the threat point")
    # the game's outcomes are inside the window
    assert np.all(data.outcomes >= data.space.limits[:, 0])


def test_wrong_inputs(talks):
    result = bargain.threat_point(talks)
    plain = bargain.load_scenario("russia-nato-2022-no-red-lines")
    with pytest.raises(bargain.ScenarioError, match=r"no threat game|not of the scenario"):
        threat_game_data(result, scenario=dataclasses.replace(plain, name="other"))
    with pytest.raises(bargain.ScenarioError, match="ThreatResult"):
        threat_point_data(bargain.solve(talks), scenario=talks)


def test_drawings_use_ax(talks):
    result = bargain.threat_point(talks)
    _, ax = plt.subplots()
    assert threat_game(result, scenario=talks, ax=ax, title="g") is ax
    assert next(t.get_text() for t in ax.get_xticklabels()) == "severe sanctions"
    _, ax = plt.subplots()
    assert threat_point(result, scenario=talks, ax=ax) is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "threat point" in legend and "scenario's disagreement point" in legend
