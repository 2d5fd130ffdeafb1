"""A network view of code co-occurrence: codes on a circle, a line per pair that meets in passages."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .cooccurrence import Cooccurrence


def network_figure(co: Cooccurrence, *, minimum: int = 1) -> go.Figure:
    """Nodes sized by the code's passages, lines as thick as the passages two codes share (at least
    ``minimum``); hovering a line names the pair and the count."""
    codes = [(cid, name) for cid, name in co.codes if co.passages[cid]]
    n = max(len(codes), 1)
    pos = {cid: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, (cid, _n) in enumerate(codes)}
    names = dict(co.codes)
    edges = [e for e in co.edges(minimum) if e[0] in pos and e[1] in pos]
    heaviest = max((w for _a, _b, w in edges), default=1)
    fig = go.Figure()
    for a, b, w in edges:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        fig.add_trace(
            go.Scatter(
                x=[x0, (x0 + x1) / 2, x1], y=[y0, (y0 + y1) / 2, y1], mode="lines",
                line={"width": 1 + 7 * w / heaviest, "color": "rgba(90,110,160,0.55)"},
                hoverinfo="text", text=[f"{names[a]} – {names[b]}: {w}"] * 3, showlegend=False,
            )
        )
    sizes = [len(co.passages[cid]) for cid, _n in codes]
    biggest = max(sizes, default=1) or 1
    fig.add_trace(
        go.Scatter(
            x=[pos[c][0] for c, _n in codes], y=[pos[c][1] for c, _n in codes], mode="markers+text",
            marker={"size": [12 + 28 * s / biggest for s in sizes], "color": "#4c78a8"},
            text=[name for _c, name in codes], textposition="top center",
            hovertext=[f"{name}: {s}" for (_c, name), s in zip(codes, sizes)], hoverinfo="text", showlegend=False,
        )
    )
    fig.update_layout(
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"}, height=560,
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
    )
    return fig
