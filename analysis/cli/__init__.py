"""The ``duiding`` command line.

Exit codes: 0 ok, 1 error, 2 partial (some files or rows failed, the rest went in).

Start-up stays cheap: commands import what they need inside their function, and the
capability packages (:mod:`analysis.coding`, :mod:`analysis.themes`) import their heavy
submodules on first use. ``import analysis.cli`` and ``duiding --help`` load neither
spaCy, scikit-learn, torch, BERTopic nor Streamlit.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import typer

from .common import (
    EXIT_ERROR,
    EXIT_OK,
    ProjectOption,
    cli_language,
    console,
    error_message,
    fail,
    fail_key,
    open_project,
    out,
    progress_bar,
)

app = typer.Typer(
    name="duiding",
    help="Duiding: qualitative analysis for the Dutch social domain (offline, in Dutch).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.command()
def init(
    project: str = typer.Argument(..., help="Project folder (created), .sqlite file or database URL."),
) -> None:
    """Create a new, empty project."""
    from ..store import Project

    p = Project.create(project)
    console.print(f"Project ready at [bold]{p.location}[/] ({p.url.split(':')[0]}).", highlight=False)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt .md .docx .pdf .vtt .srt)."),
    project: str | None = ProjectOption,
    manifest: Path | None = typer.Option(None, help="CSV or YAML manifest with metadata per file."),
    municipality: str | None = typer.Option(None, "--municipality", "-m", help="Gemeente for files without manifest entry."),
    study: str | None = typer.Option(None, help="Study name."),
    kind: str | None = typer.Option(None, help="interview, group_interview, street_interview, story, report, policy_document, verslag."),
    respondent_group: str | None = typer.Option(None, "--respondent-group", help="inwoner, cliënt, mantelzorger, medewerker, partner, ..."),
    date: str | None = typer.Option(None, help="Date (ISO)."),
    participant: str | None = typer.Option(None, help="Participant pseudonym."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="Replace names, addresses, phone numbers, e-mail, BSN and dates of birth."),
) -> None:
    """Import transcripts, reports and policy documents."""
    from rich.markup import escape

    from ..corpus.batch import expand_paths, ingest_paths

    p = open_project(project)
    transform = None
    if pseudonymise:
        from ..privacy import ListError, PrivacyError, PseudonymKeyError, project_pseudonymiser

        try:
            transform = project_pseudonymiser(p)
        except (PrivacyError, ListError, PseudonymKeyError) as exc:
            fail_key("cli.pseudonymise_failed", reason=exc)
    files, manifests = expand_paths(paths)
    missing = [f for f in files if not f.exists()]
    if kind:
        from ..domain import SourceKind

        try:
            SourceKind.parse(kind)
        except ValueError as exc:
            fail(exc)
    with progress_bar("Importeren", len(files) + len(manifests)) as bar:
        def report(fr) -> None:
            bar.advance()
            if fr.status == "failed":
                console.print(f"[red]failed[/]  {_ingest_error(fr)}", highlight=False)
            elif fr.status == "duplicate":
                skipped = _ingest_error(fr) if fr.error is not None and cli_language() != "en" else None
                console.print(f"[yellow]skipped[/] {skipped or f'{fr.path.name}: {fr.reason}'}", highlight=False)
            elif fr.reason:  # imported, with the reader's warnings (e.g. text that could not be read)
                console.print(f"[yellow]warning[/] {fr.path.name}: {escape(fr.reason)}", highlight=False)

        result = ingest_paths(
            p,
            [str(f) for f in files if f not in missing] + [str(m) for m in manifests],
            manifest=manifest,
            defaults={"municipality": municipality, "study": study, "kind": kind, "respondent_group": respondent_group, "date": date, "participant": participant},
            on_file=report,
            transform=transform,
        )
    for f in missing:
        from ..errors import DuidingError

        missing_file = DuidingError("cli.file_not_found", path=f, file=Path(f).name)
        console.print(f"[red]failed[/]  {error_message(missing_file)}", highlight=False)
    passages = sum(f.passages for f in result.imported)
    console.print(
        f"{len(result.imported)} imported ({passages} passages), {len(result.duplicates)} skipped as duplicate, "
        f"{len(result.failed) + len(missing)} failed.",
        highlight=False,
    )
    code = result.exit_code
    if missing:
        code = 2 if (result.imported or result.duplicates) else 1
    raise typer.Exit(code)


def _ingest_error(fr) -> str:
    """A failed or skipped file's message: its catalogue text with ``DUIDING_LANG=nl``, else the English reason."""
    if fr.error is not None and cli_language() != "en":
        return error_message(fr.error)
    return fr.reason


@app.command()
def sources(project: str | None = ProjectOption, municipality: str | None = typer.Option(None, "--municipality", "-m")) -> None:
    """List the sources of a project."""
    from rich.markup import escape
    from rich.table import Table

    p = open_project(project)
    table = Table("id", "name", "kind", "municipality", "respondent", "passages")
    counts = {}
    for src in p.sources(municipality=municipality, with_text=False):
        counts[src.id] = p.count_passages(source_id=src.id)
        cells = (src.name, src.kind.value, src.municipality or "", src.respondent_group or "")
        table.add_row(str(src.id), *(escape(c) for c in cells), str(counts[src.id]))
    out.print(table)


@app.command()
def passages(
    project: str | None = ProjectOption,
    source: int | None = typer.Option(None, help="Only this source id."),
    search: str | None = typer.Option(None, help="Only passages containing this text."),
    limit: int = typer.Option(20, help="How many to show."),
    offset: int = typer.Option(0),
) -> None:
    """Show passages (speaker, offsets, text)."""
    from rich.markup import escape  # transcripts hold [lacht], [onverstaanbaar]: text, not console markup

    p = open_project(project)
    for rec in p.passages(source_id=source, search=search, limit=limit, offset=offset):
        speaker = f"{escape(rec.speaker)}: " if rec.speaker else ""
        out.print(
            f"[dim]#{rec.id} {escape(rec.source_name)} \\[{rec.start}:{rec.end}][/] {speaker}{escape(rec.text)}", highlight=False
        )


@app.command()
def demo(
    project: Path = typer.Option(Path("demo-project"), "--project", "-p", help="Where to build the demo project."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build only; do not start the app."),
    port: int = typer.Option(8501, help="Port for the app."),
    autocode: bool = typer.Option(True, help="Run auto-coding so suggestions are waiting for review."),
    with_reference_coding: bool = typer.Option(
        False, "--with-reference-coding",
        help="Also load the demo's reference coding (coder 'referentie') and the blind second coding "
        "(coder 'tweede-codeur') as accepted codings; they never train the auto-coder.",
    ),
) -> None:
    """Build the fictional demo project from corpora/demo/ and start the app on it."""
    from ..demo import build_demo, serve

    summary = build_demo(
        project, autocode=autocode, reference_coding=with_reference_coding,
        log=lambda m: console.print(m, highlight=False),
    )
    console.print(summary, highlight=False)
    if not no_serve:
        raise typer.Exit(serve(project, port=port))


@app.command()
def serve(
    project: str | None = typer.Option(None, "--project", "-p", help="The one project this server offers."),
    projects_dir: Path | None = typer.Option(
        None, "--projects-dir", help="A folder of projects (sub-folders with duiding.sqlite, or .sqlite files)."
    ),
    port: int = typer.Option(8501, help="Port for the app."),
    address: str = typer.Option(
        "127.0.0.1", "--address", help="Address to listen on (127.0.0.1: this computer only; 0.0.0.0: the network)."
    ),
) -> None:
    """Serve the app to a team on a fixed project or projects folder (users cannot open other paths)."""
    from .. import serve as served_app
    from ..store import ProjectNotFound

    try:
        settings = served_app.check(project, str(projects_dir) if projects_dir is not None else None)
    except (served_app.ServeError, ProjectNotFound) as exc:
        fail(exc)
    names = list(settings.projects())
    console.print(f"Serving {len(names)} project(s) on http://{address}:{port}: {', '.join(names) or '(none yet)'}", highlight=False)
    if address not in served_app.LOOPBACK:
        for name in served_app.projects_without_accounts(settings):
            console.print(
                f"[yellow]warning[/] project {name} has no accounts: anyone who reaches this server may change it "
                f"(add a beheerder with `duiding user add`)",
                highlight=False,
            )
    raise typer.Exit(served_app.run(settings, port=port, host=address))


# The command line, one line per module of analysis/cli/ (a new module adds its line here).
# Groups: ``duiding <name> ...``; the module's ``app`` is mounted under that name.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("codebook", "codebook", "Validate, import and export codebooks (YAML, REFI-QDA .qdc)."),
    ("export", "export", "Export passages, sources and codings (jsonl/csv) and reports."),
    ("code", "code", "Auto-code passages against a codebook."),
    ("themes", "themes", "Fit, show and export topic models (recurring themes)."),
    ("refi", "refi", "Exchange projects with NVivo, ATLAS.ti, MAXQDA and QualCoder (REFI-QDA .qdpx)."),
    ("report", "report", "Theme summaries, municipality comparisons, normenkader tables and matrices."),
    ("verslag", "verslag", "Gespreksverslagen: their headings, and coding by heading (codeer op kop)."),
)
# Modules whose commands and groups sit at the top level (``duiding agreement``, ``duiding query`` ...).
TOP_LEVEL: tuple[str, ...] = ("team", "query")


def _register() -> None:
    for name, module, help_text in GROUPS:
        app.add_typer(importlib.import_module(f"{__name__}.{module}").app, name=name, help=help_text)
    for module in TOP_LEVEL:
        sub = importlib.import_module(f"{__name__}.{module}").app
        app.registered_commands.extend(sub.registered_commands)
        app.registered_groups.extend(sub.registered_groups)
    from .code import evaluate_cmd  # ``duiding evaluate``: auto-coding's evaluation, at the top level

    app.command("evaluate", help="Measure auto-coding against a hand-coded gold standard (precision, recall, F1).")(
        evaluate_cmd
    )


_register()


def main() -> None:  # console-script entry point
    try:
        app()
    except Exception as exc:  # a refused write is one line, not a traceback
        text = refusal(exc)
        if text is None:
            raise
        console.print(text, highlight=False, markup=False)
        raise SystemExit(EXIT_ERROR) from None


def refusal(exc: BaseException, lang: str = "nl") -> str | None:
    """The one-line message for an error a person caused or can fix (None: a bug, keep the traceback)."""
    from ..errors import DuidingError, message, render
    from ..store import StoreError
    from ..store.project import PermissionDenied

    if isinstance(exc, PermissionDenied):
        return render("harden.refused_write", {"reason": message(exc, lang)}, lang)
    if isinstance(exc, DuidingError):
        return message(exc, lang)
    if isinstance(exc, StoreError):
        return render("harden.refused_write", {"reason": str(exc)}, lang)
    return None


__all__ = ["EXIT_ERROR", "EXIT_OK", "app", "main", "refusal"]
