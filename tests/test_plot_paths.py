import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

import bargain
from bargain.plot import (
    concession_path,
    concession_path_data,
    utility_over_rounds,
    utility_over_rounds_data,
)


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_zeuthen_tracks_are_the_offers(talks):
    path = bargain.concession_path(talks, "zeuthen")
    data = concession_path_data(path, scenario=talks)
    assert [t.proposer for t in data.tracks] == ["russia", "nato"]
    assert [t.label for t in data.tracks] == ["Russia's offers", "NATO's offers"]
    for track in data.tracks:
        steps = [s for s in path.steps if s.proposer == track.proposer]
        expected = [[s.utilities["russia"], s.utilities["nato"]] for s in steps]
        np.testing.assert_allclose(track.points, expected)
        assert track.rounds == tuple(s.round for s in steps)
    np.testing.assert_allclose(data.agreement, [path.utilities["russia"], path.utilities["nato"]])
    nash = bargain.solve(talks)
    (mark,) = data.space.marks
    np.testing.assert_allclose(mark.point, list(nash.utilities.values()))
    # every offer lies inside the window drawn
    for track in data.tracks:
        assert np.all(track.points >= data.space.limits[:, 0])
        assert np.all(track.points <= data.space.limits[:, 1])


def test_trades_start_from_the_status_quo(talks):
    path = bargain.concession_path(talks, "trades")
    data = concession_path_data(path, scenario=talks)
    (track,) = data.tracks
    assert track.proposer is None and track.label == "trades"
    np.testing.assert_allclose(track.points[0], talks.utilities([0] * talks.n_issues))
    assert track.rounds[0] == 0 and len(track.points) == len(path.steps) + 1
    assert np.all(track.points >= data.space.limits[:, 0])


def test_rounds_series(talks):
    path = bargain.concession_path(talks, "time-based", exponents={"russia": 0.5, "nato": 3})
    data = utility_over_rounds_data(path, scenario=talks)
    labels = [s.label for s in data.series]
    assert "Russia's utility: NATO's offers" in labels
    assert "NATO's aspiration" in labels
    own = next(s for s in data.series if s.party == "nato" and s.source == "own")
    steps = [s for s in path.steps if s.proposer == "nato"]
    np.testing.assert_array_equal(own.rounds, [s.round for s in steps])
    np.testing.assert_allclose(own.utilities, [s.utilities["nato"] for s in steps])
    assert data.disagreement == {"russia": 0.2, "nato": 0.75}
    assert data.agreement_round == path.rounds


def test_rounds_of_trades_and_many_parties():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    path = bargain.concession_path(s, "time-based")
    data = utility_over_rounds_data(path, scenario=s)
    assert "European allies' utility: others' offers" in [x.label for x in data.series]
    with pytest.raises(bargain.ScenarioError, match="parties"):
        concession_path_data(path, scenario=s)
    d2 = concession_path_data(path, scenario=s, parties=["russia", "european_allies"])
    assert d2.space.parties == ("Russia", "European allies") and len(d2.tracks) == 3


def test_wrong_scenario_is_refused(talks):
    path = bargain.concession_path(talks, "zeuthen")
    with pytest.raises(bargain.ScenarioError, match="not of the scenario given"):
        concession_path_data(path, scenario=bargain.load_scenario("russia-us-2021-no-red-lines"))
    with pytest.raises(bargain.ScenarioError, match="ConcessionPath"):
        utility_over_rounds_data(bargain.solve(talks), scenario=talks)


@pytest.mark.parametrize("protocol", ["zeuthen", "alternating-offers", "time-based", "trades"])
def test_drawings_return_axes(talks, protocol):
    path = bargain.concession_path(talks, protocol)
    assert isinstance(concession_path(path, scenario=talks), Axes)
    _, ax = plt.subplots()
    assert utility_over_rounds(path, scenario=talks, ax=ax, title="r") is ax
    assert ax.get_title(loc="left") == "r"


def test_compare_paths(talks):
    from bargain.plot import compare_paths, compare_paths_data

    start = {"missiles": "no such missiles adjacent to the other parties, as drafted"}
    paths = [
        bargain.concession_path(talks, "zeuthen"),
        bargain.concession_path(talks, "trades", start=start),
    ]
    data = compare_paths_data(paths, scenario=talks, labels=["Zeuthen", "logrolling"])
    assert [c.label.split(":")[0] for c in data.paths] == ["Zeuthen", "logrolling"]
    assert data.paths[0].colour != data.paths[1].colour
    np.testing.assert_allclose(data.paths[0].end, list(paths[0].utilities.values()))
    trades = data.paths[1].tracks[0]
    last = paths[1].steps[-1].utilities
    np.testing.assert_allclose(trades.points[-1], [last["russia"], last["nato"]])
    every = np.vstack([t.points for c in data.paths for t in c.tracks])
    assert np.all(every >= data.space.limits[:, 0]) and np.all(every <= data.space.limits[:, 1])
    with pytest.raises(bargain.ScenarioError, match="labels"):
        compare_paths_data(paths, scenario=talks, labels=["one"])
    with pytest.raises(bargain.ScenarioError, match="empty"):
        compare_paths_data([], scenario=talks)
    _, ax = plt.subplots()
    assert compare_paths(paths, scenario=talks, ax=ax) is ax
