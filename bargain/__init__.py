"""bargain: turn a real multi-party negotiation into a bargaining problem and solve it.

Examples
--------
>>> import bargain
>>> s = bargain.load_scenario("russia-nato-2022")
>>> bargain.solve(s).agreement  # the sources' red lines collide on Article 6
False
>>> bargain.solve(s.without_red_lines()).agreement
True
"""

from bargain._optional import require
from bargain.api import pareto_frontier, solve
from bargain.errors import BargainError, BargainWarning, MissingExtraError, ScenarioError
from bargain.forecast.backtest import backtest
from bargain.forecast.positions import Positions
from bargain.forecast.reading import read_positions
from bargain.forecast.result import Backtest, Forecast
from bargain.forecast.run import forecast
from bargain.frontier.result import Frontier
from bargain.games.result import ThreatResult
from bargain.games.threat_point import threat_point
from bargain.io.catalog import list_scenarios, load_scenario
from bargain.io.genius import read_genius, write_genius
from bargain.io.toml import read_toml, to_toml, write_toml
from bargain.model.issue import Issue
from bargain.model.link import Link
from bargain.model.party import Party
from bargain.model.scenario import Scenario
from bargain.model.threat_game import ThreatGame
from bargain.protocols.path import concession_path
from bargain.protocols.result import ConcessionPath
from bargain.risk.result import BreakdownResult
from bargain.risk.run import breakdown
from bargain.solutions.result import Certificate, Lottery, Solution
from bargain.sweeps.distributions import Dirichlet, Normal, TruncatedNormal, Uniform
from bargain.sweeps.result import SweepResult
from bargain.sweeps.run import sweep, sweep_to_file

__version__ = "0.1.0"  # the one place the version is defined (pyproject.toml reads it)

__all__ = [
    "Backtest",
    "BargainError",
    "BargainWarning",
    "BreakdownResult",
    "Certificate",
    "ConcessionPath",
    "Dirichlet",
    "Forecast",
    "Frontier",
    "Issue",
    "Link",
    "Lottery",
    "MissingExtraError",
    "Normal",
    "Party",
    "Positions",
    "Scenario",
    "ScenarioError",
    "Solution",
    "SweepResult",
    "ThreatGame",
    "ThreatResult",
    "TruncatedNormal",
    "Uniform",
    "__version__",
    "backtest",
    "breakdown",
    "concession_path",
    "forecast",
    "list_scenarios",
    "load_scenario",
    "pareto_frontier",
    "read_genius",
    "read_positions",
    "read_toml",
    "solve",
    "sweep",
    "sweep_to_file",
    "threat_point",
    "to_toml",
    "write_genius",
    "write_toml",
]


def __getattr__(name: str) -> object:
    """Load :mod:`bargain.plot` (and matplotlib) on first use of ``bargain.plot``."""
    if name == "plot":
        import importlib  # matplotlib is heavy: bargain.plot loads only when used

        require("matplotlib", "plot", "bargain.plot (pictures)")

        return importlib.import_module("bargain.plot")
    raise AttributeError(f"module 'bargain' has no attribute {name!r}")
