"""The model: issues, parties, links, scenarios, their deal space, threat games, parameter paths.

Everything here is immutable and validated at construction; nothing here reads or writes files
(see :mod:`bargain.io`).
"""

from bargain.model.issue import Issue
from bargain.model.link import Link
from bargain.model.party import FrozenMap, Party
from bargain.model.scenario import Scenario
from bargain.model.space import DealSpace
from bargain.model.threat_game import ThreatGame

__all__ = ["DealSpace", "FrozenMap", "Issue", "Link", "Party", "Scenario", "ThreatGame"]
