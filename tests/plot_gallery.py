"""Every picture the project shows, as named figure builders, for tests and for looking.

The pictures of the README (``scripts/readme_figures.py``), the figure cells of the notebooks
(with smaller sweeps) and every ``--plot`` variant (solve, path, sweep, threat) on the flagship
(whose red lines leave no deal), its teaching variants without red lines, a three-party and a
four-party example (``tests/data/plots/``). Rendering is fixed:
DejaVu Sans (shipped with matplotlib), no hinting, a fixed size and resolution.

Write them all to a folder, to look at them::

    python tests/plot_gallery.py OUT_DIR [NAME_PART ...]
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import bargain
import bargain.plot
from bargain.forecast import Positions, load_positions, synthetic_positions
from bargain.plot import figures

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "plots"
#: Resolution of the rendered images (dots per inch).
DPI = 50
#: matplotlib settings of every rendering: the fonts matplotlib ships, no hinting.
RC = {
    "font.family": "DejaVu Sans",
    "text.hinting": "none",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "bargain",
}


@contextmanager
def fixed_style() -> Iterator[None]:
    """The rendering settings of the gallery (matplotlib's defaults plus :data:`RC`)."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(RC)
        yield


@cache
def scenario(name: str) -> bargain.Scenario:
    if name in ("three-parties", "four-parties"):
        return bargain.load_scenario(DATA / f"{name}.toml")
    return bargain.load_scenario(name)


@cache
def readme() -> object:
    spec = importlib.util.spec_from_file_location(
        "readme_figures", ROOT / "scripts/readme_figures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sweep(name: str) -> bargain.SweepResult:
    s = scenario(name)
    last = s.party_keys[-1]
    d = s.party(last).disagreement
    return bargain.sweep(
        s,
        grid={f"{last}.disagreement": np.linspace(d, d + 0.6 * (1 - d) if d < 1 else d * 1.4, 4)},
        uncertainty={"*.weights": bargain.Dirichlet(20)},
        samples=40,
        rng=11,
        progress=False,
    )


# --------------------------------------------------------------------------- README
TEACHING = "russia-nato-2022-no-red-lines"  # the flagship without red lines: it has deals


def readme_utility_space() -> Figure:
    return readme().utility_space_figure(scenario(TEACHING))  # type: ignore[attr-defined]


def readme_concession_paths() -> Figure:
    return readme().paths_figure(scenario(TEACHING))  # type: ignore[attr-defined]


def readme_sweep_summary() -> Figure:
    return readme().sweep_summary_figure(scenario(TEACHING), samples=300)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- notebooks
def _toy() -> bargain.Scenario:
    missiles = bargain.Issue("missiles", "Missile placement", ["no limits", "moratorium", "ban"])
    exercises = bargain.Issue(
        "exercises", "Military exercises", ["no limits", "notification", "cap"]
    )
    russia = bargain.Party(
        "russia",
        "Russia",
        disagreement=0.2,
        values={"missiles": [0.0, 0.7, 1.0], "exercises": [0.0, 0.5, 1.0]},
        weights={"missiles": 0.6, "exercises": 0.4},
    )
    nato = bargain.Party(
        "nato",
        "NATO",
        disagreement=0.3,
        values={"missiles": [1.0, 0.8, 0.0], "exercises": [1.0, 0.9, 0.2]},
        weights={"missiles": 0.5, "exercises": 0.5},
    )
    return bargain.Scenario(name="toy", issues=[missiles, exercises], parties=[russia, nato])


def nb01_toy_space() -> Figure:
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    toy = _toy()
    bargain.plot.utility_space(toy, ax=left, title="deals only", window="rational")
    bargain.plot.utility_space(
        toy, ax=right, lotteries=True, title="with lotteries", window="rational"
    )
    return fig


def nb01_toy_all() -> Figure:
    return bargain.plot.utility_space(_toy(), disagreement={"nato": 0.2}).figure


def nb02_card() -> Figure:
    talks = scenario(TEACHING)
    return bargain.plot.deal_card(bargain.solve(talks), scenario=talks).figure


def nb02_heatmap_missiles() -> Figure:
    talks = scenario(TEACHING)
    grid = bargain.sweep(
        talks,
        grid={
            "nato.weights.missiles": np.linspace(0.02, 0.3, 5),
            "russia.weights.missiles": np.linspace(0.02, 0.3, 5),
        },
        progress=False,
    )
    return bargain.plot.sweep_heatmap(grid, outcome="missiles", scenario=talks).figure


def nb02_level_probabilities() -> Figure:
    talks = scenario(TEACHING)
    draws = bargain.sweep(
        talks,
        uncertainty={"*.weights": bargain.Dirichlet(50)},
        samples=200,
        rng=2022,
        progress=False,
    )
    return bargain.plot.level_probabilities(draws, scenario=talks).figure


def nb03_zeuthen() -> Figure:
    talks = scenario(TEACHING)
    zeuthen = bargain.concession_path(talks, "zeuthen")
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5), layout="constrained")
    bargain.plot.concession_path(zeuthen, scenario=talks, ax=left)
    bargain.plot.utility_over_rounds(zeuthen, scenario=talks, ax=right)
    bargain.plot.refit_legends(fig)
    return fig


def nb03_trades() -> Figure:
    talks = scenario(TEACHING)
    levels = {i.key: i.levels for i in talks.issues}
    start = {  # the Western replies of 26 January 2022, as in notebook 03
        "indivisible_security": levels["indivisible_security"][1],
        "consultations": levels["consultations"][1],
        "force_posture_1997": levels["force_posture_1997"][1],
        "missiles": levels["missiles"][1],
        "military_activity": levels["military_activity"][2],
    }
    trades = bargain.concession_path(talks, "trades", start=start)
    return bargain.plot.concession_path(trades, scenario=talks).figure


def nb04_threat_game() -> Figure:
    talks = scenario("russia-nato-2022")  # the threat game needs no deal: the flagship
    result = bargain.threat_point(talks, "nash-equilibrium")
    return bargain.plot.threat_game(result, scenario=talks).figure


def nb04_threat_points() -> Figure:
    talks = scenario(TEACHING)
    results = [bargain.threat_point(talks, c) for c in ("nash-equilibrium", "optimal-threats")]
    axes = bargain.plot.compare_threat_points(results, scenario=talks)
    fig = axes[0].figure
    bargain.plot.refit_legends(fig)
    return fig


@cache
def _nb05_draws() -> bargain.SweepResult:
    """The draws of notebook 05 (fewer samples)."""
    spec = {
        "*.weights": bargain.Dirichlet(50),
        "nato.disagreement": bargain.Uniform(0.65, 0.85),
        "russia.disagreement": bargain.Uniform(0.1, 0.3),
    }
    return bargain.sweep(scenario(TEACHING), uncertainty=spec, samples=500, rng=7, progress=False)


def nb05_tornadoes() -> Figure:
    talks = scenario(TEACHING)
    result = _nb05_draws()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5), layout="constrained", sharey=True)
    # one parameter order for both panels, so rows compare; each party's utility on its own axis
    order = [bar.parameter for bar in bargain.plot.tornado_data(result, outcome="russia").bars[:8]]
    bargain.plot.tornado(result, ax=left, scenario=talks, outcome="russia", parameters=order)
    bargain.plot.tornado(result, ax=right, scenario=talks, outcome="nato", parameters=order)
    bargain.plot.refit_legends(fig)
    return fig


def nb05_sobol_tornadoes() -> Figure:
    summary = _nb05_draws().summary()
    return bargain.plot.sobol_tornadoes(summary, scenario=scenario(TEACHING), top=4)


def nb05_heatmap_agreement() -> Figure:
    both = bargain.sweep(
        scenario(TEACHING),
        grid={
            "nato.disagreement": np.linspace(0.6, 0.95, 8),
            "russia.disagreement": np.linspace(0.0, 0.45, 10),
        },
        progress=False,
    )
    return bargain.plot.sweep_heatmap(both, outcome="agreement").figure


# --------------------------------------------------------------------------- forecasts
@cache
def _positions() -> Positions:
    return load_positions("russia-nato-2022-actors")


def nb06_forecast_positions() -> Figure:
    noisy = bargain.forecast(
        _positions(),
        "package-nash",
        disagreement="worst",
        samples=300,
        noise={"position": 5.0, "salience": 10.0},
        rng=1,
    )
    return bargain.plot.forecast_positions(noisy, _positions()).figure


def nb06_backtest() -> Figure:
    """Also what ``bargain backtest --plot`` draws (the catalog's actors have no outcomes)."""
    synthetic = synthetic_positions(n_proposals=40, n_actors=6, model="exchange", noise=3.0, rng=4)
    models = ["compromise", "median", "nash", "exchange", "expected-utility", "fitted"]
    result = bargain.backtest(synthetic, models=models, folds=5, rng=0)
    return bargain.plot.backtest_figure(result)


def cli_forecast() -> Figure:
    """``bargain forecast`` of the flagship's actors, default model, ``--plot``."""
    return bargain.plot.forecast_positions(bargain.forecast(_positions()), _positions()).figure


# --------------------------------------------------------------------------- explorer
def nb07_explorer() -> Figure:
    """The figure of the ipywidgets explorer (notebook 07), as its first draw."""
    return bargain.plot.explore(scenario(TEACHING)).draw()


def nb07_explorer_no_deal() -> Figure:
    """The explorer once NATO's disagreement utility is moved to 0.95 (notebook 07): no deal."""
    explorer = bargain.plot.explore(scenario(TEACHING))
    explorer.set("nato.disagreement", 0.95)
    return explorer.draw()


def nb05_agreement_rate() -> Figure:
    talks = scenario(TEACHING)
    along = bargain.sweep(
        talks,
        grid={"nato.disagreement": np.linspace(0.6, 0.95, 8)},
        uncertainty={"*.weights": bargain.Dirichlet(50)},
        samples=30,
        rng=7,
        progress=False,
    )
    return bargain.plot.agreement_rate(along).figure


# --------------------------------------------------------------------------- --plot
def _solve(name: str) -> Figure:
    s = scenario(name)
    return figures.solve_figure(s, bargain.solve(s, lotteries=name == TEACHING))


def _path(name: str, protocol: str) -> Figure:
    s = scenario(name)
    return figures.path_figure(s, bargain.concession_path(s, protocol))


def _threat(name: str) -> Figure:
    s = scenario(name)
    return figures.threat_figure(s, bargain.threat_point(s))


def _sweep_figure(name: str) -> Figure:
    return figures.sweep_figure(_sweep(name), scenario(name))


SCENARIOS = (
    "russia-nato-2022",
    TEACHING,
    "russia-us-2021",
    "russia-us-2021-no-red-lines",
    "three-parties",
    "four-parties",
)

FIGURES: dict[str, Callable[[], Figure]] = {
    "readme-utility-space": readme_utility_space,
    "readme-concession-paths": readme_concession_paths,
    "readme-sweep-summary": readme_sweep_summary,
    "nb01-toy-space": nb01_toy_space,
    "nb01-toy-all": nb01_toy_all,
    "nb02-card": nb02_card,
    "nb02-heatmap-missiles": nb02_heatmap_missiles,
    "nb02-level-probabilities": nb02_level_probabilities,
    "nb03-zeuthen": nb03_zeuthen,
    "nb03-trades": nb03_trades,
    "nb04-threat-game": nb04_threat_game,
    "nb04-threat-points": nb04_threat_points,
    "nb05-tornadoes": nb05_tornadoes,
    "nb05-sobol-tornadoes": nb05_sobol_tornadoes,
    "nb05-agreement-rate": nb05_agreement_rate,
    "nb05-heatmap-agreement": nb05_heatmap_agreement,
    "nb06-forecast-positions": nb06_forecast_positions,
    "nb06-backtest": nb06_backtest,
    "nb07-explorer": nb07_explorer,
    "nb07-explorer-no-deal": nb07_explorer_no_deal,
    "cli-forecast-russia-nato-2022-actors": cli_forecast,
}
for _name in SCENARIOS:
    FIGURES[f"cli-solve-{_name}"] = lambda n=_name: _solve(n)
    FIGURES[f"cli-path-time-based-{_name}"] = lambda n=_name: _path(n, "time-based")
    FIGURES[f"cli-sweep-{_name}"] = lambda n=_name: _sweep_figure(n)
    if _name != "four-parties":  # no threat game in the four-party example
        FIGURES[f"cli-threat-{_name}"] = lambda n=_name: _threat(n)
FIGURES[f"cli-path-zeuthen-{TEACHING}"] = lambda: _path(TEACHING, "zeuthen")
FIGURES[f"cli-path-trades-{TEACHING}"] = lambda: _path(TEACHING, "trades")


def render(name: str) -> Figure:
    """Build the figure `name` in the gallery's fixed style.

    The figure is released from pyplot (it stays drawable, on the Agg canvas), so the tests may
    keep it without pyplot counting it open; a builder that leaves any other figure open is an
    error.
    """
    before = set(plt.get_fignums())
    with fixed_style():
        fig = FIGURES[name]()
        plt.close(fig)  # kept by the caller, not by pyplot (a no-op for a figure without it)
        FigureCanvasAgg(fig)  # drawable on its own
        fig.set_dpi(DPI)
        fig.canvas.draw()
        # laid out once: later draws (the tests hide and show artists) keep the positions
        fig.set_layout_engine("none")
    leaked = sorted(set(plt.get_fignums()) - before)
    if leaked:
        plt.close("all")
        raise AssertionError(f"{name}: building it left {len(leaked)} other figure(s) open")
    return fig


def save(fig: Figure, path: Path) -> None:
    """Write `fig` at its own size (no tight cropping), as PNG without metadata."""
    with fixed_style():
        fig.savefig(path, dpi=DPI, metadata={"Software": None})


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name in FIGURES:
        if argv[1:] and not any(part in name for part in argv[1:]):
            continue
        fig = render(name)
        with fixed_style():
            fig.savefig(out / f"{name}.png", dpi=80, metadata={"Software": None})
        plt.close(fig)
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
