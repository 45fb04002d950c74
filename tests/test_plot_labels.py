"""Names are drawn as written and in full; figures save as PNG, SVG and PDF, deterministically."""

import dataclasses
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

import bargain
from bargain.plot import figures, save_figure
from bargain.plot._common import _stable_ids, escape, wrap

UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _joined(fig):
    """Every text of the figure, its lines joined by spaces (wrapping undone)."""
    return [" ".join(t.get_text().split()) for t in _texts(fig)]


def hostile():
    """The three-party seed scenario with names that matplotlib would read as mathtext."""
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    parties = list(s.parties)
    parties[0] = dataclasses.replace(parties[0], name=r"$\frac{$")
    parties[1] = dataclasses.replace(parties[1], name="$x$ and $y$")
    issues = list(s.issues)
    issues[0] = dataclasses.replace(
        issues[0], name="costs in $ and $$", levels=("$0", "$5 bn", r"\$10 bn", "$x^2$")
    )
    # the links name the levels renamed here: drop them (and their notes)
    return dataclasses.replace(
        s, name="dollars", parties=parties, issues=issues, links=(), notes={}
    )


def two_party_hostile():
    s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    parties = [dataclasses.replace(s.parties[0], name=r"$\frac{$"), s.parties[1]]
    issues = list(s.issues)
    issues[4] = dataclasses.replace(issues[4], name="missiles ($ bn)")
    return dataclasses.replace(s, parties=parties, issues=issues)


def test_escape_and_wrap():
    assert escape(r"$\frac{$") == r"\$\frac{\$"
    assert escape("no dollars") == "no dollars"
    text = "no such missiles adjacent to the other parties, as drafted"
    assert " ".join(wrap(text, 12).split("\n")) == text  # nothing cut
    assert wrap("supercalifragilistic word", 5).split("\n") == ["supercalifragilistic", "word"]


@pytest.mark.parametrize("make", [hostile, two_party_hostile])
def test_dollar_signs_are_drawn_literally_in_every_figure(make, tmp_path):
    s = make()
    result = bargain.sweep(s, grid={f"{s.party_keys[-1]}.disagreement": [0.5, 0.6]}, progress=False)
    built = [
        figures.solve_figure(s, bargain.solve(s)),
        figures.path_figure(s, bargain.concession_path(s, "time-based")),
        figures.sweep_figure(result, s),
    ]
    if s.n_parties == 2:
        built.append(figures.threat_figure(s, bargain.threat_point(s)))
    for j, fig in enumerate(built):
        for text in _texts(fig):
            assert not UNESCAPED_DOLLAR.search(text.get_text()), text.get_text()
        save_figure(fig, tmp_path / f"figure-{j}.png")  # mathtext would raise on $\frac{$
    assert all((tmp_path / f"figure-{j}.png").stat().st_size > 0 for j in range(len(built)))


def test_names_are_shown_in_full_never_cut():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    sol = bargain.solve(talks, lotteries=True)
    card = figures.solve_figure(talks, sol)
    texts = _joined(card)
    assert not any("…" in t for t in texts)
    for issue in talks.issues:
        assert issue.name in texts
        assert sol.deal[issue.key] in texts
    draws = bargain.sweep(
        talks,
        uncertainty={"*.weights": bargain.Dirichlet(50)},
        samples=60,
        rng=1,
        progress=False,
    )
    sweep = figures.sweep_figure(draws, talks)
    texts = _joined(sweep)
    assert not any("…" in t for t in texts)
    for issue in talks.issues:
        assert issue.name in texts
        for level in issue.levels:
            assert level in texts


def test_sweep_figure_has_a_tornado_per_party():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    result = bargain.sweep(
        s, uncertainty={"*.weights": bargain.Dirichlet(30)}, samples=60, rng=3, progress=False
    )
    fig = figures.sweep_figure(result, s)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    for party in s.parties:
        assert any(party.name in t and "what moves" in t for t in titles), titles
    bars = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any(t.startswith("low ") for t in bars) and any(t.startswith("high ") for t in bars)


def test_paths_of_many_parties_are_small_multiples():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    fig = figures.path_figure(s, bargain.concession_path(s, "time-based"))
    assert len(fig.axes) == s.n_parties
    labels = [ax.get_ylabel().replace("\n", " ") for ax in fig.axes]
    assert labels == [f"{bargain.plot._common.possessive(p.name)} utility" for p in s.parties]
    xlims = {ax.get_xlim() for ax in fig.axes}
    assert len(xlims) == 1  # one rounds axis for every panel


def test_threat_points_share_one_window():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    results = [bargain.threat_point(talks, c) for c in ("nash-equilibrium", "optimal-threats")]
    left, right = bargain.plot.compare_threat_points(results, scenario=talks)
    assert left.get_xlim() == right.get_xlim() and left.get_ylim() == right.get_ylim()
    assert left.get_legend() is not None and right.get_legend() is not None
    with pytest.raises(bargain.ScenarioError, match="results is empty"):
        bargain.plot.compare_threat_points([], scenario=talks)
    with pytest.raises(bargain.ScenarioError, match="titles has 1 titles for 2 panels"):
        bargain.plot.compare_threat_points(results, scenario=talks, titles=["one"])


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_figures_save_deterministically(suffix, tmp_path):
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    paths = []
    for j in range(2):
        fig = figures.solve_figure(talks, bargain.solve(talks))
        paths.append(save_figure(fig, tmp_path / f"nash-{j}{suffix}"))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    head = paths[0].read_bytes()[:8]
    assert {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix] in head


def test_svg_ids_are_numbered_not_hashed(tmp_path):
    """matplotlib's hashed clip and marker ids (full-precision coordinates, which can differ in
    the last bits between two renders) are numbered in order of appearance, every reference
    still points at an id of the file."""
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    svg = save_figure(figures.solve_figure(talks, bargain.solve(talks)), tmp_path / "f.svg")
    text = svg.read_text()
    ids = set(re.findall(r'id="([^"]+)"', text))
    refs = set(re.findall(r'(?:url\(#|href="#)([^")]+)', text))
    assert refs and refs <= ids
    assert not [i for i in ids if re.fullmatch(r"[a-z][0-9a-f]{10}", i)]
    assert any(re.fullmatch(r"pid\d+", i) for i in ids)  # the axes' clip rectangles
    one = (
        b'<clipPath id="p0123456789"/><g clip-path="url(#p0123456789)"/>'
        b'<use xlink:href="#m9abcdef012"/><path id="m9abcdef012"/>'
    )
    two = one.replace(b"p0123456789", b"pfedcba9876").replace(b"m9abcdef012", b"m5555555555")
    assert (
        _stable_ids(one)
        == _stable_ids(two)
        == (
            b'<clipPath id="pid0"/><g clip-path="url(#pid0)"/>'
            b'<use xlink:href="#mid1"/><path id="mid1"/>'
        )
    )


def test_bad_suffix_from_python_names_no_command_line_option(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(bargain.ScenarioError) as error:
        save_figure(fig, tmp_path / "figure.jpg")
    message = str(error.value)
    assert message == f"path must end in .png, .svg or .pdf, found '{tmp_path / 'figure.jpg'}'"
    assert "--" not in message
