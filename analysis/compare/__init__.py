"""Comparing municipalities on a common framework (through the codebooks' crosswalks).

* :func:`compare_municipalities` -> :class:`MunicipalityComparison`: theme × municipality
  matrices (normalised per participant and per source), distinctive themes,
  theme co-occurrence, quotes side by side, a plotly heatmap
* :func:`distinctive_words`: words per municipality by weighted log-odds with an
  informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), see :mod:`.logodds`
* :func:`code_cooccurrence` / :func:`cooccurrence`: passage-level co-occurrence
* :func:`build_theme_map`: the crosswalk mapping itself
* :func:`compare_report`: all of it as a report document (Dutch, like the other reports)
"""

from .comparison import (
    DEFAULT_FRAMEWORK,
    MEASURES,
    MunicipalityComparison,
    compare_municipalities,
    distinctive_words,
    word_counts,
)
from .cooccurrence import code_cooccurrence, cooccurrence
from .crosswalk import ThemeMap, build_theme_map
from .logodds import distinctive_features, informative_prior, log_odds_dirichlet
from .plots import REPORT_WORDING, heatmap_figure
from .report import compare_report

__all__ = [
    "DEFAULT_FRAMEWORK",
    "MEASURES",
    "REPORT_WORDING",
    "MunicipalityComparison",
    "ThemeMap",
    "build_theme_map",
    "code_cooccurrence",
    "compare_municipalities",
    "compare_report",
    "cooccurrence",
    "distinctive_features",
    "distinctive_words",
    "heatmap_figure",
    "informative_prior",
    "log_odds_dirichlet",
    "word_counts",
]
