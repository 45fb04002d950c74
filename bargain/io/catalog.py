"""The bundled scenarios, and loading a scenario by name or path.

After a wheel install the bundled scenario files live inside the package (``bargain/scenarios``);
in a source checkout they are read from the repository's top-level ``scenarios/`` folder.

Examples
--------
>>> "russia-nato-2022" in list_scenarios()
True
>>> load_scenario("russia-nato-2022").n_issues
8
"""

from __future__ import annotations

from pathlib import Path

from bargain._checks import suggest
from bargain.errors import ScenarioError
from bargain.io.genius import read_genius_folder
from bargain.io.toml import read_toml
from bargain.model.scenario import Scenario

__all__ = ["list_scenarios", "load_scenario", "scenario_folder", "scenario_path"]


def _scenario_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    installed = package / "scenarios"
    if installed.is_dir():
        return installed
    return package.parent / "scenarios"


def scenario_folder() -> Path:
    """The folder of the bundled scenarios (and of the bundled positions data sets)."""
    return _scenario_dir()


def list_scenarios() -> list[str]:
    """Names of the bundled scenarios, sorted.

    Returns
    -------
    list of str
        Names that :func:`load_scenario` takes.

    Examples
    --------
    >>> "russia-nato-2022" in list_scenarios()
    True
    """
    folder = _scenario_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def scenario_path(name: str) -> Path:
    """The file of the bundled scenario `name`; ScenarioError suggesting close names if unknown."""
    names = list_scenarios()
    if name not in names:
        raise ScenarioError(
            f"is not a bundled scenario; {suggest(name, names)} (or give a path to a .toml file)",
            key=repr(name),
        )
    return _scenario_dir() / f"{name}.toml"


def _looks_like_path(spec: str) -> bool:
    return spec.endswith(".toml") or "/" in spec or "\\" in spec or Path(spec).exists()


def load_scenario(spec: str | Path) -> Scenario:
    """Load a bundled scenario by name, or a scenario file by path.

    Parameters
    ----------
    spec
        A bundled name such as ``"russia-nato-2022"`` (see :func:`list_scenarios`), a path to a
        ``.toml`` file, or a folder holding one GENIUS domain and its profiles
        (:func:`bargain.io.genius.read_genius_folder`).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        An unknown name (suggesting the closest) or an invalid file (naming it and the key).

    Examples
    --------
    >>> talks = load_scenario("russia-nato-2022")
    >>> talks.n_issues, talks.party_keys
    (8, ('russia', 'nato'))
    """
    if isinstance(spec, Path) or _looks_like_path(spec):
        if Path(spec).is_dir():
            return read_genius_folder(spec)
        return read_toml(spec)
    return read_toml(scenario_path(spec))
