"""``duiding report summary|compare|normenkader|matrix|saturation|triangulation|draft|citeerbaar``: readable reports (md, html, docx, xlsx, csv).

The format comes from ``--format`` or the suffix of ``--out``; Markdown and CSV
go to standard output when ``--out`` is not given. Only accepted codings count
unless ``--include-suggestions``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import ProjectOption, console, fail, fail_key, open_project, out

app = typer.Typer(no_args_is_help=True, help="Reports: theme summaries, municipality comparison, normenkader, matrices, saturation, triangulation.")

FormatOption = typer.Option(None, "--format", "-f", help="md, html, docx, xlsx or csv (default: from --out, else md).")
OutOption = typer.Option(None, "--out", "-o", help="Output file (md/csv: standard output when omitted).")
SuggestionsOption = typer.Option(False, "--include-suggestions", help="Count open suggestions too (not only accepted codings).")
CodebookOption = typer.Option(None, "--codebook", "-c", help="Codebook id (default: the only one, or sociaal-domein).")
CodeOption = typer.Option(None, "--code", help="Only this code (repeatable); default: all codes.")
TopicModelOption = typer.Option(None, "--topic-model", help="Summarise the topics of this saved topic model instead of codes.")
FrameworkOption = typer.Option("sociaal-domein", "--framework", help="Codebook id of the common framework.")
LevelOption = typer.Option("top", "--level", help="top (main themes) or code (every framework code).")
MunicipalityOption = typer.Option(None, "--municipality", "-m", help="Only these municipalities (repeatable).")
QuotesOption = typer.Option(3, "--quotes", min=0, help="Representative quotes per theme.")
ByOption = typer.Option("source", "--by", help="source or participant.")
BinaryOption = typer.Option(False, "--binary", help="0/1 (code present or not) instead of passage counts.")
KindOption = typer.Option(None, "--kind", help="Only sources of this kind (repeatable): interview, group_interview, story, report, ...")
SetOption = typer.Option(None, "--set", help="Only the passages of this saved set (see duiding query --save).")


def _within_set(p, data, name: str | None):  # type: ignore[no-untyped-def]
    """``data`` limited to the saved set ``name`` (unchanged without a name)."""
    return data if not name else data.restrict(p.get_passage_set(name)["passage_ids"])


def _codebook_id(project, codebook: str | None) -> str:  # type: ignore[no-untyped-def]
    ids = project.codebook_ids()
    if codebook:
        if codebook not in ids:
            fail_key("cli.no_codebook_in", codebook=codebook, location=project.location,
                     known=", ".join(ids) or "none", known_nl=", ".join(ids) or "geen")
        return codebook
    if len(ids) == 1:
        return ids[0]
    if "sociaal-domein" in ids:
        return "sociaal-domein"
    fail_key("cli.holds_codebooks", location=project.location, n=len(ids), codebooks=", ".join(ids) or "none",
             codebooks_nl=", ".join(ids) or "geen")
    raise AssertionError  # pragma: no cover - fail() exits


def _emit(report, fmt: str | None, target: Path | None, allowed: tuple[str, ...] | None = None) -> None:  # type: ignore[no-untyped-def]
    from ..reports.export import ExportError, format_from_path, render_report, write_report

    try:
        chosen = format_from_path(target or "", fmt) if (fmt or target) else "md"
    except ExportError as exc:
        fail(exc)
    if allowed and chosen not in allowed:
        fail_key("cli.format_not_here", fmt=chosen, choices=", ".join(allowed))
    try:
        if target is None:
            if chosen in ("docx", "xlsx"):
                fail_key("cli.binary_needs_out", fmt=chosen)
            sys.stdout.write(render_report(report, chosen).decode("utf-8"))
            sys.stdout.flush()
            return
        written = write_report(report, target, chosen)
    except ExportError as exc:
        fail(exc)
    for path in written:
        console.print(f"Geschreven: {path}", highlight=False)


def _run(action):  # type: ignore[no-untyped-def]
    """Turn the library's precise errors into a clean CLI failure."""
    from ..errors import DuidingError
    from ..reports.data import ReportError
    from ..store import StoreError

    try:
        return action()
    except (ReportError, StoreError) as exc:
        fail(exc)
    except KeyError as exc:  # a code the codebook lacks (UnknownCode: keyed, read in the CLI's language)
        fail(exc if isinstance(exc, DuidingError) else (str(exc.args[0]) if exc.args else repr(exc)))


@app.command()
def summary(
    project: str | None = ProjectOption,
    codebook: str | None = CodebookOption,
    code: list[str] | None = CodeOption,
    topic_model: int | None = TopicModelOption,
    include_suggestions: bool = SuggestionsOption,
    kind: list[str] | None = KindOption,
    quotes: int = QuotesOption,
    passage_set: str | None = SetOption,
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """Theme summaries: who raises each code, in what tone, with representative quotes."""
    from ..reports import CodingData, summarize_codebook, summarize_topics, summary_report

    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        data = _within_set(p, CodingData.from_project(p, include_suggestions=include_suggestions, kinds=kind or None), passage_set)
        if topic_model is not None:
            model = p.load_topic_model(topic_model)
            summaries = summarize_topics(p, topic_model, data=data, n_quotes=quotes)
            return summary_report(summaries, title=f"Themasamenvatting — topicmodel {model['name']}", project_name=p.location)
        cb_id = _codebook_id(p, codebook)
        summaries = summarize_codebook(data, cb_id, codes=code or None, n_quotes=quotes, include_empty=bool(code))
        return summary_report(summaries, codebook_name=data.codebook(cb_id).name, project_name=p.location)

    _emit(_run(build), fmt, target)


@app.command()
def compare(
    project: str | None = ProjectOption,
    framework: str = FrameworkOption,
    level: str = LevelOption,
    municipality: list[str] | None = MunicipalityOption,
    kind: list[str] | None = KindOption,
    include_suggestions: bool = SuggestionsOption,
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """Compare municipalities on the framework's themes (through each codebook's crosswalk)."""
    from ..compare import compare_municipalities, compare_report
    from ..reports import CodingData

    if level not in ("top", "code"):
        fail_key("cli.unknown_level", level=level)
    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        data = CodingData.from_project(p, include_suggestions=include_suggestions, kinds=kind or None)
        cmp = compare_municipalities(data, framework, level=level, municipalities=municipality or None)
        return compare_report(cmp, project_name=p.location)

    _emit(_run(build), fmt, target)


@app.command()
def normenkader(
    project: str | None = ProjectOption,
    codebook: str | None = CodebookOption,
    include_suggestions: bool = SuggestionsOption,
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """The assessment table (deelvraag | norm | oordeel | toelichting | aantal fragmenten), coloured."""
    from ..reports import assess_normenkader, normenkader_report

    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        cb_id = _codebook_id(p, codebook)
        return normenkader_report(assess_normenkader(p, cb_id, include_suggestions=include_suggestions), project_name=p.location)

    _emit(_run(build), fmt, target)


@app.command()
def matrix(
    project: str | None = ProjectOption,
    codebook: str | None = CodebookOption,
    by: str = ByOption,
    binary: bool = BinaryOption,
    include_suggestions: bool = SuggestionsOption,
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """Code × source or code × participant matrix (counts or 0/1)."""
    from ..reports import code_matrix, matrix_report

    if by not in ("source", "participant"):
        fail_key("cli.unknown_by_unit", by=by)
    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        cb_id = _codebook_id(p, codebook)
        m = code_matrix(p, cb_id, by=by, binary=binary, include_suggestions=include_suggestions)
        return matrix_report(
            m, by=by, binary=binary, codebook_name=p.get_codebook(cb_id).name, include_suggestions=include_suggestions, project_name=p.location
        )

    report = _run(build)
    _emit(report, fmt or ("csv" if target is None else None), target, allowed=("csv", "xlsx", "md", "html", "docx"))


def _print_json(payload) -> None:  # type: ignore[no-untyped-def]
    import json

    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


@app.command()
def saturation(
    project: str | None = ProjectOption,
    codebook: str | None = CodebookOption,
    by: str | None = typer.Option(None, "--by", help="One curve per municipality, respondent_group, study or collection (stories)."),
    units: str = typer.Option("interviews", "--units", help="interviews (interviews, group and street interviews) or stories."),
    study: str | None = typer.Option(None, "--study", help="Only the sources of this study."),
    include_suggestions: bool = SuggestionsOption,
    as_json: bool = typer.Option(False, "--json", help="Print the curves as JSON (steps, meaning, statement)."),
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """Code saturation (new inductive codes per interview, cumulative) and meaning saturation."""
    from ..reports.builders import saturation_report
    from ..reports.saturation import GROUPINGS, UNITS, project_saturation

    if by is not None and by not in GROUPINGS:
        fail_key("cli.unknown_by", by=by, choices=", ".join(GROUPINGS))
    if units not in UNITS:
        fail_key("cli.unknown_units", units=units, choices=" or ".join(UNITS), choices_nl=" of ".join(UNITS))
    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        cb_id = _codebook_id(p, codebook)
        curves = project_saturation(p, cb_id, units=units, by=by, study=study, include_suggestions=include_suggestions)
        return cb_id, curves

    cb_id, curves = _run(build)
    if as_json:
        _print_json({"codebook": cb_id, "by": by, "units": units, "curves": [c.as_dict() for c in curves]})
        return
    report = saturation_report(curves, codebook_name=p.get_codebook(cb_id).name, project_name=p.location,
                               include_suggestions=include_suggestions)
    _emit(report, fmt, target)


@app.command()
def triangulation(
    project: str | None = ProjectOption,
    codebook: str | None = CodebookOption,
    include_suggestions: bool = SuggestionsOption,
    quotes: int = typer.Option(5, "--quotes", min=0, help="Passages shown per cell in readable formats (all in xlsx/csv)."),
    as_json: bool = typer.Option(False, "--json", help="Print the matrix as JSON (cells with passage ids, strength)."),
    fmt: str | None = FormatOption,
    target: Path | None = OutOption,
) -> None:
    """Norm / code × source kind: who carries each finding, and which rest on one respondent or one kind."""
    from ..reports import CodingData
    from ..reports.builders import triangulation_report
    from ..reports.triangulation import triangulate

    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        cb_id = _codebook_id(p, codebook)
        data = CodingData.from_project(p, codebook_ids=[cb_id], include_suggestions=include_suggestions)
        return data, triangulate(data, cb_id)

    data, tri = _run(build)
    if as_json:
        _print_json(tri.as_dict())
        return
    _emit(triangulation_report(tri, data, project_name=p.location, max_quotes=quotes), fmt, target)


@app.command()
def draft(
    project: str | None = ProjectOption,
    codebook: str | None = typer.Option(None, "--codebook", "-c", help="Codebook id of the normenkader (default: the only one with norms)."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="docx, md or html (default: from --out, else md)."),
    template: Path | None = typer.Option(None, "--template", help="The rekenkamer's Word template (.dotx): its styles, page setup, headers and footers."),
    include_suggestions: bool = SuggestionsOption,
    suggestions: int = typer.Option(3, "--quote-suggestions", min=0, help="Suggested quotes per norm where none is marked citeerbaar."),
    target: Path | None = OutOption,
) -> None:
    """A report draft in the rekenkamer's shape: a chapter per deelvraag, per norm the judgement, the
    researcher's bevinding and the onderbouwing (quotes marked citeerbaar), and a methods appendix."""
    from ..errors import DuidingError
    from ..reports.draft import DRAFT_FORMATS, build_draft, render_draft, write_draft
    from ..reports.export import format_from_path

    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        with_norms = [c for c in p.codebook_ids() if p.get_codebook(c).norms]
        if codebook:
            cb_id = _codebook_id(p, codebook)
        elif len(with_norms) == 1:
            cb_id = with_norms[0]
        else:
            if with_norms:
                fail_key("cli.choose_normenkader", codebooks=", ".join(with_norms))
            fail_key("cli.no_normenkader")
        return build_draft(p, cb_id, include_suggestions=include_suggestions, n_suggestions=suggestions,
                           project_name=Path(p.location).name if "://" not in p.location else None)

    try:
        chosen = format_from_path(target or "", fmt) if (fmt or target) else "md"
        if chosen not in DRAFT_FORMATS:
            fail_key("cli.format_not_for_draft", fmt=chosen, choices=", ".join(DRAFT_FORMATS))
        if chosen == "docx" and target is None:
            fail_key("cli.binary_needs_out", fmt="docx")
        report = _run(build)
        if target is None:
            sys.stdout.write(render_draft(report, chosen, template=template).decode("utf-8"))
            sys.stdout.flush()
            return
        written = write_draft(report, target, chosen, template=template)
    except DuidingError as exc:
        fail(exc)
    console.print(f"Geschreven: {written}", highlight=False)


@app.command()
def citeerbaar(
    coding_ids: list[int] | None = typer.Argument(None, help="Ids of the codings to mark (see duiding export codings)."),
    project: str | None = ProjectOption,
    off: bool = typer.Option(False, "--off", help="Unmark instead of mark."),
) -> None:
    """Mark codings as citeerbaar (fit to quote in the report draft), or unmark them; without ids: list the marked ones."""
    from ..store import StoreError

    p = open_project(project)
    if not coding_ids:
        marked = [c for c in p.codings() if c.citeerbaar]
        for c in marked:
            passage = p.get_passage(c.passage_id)
            sys.stdout.write(f"{c.id}\t{c.codebook_id}:{c.code_id}\t{c.coder}\t{' '.join(passage.text.split())[:80]}\n")
        if not marked:
            out.print("Geen coderingen gemarkeerd als citeerbaar.", highlight=False)
        return
    for coding_id in coding_ids:
        try:
            c = p.set_citeerbaar(coding_id, not off)
        except StoreError as exc:
            fail(exc)
        state = "citeerbaar" if c.citeerbaar else "niet citeerbaar"
        out.print(f"Codering {c.id} ({c.codebook_id}:{c.code_id}): {state}", highlight=False)
