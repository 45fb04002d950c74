"""The exception family of `bargain`.

Every error the library raises on purpose is a :class:`BargainError`. Errors in what a user
gave us (a scenario file, a dictionary, an argument) are :class:`ScenarioError` and name where
the problem is (the file, the key path), what was expected and what was found.

Examples
--------
>>> err = ScenarioError("has 2 numbers, expected 3 (one per level)",
...                     key="parties[1].values.missiles", source="scenarios/x.toml")
>>> str(err)
'scenarios/x.toml: parties[1].values.missiles has 2 numbers, expected 3 (one per level)'
"""

from __future__ import annotations

__all__ = ["BargainError", "BargainWarning", "MissingExtraError", "ScenarioError"]


class BargainError(Exception):
    """Base class of every error raised on purpose by `bargain`."""


class BargainWarning(UserWarning):
    """Something was read or written with a caveat: ignored, approximated or transformed.

    Raised with :func:`warnings.warn`; the message names the file (or party) concerned.
    """


class ScenarioError(BargainError, ValueError):
    """Bad input: a scenario file, a scenario dictionary or an argument.

    Parameters
    ----------
    problem
        What is wrong, phrased to follow the key: ``"has 2 numbers, expected 3"``.
    key
        The key path inside the scenario (``"parties[1].values.missiles"``) or the argument name.
    source
        The file (or other origin) the input came from, if any.
    """

    def __init__(self, problem: str, *, key: str = "", source: str | None = None) -> None:
        self.problem = problem
        self.key = key
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.key} {self.problem}" if self.key else self.problem
        return f"{self.source}: {text}" if self.source else text

    def with_source(self, source: str) -> ScenarioError:
        """Return the same error, located in `source` (kept if already located)."""
        if self.source is not None:
            return self
        return ScenarioError(self.problem, key=self.key, source=source)

    def within(self, prefix: str) -> ScenarioError:
        """Return the same error with its key path nested under `prefix`.

        Examples
        --------
        >>> str(ScenarioError("must be positive", key="power").within("parties[0]"))
        'parties[0].power must be positive'
        """
        key = (
            f"{prefix}.{self.key}"
            if self.key and not self.key.startswith("[")
            else prefix + self.key
        )
        return ScenarioError(self.problem, key=key, source=self.source)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_scenario_error, (self.problem, self.key, self.source))


def _rebuild_scenario_error(problem: str, key: str, source: str | None) -> ScenarioError:
    return ScenarioError(problem, key=key, source=source)


class MissingExtraError(BargainError, ImportError):
    """An optional dependency is not installed.

    Examples
    --------
    >>> print(MissingExtraError("pandas", "pandas", "SweepResult.to_frame()"))
    SweepResult.to_frame() needs the optional package 'pandas': pip install "bargain-sim[pandas]"
    """

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f'{feature} needs the optional package {package!r}: pip install "bargain-sim[{extra}]"'
        )
