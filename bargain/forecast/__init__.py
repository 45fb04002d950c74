"""Forecasting negotiations from positions, saliences and capabilities, and backtesting them.

The data (:mod:`.reading`, :mod:`.positions`): for every actor and issue a position on the
issue's scale, a salience and a capability; per issue its proposal, reference point and recorded
outcome. The models (:mod:`.models`, one registry): ``"compromise"`` and ``"median"``
(:mod:`.static`), ``"nash"`` (:mod:`.nash`), ``"package-nash"`` (:mod:`.package`),
``"exchange"`` (:mod:`.exchange`), ``"expected-utility"`` (:mod:`.expected_utility`),
``"reference"`` and ``"fitted"`` (:mod:`.fitted`). :func:`forecast` (:mod:`.run`) runs one,
with Monte Carlo intervals; :func:`backtest` (:mod:`.backtest`) cross-validates several on
outcomes; :mod:`.synthetic` draws data sets with known answers.

``bargain.forecast`` is also the name of the function :func:`bargain.forecast`; reach this package's
contents with ``from bargain.forecast import ...``.

Examples
--------
>>> import bargain
>>> from bargain.forecast import synthetic_positions
>>> data = synthetic_positions(n_proposals=3, n_actors=5, rng=0)
>>> bargain.forecast(data, "median").agreement
True
"""

from bargain.forecast._shared import Exchange
from bargain.forecast.backtest import backtest
from bargain.forecast.models import MODELS
from bargain.forecast.positions import Positions
from bargain.forecast.reading import list_positions, load_positions, read_folder, read_positions
from bargain.forecast.result import Backtest, Forecast, ModelScore
from bargain.forecast.run import forecast
from bargain.forecast.synthetic import synthetic_positions

__all__ = [
    "MODELS",
    "Backtest",
    "Exchange",
    "Forecast",
    "ModelScore",
    "Positions",
    "backtest",
    "forecast",
    "list_positions",
    "load_positions",
    "read_folder",
    "read_positions",
    "synthetic_positions",
]
