"""bargain: turn a real multi-party negotiation into a bargaining problem and solve it.

Examples
--------
>>> import bargain
>>> s = bargain.load_scenario("russia-nato-2022")
>>> bargain.solve(s).agreement
True
"""

from bargain.catalog import list_scenarios, load_scenario
from bargain.distributions import Dirichlet, Normal, TruncatedNormal, Uniform
from bargain.errors import BargainError, BargainWarning, MissingExtraError, ScenarioError
from bargain.frontier import Frontier, pareto_frontier
from bargain.genius import read_genius, write_genius
from bargain.model import Issue, Party, Scenario
from bargain.path_result import ConcessionPath
from bargain.paths import concession_path
from bargain.solution import Lottery, Solution
from bargain.solve import solve
from bargain.sweep import sweep
from bargain.sweep_result import SweepResult
from bargain.threat_game import ThreatGame
from bargain.threats import ThreatResult, threat_point

__version__ = "0.1.0"

__all__ = [
    "BargainError",
    "BargainWarning",
    "ConcessionPath",
    "Dirichlet",
    "Frontier",
    "Issue",
    "Lottery",
    "MissingExtraError",
    "Normal",
    "Party",
    "Scenario",
    "ScenarioError",
    "Solution",
    "SweepResult",
    "ThreatGame",
    "ThreatResult",
    "TruncatedNormal",
    "Uniform",
    "__version__",
    "concession_path",
    "list_scenarios",
    "load_scenario",
    "pareto_frontier",
    "read_genius",
    "solve",
    "sweep",
    "threat_point",
    "write_genius",
]


def __getattr__(name: str) -> object:
    """Load :mod:`bargain.plot` (and matplotlib) on first use of ``bargain.plot``."""
    if name == "plot":
        import importlib

        return importlib.import_module("bargain.plot")
    raise AttributeError(f"module 'bargain' has no attribute {name!r}")
