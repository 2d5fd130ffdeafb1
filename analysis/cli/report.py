"""``duiding report summary|compare|normenkader|matrix``: readable reports (md, html, docx, xlsx, csv).

The format comes from ``--format`` or the suffix of ``--out``; Markdown and CSV
go to standard output when ``--out`` is not given. Only accepted codings count
unless ``--include-suggestions``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import ProjectOption, console, fail, open_project

app = typer.Typer(no_args_is_help=True, help="Reports: theme summaries, municipality comparison, normenkader, matrices.")

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
            fail(f"no codebook {codebook!r} in project {project.location} (known: {', '.join(ids) or 'none'})")
        return codebook
    if len(ids) == 1:
        return ids[0]
    if "sociaal-domein" in ids:
        return "sociaal-domein"
    fail(f"project {project.location} holds {len(ids)} codebooks ({', '.join(ids) or 'none'}): choose one with --codebook")
    raise AssertionError  # pragma: no cover - fail() exits


def _emit(report, fmt: str | None, target: Path | None, allowed: tuple[str, ...] | None = None) -> None:  # type: ignore[no-untyped-def]
    from ..reports.export import ExportError, format_from_path, render_report, write_report

    try:
        chosen = format_from_path(target or "", fmt) if (fmt or target) else "md"
    except ExportError as exc:
        fail(str(exc))
    if allowed and chosen not in allowed:
        fail(f"format {chosen!r} is not available here; use one of: {', '.join(allowed)}")
    try:
        if target is None:
            if chosen in ("docx", "xlsx"):
                fail(f"{chosen} is a binary format: give a file with --out")
            sys.stdout.write(render_report(report, chosen).decode("utf-8"))
            sys.stdout.flush()
            return
        written = write_report(report, target, chosen)
    except ExportError as exc:
        fail(str(exc))
    for path in written:
        console.print(f"Geschreven: {path}", highlight=False)


def _run(action):  # type: ignore[no-untyped-def]
    """Turn the library's precise errors into a clean CLI failure."""
    from ..reports.data import ReportError
    from ..store import StoreError

    try:
        return action()
    except (ReportError, StoreError) as exc:
        fail(str(exc))
    except KeyError as exc:  # domain lookups (Codebook.code) raise KeyError with a readable message
        fail(str(exc.args[0]) if exc.args else repr(exc))


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
    from ..compare import compare_municipalities
    from ..reports import CodingData, compare_report

    if level not in ("top", "code"):
        fail(f"unknown --level {level!r}: use top or code")
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
        fail(f"unknown --by {by!r}: use source or participant")
    p = open_project(project)

    def build():  # type: ignore[no-untyped-def]
        cb_id = _codebook_id(p, codebook)
        m = code_matrix(p, cb_id, by=by, binary=binary, include_suggestions=include_suggestions)
        return matrix_report(
            m, by=by, binary=binary, codebook_name=p.get_codebook(cb_id).name, include_suggestions=include_suggestions, project_name=p.location
        )

    report = _run(build)
    _emit(report, fmt or ("csv" if target is None else None), target, allowed=("csv", "xlsx", "md", "html", "docx"))
