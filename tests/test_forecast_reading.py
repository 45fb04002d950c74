"""Reading positions data: CSV files and DataFrames, round trips, and every bad input's message."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import bargain
from bargain import BargainWarning, Positions, ScenarioError, read_positions
from bargain.forecast import list_positions, load_positions, read_folder, synthetic_positions

POSITIONS = """\
issue,actor,position,salience
missiles,russia,100,0.6
missiles,nato,0,0.3
exercises,russia,80,0.4
exercises,nato,10,
"""
ISSUES = """\
issue,proposal,reference,outcome,low,high,name
missiles,security,0,40,0,100,Article 5
exercises,security,,,0,100,
"""
ACTORS = """\
actor,capability,name
russia,2,Russia
nato,,NATO
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    return (
        write(tmp_path, "positions.csv", POSITIONS),
        write(tmp_path, "issues.csv", ISSUES),
        write(tmp_path, "actors.csv", ACTORS),
    )


def test_read_three_tables(files: tuple[Path, Path, Path]) -> None:
    positions, issues, actors = files
    data = read_positions(positions, issues=issues, actors=actors)
    assert data.issues == ("missiles", "exercises")
    assert data.actors == ("russia", "nato")
    assert data.proposals == ("security",)
    np.testing.assert_array_equal(data.position, [[100, 0], [80, 10]])
    np.testing.assert_array_equal(data.salience, [[0.6, 0.3], [0.4, 0.0]])  # blank means 0
    np.testing.assert_array_equal(data.capability, [[2, 1], [2, 1]])  # blank means 1
    assert data.reference[0] == 0 and math.isnan(data.reference[1])
    assert data.outcome[0] == 40 and math.isnan(data.outcome[1])
    assert data.issue_names == ("Article 5", "exercises")
    assert data.actor_names == ("Russia", "NATO")
    assert data.issues_of("security") == ("missiles", "exercises")


def test_positions_alone_default_everything(files: tuple[Path, Path, Path]) -> None:
    data = read_positions(files[0])
    assert data.proposals == data.issues  # every issue a proposal of its own
    np.testing.assert_array_equal(data.low, [0, 0])
    np.testing.assert_array_equal(data.high, [100, 100])
    np.testing.assert_array_equal(data.actor_capability, [1, 1])
    assert np.isnan(data.reference).all() and np.isnan(data.outcome).all()


def test_capability_column_overrides_actor_table(tmp_path: Path) -> None:
    positions = write(
        tmp_path,
        "p.csv",
        "issue,actor,position,salience,capability\na,x,10,1,5\na,y,20,1,\nb,x,30,1,\n",
    )
    actors = write(tmp_path, "a.csv", "actor,capability\nx,2\ny,3\n")
    data = read_positions(positions, actors=actors)
    np.testing.assert_array_equal(data.capability, [[5, 3], [2, np.nan]])
    back = read_folder(data.to_csv(tmp_path / "out")[0].parent)
    assert back == data


def test_round_trip_through_csv(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data = read_positions(files[0], issues=files[1], actors=files[2])
    written = data.to_csv(tmp_path / "copy")
    assert [p.name for p in written] == ["positions.csv", "issues.csv", "actors.csv"]
    assert read_positions(written[0], issues=written[1], actors=written[2]) == data


def test_round_trip_of_synthetic_data(tmp_path: Path) -> None:
    data = synthetic_positions(n_proposals=6, n_actors=5, missing=0.3, rng=4)
    assert read_folder(data.to_csv(tmp_path)[0].parent) == data


def test_dataframes_are_read_like_files(files: tuple[Path, Path, Path]) -> None:
    pd = pytest.importorskip("pandas")
    from_files = read_positions(files[0], issues=files[1], actors=files[2])
    from_frames = read_positions(
        pd.read_csv(files[0]), issues=pd.read_csv(files[1]), actors=pd.read_csv(files[2])
    )
    assert from_frames == from_files
    frame = from_files.to_frame()
    assert list(frame.columns[:4]) == ["issue", "actor", "position", "salience"]
    assert len(frame) == 4


def test_extra_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "issue,actor,position,salience,note,salinece\na,x,1,1,hi,2\n")
    with pytest.warns(BargainWarning) as caught:
        read_positions(path)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{path}: ignored the column(s) 'note', 'salinece' (did you mean 'salience'?)"
    )


def test_no_warning_for_known_columns(files: tuple[Path, Path, Path]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_positions(files[0], issues=files[1], actors=files[2])


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("positions", "problem"),
    [
        (
            "issue,actor,salience\na,x,1\n",
            "is missing the column 'position' (columns: issue, actor, salience)",
        ),
        (
            "issue,actor,position,salience\na,x,1,1\na,y,2,1\na,x,3,1\n",
            "row 4 repeats issue 'a', actor 'x' of row 2",
        ),
        (
            "issue,actor,position,salience\na,x,101,1\n",
            "row 2 column 'position' must be on the scale of issue 'a' [0, 100], found 101",
        ),
        (
            "issue,actor,position,salience\na,x,50,-1\n",
            "row 2 column 'salience' must be >= 0, found -1",
        ),
        (
            "issue,actor,position,salience\na,x,50,nan\n",
            "row 2 column 'salience' must be a finite number, found nan",
        ),
        (
            "issue,actor,position,salience\na,x,50,inf\n",
            "row 2 column 'salience' must be a finite number, found inf",
        ),
        (
            "issue,actor,position,salience,capability\na,x,50,1,-2\n",
            "row 2 column 'capability' must be >= 0, found -2",
        ),
        (
            "issue,actor,position,salience\na,x,,1\n",
            "row 2 column 'position' must be a number, found an empty cell",
        ),
        (
            "issue,actor,position,salience\na,x,high,1\n",
            "row 2 column 'position' must be a number, found 'high'",
        ),
        ("issue,actor,position,salience\n,x,1,1\n", "row 2 column 'issue' must not be empty"),
        ("issue,actor,position,salience\n", "has no rows, expected one per (issue, actor)"),
        ("", "is empty, expected a header row"),
        ("issue,actor,position,salience\na,x,1,1,9\n", "row 2 has 5 cells, the header has 4"),
    ],
)
def test_bad_positions(tmp_path: Path, positions: str, problem: str) -> None:
    path = write(tmp_path, "positions.csv", positions)
    with pytest.raises(ScenarioError) as info:
        read_positions(path)
    assert str(info.value) == f"{path}: {problem}"


def test_actor_missing_from_actor_table(tmp_path: Path) -> None:
    positions = write(tmp_path, "p.csv", "issue,actor,position,salience\na,x,1,1\na,russa,2,1\n")
    actors = write(tmp_path, "a.csv", "actor,capability\nx,1\nrussia,1\n")
    with pytest.raises(ScenarioError) as info:
        read_positions(positions, actors=actors)
    assert str(info.value) == (
        f"{positions}: row 3 column 'actor' names the actor 'russa', which is not in the actor "
        f"table {actors}; did you mean 'russia'?"
    )


def test_issue_missing_from_issue_table(tmp_path: Path) -> None:
    positions = write(tmp_path, "p.csv", "issue,actor,position,salience\nmissile,x,1,1\n")
    issues = write(tmp_path, "i.csv", "issue\nmissiles\n")
    with pytest.raises(ScenarioError) as info:
        read_positions(positions, issues=issues)
    assert str(info.value) == (
        f"{positions}: row 2 column 'issue' names the issue 'missile', which is not in the issue "
        f"table {issues}; did you mean 'missiles'?"
    )


def test_issue_without_positions(tmp_path: Path) -> None:
    positions = write(tmp_path, "p.csv", "issue,actor,position,salience\na,x,1,1\n")
    issues = write(tmp_path, "i.csv", "issue\na\nb\n")
    with pytest.raises(ScenarioError) as info:
        read_positions(positions, issues=issues)
    assert str(info.value) == (
        f"{issues}: row 3 column 'issue' has no positions: no row of {positions} names the "
        "issue 'b'"
    )


@pytest.mark.parametrize(
    ("issues", "problem"),
    [
        (
            "issue,outcome\na,120\n",
            "row 2 column 'outcome' must be on the issue's scale [0, 100], found 120",
        ),
        (
            "issue,reference,low,high\na,-1,0,10\n",
            "row 2 column 'reference' must be on the issue's scale [0, 10], found -1",
        ),
        ("issue,low,high\na,5,5\n", "row 2 column 'high' must be above low (5), found 5"),
        ("issue\na\na\n", "row 3 column 'issue' repeats the issue 'a' of row 2"),
        ("proposal\nx\n", "is missing the column 'issue' (columns: proposal)"),
    ],
)
def test_bad_issue_table(tmp_path: Path, issues: str, problem: str) -> None:
    positions = write(tmp_path, "p.csv", "issue,actor,position,salience\na,x,1,1\n")
    path = write(tmp_path, "i.csv", issues)
    with pytest.raises(ScenarioError) as info:
        read_positions(positions, issues=path)
    assert str(info.value) == f"{path}: {problem}"


@pytest.mark.parametrize(
    ("actors", "problem"),
    [
        ("actor,capability\nx,-1\n", "row 2 column 'capability' must be >= 0, found -1"),
        (
            "actor,capability\nx,inf\n",
            "row 2 column 'capability' must be a finite number, found inf",
        ),
        ("actor\nx\nx\n", "row 3 column 'actor' repeats the actor 'x' of row 2"),
    ],
)
def test_bad_actor_table(tmp_path: Path, actors: str, problem: str) -> None:
    positions = write(tmp_path, "p.csv", "issue,actor,position,salience\na,x,1,1\n")
    path = write(tmp_path, "a.csv", actors)
    with pytest.raises(ScenarioError) as info:
        read_positions(positions, actors=path)
    assert str(info.value) == f"{path}: {problem}"


def test_missing_file_and_wrong_type(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(ScenarioError) as info:
        read_positions(missing)
    assert str(info.value) == f"{missing}: does not exist"
    with pytest.raises(ScenarioError) as info:
        read_positions(42)
    assert str(info.value) == "positions must be a CSV file path or a pandas DataFrame, found int"


def test_dataframe_errors_name_the_table_and_row() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"issue": ["a", "a"], "actor": ["x", "y"], "position": [1, 2], "salience": [1, -3]}
    )
    with pytest.raises(ScenarioError) as info:
        read_positions(frame)
    assert (
        str(info.value) == "positions (DataFrame): row 3 column 'salience' must be >= 0, found -3"
    )


# --------------------------------------------------------------------------- Positions
def test_positions_constructor_checks() -> None:
    with pytest.raises(ScenarioError) as info:
        Positions(issues=("a",), actors=("x",), position=np.array([[120.0]]))
    assert str(info.value) == "position['a', 'x'] must be on the scale [0, 100], found 120"
    with pytest.raises(ScenarioError) as info:
        Positions(issues=("a",), actors=("x",), position=np.array([[np.nan]]))
    assert str(info.value) == "issue 'a' has no positions"
    with pytest.raises(ScenarioError) as info:
        Positions(issues=("a", "a"), actors=("x",), position=np.array([[1.0], [2.0]]))
    assert str(info.value) == "issues[1] repeats 'a' (also issues[0])"
    with pytest.raises(ScenarioError) as info:
        Positions(issues=("a",), actors=("x",), position=np.array([1.0]))
    assert str(info.value) == "position must have shape (1, 1), found shape (1,)"


def test_positions_are_frozen_and_compare_by_value() -> None:
    data = synthetic_positions(n_proposals=2, n_actors=3, rng=0)
    with pytest.raises(AttributeError):
        data.issues = ()  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        data.position[0, 0] = 1.0
    assert data == synthetic_positions(n_proposals=2, n_actors=3, rng=0)
    assert data != synthetic_positions(n_proposals=2, n_actors=3, rng=1)


def test_bundled_data_set_does_not_confuse_the_scenario_list() -> None:
    assert "russia-nato-2022-actors" not in bargain.list_scenarios()
    assert list_positions() == ["russia-nato-2022-actors"]
    data = load_positions("russia-nato-2022-actors")
    assert (data.n_issues, data.n_actors) == (8, 9)
    with pytest.raises(ScenarioError):
        bargain.load_scenario("russia-nato-2022-actors")


@pytest.mark.slow
def test_wheel_ships_the_positions_data_set(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (extra 'test')")
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("bargain_sim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("positions.csv", "issues.csv", "actors.csv", "README.md"):
        assert f"bargain/scenarios/russia-nato-2022-actors/{name}" in names
