"""Plotly figures for comparisons (interactive, for the UI and notebooks)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

# The report's (Dutch) words for the measures of MunicipalityComparison.matrix; the app and the CLI word the
# keys themselves.
REPORT_WORDING: dict[str, str] = {
    "participants_share": "Aandeel deelnemers",
    "sources_share": "Aandeel bronnen",
    "passages_share": "Aandeel fragmenten",
    "passages_per_participant": "Fragmenten per deelnemer",
    "passages_per_source": "Fragmenten per bron",
    "passages": "Fragmenten",
    "participants": "Deelnemers",
    "sources": "Bronnen",
}


def heatmap_figure(
    matrix: pd.DataFrame,
    *,
    title: str = "",
    percent: bool = False,
    colorbar_title: str = "",
    colorscale: str = "Blues",
    cell_text: Callable[[float], str] | None = None,
) -> go.Figure:
    """A heatmap of a rows × columns table with the value printed in each cell.

    ``percent=True`` prints shares (0-1) as percentages. Rows keep their order from top to bottom.
    ``cell_text`` writes a cell's value instead (the app passes Dutch number forms).
    """
    values = matrix.to_numpy(dtype=float)
    if cell_text is not None:
        text = [[cell_text(float(v)) for v in row] for row in values]
    elif percent:
        text = [[f"{v:.0%}" for v in row] for row in values]
    else:
        text = [[f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}" for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in matrix.columns],
            y=[str(i) for i in matrix.index],
            text=text,
            texttemplate="%{text}",
            colorscale=colorscale,
            zmin=0,
            colorbar={"title": {"text": colorbar_title}},
            hovertemplate="%{y} — %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(
        title=title,
        xaxis_title=matrix.columns.name or "",
        yaxis_title=matrix.index.name or "",
        height=max(320, 28 * len(matrix.index) + 160),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig
