"""Turn analysis results into readable :class:`~analysis.reports.document.Report` documents.

* :func:`summary_report` — theme summaries (overview, per theme: numbers, stance,
  breakdowns, representative quotes)
* :func:`normenkader_report` — the assessment table with coloured judgements, and
  the evidence per norm
* :func:`matrix_report` — a code × source / participant matrix
* :func:`saturation_report` — code and meaning saturation per group (:mod:`.saturation`)
* :func:`triangulation_report` — norm / code × source kind, strength, passages per cell
  (:mod:`.triangulation`)

Headings and column names are Dutch; tables are sorted (most frequent first, or
in the codebook's order where that is the natural order, as for norms).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from .document import DATA, READING, Chart, Paragraph, QuoteList, Report, Table
from .labels import UNKNOWN, dimension_label, role_label, source_kinds_sentence
from .normenkader import NormenkaderReport, scale_legend
from .quotes import quote_for
from .saturation import SaturationCurve
from .summary import ThemeSummary, overview_frame
from .triangulation import ONE_KIND, ONE_RESPONDENT, Triangulation

if TYPE_CHECKING:  # pragma: no cover
    from .data import CodingData

CODINGS_ACCEPTED = "alleen geaccepteerde coderingen"
CODINGS_WITH_SUGGESTIONS = "geaccepteerde coderingen én open suggesties (nog niet beoordeeld)"


def _codings_label(include_suggestions: bool) -> str:
    return CODINGS_WITH_SUGGESTIONS if include_suggestions else CODINGS_ACCEPTED


def _pct(x: float) -> str:
    return f"{x:.0%}"


def report_meta(project_name: str | None, include_suggestions: bool) -> dict[str, str]:
    meta: dict[str, str] = {}
    if project_name:
        meta["Project"] = project_name
    meta["Coderingen"] = _codings_label(include_suggestions)
    meta["Gemaakt op"] = date.today().isoformat()
    return meta


# --------------------------------------------------------------------------- summaries


def summary_report(
    summaries: Sequence[ThemeSummary],
    *,
    title: str | None = None,
    codebook_name: str | None = None,
    project_name: str | None = None,
) -> Report:
    """A theme-summary report: an overview table, then one section per theme."""
    include_suggestions = any(s.include_suggestions for s in summaries)
    topic = bool(summaries) and summaries[0].kind == "topic"
    report = Report(
        title=title or ("Themasamenvatting" + (f" — {codebook_name}" if codebook_name else "")),
        subtitle="Samenvatting per thema: wie noemt het, in welke toon, en representatieve citaten."
        if not topic
        else "Samenvatting per thema uit een topicmodel.",
        meta=report_meta(project_name, include_suggestions),
    )
    if codebook_name:
        report.meta["Codeboek"] = codebook_name
    if summaries:
        s0 = summaries[0]
        report.meta["Omvang"] = (
            f"{s0.passages_total} fragmenten, {s0.sources_total} bronnen, {s0.participants_total} deelnemers"
        )
    overview = report.section("Overzicht")
    overview.add(
        Paragraph(
            "Per thema het aantal fragmenten, bronnen en deelnemers waarin het voorkomt, het aandeel van alle "
            "deelnemers dat het noemt, en hoe vaak het samengaat met een houding (gaat goed, knelpunt, "
            "verbetersuggestie). Een bron zonder deelnemer (bijvoorbeeld een rapport) telt als één deelnemer."
            + (" Een code telt inclusief de codes eronder." if not topic else "")
        )
    )
    frame = overview_frame(summaries)
    overview.add(Table("Thema's" if topic else "Codes", frame, percent=("Aandeel deelnemers",), sheet="Overzicht"))
    if len(frame):
        overview.add(Chart("Fragmenten per thema", frame.iloc[:, [0, 1]]))

    group_rows: list[dict[str, object]] = []
    stance_rows: list[dict[str, object]] = []
    quote_rows: list[dict[str, object]] = []
    label_col = "Thema" if topic else "Code"
    for s in summaries:
        sec = report.section(s.label, level=2)
        if s.description:
            sec.add(Paragraph(("Trefwoorden: " if topic else "Definitie: ") + s.description))
        sec.add(
            Paragraph(
                f"{s.n_passages} fragmenten in {s.n_sources} bronnen"
                + (f" ({s.source_kinds_sentence()})" if s.n_sources_verslag else "")
                + f", van {s.n_participants} van de "
                f"{s.participants_total} deelnemers ({_pct(s.participants_share)}), in {s.n_municipalities} "
                f"gemeente{'n' if s.n_municipalities != 1 else ''}."
            )
        )
        stance = s.stance.rename(columns={"stance": "Houding", "passages": "Fragmenten", "share": "Aandeel"})
        stance = stance[["Houding", "Fragmenten", "Aandeel"]]
        if len(stance) > 1 and int(stance["Fragmenten"].iloc[:-1].sum()) > 0:
            sec.add(Table("Houding", stance, percent=("Aandeel",), formats=READING))
        elif len(stance) > 1:  # a stance axis exists, but none of these passages carries a stance
            sec.add(Paragraph("Houding: geen van deze fragmenten is gecodeerd als gaat goed, knelpunt of verbetersuggestie."))
        for _, row in stance.iterrows():
            stance_rows.append({label_col: s.label, "Houding": row["Houding"], "Fragmenten": int(row["Fragmenten"]), "Aandeel": float(row["Aandeel"])})
        for dim, table in s.breakdowns.items():
            known = table[table["group"] != UNKNOWN]
            if known.empty or int(known["passages"].sum()) == 0:
                continue  # the theme occurs in no known group of this breakdown (e.g. story answers for interviews)
            shown = table.rename(
                columns={
                    "group": dimension_label(dim),
                    "passages": "Fragmenten",
                    "passages_share": "Aandeel fragmenten",
                    "participants": "Deelnemers",
                    "participants_total": "Deelnemers totaal",
                    "participants_share": "Aandeel deelnemers",
                }
            )[[dimension_label(dim), "Fragmenten", "Aandeel fragmenten", "Deelnemers", "Deelnemers totaal", "Aandeel deelnemers"]]
            sec.add(
                Table(
                    f"Per {dimension_label(dim).lower()}",
                    shown,
                    percent=("Aandeel fragmenten", "Aandeel deelnemers"),
                    formats=READING,
                )
            )
            for _, row in table.iterrows():
                group_rows.append(
                    {
                        label_col: s.label,
                        "Indeling": dimension_label(dim),
                        "Groep": row["group"],
                        "Fragmenten": int(row["passages"]),
                        "Fragmenten totaal": int(row["passages_total"]),
                        "Aandeel fragmenten": float(row["passages_share"]),
                        "Deelnemers": int(row["participants"]),
                        "Deelnemers totaal": int(row["participants_total"]),
                        "Aandeel deelnemers": float(row["participants_share"]),
                        "Bronnen": int(row["sources"]),
                        "Bronnen totaal": int(row["sources_total"]),
                        "Aandeel bronnen": float(row["sources_share"]),
                    }
                )
        sec.add(QuoteList("Representatieve citaten", s.quotes))
        for rank, q in enumerate(s.quotes, start=1):
            quote_rows.append(
                {
                    label_col: s.label,
                    "Nr": rank,
                    "Citaat": q.text,
                    "Herkomst": q.provenance.removeprefix("— "),
                    "Bron": q.source_name,
                    "Spreker": q.speaker or "",
                    "Rol": role_label(q.role, q.speaker),
                    "Begin": q.start,
                    "Eind": q.end,
                }
            )
    data_sec = report.section("Gegevens", level=1)
    data_sec.add(
        Table(
            "Per groep",
            pd.DataFrame(group_rows, columns=[label_col, "Indeling", "Groep", "Fragmenten", "Fragmenten totaal", "Aandeel fragmenten", "Deelnemers", "Deelnemers totaal", "Aandeel deelnemers", "Bronnen", "Bronnen totaal", "Aandeel bronnen"]),
            percent=("Aandeel fragmenten", "Aandeel deelnemers", "Aandeel bronnen"),
            formats=DATA,
        )
    )
    data_sec.add(
        Table("Houding", pd.DataFrame(stance_rows, columns=[label_col, "Houding", "Fragmenten", "Aandeel"]), percent=("Aandeel",), formats=DATA)
    )
    data_sec.add(
        Table("Citaten", pd.DataFrame(quote_rows, columns=[label_col, "Nr", "Citaat", "Herkomst", "Bron", "Spreker", "Rol", "Begin", "Eind"]), formats=DATA)
    )
    return report


# --------------------------------------------------------------------------- normenkader


def normenkader_report(
    nk: NormenkaderReport,
    *,
    title: str | None = None,
    project_name: str | None = None,
) -> Report:
    """The assessment table (coloured judgements) and, per norm, its rationale and evidence."""
    report = Report(
        title=title or f"Normenkader — {nk.codebook_name}",
        subtitle="Beoordeling per norm, met toelichting en het aantal fragmenten dat als onderbouwing dient.",
        meta=report_meta(project_name, nk.include_suggestions),
    )
    report.meta["Codeboek"] = f"{nk.codebook_name} ({nk.codebook_id})"
    judged = sum(1 for r in nk.rows if r.judgement)
    report.meta["Beoordeeld"] = f"{judged} van {len(nk.rows)} normen"
    frame = nk.to_frame()
    colours = {(i, "Oordeel"): col for i, col in enumerate(nk.colours()) if col}
    sec = report.section("Beoordeling")
    sec.add(Table("Normenkader", frame, colours=colours, sheet="Normenkader"))
    counts = nk.judgement_counts()
    count_colours = {(i, "Oordeel"): col for i, col in enumerate(counts["colour"]) if isinstance(col, str) and col}
    sec.add(Table("Oordelen", counts[["Oordeel", "Aantal normen"]], colours=count_colours, sheet="Oordelen"))
    legend = scale_legend(nk.scale)
    sec.add(
        Table(
            "Schaal",
            legend[["Oordeel"]],
            colours={(i, "Oordeel"): lvl.colour for i, lvl in enumerate(nk.scale) if lvl.colour},
            formats=READING,
        )
    )
    evidence_rows = []
    for deelvraag in nk.deelvragen():
        report.section(deelvraag or "Zonder deelvraag", level=2)
        for r in (row for row in nk.rows if row.deelvraag == deelvraag):
            sub = report.section(r.norm, level=3)
            sub.add(Paragraph(f"Oordeel: {r.judgement_label}." + (f" Toelichting: {r.rationale}" if r.rationale else "")))
            codes = ", ".join(r.code_names) or "geen"
            kinds = f" ({source_kinds_sentence(r.n_sources_verbatim, r.n_sources_verslag)})" if r.n_sources_verslag else ""
            sub.add(Paragraph(f"Gekoppelde codes: {codes}. Fragmenten met deze codes: {r.n_fragments}{kinds}."))
            if r.unknown_codes:
                sub.add(Paragraph(f"Let op: de norm verwijst naar onbekende codes: {', '.join(r.unknown_codes)}."))
            sub.add(QuoteList("Onderbouwing", r.quotes))
            for q in r.quotes:
                evidence_rows.append(
                    {
                        "Deelvraag": r.deelvraag,
                        "Norm": r.norm,
                        "Gekozen als onderbouwing": "ja" if q.passage_id in r.chosen_evidence else "nee",
                        "Citaat": q.text,
                        "Herkomst": q.provenance.removeprefix("— "),
                        "Begin": q.start,
                        "Eind": q.end,
                    }
                )
    data_sec = report.section("Gegevens")
    data_sec.add(
        Table(
            "Onderbouwing",
            pd.DataFrame(evidence_rows, columns=["Deelvraag", "Norm", "Gekozen als onderbouwing", "Citaat", "Herkomst", "Begin", "Eind"]),
            formats=DATA,
        )
    )
    return report


# --------------------------------------------------------------------------- matrices


def matrix_report(
    matrix: pd.DataFrame,
    *,
    by: str,
    binary: bool,
    codebook_name: str | None = None,
    include_suggestions: bool = False,
    project_name: str | None = None,
) -> Report:
    """A code × source / participant matrix as a report (one shaded table)."""
    what = "bron" if by == "source" else "deelnemer"
    report = Report(
        title=f"Code × {what}" + (f" — {codebook_name}" if codebook_name else ""),
        subtitle=(
            f"Per code en {what}: komt de code voor (1) of niet (0)."
            if binary
            else f"Per code en {what}: het aantal fragmenten met de code."
        ),
        meta=report_meta(project_name, include_suggestions),
    )
    sec = report.section("Matrix")
    sec.add(Table(f"Code × {what}", matrix, heatmap=True, index=True, sheet="Matrix"))
    return report


# --------------------------------------------------------------------------- saturation and triangulation


def saturation_report(
    curves: Sequence[SaturationCurve],
    *,
    codebook_name: str | None = None,
    project_name: str | None = None,
    include_suggestions: bool = False,
) -> Report:
    """Code saturation (new inductive codes per unit, cumulative) and meaning saturation, per group."""
    units = curves[0].units if curves else "interviews"
    many = "verhalen" if units == "stories" else "interviews"
    report = Report(
        title="Verzadiging" + (f" — {codebook_name}" if codebook_name else ""),
        subtitle=(
            f"Nieuwe inductieve codes per {many[:-1] if units == 'interviews' else 'verhaal'} in volgorde "
            "(codeverzadiging, Guest e.a. 2006) en het aantal "
            f"{many} dat elke code uitwerkt (betekenisverzadiging, Hennink e.a. 2017)."
        ),
        meta=report_meta(project_name, include_suggestions),
    )
    if codebook_name:
        report.meta["Codeboek"] = codebook_name
    steps_all, meaning_all = [], []
    for curve in curves:
        sec = report.section(curve.group)
        sec.add(Paragraph(curve.statement))
        sec.add(Paragraph(f"Volgorde: {curve.ordered_by}. Inductieve codes in het codeboek: {len(curve.inductive)}."))
        steps = curve.steps.rename(
            columns={"position": "Nr", "name": "Bron", "date": "Datum", "new": "Nieuwe codes",
                     "new_codes": "Welke", "cumulative": "Cumulatief"}
        )[["Nr", "Bron", "Datum", "Nieuwe codes", "Welke", "Cumulatief"]]
        axis = steps[["Nr", "Nieuwe codes", "Cumulatief"]].rename(columns={"Nr": "Verhaal" if units == "stories" else "Interview"})
        sec.add(Chart(f"Codeverzadiging — {curve.group}", axis, kind="curve"))
        sec.add(Table("Nieuwe inductieve codes per " + ("verhaal" if units == "stories" else "interview"), steps, formats=READING))
        meaning = curve.meaning.rename(
            columns={"code": "Code", "inductive": "Inductief", "units": many.capitalize(), "passages": "Fragmenten",
                     "first_at": "Eerst in nr", "thin": "Rust op één of twee"}
        )
        meaning = meaning[["Code", "Inductief", many.capitalize(), "Fragmenten", "Eerst in nr", "Rust op één of twee"]]
        sec.add(Table("Betekenisverzadiging: " + many + " per code", meaning, formats=READING))
        steps_all.append(steps.assign(Groep=curve.group))
        meaning_all.append(meaning.assign(Groep=curve.group))
    data_sec = report.section("Gegevens")
    if steps_all:
        data_sec.add(Table("Codeverzadiging", pd.concat(steps_all, ignore_index=True), formats=DATA, sheet="Codeverzadiging"))
        data_sec.add(Table("Betekenisverzadiging", pd.concat(meaning_all, ignore_index=True), formats=DATA, sheet="Betekenisverzadiging"))
    return report


def triangulation_report(
    tri: Triangulation,
    data: CodingData,
    *,
    project_name: str | None = None,
    max_quotes: int | None = 5,
) -> Report:
    """The triangulation matrix with strength per norm and code, and the passages behind every cell."""
    report = Report(
        title=f"Triangulatie — {tri.codebook_name}",
        subtitle="Per norm en code: welke soorten bronnen het dragen, hoeveel deelnemers en gemeenten, en de toon.",
        meta=report_meta(project_name, tri.include_suggestions),
    )
    report.meta["Codeboek"] = f"{tri.codebook_name} ({tri.codebook_id})"
    frame = tri.to_frame()
    sec = report.section("Triangulatiematrix")
    sec.add(Paragraph(f"Een bevinding die {ONE_RESPONDENT} of {ONE_KIND} is als zodanig gemarkeerd (kolom Sterkte)."))
    sec.add(Table("Triangulatie", frame, heatmap=False, sheet="Triangulatie"))
    if len(tri.rows) and tri.columns:
        sec.add(Chart("Fragmenten per soort bron", tri.matrix(), kind="heatmap"))
    passages_rows = []
    for r in tri.rows:
        if not r.passages:
            continue
        sub = report.section(("Norm: " if r.kind == "norm" else "Code: ") + r.label, level=2)
        if r.strength:
            sub.add(Paragraph(f"Let op: deze bevinding {r.strength}."))
        for column in tri.columns:
            ids = r.cells.get(column, [])
            if not ids:
                continue
            shown = ids if max_quotes is None else ids[:max_quotes]
            noun = "fragment" if len(ids) == 1 else "fragmenten"
            title = f"{column} ({len(ids)} {noun}" + (f", {len(shown)} getoond)" if len(shown) < len(ids) else ")")
            sub.add(QuoteList(title, [quote_for(data, pid) for pid in shown]))
            for pid in ids:
                q = quote_for(data, pid)
                passages_rows.append(
                    {"Norm of code": r.label, "Soort bron": column, "Citaat": q.text,
                     "Herkomst": q.provenance.removeprefix("— "), "Bron": q.source_name, "Begin": q.start, "Eind": q.end}
                )
    report.section("Gegevens").add(
        Table("Fragmenten per cel",
              pd.DataFrame(passages_rows, columns=["Norm of code", "Soort bron", "Citaat", "Herkomst", "Bron", "Begin", "Eind"]),
              formats=DATA, sheet="Fragmenten")
    )
    return report
