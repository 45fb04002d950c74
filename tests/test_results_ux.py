"""Results in the hands of users: short reprs, HTML tables, sequences, data frames, Parquet."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

import bargain
from bargain.errors import MissingExtraError, ScenarioError


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(scope="module")
def results(talks):
    sweep = bargain.sweep(
        talks,
        grid={"nato.disagreement": [0.6, 0.95]},
        uncertainty={"russia.weights": bargain.Dirichlet(50)},
        samples=30,
        rng=4,
        progress=False,
    )
    return {
        "solution": bargain.solve(talks),
        "lottery": bargain.solve(talks, lotteries=True),
        "frontier": bargain.pareto_frontier(talks),
        "path": bargain.concession_path(talks, "time-based"),
        "threat": bargain.threat_point(talks),
        "sweep": sweep,
        "summary": sweep.summary(),
    }


def test_reprs_are_one_short_line(talks, results):
    assert repr(results["solution"]) == (
        "<Solution nash: agreement, 8 issues, russia 0.305 nato 0.820>"
    )
    assert repr(results["frontier"]) == (
        "<Frontier russia-nato-2022-no-red-lines: 17 Pareto-optimal deals that beat the "
        "disagreement point, of 27,648 deals>"
    )
    assert repr(talks) == (
        "<Scenario russia-nato-2022-no-red-lines: 8 issues, 2 parties (russia, nato), "
        "27,648 deals, 3 links, threat game>"
    )
    assert repr(talks.party("russia")) == ("Party('russia', 'Russia', disagreement=0.2, 8 issues)")
    assert repr(bargain.Issue("x", levels=["a", "b"])) == "Issue('x', 'x', levels=('a', 'b'))"
    for name, result in results.items():
        text = repr(result)
        assert "\n" not in text and len(text) < 160, (name, text)
        assert text.startswith(f"<{type(result).__name__} ")
    # A concession path no longer prints every step of every round.
    assert len(repr(results["path"])) < 160


def test_print_keeps_the_text_report(results):
    for result in results.values():
        assert str(result) == result.table()


def test_html_tables_are_escaped_and_bounded(talks, results):
    for name, result in results.items():
        page = result._repr_html_()
        assert page.count("<table>") >= 1, name
        assert page.count("<tr>") <= 2 * 21 + 25, name  # at most 20 rows per table
    hostile = dataclasses.replace(
        talks,
        name="x",
        title="<script>alert(1)</script>",
        issues=(dataclasses.replace(talks.issues[0], name="<b>bold</b> & co"), *talks.issues[1:]),
    )
    page = hostile._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    solution = bargain.solve(hostile)
    assert "<script>" not in solution._repr_html_()
    for obj in (talks.issues[0], talks.parties[0]):
        assert obj._repr_html_().startswith("<table>")


def test_sweep_results_are_sequences_of_rows(results):
    sweep = results["sweep"]
    rows = sweep.rows()
    assert len(sweep) == len(rows) == 60
    assert sweep[0] == rows[0] and sweep[-1] == rows[-1]
    assert sweep[3:6] == rows[3:6]
    assert list(sweep) == rows
    with pytest.raises(IndexError):
        sweep[60]


def test_concession_paths_are_sequences_of_steps(results):
    path = results["path"]
    assert len(path) == len(path.steps) > 0
    assert path[0] is path.steps[0] and path[-1] is path.steps[-1]
    assert path[1:3] == path.steps[1:3]
    assert list(path) == list(path.steps)


def test_every_result_has_the_same_frame(results):
    pytest.importorskip("pandas")
    for name, result in results.items():
        frame = result.to_frame()
        assert list(frame.columns) == result.columns(), name
        assert len(frame) == len(result.rows()), name


def test_sweeps_save_parquet(tmp_path, results):
    pq = pytest.importorskip("pyarrow.parquet")
    sweep = results["sweep"]
    path = sweep.save(tmp_path / "runs.parquet")
    table = pq.read_table(path)
    assert table.column_names == sweep.columns()
    assert table.num_rows == len(sweep)
    back = table.to_pylist()
    assert back == sweep.rows()
    # Issue columns are dictionary-encoded level names.
    assert str(table.schema.field("missiles").type).startswith("dictionary")
    # Other results too, through their rows.
    solution = results["solution"].save(tmp_path / "deal.parquet")
    assert pq.read_table(solution).to_pylist() == results["solution"].rows()


def test_parquet_needs_its_extra(tmp_path, results, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError) as err:
        results["sweep"].save(tmp_path / "runs.parquet")
    assert str(err.value) == (
        "SweepResult.to_parquet() needs the optional package 'pyarrow': "
        'pip install "bargain-sim[parquet]"'
    )
    assert not (tmp_path / "runs.parquet").exists()


def test_save_refuses_other_suffixes(tmp_path, results):
    with pytest.raises(ScenarioError) as err:
        results["sweep"].save(tmp_path / "runs.xlsx")
    assert str(err.value) == (
        f"path must end in .json, .csv or .parquet, found '{tmp_path / 'runs.xlsx'}'"
    )


def test_the_printed_sweep_shows_the_columns_that_matter(talks):
    sweep = bargain.sweep(
        talks,
        uncertainty={"*.weights": bargain.Dirichlet(50)},
        samples=200,
        rng=1,
        progress=False,
    )
    text = sweep.table(max_rows=5)
    header = text.splitlines()[2].split()
    assert len([h for h in header if ".weights." in h]) == 6  # of 16 parameters
    varying = [k for i, k in enumerate(talks.issue_keys) if len(np.unique(sweep.levels[:, i])) > 1]
    assert [h for h in header if h in talks.issue_keys] == varying
    assert header[-2:] == ["utility.russia", "utility.nato"]
    assert "Not shown: 10 parameters that move it less" in text
    assert "result.to_frame()" in text and ".parquet" in text


def test_bargain_plot_without_matplotlib_names_the_extra():
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import bargain\n"
        "try:\n"
        "    bargain.plot\n"
        "except bargain.MissingExtraError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (
        "bargain.plot (pictures) needs the optional package 'matplotlib': "
        'pip install "bargain-sim[plot]"'
    )


def test_a_checkpoint_of_another_design_is_refused(tmp_path, talks):
    spec = {"nato.disagreement": bargain.Uniform(0.6, 0.9)}
    path = tmp_path / "sweep.ckpt"
    bargain.sweep(talks, uncertainty=spec, samples=10, rng=1, checkpoint=path, progress=False)
    with pytest.raises(ScenarioError) as err:
        bargain.sweep(
            talks,
            uncertainty=spec,
            samples=10,
            rng=1,
            checkpoint=path,
            progress=False,
            design="saltelli",
        )
    assert "different" in str(err.value) and "design" in str(err.value)


def test_reprs_show_red_lines_and_links():
    flagship = bargain.load_scenario("russia-nato-2022")
    assert repr(flagship) == (
        "<Scenario russia-nato-2022: 8 issues, 2 parties (russia, nato), 27,648 deals "
        "(0 free of red lines), 3 links, threat game>"
    )
    assert repr(flagship.party("nato")) == (
        "Party('nato', 'NATO', disagreement=0.75, 8 issues, red lines on enlargement, "
        "force_posture_1997, military_activity)"
    )
