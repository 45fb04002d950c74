"""Draw the pictures of the README into docs/images/ (deterministic: fixed seeds, no dates).

Run from anywhere: ``python scripts/readme_figures.py``. Writes

- ``docs/images/utility-space.png``: the deals, frontier, disagreement point and solutions of the
  flagship's teaching variant without red lines (every deal, and the individually rational region
  with lotteries; the flagship itself has no deal to draw);
- ``docs/images/concession-paths.png``: four concession protocols on one utility plane;
- ``docs/images/sweep-summary.png``: level probabilities and the tornado of a Monte Carlo sweep.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import bargain
from bargain.plot import compare_paths, save_figure, utility_space
from bargain.plot.figures import sweep_figure

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"


def utility_space_figure(talks: bargain.Scenario) -> plt.Figure:
    """Every deal on the left; the individually rational region, with lotteries, on the right."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11.0, 4.6), layout="constrained")
    utility_space(talks, ax=left, title="every one of the 27,648 package deals")
    utility_space(
        talks,
        ax=right,
        window="rational",
        lotteries=True,
        title="the deals both sides prefer to failure, with lotteries",
    )
    fig.suptitle(talks.title, fontsize=11)
    return fig


def paths_figure(talks: bargain.Scenario) -> plt.Figure:
    """Zeuthen, alternating offers, a time-based contest and trades from the Western offer."""
    levels = {i.key: i.levels for i in talks.issues}
    start = {  # the Western replies of 26 January 2022, read as levels (see the README)
        "indivisible_security": levels["indivisible_security"][1],
        "consultations": levels["consultations"][1],
        "force_posture_1997": levels["force_posture_1997"][1],
        "missiles": levels["missiles"][1],
        "military_activity": levels["military_activity"][2],
    }
    paths = [
        bargain.concession_path(talks, "zeuthen"),
        bargain.concession_path(talks, "alternating-offers"),
        bargain.concession_path(
            talks, "time-based", exponents={"russia": "boulware", "nato": "conceder"}
        ),
        bargain.concession_path(talks, "trades", start=start),
    ]
    labels = [
        "Zeuthen",
        "alternating offers",
        "time-based: Russia Boulware, NATO conceder",
        "trades from the Western offer",
    ]
    ax = compare_paths(paths, scenario=talks, labels=labels, title="four roads to a deal")
    return ax.figure


def sweep_summary_figure(talks: bargain.Scenario, samples: int = 2000) -> plt.Figure:
    """2,000 draws (or `samples`) of both parties' weights and disagreement utilities."""
    result = bargain.sweep(
        talks,
        uncertainty={
            "*.weights": bargain.Dirichlet(50),
            "nato.disagreement": bargain.Uniform(0.65, 0.85),
            "russia.disagreement": bargain.Uniform(0.1, 0.3),
        },
        samples=samples,
        rng=2022,
        progress=False,
    )
    return sweep_figure(result, talks)


def main() -> int:
    """Write the three pictures; print their names and sizes."""
    OUT.mkdir(parents=True, exist_ok=True)
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    figures = {
        "utility-space.png": (utility_space_figure(talks), 90),
        "concession-paths.png": (paths_figure(talks), 90),
        "sweep-summary.png": (sweep_summary_figure(talks), 85),
    }
    for name, (fig, dpi) in figures.items():
        path = save_figure(fig, OUT / name, dpi=dpi)
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
