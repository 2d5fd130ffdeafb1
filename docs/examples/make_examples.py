"""Build the README examples: a theme summary of 'toegang' (Markdown) and the theme × municipality heatmap (PNG).

    python docs/examples/make_examples.py [--out docs/examples]

The demo project is built without autocoding; the hand coding that the authors of the
demo transcripts made (``corpora/demo/<gemeente>/gold.csv``) is added as accepted
codings, so the figures are those of the *reference codings*, not of a model.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd

from analysis.compare import MEASURES, compare_municipalities
from analysis.demo import DEMO_DIR, build_demo
from analysis.domain import Coding, CodingStatus
from analysis.reports import CodingData, render_report, summarize_code, summary_report
from analysis.store import Project

CODEBOOK = "sociaal-domein"
CODER = "auteur-demo"
INTERVIEW_KINDS = ("interview", "group_interview", "verslag")  # verslagen: quoted as "volgens het gespreksverslag"
MAX_PNG_BYTES = 300_000
HEATMAP_MEASURE = "passages_per_participant"


def heatmap_png(matrix: pd.DataFrame, title: str, *, dpi: int = 110) -> bytes:
    """A theme × municipality table as a labelled PNG heatmap (matplotlib, no plotly export needed)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    values = matrix.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(3.2 + 1.3 * matrix.shape[1], 1.2 + 0.42 * matrix.shape[0]))
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns])
    ax.xaxis.tick_top()
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    vmax = float(values.max()) if values.size else 0.0
    for (r, c), v in np.ndenumerate(values):
        ax.text(c, r, f"{v:.1f}".replace(".", ","), ha="center", va="center", fontsize=9,
                color="white" if vmax and v > 0.6 * vmax else "black")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title, fontsize=11, pad=28)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def gold_rows(demo_dir: Path = DEMO_DIR) -> Iterator[dict[str, str]]:
    """The demo authors' hand coding, one row per speaker turn (file, speaker, text, code)."""
    for path in sorted(demo_dir.glob("*/gold.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def find_passage(project: Project, source_id: int, text: str) -> int | None:
    """The passage of the source holding this turn: equal text, else the longest one containing it or contained in it."""
    text = text.strip()
    best: tuple[int, int] | None = None
    for p in project.passages(source_id=source_id):
        candidate = p.text.strip()
        if candidate == text:
            return p.id
        contained = len(candidate) >= 20 and (candidate in text or text in candidate)
        if contained and (best is None or len(candidate) > best[0]):
            best = (len(candidate), p.id)
    return best[1] if best else None


def add_reference_codings(project: Project, demo_dir: Path = DEMO_DIR) -> tuple[int, int]:
    """Add the gold codes as accepted codings; returns (codings added, gold rows without a passage)."""
    source_ids = {
        "/".join(Path(s.path).parts[-2:]): s.id
        for s in project.sources(with_text=False)
        if s.path and s.kind.value in INTERVIEW_KINDS
    }
    codings: list[Coding] = []
    unmatched = 0
    for row in gold_rows(demo_dir):
        codes = [c.strip() for c in (row.get("code") or "").split(";") if c.strip()]
        if not codes:
            continue
        source_id = source_ids.get(row["file"])
        passage_id = find_passage(project, source_id, row["text"]) if source_id is not None else None
        if passage_id is None:
            unmatched += 1
            continue
        codings.extend(
            Coding(passage_id=passage_id, code_id=code, codebook_id=CODEBOOK, coder=CODER, status=CodingStatus.ACCEPTED)
            for code in codes
        )
    project.add_codings(codings)
    return len(codings), unmatched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="duiding-examples-") as tmp:
        location = Path(tmp) / "demo"
        print(build_demo(location, autocode=False, log=lambda message: None))
        project = Project.open(location)
        try:
            added, unmatched = add_reference_codings(project)
            print(f"Referentiecoderingen (handmatige codering van de demo-auteurs, gold.csv): {added} geaccepteerd toegevoegd"
                  + (f", {unmatched} regels zonder passend fragment" if unmatched else ""))
            data = CodingData.from_project(project, kinds=list(INTERVIEW_KINDS))

            summary = summarize_code(data, CODEBOOK, "toegang", n_quotes=4)
            report = summary_report(
                [summary],
                title="Themasamenvatting — Toegang (demoproject, referentiecoderingen)",
                codebook_name=data.codebook(CODEBOOK).name,
                project_name="demo",
            )
            md_path = args.out / "themasamenvatting-toegang.md"
            md_path.write_bytes(render_report(report, "md"))
            print(f"{md_path}: {summary.n_passages} fragmenten, {summary.n_participants} van "
                  f"{summary.participants_total} deelnemers")

            comparison = compare_municipalities(data, CODEBOOK)
            # Nearly every participant raises every theme at least once, so the share of participants
            # is close to 100% everywhere; passages per participant shows how much each theme weighs.
            matrix = comparison.matrix(HEATMAP_MEASURE)
            png = heatmap_png(matrix, f"Thema's per gemeente — {MEASURES[HEATMAP_MEASURE].lower()}")
            png_path = args.out / "heatmap.png"
            png_path.write_bytes(png)
            print(f"{png_path}: {matrix.shape[0]} thema's × {matrix.shape[1]} gemeenten, {len(png) // 1024} KB")
            if len(png) > MAX_PNG_BYTES:
                print(f"warning: {png_path} is larger than {MAX_PNG_BYTES // 1000} KB", file=sys.stderr)
        finally:
            project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
