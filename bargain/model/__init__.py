"""The model: issues, parties, the scenario that binds them, the threat game, parameter paths.

Everything here is immutable and validated at construction; nothing here reads or writes files
(see :mod:`bargain.io`).
"""

from bargain.model.issue import Issue
from bargain.model.party import FrozenMap, Party
from bargain.model.scenario import Scenario
from bargain.model.threat_game import ThreatGame

__all__ = ["FrozenMap", "Issue", "Party", "Scenario", "ThreatGame"]
