"""Probability distributions for uncertain parameters: what a Monte Carlo sweep draws.

Four frozen, validated distributions, each with ``sample(rng, n, current)``:

- :class:`Dirichlet` draws a whole weight vector *around the party's current weights*: the mean
  is the current vector, the total weight is kept, and the larger the concentration the tighter
  the draws.
- :class:`Uniform`, :class:`Normal` and :class:`TruncatedNormal` draw single numbers, and so
  does any frozen univariate :mod:`scipy.stats` distribution (``scipy.stats.beta(2, 5)``),
  wrapped by :func:`as_distribution` in :class:`ScipyDistribution` wherever a distribution is
  taken (``uncertainty=``, a forecast's ``noise=``).

Relative to the current value
-----------------------------
A single-number distribution made with ``relative=True`` describes the *change* from the
parameter's current value in the scenario: the draw is added to it, and so are the bounds. With
NATO's disagreement utility at 0.75, ``Normal(0, 0.05, relative=True)`` draws around 0.75 and
``Uniform(-0.1, 0.1, relative=True)`` draws from ``[0.65, 0.85]``. Without it (the default) the
numbers are absolute. A :class:`Dirichlet` is always centred on the current weights.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> Uniform(0.1, 0.4).sample(rng, 3, current=0.75).round(3)
array([0.291, 0.181, 0.112])
>>> Normal(0, 0.05, relative=True).support(0.75)
(-inf, inf)
>>> TruncatedNormal(0, 0.1, -0.2, 0.2, relative=True).support(0.75)
(0.55, 0.95)
>>> w = Dirichlet(50).sample(rng, 2, current=np.array([0.5, 0.3, 0.2]))
>>> w.shape, np.allclose(w.sum(axis=1), 1.0)
((2, 3), True)
>>> parse_distribution("uniform(0.1, 0.4)")
Uniform(low=0.1, high=0.4, relative=False)
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._checks import suggest
from bargain._optional import scipy_special
from bargain.errors import ScenarioError

__all__ = [
    "Dirichlet",
    "Distribution",
    "Normal",
    "ScipyDistribution",
    "TruncatedNormal",
    "Uniform",
    "as_distribution",
    "is_scipy_frozen",
    "parse_distribution",
]

Array = NDArray[np.float64]


def _shift(relative: bool, current: ArrayLike) -> float:
    return float(np.asarray(current, dtype=np.float64).item()) if relative else 0.0


def _number(value: object, name: str, owner: str, *, infinite: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ScenarioError(f"must be a number, found {value!r}", key=f"{owner} {name}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not infinite):
        raise ScenarioError(f"must be a finite number, found {x}", key=f"{owner} {name}")
    return x


class Distribution(ABC):
    """Base class of the distributions a sweep draws from."""

    __slots__ = ()

    #: True when the distribution draws a whole vector (a party's weights).
    vector: bool = False

    @abstractmethod
    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` draws for a parameter whose current value is `current`.

        Returns shape ``(n,)`` for a single number, ``(n, len(current))`` for a vector.
        """

    @abstractmethod
    def support(self, current: float) -> tuple[float, float]:
        """The smallest interval holding every draw (for a single-number distribution)."""

    @abstractmethod
    def expectation(self, current: ArrayLike) -> float | Array:
        """The expected draw for a parameter whose current value is `current`."""

    @abstractmethod
    def cdf(self, x: float, current: float) -> float:
        """``P(draw <= x)`` for a parameter whose current value is `current` (single numbers)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"distribution": name, **arguments}``."""
        out: dict[str, Any] = {"distribution": type(self).__name__}
        out.update(asdict(self))  # type: ignore[call-overload]
        return out


@dataclass(frozen=True, slots=True)
class Uniform(Distribution):
    """Uniform on ``[low, high]`` (``low < high``); relative: added to the current value.

    Examples
    --------
    >>> Uniform(0.2, 0.1)
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: Uniform high must be > low (0.2), found 0.1
    """

    low: float
    high: float
    relative: bool = False

    def __post_init__(self) -> None:
        low = _number(self.low, "low", "Uniform")
        high = _number(self.high, "high", "Uniform")
        if not high > low:
            raise ScenarioError(f"must be > low ({low:g}), found {high:g}", key="Uniform high")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "relative", bool(self.relative))

    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` uniform draws, shape ``(n,)``."""
        if math.isfinite(self.high - self.low):
            x = rng.uniform(self.low, self.high, size=n)
        else:  # a range wider than the largest float: draw on the halved range, then double
            x = 2.0 * rng.uniform(self.low / 2, self.high / 2, size=n)
        out: Array = _shift(self.relative, current) + x
        return out

    def support(self, current: float) -> tuple[float, float]:
        """``[low, high]``, shifted by `current` when relative."""
        shift = _shift(self.relative, current)
        return shift + self.low, shift + self.high

    def expectation(self, current: ArrayLike) -> float:
        """``(low + high) / 2``, shifted by `current` when relative."""
        middle = (self.low + self.high) / 2
        if not math.isfinite(middle):  # the sum overflows; the mean does not
            middle = self.low / 2 + self.high / 2
        return _shift(self.relative, current) + middle

    def cdf(self, x: float, current: float) -> float:
        """``P(draw <= x)``: the share of ``[low, high]`` (shifted when relative) below `x`."""
        low, high = self.support(current)
        return min(1.0, max(0.0, (x - low) / (high - low)))


@dataclass(frozen=True, slots=True)
class Normal(Distribution):
    """Normal with mean `mean` and standard deviation `sd` > 0; relative: added to the current.

    Draws are unbounded, so a normal cannot vary a weight, a power or a discount factor (use
    :class:`TruncatedNormal`).
    """

    mean: float
    sd: float
    relative: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean", _number(self.mean, "mean", "Normal"))
        sd = _number(self.sd, "sd", "Normal")
        if not sd > 0:
            raise ScenarioError(f"must be > 0, found {sd:g}", key="Normal sd")
        object.__setattr__(self, "sd", sd)
        object.__setattr__(self, "relative", bool(self.relative))

    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` normal draws, shape ``(n,)``."""
        return self.expectation(current) + self.sd * rng.standard_normal(n)

    def support(self, current: float) -> tuple[float, float]:
        """``(-inf, inf)``."""
        return -math.inf, math.inf

    def expectation(self, current: ArrayLike) -> float:
        """`mean`, shifted by `current` when relative."""
        return _shift(self.relative, current) + self.mean

    def cdf(self, x: float, current: float) -> float:
        """``P(draw <= x)``, the normal distribution function."""
        return float(scipy_special().ndtr((x - self.expectation(current)) / self.sd))


@dataclass(frozen=True, slots=True)
class TruncatedNormal(Distribution):
    """A normal(`mean`, `sd`) restricted to ``[low, high]``; relative: all shifted by the current.

    `low` may be ``-inf`` and `high` ``inf``. Draws are by inversion of the normal distribution
    function in log space, so bounds far in a tail are sampled accurately.

    Examples
    --------
    >>> import numpy as np
    >>> d = TruncatedNormal(0.5, 0.2, 0.0, 1.0)
    >>> x = d.sample(np.random.default_rng(1), 20_000, current=0.0)
    >>> bool(x.min() >= 0.0 and x.max() <= 1.0), round(float(x.mean()), 2)
    (True, 0.5)
    """

    mean: float
    sd: float
    low: float
    high: float
    relative: bool = False

    def __post_init__(self) -> None:
        mean = _number(self.mean, "mean", "TruncatedNormal")
        sd = _number(self.sd, "sd", "TruncatedNormal")
        low = _number(self.low, "low", "TruncatedNormal", infinite=True)
        high = _number(self.high, "high", "TruncatedNormal", infinite=True)
        if not sd > 0:
            raise ScenarioError(f"must be > 0, found {sd:g}", key="TruncatedNormal sd")
        if not high > low or low == math.inf or high == -math.inf:
            raise ScenarioError(
                f"must be > low ({low:g}), found {high:g}", key="TruncatedNormal high"
            )
        for name, value in (("mean", mean), ("sd", sd), ("low", low), ("high", high)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "relative", bool(self.relative))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (infinite bounds as the strings ``"inf"``, ``"-inf"``)."""
        out = Distribution.to_dict(self)
        for key in ("low", "high"):
            if not math.isfinite(out[key]):
                out[key] = str(out[key])
        return out

    def _standard(self) -> tuple[float, float, float]:
        """Standardised bounds, flipped into the lower tail (where the normal CDF is accurate)."""
        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        return (-b, -a, -1.0) if a > 0 else (a, b, 1.0)

    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` draws, shape ``(n,)``, all within the bounds."""
        shift = _shift(self.relative, current)
        a, b, sign = self._standard()
        u = rng.uniform(size=n)
        log_a, log_b = scipy_special().log_ndtr(a), scipy_special().log_ndtr(b)
        # log(F(a) + u (F(b) - F(a))) = log F(b) + log1p(-(1 - u) (1 - F(a) / F(b)))
        log_p = log_b + np.log1p((1.0 - u) * np.expm1(log_a - log_b))
        x: Array = shift + self.mean + self.sd * sign * scipy_special().ndtri_exp(log_p)
        return np.clip(x, shift + self.low, shift + self.high)

    def support(self, current: float) -> tuple[float, float]:
        """``[low, high]``, shifted by `current` when relative."""
        shift = _shift(self.relative, current)
        return shift + self.low, shift + self.high

    def expectation(self, current: ArrayLike) -> float:
        """The mean of the truncated distribution, shifted by `current` when relative."""
        a, b, sign = self._standard()
        mass = float(scipy_special().ndtr(b) - scipy_special().ndtr(a))
        density = (math.exp(-a * a / 2) - math.exp(-b * b / 2)) / math.sqrt(2 * math.pi)
        return _shift(self.relative, current) + self.mean + sign * self.sd * density / mass

    def cdf(self, x: float, current: float) -> float:
        """``P(draw <= x)``: the normal distribution function renormalised to the bounds."""
        low, high = self.support(current)
        if x <= low:
            return 0.0
        if x >= high:
            return 1.0
        z = (x - _shift(self.relative, current) - self.mean) / self.sd
        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        ndtr = scipy_special().ndtr
        if a > 0:  # the upper tail: count from the top, where the normal CDF is accurate
            return float(1.0 - (ndtr(-z) - ndtr(-b)) / (ndtr(-a) - ndtr(-b)))
        return float((ndtr(z) - ndtr(a)) / (ndtr(b) - ndtr(a)))


@dataclass(frozen=True, slots=True)
class Dirichlet(Distribution):
    """A weight vector drawn around the current one: mean = current weights, same total.

    With current weights ``w`` (total ``t = sum(w)``) a draw is ``t * x`` where
    ``x ~ Dirichlet(concentration * w / t)``. Each weight's standard deviation is
    ``t * sqrt(m (1 - m) / (concentration + 1))`` with ``m = w / t``: concentration 50 moves a
    weight of 0.2 by about ±0.056. Weights that are 0 stay 0 (so a vector with a single positive
    weight never changes).

    Examples
    --------
    >>> import numpy as np
    >>> d = Dirichlet(50)
    >>> d.expectation(np.array([0.6, 0.0, 0.4]))
    array([0.6, 0. , 0.4])
    >>> Dirichlet(0)
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: Dirichlet concentration must be > 0, found 0
    """

    concentration: float
    vector = True

    def __post_init__(self) -> None:
        c = _number(self.concentration, "concentration", "Dirichlet")
        if not c > 0:
            raise ScenarioError(f"must be > 0, found {c:g}", key="Dirichlet concentration")
        object.__setattr__(self, "concentration", c)

    def _current(self, current: ArrayLike) -> tuple[Array, float]:
        w = np.asarray(current, dtype=np.float64).reshape(-1)
        total = float(w.sum())
        if np.any(w < 0) or not total > 0:
            raise ScenarioError(
                f"needs weights >= 0 with a positive total, found {w.tolist()}",
                key="Dirichlet current weights",
            )
        return w, total

    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` weight vectors, shape ``(n, len(current))``, each summing to ``sum(current)``."""
        w, total = self._current(current)
        out = np.zeros((n, w.size))
        positive = w > 0
        if np.count_nonzero(positive) == 1:
            out[:, positive] = total
            return out
        out[:, positive] = total * rng.dirichlet(self.concentration * w[positive] / total, n)
        return out

    def support(self, current: float) -> tuple[float, float]:
        """Not defined for a vector: see :meth:`sample`."""
        raise ScenarioError(
            "draws a whole weight vector; give it a weight vector path such as 'russia.weights'",
            key="Dirichlet",
        )

    def expectation(self, current: ArrayLike) -> Array:
        """The current weights."""
        w, _ = self._current(current)
        return w.copy()

    def cdf(self, x: float, current: float) -> float:
        """Not defined for a vector."""
        return self.support(current)[0]  # raises: a Dirichlet draws a whole weight vector


def is_scipy_frozen(value: object) -> bool:
    """Whether `value` looks like a frozen univariate scipy.stats distribution."""
    module = type(value).__module__
    return module.startswith("scipy.stats") and all(
        callable(getattr(value, name, None)) for name in ("rvs", "cdf", "support", "mean")
    )


@dataclass(frozen=True, slots=True, eq=False)
class ScipyDistribution(Distribution):
    """A frozen univariate :mod:`scipy.stats` distribution; relative: added to the current value.

    Made by :func:`as_distribution` from e.g. ``scipy.stats.beta(2, 5)``. Draws use the sweep's
    generator, so they are reproducible like every other draw.

    Examples
    --------
    >>> from scipy import stats
    >>> d = as_distribution(stats.beta(2, 5), "uncertainty['x']")
    >>> d, d.support(0.3), round(d.expectation(0.3), 4)
    (ScipyDistribution(beta(2, 5)), (0.0, 1.0), 0.2857)
    >>> d.sample(np.random.default_rng(0), 2, 0.3).shape
    (2,)
    """

    frozen: Any
    relative: bool = False

    def _describe(self) -> str:
        name = getattr(getattr(self.frozen, "dist", None), "name", type(self.frozen).__name__)
        args = [repr(a) for a in getattr(self.frozen, "args", ())]
        args += [f"{k}={v!r}" for k, v in getattr(self.frozen, "kwds", {}).items()]
        return f"{name}({', '.join(args)})"

    def __repr__(self) -> str:
        rel = ", relative=True" if self.relative else ""
        return f"ScipyDistribution({self._describe()}{rel})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScipyDistribution):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(repr(self))

    def sample(self, rng: np.random.Generator, n: int, current: ArrayLike) -> Array:
        """`n` draws, shape ``(n,)``."""
        x = np.asarray(self.frozen.rvs(size=n, random_state=rng), dtype=np.float64).reshape(n)
        out: Array = _shift(self.relative, current) + x
        return out

    def support(self, current: float) -> tuple[float, float]:
        """The distribution's support, shifted by `current` when relative."""
        low, high = (float(v) for v in self.frozen.support())
        shift = _shift(self.relative, current)
        return shift + low, shift + high

    def expectation(self, current: ArrayLike) -> float:
        """The distribution's mean, shifted by `current` when relative."""
        return _shift(self.relative, current) + float(self.frozen.mean())

    def cdf(self, x: float, current: float) -> float:
        """``P(draw <= x)``."""
        return float(self.frozen.cdf(x - _shift(self.relative, current)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"distribution": "scipy.stats.beta(2, 5)", "relative": ...}``."""
        return {"distribution": f"scipy.stats.{self._describe()}", "relative": self.relative}


def as_distribution(value: object, where: str) -> Distribution:
    """`value` as a :class:`Distribution`: itself, or a frozen scipy.stats one wrapped.

    Raises
    ------
    ScenarioError
        Naming `where`, for anything else (a multivariate scipy distribution included).

    Examples
    --------
    >>> as_distribution(0.5, "uncertainty['x']")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: uncertainty['x'] must be a distribution (bargain.Dirichlet, \
Uniform, Normal, TruncatedNormal, or a frozen scipy.stats distribution such as \
scipy.stats.beta(2, 5)), found 0.5
    """
    if isinstance(value, Distribution):
        return value
    if is_scipy_frozen(value):
        low, high = (float(v) for v in value.support())  # type: ignore[attr-defined]
        if math.isnan(low) or math.isnan(high):
            raise ScenarioError(f"has an undefined support, found {value!r}", key=where)
        return ScipyDistribution(value)
    if type(value).__module__.startswith("scipy.stats"):
        raise ScenarioError(
            "must draw single numbers: a multivariate scipy.stats distribution cannot vary one "
            "number (use bargain.Dirichlet for a weight vector)",
            key=where,
        )
    raise ScenarioError(
        "must be a distribution (bargain.Dirichlet, Uniform, Normal, TruncatedNormal, or a "
        f"frozen scipy.stats distribution such as scipy.stats.beta(2, 5)), found {value!r}",
        key=where,
    )


_NAMES: dict[str, tuple[type[Distribution], tuple[str, ...]]] = {
    "dirichlet": (Dirichlet, ("concentration",)),
    "uniform": (Uniform, ("low", "high")),
    "normal": (Normal, ("mean", "sd")),
    "truncnormal": (TruncatedNormal, ("mean", "sd", "low", "high")),
    "truncatednormal": (TruncatedNormal, ("mean", "sd", "low", "high")),
    "truncated_normal": (TruncatedNormal, ("mean", "sd", "low", "high")),
}
_CALL = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$")


def parse_distribution(text: str, *, relative: bool = False) -> Distribution:
    """Read a distribution written as a call, e.g. ``"uniform(0.1, 0.4)"``.

    Also ``"dirichlet(50)"``, ``"normal(0, 0.05)"``, ``"truncnormal(0.5, 0.1, 0, 1)"`` (``inf``
    and ``-inf`` allowed as bounds). Names are case-insensitive; `relative` makes a
    single-number distribution relative.

    Examples
    --------
    >>> parse_distribution("Normal(0, 0.05)", relative=True)
    Normal(mean=0.0, sd=0.05, relative=True)
    >>> parse_distribution("gauss(0, 1)")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: distribution 'gauss(0, 1)' is not a distribution; expected one \
of: dirichlet, normal, truncnormal, uniform
    """
    match = _CALL.match(text)
    if match is None:
        raise ScenarioError(
            "must look like NAME(NUMBERS), e.g. 'dirichlet(50)' or 'uniform(0.1, 0.4)'",
            key=f"distribution {text!r}",
        )
    name, body = match.group(1).lower(), match.group(2)
    if name not in _NAMES:
        choices = ("dirichlet", "normal", "truncnormal", "uniform")
        hint = suggest(name, choices)
        raise ScenarioError(f"is not a distribution; {hint}", key=f"distribution {text!r}")
    cls, fields = _NAMES[name]
    parts = [p.strip() for p in body.split(",")] if body.strip() else []
    if len(parts) != len(fields):
        raise ScenarioError(
            f"takes {len(fields)} number(s) ({', '.join(fields)}), found {len(parts)}",
            key=f"distribution {text!r}",
        )
    numbers: list[float] = []
    for field, part in zip(fields, parts, strict=True):
        try:
            numbers.append(float(part))
        except ValueError:
            raise ScenarioError(
                f"{field} must be a number, found {part!r}", key=f"distribution {text!r}"
            ) from None
    try:
        if cls is Dirichlet:
            if relative:
                raise ScenarioError("Dirichlet is always centred on the current weights; drop '+='")
            return Dirichlet(numbers[0])
        return cls(*numbers, relative=relative)  # type: ignore[call-arg]
    except ScenarioError as exc:
        raise ScenarioError(
            f"{exc.key + ' ' if exc.key else ''}{exc.problem}".strip(),
            key=f"distribution {text!r}:",
        ) from None
