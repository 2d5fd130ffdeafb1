"""A report draft in the rekenkamer's shape (issue 19, point 3).

>>> report = build_draft(project, "deventer")                      # doctest: +SKIP
>>> write_draft(report, "concept.docx", template="rekenkamer.dotx")  # doctest: +SKIP

The draft follows the seed reports (Deventer, Berkelland, Enschede): an introduction with
the normenkader and its scale, then **one chapter per deelvraag** and in it, per norm,

* the judgement on the study's scale, with its colour (voldoet / voldoet merendeels /
  voldoet deels / voldoet niet);
* the researcher's *bevinding* (the text written on the Normenkader tab, stored with
  ``project.judge_norm``); where none is written the draft says so: it invents nothing;
* the *onderbouwing*: how many passages, participants and municipalities carry the norm
  per kind of source (interviews per respondent group, documents, stories: the
  triangulation), the stance split, and the quotes the researcher marked **citeerbaar**
  (``project.set_citeerbaar``) with their provenance and real speaker role. Where none are
  marked, representative passages are listed *as suggestions*, never an interviewer's
  question and never a passage of a gespreksverslag (a paraphrase is no quote);
* at the end of the chapter the assessment table (Norm | Oordeel | Bevinding), coloured;

and a methods appendix: sources and respondents by group, the codebook with definitions,
intercoder agreement, saturation, the coders and a summary of the audit trail.

DOCX uses Word's built-in heading styles (Heading 1/2/3, "Kop 1/2/3" in Dutch Word) and
table styles, optionally those of the rekenkamer's own template (``.dotx``); it opens with
a table-of-contents field that Word fills in when the document is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import display_name
from .builders import _codings_label
from .data import CodingData, ReportError
from .document import READING, Chart, Paragraph, QuoteList, Report, Table
from .export import ExportError, format_from_path, to_docx, to_html, to_markdown
from .labels import is_not_data, is_paraphrase, kind_label
from .normenkader import (
    NormAssessment,
    NormenkaderReport,
    assess_normenkader,
    coded_codebook,
    norm_codings,
    scale_legend,
)
from .quotes import Quote, quote_for, representative_quotes
from .triangulation import DOCUMENTS, FAMILY, TriangulationRow, _column_rank, column_of, triangulation_row

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Project

DRAFT_FORMATS = ("docx", "md", "html")
NO_BEVINDING = (
    "Nog geen bevinding geschreven. De onderzoeker legt de bevinding vast op het tabblad Normenkader "
    "(Rapportage); dit concept vult haar niet zelf in."
)
NO_EVIDENCE = "Bij deze norm zijn (nog) geen gecodeerde fragmenten; er is dus ook geen onderbouwing uit de gesprekken."
MARKED_TITLE = "Citaten (door de onderzoeker gemarkeerd als citeerbaar)"
SUGGESTED_TITLE = "Suggesties voor citaten (nog niet als citeerbaar gemarkeerd; controleer ze vóór gebruik)"
NO_SUGGESTION = "Geen citaat voor te stellen: de fragmenten bij deze norm zijn vragen van de interviewer of komen uit gespreksverslagen."
ACTION_LABELS = {
    "create": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd", "status": "beoordeeld",
    "restore": "hersteld", "judge": "oordeel vastgelegd", "save": "opgeslagen", "import": "geïmporteerd",
}
ENTITY_LABELS = {
    "coding": "codering", "source": "bron", "codebook": "codeboek", "code": "code", "norm": "norm",
    "memo": "memo", "participant": "deelnemer", "topic_model": "topicmodel", "user": "gebruiker",
    "story_collection": "verhalencollectie", "passage_set": "fragmentenset",
}


@dataclass
class NormDraft:
    """One norm of the draft: its assessment, where its evidence comes from, and its quotes."""

    assessment: NormAssessment
    triangulation: TriangulationRow
    marked: list[Quote] = field(default_factory=list)
    suggested: list[Quote] = field(default_factory=list)
    left_out_interviewer: int = 0  # marked citeerbaar, but the interviewer speaks: never quoted
    stance_labels: dict[str, str] = field(default_factory=dict)  # stance code id -> name
    by_group: pd.DataFrame = field(default_factory=pd.DataFrame)  # see sources_by_group


# --------------------------------------------------------------------------- quotes


def _is_quotable(data: CodingData, passage_id: int) -> bool:
    """Respondents' own words: not an interviewer's question or a header line, not a verslag's paraphrase."""
    p = data.passages.loc[passage_id]
    return not is_not_data(p["role"], p["speaker"]) and not is_paraphrase(p["kind"])


def norm_quotes(
    data: CodingData, evidence: Sequence[int], codings: pd.DataFrame, *, n_suggestions: int = 3
) -> tuple[list[Quote], list[Quote], int]:
    """``(marked, suggested, left_out)`` for a norm with ``evidence`` passages and the ``codings`` behind them.

    *marked*: passages with one of the norm's ``codings`` that the researcher marked citeerbaar (the
    flag is on a coding: quotable for that code's norms; the quote is the coding's span when it has
    one), in document order; a marked passage of a gespreksverslag keeps its 'Volgens het
    gespreksverslag' form, an interviewer's turn is left out (*left_out* counts them). *suggested*, only when nothing is marked: the most representative
    respondent passages, never the interviewer, never a verslag.
    """
    flagged = codings[codings["citeerbaar"].astype(bool)] if len(codings) else codings
    marked: list[Quote] = []
    left_out = 0
    for pid in data.in_document_order(flagged["passage_id"].unique().tolist()):
        p = data.passages.loc[pid]
        if is_not_data(p["role"], p["speaker"]):
            left_out += 1
            continue
        marked.append(quote_for(data, pid, codings=flagged))
    if marked or n_suggestions <= 0:
        return marked, [], left_out
    candidates = [pid for pid in evidence if _is_quotable(data, pid)]
    suggested = representative_quotes(data, candidates, codings=codings, n=n_suggestions) if candidates else []
    return marked, suggested, left_out


# --------------------------------------------------------------------------- the draft


def draft_norms(data: CodingData, nk: NormenkaderReport, *, n_suggestions: int = 3) -> list[NormDraft]:
    """Every norm of ``nk`` with its triangulation and quotes (``data`` is what ``nk`` was assessed on)."""
    cb = data.codebook(nk.codebook_id)
    via = nk.via_framework
    stance_book = via or nk.codebook_id
    norms = {n.id: n for n in cb.norms}
    out: list[NormDraft] = []
    for row in nk.rows:
        codings = norm_codings(data, nk.codebook_id, norms[row.norm_id], via=via)
        tri = triangulation_row(
            data, row.evidence_ids, key=f"norm:{row.norm_id}", kind="norm", label=row.norm, deelvraag=row.deelvraag,
            stance_codebook=stance_book,
        )
        marked, suggested, left_out = norm_quotes(data, row.evidence_ids, codings, n_suggestions=n_suggestions)
        labels = {k: data.code_name(stance_book, k) for k in tri.stance}
        by_group = sources_by_group(data, row.evidence_ids)
        out.append(NormDraft(row, tri, marked, suggested, left_out, labels, by_group))
    return out


def build_draft(
    project: Project,
    codebook_id: str,
    *,
    include_suggestions: bool = False,
    n_suggestions: int = 3,
    title: str | None = None,
    project_name: str | None = None,
    data: CodingData | None = None,
) -> Report:
    """The report draft of the normenkader of ``codebook_id`` (see the module docstring).

    ``data`` may be passed when it is already loaded (all codebooks the normenkader needs).
    """
    cb = project.get_codebook(codebook_id)
    if not cb.norms:
        raise ReportError("draft.no_norms", codebook=cb.name)
    if data is None:
        books = [codebook_id] + ([cb.framework] if cb.framework and cb.framework in project.codebook_ids() else [])
        data = CodingData.from_project(project, codebook_ids=books, include_suggestions=include_suggestions)
    judgements = project.norm_judgements(codebook_id)
    nk = assess_normenkader(data, codebook_id, judgements=judgements, n_quotes=0)
    norms = draft_norms(data, nk, n_suggestions=n_suggestions)
    coded = coded_codebook(data, codebook_id) or codebook_id

    report = Report(
        title=title or f"Conceptrapport — {cb.name}",
        subtitle=(
            "Concept, samengesteld door Duiding uit de coderingen, oordelen en bevindingen van de onderzoeker. "
            "Het concept schrijft zelf geen bevindingen: waar de onderzoeker niets vastlegde, staat dat er."
        ),
    )
    if project_name:
        report.meta["Project"] = project_name
    report.meta["Normenkader"] = f"{cb.name} ({cb.id})"
    if coded != codebook_id:
        report.meta["Gecodeerd met"] = f"{data.codebook(coded).name} ({coded}), via de koppeling van de codes"
    report.meta["Coderingen"] = _codings_label(data.include_suggestions)
    judged = sum(1 for n in norms if n.assessment.judgement)
    written = sum(1 for n in norms if n.assessment.rationale.strip())
    report.meta["Beoordeeld"] = f"{judged} van {len(norms)} normen; bevinding geschreven bij {written}"
    report.meta["Gemaakt op"] = date.today().isoformat()

    _introduction(report, nk, norms)
    for deelvraag in nk.deelvragen():
        _chapter(report, deelvraag, [n for n in norms if n.assessment.deelvraag == deelvraag])
    _appendix(report, project, data, codebook_id, coded, nk, include_suggestions)
    return report


def _judgement_table(title: str, norms: Sequence[NormDraft], *, with_deelvraag: bool = False) -> Table:
    rows = []
    for n in norms:
        a = n.assessment
        row = {"Deelvraag": a.deelvraag} if with_deelvraag else {}
        row.update({"Norm": a.norm, "Oordeel": a.judgement_label, "Bevinding": a.rationale.strip() or "(nog niet geschreven)"})
        rows.append(row)
    columns = (["Deelvraag"] if with_deelvraag else []) + ["Norm", "Oordeel", "Bevinding"]
    colours = {(i, "Oordeel"): n.assessment.colour for i, n in enumerate(norms) if n.assessment.colour}
    return Table(title, pd.DataFrame(rows, columns=columns), colours=colours, sheet=(title or "Toetsing")[:31])


def _introduction(report: Report, nk: NormenkaderReport, norms: Sequence[NormDraft]) -> None:
    intro = report.section("Inleiding")
    intro.add(
        Paragraph(
            f"Dit concept volgt het normenkader '{nk.codebook_name}': per deelvraag een hoofdstuk met, per norm, "
            "het oordeel, de bevinding van de onderzoeker en de onderbouwing uit de bronnen. Achterin staat de "
            "verantwoording van de methode."
        )
    )
    scale = report.section("Normenkader en beoordelingsschaal", level=2)
    scale.add(Paragraph("Voor de toetsing aan de normen is gewerkt met de volgende schaal, in de kleuren van het rapport:"))
    legend = scale_legend(nk.scale)
    scale.add(
        Table("Schaal", legend[["Oordeel"]], colours={(i, "Oordeel"): lvl.colour for i, lvl in enumerate(nk.scale) if lvl.colour},
              formats=READING)
    )
    overview = report.section("Oordelen in één oogopslag", level=2)
    overview.add(_judgement_table("Toetsing normenkader", norms, with_deelvraag=True))


def _chapter(report: Report, deelvraag: str, norms: Sequence[NormDraft]) -> None:
    chapter = report.section(deelvraag or "Overige normen")
    chapter.add(
        Paragraph(
            f"In dit hoofdstuk komt de volgende deelvraag aan bod: {deelvraag} Per norm volgen het oordeel, de "
            "bevinding en de onderbouwing; het hoofdstuk sluit af met de toetsing aan het normenkader."
            if deelvraag
            else "Normen zonder deelvraag."
        )
    )
    for n in norms:
        a = n.assessment
        sec = report.section(f"Norm: {a.norm}", level=2)
        if a.description:
            sec.add(Paragraph(a.description))
        sec.add(Paragraph(f"Oordeel: {a.judgement_label}."))
        sec.add(Paragraph(f"Bevinding: {a.rationale.strip()}" if a.rationale.strip() else f"Bevinding: {NO_BEVINDING}"))
        _onderbouwing(sec, n)
    toets = report.section("Toetsing normenkader", level=2)
    toets.add(_judgement_table("", norms))  # the heading above already names it


def _onderbouwing(sec, n: NormDraft) -> None:  # type: ignore[no-untyped-def]
    a, tri = n.assessment, n.triangulation
    if not a.n_fragments:
        sec.add(Paragraph(f"Onderbouwing: {NO_EVIDENCE}"))
        return
    kinds = ", ".join(tri.families).lower() if tri.families else "geen"
    sentence = (
        f"Onderbouwing: {a.n_fragments} fragment{'en' if a.n_fragments != 1 else ''} van {tri.participants} "
        f"deelnemer{'s' if tri.participants != 1 else ''} in {tri.municipalities} gemeente{'n' if tri.municipalities != 1 else ''}; "
        f"soorten bronnen: {kinds}."
    )
    if a.code_names:
        sentence += f" Gekoppelde codes: {', '.join(a.code_names)}."
    sec.add(Paragraph(sentence))
    if tri.strength:
        sec.add(Paragraph(f"Let op: deze bevinding {tri.strength}."))
    sec.add(Table("Onderbouwing per soort bron en respondentgroep", n.by_group, formats=READING))
    if tri.stance and sum(tri.stance.values()):
        split = ", ".join(f"{n.stance_labels.get(k, k)} {v}" for k, v in tri.stance.items() if v)
        sec.add(Paragraph(f"Houding in deze fragmenten: {split}."))
    if n.marked:
        sec.add(QuoteList(MARKED_TITLE, n.marked))
    elif n.suggested:
        sec.add(QuoteList(SUGGESTED_TITLE, n.suggested))
    else:
        sec.add(Paragraph(f"Citaten: {NO_SUGGESTION}"))
    if n.left_out_interviewer == 1:
        sec.add(Paragraph("1 als citeerbaar gemarkeerd fragment is een beurt van de interviewer en is niet als citaat opgenomen."))
    elif n.left_out_interviewer:
        sec.add(Paragraph(f"{n.left_out_interviewer} als citeerbaar gemarkeerde fragmenten zijn beurten van de interviewer "
                          "en zijn niet als citaat opgenomen."))


# --------------------------------------------------------------------------- appendix


def _appendix(
    report: Report, project: Project, data: CodingData, codebook_id: str, coded: str, nk: NormenkaderReport,
    include_suggestions: bool,
) -> None:
    report.section("Bijlage: verantwoording van de methode")
    _sources_section(report, data)
    _codebook_section(report, data, codebook_id, coded)
    _agreement_section(report, project, coded)
    _saturation_section(report, project, coded, include_suggestions)
    _coders_section(report, data, coded, nk)
    _audit_section(report, project)


def sources_by_group(data: CodingData, passage_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Passages, sources, participants and municipalities per kind of source (interviews split by
    respondent group), of ``passage_ids`` or of everything loaded. Documents count no participant."""
    p = data.passages if passage_ids is None else data.passages.loc[list(passage_ids)]
    frame = pd.DataFrame(
        {
            "column": [column_of(k, g) for k, g in zip(p["kind"], p["respondent_group"])],
            "source_id": p["source_id"].to_numpy(),
            "participant_key": p["participant_key"].to_numpy(),
            "municipality": p["municipality"].to_numpy(),
            "document": [FAMILY.get(str(k)) == DOCUMENTS for k in p["kind"]],
        }
    )
    rows = []
    for column, sub in sorted(frame.groupby("column"), key=lambda kv: _column_rank(str(kv[0]))):
        rows.append(
            {"Soort bron": column, "Fragmenten": len(sub), "Bronnen": int(sub["source_id"].nunique()),
             "Deelnemers": int(sub[~sub["document"]]["participant_key"].nunique()),
             "Gemeenten": int(sub["municipality"].dropna().nunique())}
        )
    return pd.DataFrame(rows, columns=["Soort bron", "Fragmenten", "Bronnen", "Deelnemers", "Gemeenten"])


def _sources_section(report: Report, data: CodingData) -> None:
    sec = report.section("Bronnen en respondenten", level=2)
    totals = data.totals()
    sec.add(
        Paragraph(
            f"Het onderzoek steunt op {totals['sources']} bronnen met {totals['passages']} fragmenten (zonder de vragen "
            "van de interviewer). "
            "Interviews zijn uitgesplitst naar respondentgroep; documenten tellen niet als deelnemer."
        )
    )
    sec.add(Table("Bronnen en respondenten per groep", sources_by_group(data), sheet="Bronnen"))
    kinds = data.passages.groupby("kind")["source_id"].nunique()
    if len(kinds):
        sec.add(Paragraph("Per soort bron: " + ", ".join(f"{kind_label(k)} {int(v)}" for k, v in kinds.items()) + "."))


def _codebook_section(report: Report, data: CodingData, codebook_id: str, coded: str) -> None:
    sec = report.section("Codeboek", level=2)
    cb = data.codebook(codebook_id)
    for book_id in dict.fromkeys([coded, codebook_id]):
        book = data.codebook(book_id)
        rows = [
            {"Code": c.name, "Bovenliggende code": data.code_name(book_id, c.parent) if c.parent else "",
             "Definitie": c.definition or "(geen definitie)"}
            for c in book.codes
        ]
        what = "waarmee is gecodeerd" if book_id == coded else "van het normenkader"
        sec.add(Table(f"Codes {what}: {book.name}", pd.DataFrame(rows, columns=["Code", "Bovenliggende code", "Definitie"]),
                      sheet=f"Codes {book_id}"[:31]))
    norms = [
        {"Deelvraag": n.deelvraag, "Norm": n.norm, "Gekoppelde codes": ", ".join(data.code_name(codebook_id, c) for c in n.codes)}
        for n in cb.norms
    ]
    sec.add(Table("Normen en hun codes", pd.DataFrame(norms, columns=["Deelvraag", "Norm", "Gekoppelde codes"]), sheet="Normen"))


def _agreement_section(report: Report, project: Project, coded: str) -> None:
    from ..agreement.report import AgreementError, agreement

    sec = report.section("Intercoderbetrouwbaarheid", level=2)
    try:
        result = agreement(project, coded)
    except (AgreementError, ReportError) as exc:
        sec.add(Paragraph(f"Niet bepaald: {exc.message('nl') if hasattr(exc, 'message') else exc}"))
        return
    if len(result.coders) < 2 or not result.n_units:
        sec.add(Paragraph("Niet bepaald: er zijn geen fragmenten die door minstens twee codeurs zijn gecodeerd."))
        return
    o = result.overall
    sec.add(
        Paragraph(
            f"Codeurs: {', '.join(result.coders)}. Eenheden: {result.n_units} fragmenten die minstens twee codeurs "
            "beoordeelden (alleen gecodeerde tekst telt mee)."
        )
    )
    rows = [
        {"Code": c.code_name, "Eenheden": c.units, "Overeenstemming": c.percent, "Cohens kappa": c.kappa,
         "Krippendorffs alfa": c.alpha}
        for c in [o, *result.per_code]
    ]
    sec.add(Table("Overeenstemming per code", pd.DataFrame(rows), percent=("Overeenstemming",), sheet="Overeenstemming"))
    for note in result.notes:
        sec.add(Paragraph(f"Opmerking: {note}."))


def _saturation_section(report: Report, project: Project, coded: str, include_suggestions: bool) -> None:
    from .saturation import project_saturation

    sec = report.section("Verzadiging", level=2)
    try:
        curves = project_saturation(project, coded, include_suggestions=include_suggestions)
    except ReportError as exc:
        sec.add(Paragraph(f"Niet bepaald: {exc.message('nl')}"))
        return
    for curve in curves:
        sec.add(Paragraph(curve.statement))
        steps = curve.steps.rename(columns={"position": "Interview", "new": "Nieuwe codes", "cumulative": "Cumulatief"})
        if len(steps):
            sec.add(Chart(f"Codeverzadiging — {curve.group}", steps[["Interview", "Nieuwe codes", "Cumulatief"]], kind="curve"))
        sec.add(Paragraph(f"Volgorde van de interviews: {curve.ordered_by}."))


def _coders_section(report: Report, data: CodingData, coded: str, nk: NormenkaderReport) -> None:
    sec = report.section("Codeurs", level=2)
    c = data.codings[data.codings["codebook_id"] == coded]
    rows = []
    for coder, sub in c.groupby("coder"):
        marked = int(sub["citeerbaar"].astype(bool).sum())
        rows.append({"Codeur": coder, "Coderingen": len(sub), "Fragmenten": int(sub["passage_id"].nunique()), "Citeerbaar": marked})
    sec.add(Table("Coderingen per codeur", pd.DataFrame(rows, columns=["Codeur", "Coderingen", "Fragmenten", "Citeerbaar"]),
                  sheet="Codeurs"))
    judges = sorted({r.judged_by for r in nk.rows if r.judged_by})
    sec.add(Paragraph("Oordelen vastgelegd door: " + (", ".join(judges) if judges else "nog niemand") + "."))


def _audit_section(report: Report, project: Project) -> None:
    sec = report.section("Audittrail", level=2)
    rows = [
        {"Gebruiker": r["user"], "Handeling": ACTION_LABELS.get(r["action"], r["action"]),
         "Onderdeel": ENTITY_LABELS.get(r["entity"], r["entity"]), "Aantal": r["count"],
         "Eerste": _day(r["first"]), "Laatste": _day(r["last"])}
        for r in project.audit_summary()
    ]
    sec.add(Paragraph("Elke wijziging in het project staat in de audittrail (duiding audit export); hieronder het overzicht."))
    sec.add(Table("Audittrail: wie deed wat", pd.DataFrame(rows, columns=["Gebruiker", "Handeling", "Onderdeel", "Aantal", "Eerste", "Laatste"]),
                  sheet="Audittrail"))


def _day(value: Any) -> str:
    return value.date().isoformat() if hasattr(value, "date") else str(value or "")


# --------------------------------------------------------------------------- writing


def render_draft(report: Report, fmt: str, *, template: str | Path | bytes | None = None) -> bytes:
    """The draft as DOCX (with a table of contents; styles from ``template`` when given), Markdown or HTML."""
    fmt = format_from_path("", fmt)
    if fmt not in DRAFT_FORMATS:
        raise ExportError("draft.format", fmt=fmt, choices=", ".join(DRAFT_FORMATS))
    if template is not None and fmt != "docx":
        raise ExportError("draft.template_docx_only")
    if fmt == "docx":
        return to_docx(report, template=template, toc=True)
    if fmt == "html":
        return to_html(report).encode("utf-8")
    return to_markdown(report).encode("utf-8")


def write_draft(report: Report, path: str | Path, fmt: str | None = None, *, template: str | Path | bytes | None = None) -> Path:
    target = Path(path)
    fmt = format_from_path(target, fmt)
    if target.parent and not target.parent.exists():
        raise ExportError("reports.no_folder", target=target, folder=target.parent, file=display_name(target))
    target.write_bytes(render_draft(report, fmt, template=template))
    return target
