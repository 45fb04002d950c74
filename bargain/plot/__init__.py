"""Pictures of bargaining problems and their results (matplotlib).

Every plot comes in two parts: a pure function ``<name>_data(...)`` that computes what is drawn
(arrays and labels in words, checked by the tests), and a drawing function
``<name>(obj, *, ax=None, **style) -> Axes``. Colours: :mod:`bargain.plot.palette` (Okabe–Ito).

- The utility space (:mod:`bargain.plot.space`): :func:`utility_space`, :func:`pairwise`.
- A solution: :func:`deal_card`.
- Concession paths (:mod:`bargain.plot.paths`): :func:`concession_path`,
  :func:`utility_over_rounds`, :func:`compare_paths`, and for three or more parties
  :func:`rounds_by_party` (one panel per party).
- Sweeps (:mod:`bargain.plot.sweeps`): :func:`level_probabilities`, :func:`tornado`,
  :func:`sweep_heatmap`, :func:`agreement_rate`.
- What decides each outcome (:mod:`bargain.plot.sensitivity`): :func:`sobol_tornado`,
  :func:`sobol_tornadoes` (Sobol indices, one tornado per issue).
- An interactive explorer for Jupyter (:mod:`bargain.plot.explorer`, the ``widgets`` extra):
  :func:`explore`.
- Threat games (:mod:`bargain.plot.threats`): :func:`threat_game`, :func:`threat_point`,
  :func:`compare_threat_points`.
- Forecasts (:mod:`bargain.plot.forecast`): :func:`backtest`, :func:`backtest_errors`,
  :func:`forecast_positions`.
- Whole figures for the command line's ``--plot`` (:mod:`bargain.plot.figures`), written by
  :func:`save_figure` (PNG, SVG or PDF, no dates in the file).

Names from a scenario are drawn as written (a ``$`` is a dollar sign, never mathtext) and in
full (wrapped at words, never cut); legends go where they cover no data (:func:`place_legend`,
:func:`refit_legends`). What each picture answers and how to read it:
``docs/reading-the-pictures.md``.

``import bargain`` never imports matplotlib: import this module explicitly
(``import bargain.plot``) or use ``bargain.plot`` after ``import bargain`` (loaded on first use).

Examples
--------
>>> import bargain
>>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> card = bargain.plot.deal_card_data(bargain.solve(talks), scenario=talks)
>>> card.issues[5].agreed
'rejected: open door reaffirmed'
>>> bargain.plot.deal_card(bargain.solve(talks), scenario=talks).get_title(loc="left")
'The Nash deal'
"""

from bargain.plot._backend import matplotlib  # noqa: F401 (first: says which extra is missing)
from bargain.plot._common import check_plot_path, place_legend, refit_legends, save_figure
from bargain.plot.card import DealCardData, IssueRow, deal_card, deal_card_data
from bargain.plot.explorer import Explorer, explore
from bargain.plot.forecast import (
    BacktestData,
    IssuePositions,
    ModelPoints,
    PositionsData,
    backtest,
    backtest_data,
    backtest_errors,
    backtest_figure,
    forecast_positions,
    forecast_positions_data,
)
from bargain.plot.paths import (
    Compared,
    CompareData,
    PartyPanel,
    PathData,
    Proposer,
    RoundsByPartyData,
    RoundsData,
    Series,
    Track,
    compare_paths,
    compare_paths_data,
    concession_path,
    concession_path_data,
    rounds_by_party,
    rounds_by_party_data,
    utility_over_rounds,
    utility_over_rounds_data,
)
from bargain.plot.sensitivity import (
    SobolBar,
    SobolTornadoData,
    sobol_tornado,
    sobol_tornado_data,
    sobol_tornadoes,
)
from bargain.plot.space import (
    DealCloud,
    Mark,
    PairwiseData,
    UtilitySpaceData,
    deal_cloud,
    pairwise,
    pairwise_data,
    utility_space,
    utility_space_data,
)
from bargain.plot.sweeps import (
    AgreementRateData,
    HeatmapData,
    IssueLevels,
    LevelProbabilitiesData,
    TornadoBar,
    TornadoData,
    agreement_rate,
    agreement_rate_data,
    level_probabilities,
    level_probabilities_data,
    level_probabilities_height,
    sweep_heatmap,
    sweep_heatmap_data,
    tornado,
    tornado_data,
)
from bargain.plot.threats import (
    GameData,
    ThreatPointData,
    compare_threat_points,
    threat_game,
    threat_game_data,
    threat_point,
    threat_point_data,
)

__all__ = [
    "AgreementRateData",
    "BacktestData",
    "CompareData",
    "Compared",
    "DealCardData",
    "DealCloud",
    "Explorer",
    "GameData",
    "HeatmapData",
    "IssueLevels",
    "IssuePositions",
    "IssueRow",
    "LevelProbabilitiesData",
    "Mark",
    "ModelPoints",
    "PairwiseData",
    "PartyPanel",
    "PathData",
    "PositionsData",
    "Proposer",
    "RoundsByPartyData",
    "RoundsData",
    "Series",
    "SobolBar",
    "SobolTornadoData",
    "ThreatPointData",
    "TornadoBar",
    "TornadoData",
    "Track",
    "UtilitySpaceData",
    "agreement_rate",
    "agreement_rate_data",
    "backtest",
    "backtest_data",
    "backtest_errors",
    "backtest_figure",
    "check_plot_path",
    "compare_paths",
    "compare_paths_data",
    "compare_threat_points",
    "concession_path",
    "concession_path_data",
    "deal_card",
    "deal_card_data",
    "deal_cloud",
    "explore",
    "forecast_positions",
    "forecast_positions_data",
    "level_probabilities",
    "level_probabilities_data",
    "level_probabilities_height",
    "pairwise",
    "pairwise_data",
    "place_legend",
    "refit_legends",
    "rounds_by_party",
    "rounds_by_party_data",
    "save_figure",
    "sobol_tornado",
    "sobol_tornado_data",
    "sobol_tornadoes",
    "sweep_heatmap",
    "sweep_heatmap_data",
    "threat_game",
    "threat_game_data",
    "threat_point",
    "threat_point_data",
    "tornado",
    "tornado_data",
    "utility_over_rounds",
    "utility_over_rounds_data",
    "utility_space",
    "utility_space_data",
]
