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

from .common import EXIT_ERROR, EXIT_OK, ProjectOption, console, fail, open_project, out, progress_bar

app = typer.Typer(
    name="duiding",
    help="Duiding: qualitative analysis for the Dutch social domain (offline, in Dutch).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from . import codebook as _codebook_cli
from . import export as _export_cli

app.add_typer(_codebook_cli.app, name="codebook", help="Validate, import and export codebooks (YAML, REFI-QDA .qdc).")
app.add_typer(_export_cli.app, name="export", help="Export passages, sources and codings (jsonl/csv) and reports.")


def _optional_subapp(module: str, name: str, help_text: str) -> None:
    """Register a capability's own command group when its module is present."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a capability is absent
        if exc.name and exc.name.startswith("analysis"):
            return
        raise
    app.add_typer(mod.app, name=name, help=help_text)


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
    from ..corpus.batch import expand_paths, ingest_paths

    p = open_project(project)
    transform = None
    if pseudonymise:
        from ..privacy import ListError, PrivacyError, PseudonymKeyError, project_pseudonymiser

        try:
            transform = project_pseudonymiser(p)
        except (PrivacyError, ListError, PseudonymKeyError) as exc:
            fail(f"pseudonymisation cannot start: {exc}")
    files, manifests = expand_paths(paths)
    missing = [f for f in files if not f.exists()]
    if kind:
        from ..domain import SourceKind

        try:
            SourceKind.parse(kind)
        except ValueError as exc:
            fail(str(exc))
    with progress_bar("Importeren", len(files) + len(manifests)) as bar:
        def report(fr) -> None:
            bar.advance()
            if fr.status == "failed":
                console.print(f"[red]failed[/]  {fr.reason}", highlight=False)
            elif fr.status == "duplicate":
                console.print(f"[yellow]skipped[/] {fr.path.name}: {fr.reason}", highlight=False)

        result = ingest_paths(
            p,
            [str(f) for f in files if f not in missing] + [str(m) for m in manifests],
            manifest=manifest,
            defaults={"municipality": municipality, "study": study, "kind": kind, "respondent_group": respondent_group, "date": date, "participant": participant},
            on_file=report,
            transform=transform,
        )
    for f in missing:
        console.print(f"[red]failed[/]  {f}: file not found", highlight=False)
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


@app.command()
def sources(project: str | None = ProjectOption, municipality: str | None = typer.Option(None, "--municipality", "-m")) -> None:
    """List the sources of a project."""
    from rich.table import Table

    p = open_project(project)
    table = Table("id", "naam", "soort", "gemeente", "respondent", "passages")
    counts = {}
    for src in p.sources(municipality=municipality, with_text=False):
        counts[src.id] = p.count_passages(source_id=src.id)
        table.add_row(str(src.id), src.name, src.kind.value, src.municipality or "", src.respondent_group or "", str(counts[src.id]))
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
    p = open_project(project)
    for rec in p.passages(source_id=source, search=search, limit=limit, offset=offset):
        speaker = f"{rec.speaker}: " if rec.speaker else ""
        out.print(f"[dim]#{rec.id} {rec.source_name} [{rec.start}:{rec.end}][/] {speaker}{rec.text}", highlight=False)


@app.command()
def demo(
    project: Path = typer.Option(Path("demo-project"), "--project", "-p", help="Where to build the demo project."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build only; do not start the app."),
    port: int = typer.Option(8501, help="Port for the app."),
    autocode: bool = typer.Option(True, help="Run auto-coding so suggestions are waiting for review."),
) -> None:
    """Build the fictional demo project from corpora/demo/ and start the app on it."""
    from ..demo import build_demo, serve

    summary = build_demo(project, autocode=autocode, log=lambda m: console.print(m, highlight=False))
    console.print(summary, highlight=False)
    if not no_serve:
        raise typer.Exit(serve(project, port=port))


def _optional_commands(module: str) -> None:
    """Mount a capability's top-level commands and groups (e.g. ``duiding agreement``)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a capability is absent
        if exc.name and exc.name.startswith("analysis"):
            return
        raise
    app.registered_commands.extend(mod.app.registered_commands)
    app.registered_groups.extend(mod.app.registered_groups)


_optional_subapp("analysis.coding.cli", "code", "Auto-code passages against a codebook.")
_optional_subapp("analysis.themes.cli", "themes", "Fit, show and export topic models (recurring themes).")
_optional_subapp("analysis.cli.refi", "refi", "Exchange projects with NVivo, ATLAS.ti, MAXQDA and QualCoder (REFI-QDA .qdpx).")
_optional_subapp("analysis.cli.report", "report", "Theme summaries, municipality comparisons, normenkader tables and matrices.")
_optional_subapp("analysis.cli.verslag", "verslag", "Gespreksverslagen: their headings, and coding by heading (codeer op kop).")
_optional_commands("analysis.cli.team")
_optional_commands("analysis.cli.query")


def _evaluate_command() -> None:
    """``duiding evaluate`` is auto-coding's own evaluate command, at the top level."""
    try:
        from ..coding.cli import evaluate_cmd
    except ModuleNotFoundError:  # pragma: no cover
        return
    app.command("evaluate", help="Measure auto-coding against a hand-coded gold standard (precision, recall, F1).")(evaluate_cmd)


_evaluate_command()


def main() -> None:  # console-script entry point
    app()


__all__ = ["EXIT_ERROR", "EXIT_OK", "app", "main"]
