"""The ``bargain forecast`` and ``bargain backtest`` commands: forecasting from positions data.

``bargain forecast POSITIONS.csv [--issues I.csv] [--actors A.csv] [--model M] [--json]
[--plot F]`` prints one model's forecast of every issue; ``bargain backtest POSITIONS.csv
--issues I.csv [--actors A.csv] [--models m1,m2,...] [--folds K] [--json] [--plot F]``
cross-validates models on the issues' recorded outcomes (seed 0). The tables are read by
:func:`bargain.read_positions`.

Examples
--------
>>> parse_models("compromise, nash")
('compromise', 'nash')
>>> parse_models("compromise,nsh")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: model 'nsh' is not a model; did you mean 'nash'?
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bargain._optional import require
from bargain.cli.plotting import add_plot_argument
from bargain.errors import ScenarioError
from bargain.forecast.backtest import backtest
from bargain.forecast.models import MODELS
from bargain.forecast.positions import Positions
from bargain.forecast.reading import read_positions
from bargain.forecast.run import forecast

__all__ = ["parse_models", "register"]


def parse_models(text: str) -> tuple[str, ...]:
    """``m1,m2,...`` as model names, each checked against the registry."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise ScenarioError("must list at least one model", key="--models")
    for name in names:
        MODELS.lookup(name)
    return names


def _read(args: argparse.Namespace) -> Positions:
    return read_positions(args.positions, issues=args.issues, actors=args.actors)


def _save(path: str | None, draw: Any) -> None:
    """Draw a figure with `draw` (a function returning it) and write it to `path`, if given."""
    if not path:
        return
    # matplotlib loads only when a picture is asked for (it takes a second to import)
    require("matplotlib", "plot", "--plot")  # MissingExtraError: pip install bargain-sim[plot]
    if "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")  # files only: no window, no display needed
    from bargain.plot import save_figure  # matplotlib, only when a picture is asked for

    try:
        save_figure(draw(), path)
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc}", key="--plot") from None
    print(f"wrote {path}", file=sys.stderr)


def _cmd_forecast(args: argparse.Namespace) -> int:
    data = _read(args)
    result = forecast(data, args.model)
    print(result.to_json(indent=2) if args.json else result.table())

    def draw() -> Any:
        # bargain.plot imports matplotlib: loaded only for --plot
        from bargain.plot import forecast_positions

        return forecast_positions(result, data).figure

    _save(args.plot, draw)
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    models = None if args.models is None else parse_models(args.models)
    data = _read(args)
    result = backtest(data, models=models, folds=args.folds)
    print(result.to_json(indent=2) if args.json else result.table())

    def draw() -> Any:
        # bargain.plot imports matplotlib: loaded only for --plot
        from bargain.plot import backtest_figure

        return backtest_figure(result)

    _save(args.plot, draw)
    return 0


def _positions_arguments(p: argparse.ArgumentParser, *, issues_required: bool) -> None:
    p.add_argument(
        "positions",
        metavar="POSITIONS.csv",
        help="one row per (issue, actor): issue, actor, position, salience[, capability]",
    )
    p.add_argument(
        "--issues",
        metavar="I.csv",
        required=issues_required,
        help="one row per issue: issue[, proposal, reference, outcome, low, high, name]",
    )
    p.add_argument("--actors", metavar="A.csv", help="one row per actor: actor[, capability, name]")


def register(commands: Any) -> None:
    """Add ``bargain forecast`` and ``bargain backtest`` to the parser's subcommands."""
    p = commands.add_parser(
        "forecast", help="forecast every issue of a positions data set with one model"
    )
    _positions_arguments(p, issues_required=False)
    p.add_argument(
        "--model",
        default="compromise",
        metavar="M",
        help="forecasting model (default compromise): " + MODELS.help(),
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_plot_argument(p)
    p.set_defaults(run=_cmd_forecast)

    p = commands.add_parser(
        "backtest", help="cross-validate forecasting models on the issues' recorded outcomes"
    )
    _positions_arguments(p, issues_required=True)
    p.add_argument(
        "--models",
        metavar="m1,m2,...",
        help="models to compare (default: all; reference only when every issue has one)",
    )
    p.add_argument("--folds", type=int, default=10, metavar="K", help="folds (default 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_plot_argument(p)
    p.set_defaults(run=_cmd_backtest)
