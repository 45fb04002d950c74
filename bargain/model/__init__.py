"""The model: issues, parties, links, the scenario that binds them, its deal space, the threat
game, parameter paths.

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
