"""Static chart images (PNG) for DOCX reports, drawn with matplotlib when it is installed.

matplotlib is optional: without it :func:`chart_png` returns ``None`` and the
DOCX keeps only the tables (the heatmap table is shaded, so nothing is lost).
plotly's static export (kaleido) is not used: it needs a browser binary.
"""

from __future__ import annotations

import io
from importlib.util import find_spec

import numpy as np

from .document import Chart


def matplotlib_available() -> bool:
    return find_spec("matplotlib") is not None


def chart_png(chart: Chart, *, dpi: int = 150) -> bytes | None:
    """PNG bytes of ``chart``, or None when matplotlib is not installed or the chart is empty."""
    if not matplotlib_available() or chart.frame.empty:
        return None
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    frame = chart.frame
    if chart.kind == "heatmap":
        values = frame.to_numpy(dtype=float)
        fig, ax = plt.subplots(figsize=(1.2 + 1.1 * frame.shape[1], 0.9 + 0.38 * frame.shape[0]))
        image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(frame.shape[1]), [str(c) for c in frame.columns], rotation=30, ha="right")
        ax.set_yticks(range(frame.shape[0]), [str(i) for i in frame.index])
        vmax = float(values.max()) if values.size else 0.0
        for (r, c), v in np.ndenumerate(values):
            label = f"{v:.0%}" if chart.percent else (f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}")
            ax.text(c, r, label, ha="center", va="center", fontsize=8, color="white" if vmax and v > 0.6 * vmax else "black")
        fig.colorbar(image, ax=ax, shrink=0.8)
    elif chart.kind == "curve":  # saturation: bars = second column per step, line = third column (cumulative)
        x = [str(v) for v in frame.iloc[:, 0]]
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        ax.bar(x, [float(v) for v in frame.iloc[:, 1]], color="#9ecae1", label=str(frame.columns[1]))
        ax.plot(x, [float(v) for v in frame.iloc[:, 2]], color="#2166ac", marker="o", label=str(frame.columns[2]))
        ax.set_xlabel(str(frame.columns[0]))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper left")
    else:
        labels = [str(v) for v in frame.iloc[:, 0]]
        values = [float(v) for v in frame.iloc[:, 1]]
        fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.32 * len(labels)))
        ax.barh(range(len(labels)), values, color="#2166ac")
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlabel(str(frame.columns[1]))
        if chart.percent:
            ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(chart.title)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()
