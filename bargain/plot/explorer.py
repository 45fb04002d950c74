"""An interactive explorer for Jupyter: move weights and disagreement utilities, watch the deal.

:func:`explore` builds an :class:`Explorer` (the ``widgets`` extra: ``ipywidgets``): a method
picker, one slider per party for its disagreement utility and one per party and issue for its
weight, the utility space (:func:`bargain.plot.utility_space`, with the solution marked) and the
deal table. Every change of a slider or of the method solves the changed scenario again and
redraws both. The figure is a PNG image widget, so the explorer needs no interactive matplotlib
back-end and its state (sliders, figure, table) can be saved in a notebook and shown by a static
page.

Without a front-end (a script, a test, a notebook run headless) the explorer is built all the
same; :meth:`Explorer.set` changes a slider as a reader would and :attr:`Explorer.solution` is the
solution shown.

Examples
--------
>>> import bargain
>>> from bargain.plot import explore
>>> ex = explore(bargain.load_scenario("russia-nato-2022-no-red-lines"))
>>> ex
<Explorer russia-nato-2022-no-red-lines: nash: agreement, 8 issues, russia 0.305 nato 0.820>
>>> ex.set("nato.disagreement", 0.95)
>>> ex.solution.agreement
False
"""

from __future__ import annotations

import dataclasses
import html
import io
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from bargain._checks import suggest
from bargain._optional import require
from bargain._text import html_table
from bargain.api import solve
from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import NO_DEAL_COLOUR, escape, no_deal_line, wrap
from bargain.plot.space import utility_space
from bargain.solutions.concepts import METHODS
from bargain.solutions.result import Solution

__all__ = ["Explorer", "explore"]

#: Pixels per inch of the explorer's figure.
_DPI = 80


class Explorer:
    """The widgets of :func:`explore` and the scenario they describe.

    Attributes
    ----------
    scenario
        The scenario as the sliders set it now (the original one is :attr:`base`).
    solution
        Its solution under the chosen method.
    method
        The method picker (``ipywidgets.Dropdown``).
    weights, disagreement
        The sliders: ``weights[party][issue]`` and ``disagreement[party]``
        (``ipywidgets.FloatSlider``).
    figure, table
        The utility space (``ipywidgets.Image``, PNG) and the deal table (``ipywidgets.HTML``).
    box
        The whole explorer (``ipywidgets.VBox``); displaying the explorer displays it.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        method: str = "nash",
        parties: Sequence[str] | None = None,
        max_weight: float | None = None,
        size: tuple[float, float] = (5.2, 4.4),
    ) -> None:
        widgets = require("ipywidgets", "widgets", "bargain.plot.explore()")
        if not isinstance(scenario, Scenario):
            raise ScenarioError(
                f"must be a Scenario, found {type(scenario).__name__}", key="scenario"
            )
        method = METHODS.lookup(method).name
        self.base = scenario
        self.scenario = scenario
        self._size = size
        self._parties = tuple(parties) if parties is not None else scenario.party_keys[:2]
        for key in self._parties:
            scenario.party(key)
        style = {"description_width": "11em"}
        layout = widgets.Layout(width="30em")
        self.method = widgets.Dropdown(
            options=list(METHODS.names), value=method, description="method", style=style
        )
        self.disagreement: dict[str, Any] = {}
        self.weights: dict[str, dict[str, Any]] = {}
        columns = []
        for party in scenario.parties:
            low = float(sum(t[:, scenario.parties.index(party)].min() for t in scenario.tables))
            high = float(sum(t[:, scenario.parties.index(party)].max() for t in scenario.tables))
            low, high = min(low, party.disagreement), max(high, party.disagreement)
            self.disagreement[party.key] = widgets.FloatSlider(
                value=party.disagreement,
                min=low,
                max=high,
                step=(high - low) / 200 or 0.01,
                description="disagreement",
                readout_format=".3f",
                continuous_update=False,
                style=style,
                layout=layout,
            )
            largest = max(party.weight(k) for k in scenario.issue_keys)
            top = max_weight if max_weight is not None else 3 * largest or 1.0
            self.weights[party.key] = {
                issue.key: widgets.FloatSlider(
                    value=party.weight(issue.key),
                    min=0.0,
                    max=max(top, 2 * party.weight(issue.key)),
                    step=0.01,
                    description=issue.key,
                    readout_format=".2f",
                    continuous_update=False,
                    style=style,
                    layout=layout,
                )
                for issue in scenario.issues
            }
            columns.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<b>{_escape(party.name)}</b>"),
                        self.disagreement[party.key],
                        *self.weights[party.key].values(),
                    ]
                )
            )
        width, height = (round(x * _DPI) for x in size)
        self.figure = widgets.Image(
            format="png",
            layout=widgets.Layout(width=f"{width}px", height=f"{height}px", flex="0 0 auto"),
        )
        self.table = widgets.HTML()
        self.box = widgets.VBox(
            [
                self.method,
                widgets.HBox(columns),
                widgets.HBox([self.figure, self.table]),
            ]
        )
        self.solution: Solution = solve(scenario, method)
        for slider in self._sliders():
            slider.observe(self._changed, names="value")
        self.method.observe(self._changed, names="value")
        self.update()

    def _sliders(self) -> list[Any]:
        out = list(self.disagreement.values())
        for sliders in self.weights.values():
            out += list(sliders.values())
        return out

    def _changed(self, change: Any) -> None:
        self.update()

    def current(self) -> Scenario:
        """The scenario with the sliders' weights and disagreement utilities."""
        parties = []
        for party in self.base.parties:
            weights = {k: float(s.value) for k, s in self.weights[party.key].items()}
            parties.append(
                dataclasses.replace(
                    party,
                    weights=weights,
                    disagreement=float(self.disagreement[party.key].value),
                )
            )
        return dataclasses.replace(self.base, parties=tuple(parties))

    def set(self, path: str, value: float) -> None:
        """Move one slider as a reader would (``"nato.disagreement"``, ``"russia.weights.x"``).

        Parameters
        ----------
        path
            ``<party>.disagreement`` or ``<party>.weights.<issue>``.
        value
            The new value (clipped to the slider's range by the slider).
        """
        parts = path.split(".")
        if len(parts) == 2 and parts[1] == "disagreement" and parts[0] in self.disagreement:
            self.disagreement[parts[0]].value = value
            return
        weights = self.weights.get(parts[0], {})
        if len(parts) == 3 and parts[1] == "weights" and parts[2] in weights:
            self.weights[parts[0]][parts[2]].value = value
            return
        paths = [f"{p}.disagreement" for p in self.disagreement] + [
            f"{p}.weights.{i}" for p, sliders in self.weights.items() for i in sliders
        ]
        raise ScenarioError(f"is not a slider; {suggest(path, paths)}", key=repr(path))

    def update(self) -> None:
        """Solve the scenario the sliders describe, redraw the utility space and the table."""
        self.scenario = self.current()
        self.solution = solve(self.scenario, self.method.value)
        fig = self.draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
        self.figure.value = buffer.getvalue()
        self.table.value = deal_table(self.solution, self.scenario)

    def draw(self) -> Figure:
        """The utility space of the current scenario with its solution marked (a new figure).

        Without agreement, the title says so and why (in red). The figure is made without
        pyplot, so a notebook never shows it twice.
        """
        fig = Figure(figsize=self._size, layout="constrained")
        ax = fig.add_subplot()
        title = f"{self.scenario.name}: {self.method.value}"
        utility_space(
            self.scenario,
            ax=ax,
            parties=self._parties,
            methods=(),
            solutions=[self.solution],
            title=title,
        )
        if not self.solution.agreement:
            title = f"{title}\n{wrap(no_deal_line(self.solution.message), 60)}"
            ax.set_title(escape(title), color=NO_DEAL_COLOUR, fontsize=9)
        return fig

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<Explorer {self.base.name}: {self.solution.headline()}>"


def _escape(text: str) -> str:
    return html.escape(text)


def deal_table(solution: Solution, scenario: Scenario) -> str:
    """The explorer's table: each issue's agreed level, then each party's utility and gain.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> ">verified mutual moratorium in agreed zones</td>" in deal_table(bargain.solve(s), s)
    True
    """
    names = {i.key: i.name for i in scenario.issues}
    parts = [f"<p>{_escape(solution.message)}</p>"]
    if solution.deal is not None:
        parts.append(
            html_table(["issue", "agreed level"], [[names[k], v] for k, v in solution.deal.items()])
        )
    parts.append(
        html_table(
            ["party", "utility", "disagreement", "gain"],
            [
                [scenario.party(k).name, u, solution.disagreement[k], solution.gains[k]]
                for k, u in solution.utilities.items()
            ],
        )
    )
    return "\n".join(parts)


def explore(
    scenario: Scenario,
    *,
    method: str = "nash",
    parties: Sequence[str] | None = None,
    max_weight: float | None = None,
) -> Explorer:
    """An interactive explorer of `scenario` for Jupyter (needs the ``widgets`` extra).

    Parameters
    ----------
    scenario
        The scenario to start from.
    method
        The solution concept shown first (the picker offers every method of
        :func:`bargain.solve`).
    parties
        The two parties whose utility plane is drawn (default: the first two).
    max_weight
        The weight sliders' upper end (default: three times the party's largest weight; at
        least twice each current weight).

    Returns
    -------
    Explorer
        Display it (the last line of a cell) to show the widgets.

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import explore
    >>> ex = explore(bargain.load_scenario("russia-nato-2022-no-red-lines"), method="egalitarian")
    >>> ex.method.value, len(ex.weights["nato"])
    ('egalitarian', 8)
    """
    return Explorer(scenario, method=method, parties=parties, max_weight=max_weight)
